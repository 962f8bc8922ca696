package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The name and speaker readers match names with patterns of ASCII letters
// ("Comrade [A-Z][a-z]+"), so a name written with the letters of Central
// European languages ("Comrade János Kádár said", "Cde. Gomułka") was not
// read at all. Rather than every pattern and test learning those letters,
// the readers run on a shadow of the text: the same text with each Latin
// letter outside ASCII replaced by its bare letter, repeated to keep the
// length in bytes ("Kádár" is read as "Kaadaar"), so that every offset
// they find is the original's too. The names, roles and phrases they
// return are then written back word by word in the original letters.

// shadowText is s as the readers see it, and the words it changed, each
// shadow word with its original. It returns s itself, and no words, when s
// has no such letter.
func shadowText(s string, words map[string]string) string {
	if isASCII(s) {
		return s
	}
	b := []byte(s)
	changed := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			i += n
			continue
		}
		if base, ok := bareLetter(r); ok {
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			copy(b[i:i+n], shadowLetters(r, base, n, unicode.IsLower(next)))
			changed = true
		}
		i += n
	}
	if !changed {
		return s
	}
	shadow := string(b)
	// Record each run of ASCII letters that differs from the original.
	eachRun(shadow, isASCIILetter, func(i, j int) {
		if _, seen := words[shadow[i:j]]; !seen && shadow[i:j] != s[i:j] {
			words[shadow[i:j]] = s[i:j]
		}
	})
	return shadow
}

// unshadow writes the shadow words of s back in their original letters.
func unshadow(s string, words map[string]string) string {
	if len(words) == 0 || s == "" {
		return s
	}
	var b strings.Builder
	last := 0
	eachRun(s, isASCIILetter, func(i, j int) {
		if orig, ok := words[s[i:j]]; ok {
			b.WriteString(s[last:i])
			b.WriteString(orig)
			last = j
		}
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// bareLetter is the bare ASCII letter, or two, of a Latin letter with a
// diacritic: "a" for "á", "l" for "ł", "ss" for "ß".
func bareLetter(r rune) (string, bool) {
	if !unicode.IsLetter(r) {
		return "", false
	}
	s := string(r)
	if f := FoldDiacritics(s); f != s && isASCIILetters(f) {
		return f, true
	}
	if f, ok := twoLetters[r]; ok {
		return f, true
	}
	d := norm.NFD.String(s)
	if c := d[0]; len(d) > 1 && isASCIILetter(c) {
		return d[:1], true
	}
	return "", false
}

// twoLetters are the letters written as two bare ones.
var twoLetters = map[rune]string{'ß': "ss", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE"}

// shadowLetters are the n bytes that stand for r: its bare letters, the
// last repeated; a capital's repeats are small before a small letter
// ("Á" of "Ádám" is "Aa") and capitals otherwise ("KÁDÁR" is "KAADAAR").
func shadowLetters(r rune, base string, n int, lowerNext bool) []byte {
	out := make([]byte, 0, n)
	upper := unicode.IsUpper(r)
	for len(out) < n {
		c := base[min(len(out), len(base)-1)]
		switch {
		case upper && (len(out) == 0 || !lowerNext):
			c = byte(unicode.ToUpper(rune(c)))
		default:
			c = byte(unicode.ToLower(rune(c)))
		}
		out = append(out, c)
	}
	return out
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return s != ""
}

// shadowDocument is a copy of doc's texts as the readers see them
// (shadowText), and the words changed; nil when no text has such a
// letter.
func shadowDocument(doc *Document) (*Document, map[string]string) {
	words := map[string]string{}
	sh := *doc
	sh.Title = shadowText(doc.Title, words)
	sh.Summary = shadowText(doc.Summary, words)
	sh.Paragraphs = make([]Paragraph, len(doc.Paragraphs))
	copy(sh.Paragraphs, doc.Paragraphs)
	for i := range sh.Paragraphs {
		sh.Paragraphs[i].Text = shadowText(sh.Paragraphs[i].Text, words)
	}
	if len(words) == 0 {
		return nil, nil
	}
	return &sh, words
}
