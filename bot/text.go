package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPassageChars is the length a quoted passage is trimmed to, at sentence
// boundaries (or, inside one very long sentence, at word boundaries).
const MaxPassageChars = 600

// span is a byte range [start, end) of a text.
type span struct{ start, end int }

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"cde": true, "cdes": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true,
	"no": true, "nos": true, "op": true, "f": true, "d": true, "l": true, "ll": true, "vol": true,
	"gen": true, "col": true, "lt": true, "capt": true, "adm": true, "gov": true, "amb": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "vs": true, "cf": true,
	"e.g": true, "i.e": true, "p": true, "pp": true, "ca": true, "c": true, "approx": true,
}

// sentences splits text into sentences. A sentence ends at ".", "?" or "!"
// (with any closing quotes or brackets) followed by a space and a capital,
// a digit or an opening quote, unless the full stop ends an abbreviation or
// an initial ("N. S. Khrushchev").
func sentences(text string) []span {
	var out []span
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '?' && r != '!' {
			continue
		}
		end := i
		for end < len(text) && strings.ContainsRune("\"'”’)]", rune(text[end])) {
			end++
		}
		if end >= len(text) || text[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[end+1:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"“[(‘'", next) {
			continue
		}
		if r == '.' && isAbbreviation(text[start:i-1]) {
			continue
		}
		out = append(out, span{start, end})
		start = end + 1
	}
	if start < len(text) {
		out = append(out, span{start, len(text)})
	}
	return out
}

// isAbbreviation reports whether the last word of before (the text up to a
// full stop) is an abbreviation or an initial.
func isAbbreviation(before string) bool {
	word := before
	if i := strings.LastIndexAny(before, " (["); i >= 0 {
		word = before[i+1:]
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(word)]
}

// excerpt cuts a readable passage out of text around the matched spans:
// the sentence with the most matches, widened by neighbouring sentences
// that also match while it fits in limit. It never cuts inside a word.
func excerpt(text string, matches []span, limit int) (string, bool, bool) {
	if len(text) <= limit {
		return text, false, false
	}
	ss := sentences(text)
	count := make([]int, len(ss))
	best := 0
	for i, s := range ss {
		for _, m := range matches {
			if m.start >= s.start && m.start < s.end {
				count[i]++
			}
		}
		if count[i] > count[best] {
			best = i
		}
	}
	lo, hi := best, best
	for {
		grew := false
		if hi+1 < len(ss) && count[hi+1] > 0 && ss[hi+1].end-ss[lo].start <= limit {
			hi++
			grew = true
		}
		if lo > 0 && count[lo-1] > 0 && ss[hi].end-ss[lo-1].start <= limit {
			lo--
			grew = true
		}
		if !grew {
			break
		}
	}
	// With room to spare, add the next sentence for context.
	if hi+1 < len(ss) && ss[hi+1].end-ss[lo].start <= limit/2 {
		hi++
	}
	s := span{ss[lo].start, ss[hi].end}
	if s.end-s.start > limit {
		s = wordWindow(text, s, matches, limit)
	}
	return text[s.start:s.end], s.start > 0, s.end < len(text)
}

// wordWindow narrows s to at most limit bytes, at word boundaries, keeping
// the first match inside s in view.
func wordWindow(text string, s span, matches []span, limit int) span {
	focus := s.start
	for _, m := range matches {
		if m.start >= s.start && m.start < s.end {
			focus = m.start
			break
		}
	}
	start := s.start
	if focus-start > limit/3 {
		start = focus - limit/3
		for start < focus && text[start-1] != ' ' {
			start++
		}
	}
	end := start + limit
	if end >= s.end {
		end = s.end
	} else {
		for end > start && text[end] != ' ' {
			end--
		}
	}
	return span{start, strings.LastIndexFunc(text[:end], func(r rune) bool { return r != ' ' }) + 1}
}

// sentenceAt returns the sentence of text that holds byte offset pos.
func sentenceAt(text string, pos int) string {
	for _, s := range sentences(text) {
		if pos >= s.start && pos < s.end {
			t, _, _ := excerpt(text[s.start:s.end], nil, MaxPassageChars)
			return t
		}
	}
	return ""
}
