package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NamesExactly reports whether text holds one of the spellings as a whole
// name: not run on into a longer one ("Kim Il" in "Kim Il Sung").
func NamesExactly(text string, spellings []string) bool {
	return NamesExactlyLower(text, strings.ToLower(text), spellings)
}

// NamesExactlyLower is NamesExactly for a caller that has lowered the
// text already: lower is strings.ToLower(text). Spellings already in lower
// case cost nothing more.
func NamesExactlyLower(text, lower string, spellings []string) bool {
	_, _, ok := wholeName(text, lower, spellings)
	return ok
}

// NameAsWritten is the first of the spellings that text holds as a whole
// name, as NamesExactly finds it, written as text writes it ("JAN ORAVEC"
// for the spelling "Jan Oravec"); ok is false when text holds none.
func NameAsWritten(text string, spellings []string) (written string, ok bool) {
	lower := strings.ToLower(text)
	start, end, ok := wholeName(text, lower, spellings)
	if !ok {
		return "", false
	}
	from, okFrom := textOffset(text, lower, start)
	to, okTo := textOffset(text, lower, end)
	if !okFrom || !okTo {
		return "", false
	}
	return text[from:to], true
}

// wholeName finds the first of the spellings that lower (text's lower
// case) holds as a whole name: its offsets in lower.
func wholeName(text, lower string, spellings []string) (start, end int, ok bool) {
	for _, sp := range spellings {
		sp = strings.ToLower(sp)
		for from := 0; sp != ""; {
			i := strings.Index(lower[from:], sp)
			if i < 0 {
				break
			}
			start := from + i
			from = start + 1
			if NamesExactlyAt(text, lower, start, start+len(sp)) {
				return start, start + len(sp), true
			}
		}
	}
	return 0, 0, false
}

// NamesExactlyAt reports whether the spelling that lower holds at
// lower[start:end] is written there as a whole name: no letter touches it
// and no capitalised word follows it after a space or a hyphen. text and
// lower are as for NamesExactlyLower, which asks this of each place it
// finds a spelling.
func NamesExactlyAt(text, lower string, start, end int) bool {
	if start > 0 && isLetterByte(lower[start-1]) {
		return false
	}
	at, ok := textOffset(text, lower, end)
	if !ok {
		return false // the spelling ends inside a letter of text
	}
	rest := text[at:]
	if rest != "" && isLetterByte(rest[0]) {
		return false // inside a longer word
	}
	next := strings.TrimLeft(rest, " -")
	if len(rest) > len(next) && next != "" && next[0] >= 'A' && next[0] <= 'Z' {
		return false // another name word follows
	}
	return true
}

// textOffset is the offset in text of offset end of lower, its lower
// case: the same where lowering kept every letter's width, as it does for
// nearly every text; else found letter by letter (Ⱥ lowers to a wider
// letter, K, the Kelvin sign, to a narrower one, a stray byte to U+FFFD).
// ok is false when end falls inside a letter's lower case.
func textOffset(text, lower string, end int) (int, bool) {
	if end <= len(text) && sameWidths(text[:end]) {
		return end, true
	}
	pos := 0
	for i, r := range text {
		if pos == end {
			return i, true
		}
		if pos > end {
			return 0, false
		}
		if r == utf8.RuneError && !strings.HasPrefix(text[i:], "\uFFFD") {
			pos += len("\uFFFD") // strings.ToLower writes it for a stray byte
			continue
		}
		pos += utf8.RuneLen(unicode.ToLower(r))
	}
	if pos == end {
		return len(text), true
	}
	return 0, false
}

// sameWidths reports whether lowering s keeps every letter's width in
// bytes.
func sameWidths(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r == utf8.RuneError || utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// TypedForm is a name as the bot reads it from a command: each word
// trimmed of the punctuation around it, except apostrophes, hyphens,
// slashes, brackets and the pilcrow ("A. M. Puzanov" is "A M Puzanov").
// who searches for the name typed too, so the person table lists what
// this form of each spelling names.
func TypedForm(name string) string {
	punct := func(r rune) bool {
		return unicode.IsPunct(r) && r != '\'' && r != '¶' && r != '-' && r != '/' && r != '[' && r != ']'
	}
	var words []string
	for _, w := range strings.Fields(name) {
		if w = strings.TrimFunc(w, punct); w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}
