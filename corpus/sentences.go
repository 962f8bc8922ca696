package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"cde": true, "cdes": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true,
	"no": true, "nos": true, "op": true, "f": true, "d": true, "l": true, "ll": true, "vol": true,
	"gen": true, "col": true, "lt": true, "capt": true, "adm": true, "gov": true, "amb": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "vs": true, "cf": true,
	"e.g": true, "i.e": true, "p": true, "pp": true, "ca": true, "c": true, "approx": true,
}

// Sentences splits text into sentences. A sentence ends at ".", "?" or "!"
// (with any closing quotes or brackets) followed by a space and a capital,
// a digit or an opening quote, unless the full stop ends an abbreviation or
// an initial ("N. S. Khrushchev").
func Sentences(text string) []Span {
	var out []Span
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
		gap := end // typed text often puts two spaces after a full stop
		for gap < len(text) && text[gap] == ' ' {
			gap++
		}
		next, _ := utf8.DecodeRuneInString(text[gap:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"“[(‘'", next) {
			continue
		}
		if r == '.' && isAbbreviation(text[start:i-1]) {
			continue
		}
		if r == '.' && !unicode.IsUpper(next) && endsWithClockMark(text[start:i-1]) {
			continue // "at 2 p.m. (Berlin time) on June 18"
		}
		out = append(out, Span{start, end})
		start = gap
	}
	if start < len(text) {
		out = append(out, Span{start, len(text)})
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
	return abbreviations[strings.ToLower(word)] || isInitials(word) || russianInitial(word)
}

// endsWithClockMark reports whether before (the text up to a full stop)
// ends with "a.m" or "p.m": the full stop ends a time of day, and a
// sentence only when a capital follows.
func endsWithClockMark(before string) bool {
	if len(before) < 3 {
		return false
	}
	w := strings.ToLower(before[len(before)-3:])
	return (w == "a.m" || w == "p.m") && (len(before) == 3 || !unicode.IsLetter(rune(before[len(before)-4])))
}

// russianInitial reports whether word is an initial that romanised
// Russian writes with two letters: "Ye", "Yu", "Kh" of "K. Ye. Voroshilov",
// "Yu. V. Andropov", as the name reader takes them (isNameToken).
func russianInitial(word string) bool {
	return len(word) == 2 && isNameToken(word+".")
}

// isInitials reports whether word is initials run together, as before the
// last full stop of "L.I. Brezhnev": single capitals joined by full stops.
func isInitials(word string) bool {
	parts := strings.Split(word, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		r, size := utf8.DecodeRuneInString(p)
		if size != len(p) || !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
