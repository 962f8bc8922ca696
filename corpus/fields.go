package corpus

import "strings"

// Most of what reads the words around a name needs only the few words
// next to it, of a text that may run to kilobytes: these give those words
// as strings.Fields would, without splitting the whole text.

// firstFields returns the first n fields of s, as strings.Fields(s)[:n]
// would (all of them when s has fewer).
func firstFields(s string, n int) []string {
	out := make([]string, 0, min(n, 8))
	for f := range strings.FieldsSeq(s) {
		if len(out) == n {
			break
		}
		out = append(out, f)
	}
	return out
}

// endFields returns the fields of the end of s, at most about n bytes of
// it cut just after a space, and whether they are all the fields of s. The
// fields it returns are the last fields of strings.Fields(s): a space
// always parts two fields.
func endFields(s string, n int) (words []string, whole bool) {
	if len(s) > n {
		if i := strings.IndexByte(s[len(s)-n:], ' '); i >= 0 {
			return strings.Fields(s[len(s)-n+i+1:]), false
		}
	}
	return strings.Fields(s), true
}

// lastFields returns the last n fields of s, as strings.Fields(s) gives
// them (all of them when s has fewer).
func lastFields(s string, n int) []string {
	for size := 64; ; size *= 8 {
		f, whole := endFields(s, size)
		if len(f) >= n {
			return f[len(f)-n:]
		}
		if whole {
			return f
		}
	}
}

// lastField returns the last field of s, as strings.Fields(s) gives it,
// and false when s has none.
func lastField(s string) (string, bool) {
	if f := lastFields(s, 1); len(f) > 0 {
		return f[0], true
	}
	return "", false
}

// hasFoldASCII reports whether text holds word, which is in lower case and
// of letters whose only other case is the ASCII one, in any case.
func hasFoldASCII(text, word string) bool {
	lower, upper := word[0], word[0]-('a'-'A')
	for i := 0; i+len(word) <= len(text); i++ {
		if c := text[i]; (c == lower || c == upper) && foldsTo(text[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// Checks that stand in for a pattern where its answer is plain from a
// byte or two, which costs far less than running it.

// honorificWords are the words the honorific pattern opens with.
var honorificWords = []string{"Cde.", "Cdes.", "Comrade", "Mr.", "Mrs.", "Ms.", "Dr."}

// endsWithHonorific is honorific.MatchString(w+" ") for a word w without
// white space: w ends with an honorific that starts it or follows a
// character that is not a letter, digit or underscore (the pattern's \b).
func endsWithHonorific(w string) bool {
	for _, h := range honorificWords {
		if strings.HasSuffix(w, h) {
			if i := len(w) - len(h); i == 0 || !isWordByte(w[i-1]) && w[i-1] != '_' {
				return true
			}
		}
	}
	return false
}

// isNameToken is nameToken.MatchString(w), read without the pattern: w
// is one of its four forms, an initial ("A."), a two-letter initial
// ("Ye.", "Kh."), a capitalised word ("Il-sung", "O'Brien", "D’arcy's"
// without the possessive) or a word in capitals ("KIM", "PAK-HON").
func isNameToken(w string) bool {
	if len(w) < 2 || !isUpper(w[0]) {
		return false
	}
	switch {
	case w[1] == '.':
		return len(w) == 2 // [A-Z]\.
	case len(w) == 3 && w[2] == '.' && (w[0] == 'Y' && strings.IndexByte("aeou", w[1]) >= 0 || strings.IndexByte("CKSZ", w[0]) >= 0 && w[1] == 'h'):
		return true // (?:Y[aeou]|[CKSZ]h)\.
	}
	return capitalisedToken(w) || capitalsToken(w)
}

// capitalisedToken matches [A-Z]'?[a-z]+(?:['’][a-z]{2,})?(?:-[A-Za-z]'?[a-z]*)*
// against all of w, which starts with a capital.
func capitalisedToken(w string) bool {
	i := 1
	if i < len(w) && w[i] == '\'' {
		i++
	}
	n := lowerRun(w[i:])
	if n == 0 {
		return false
	}
	i += n
	if rest, ok := cutApostrophe(w[i:]); ok {
		if n := lowerRun(rest); n >= 2 {
			i = len(w) - len(rest) + n
		}
	}
	for i < len(w) {
		if w[i] != '-' || i+1 == len(w) || !isUpper(w[i+1]) && !isLower(w[i+1]) {
			return false
		}
		i += 2
		if i < len(w) && w[i] == '\'' {
			i++
		}
		i += lowerRun(w[i:])
	}
	return true
}

// capitalsToken matches [A-Z]{2,}(?:['’-][A-Z]+)* against all of w, which
// starts with a capital.
func capitalsToken(w string) bool {
	n := upperRun(w)
	if n < 2 {
		return false
	}
	for i := n; i < len(w); {
		rest := w[i+1:]
		if w[i] != '-' {
			var ok bool
			if rest, ok = cutApostrophe(w[i:]); !ok {
				return false
			}
		}
		n := upperRun(rest)
		if n == 0 {
			return false
		}
		i = len(w) - len(rest) + n
	}
	return true
}

// cutApostrophe returns s after the apostrophe (' or ’) it starts with.
func cutApostrophe(s string) (string, bool) {
	if strings.HasPrefix(s, "'") {
		return s[1:], true
	}
	return strings.CutPrefix(s, "’")
}

func isLower(b byte) bool { return b >= 'a' && b <= 'z' }

func lowerRun(s string) int {
	n := 0
	for n < len(s) && isLower(s[n]) {
		n++
	}
	return n
}

func upperRun(s string) int {
	n := 0
	for n < len(s) && isUpper(s[n]) {
		n++
	}
	return n
}

// findSpacedLetters is letterSpaced.FindString(s); every match starts
// with a capital, a space, a capital and a space.
func findSpacedLetters(s string) string {
	if !hasSpacedLetters(s) {
		return ""
	}
	return letterSpaced.FindString(s)
}

// splitInitials writes initials run together apart: "A.N. Dobrev" gives
// "A. N. Dobrev". It is joinedInitials.ReplaceAllString(s, "$1. "), whose
// every match holds a full stop.
func splitInitials(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	return joinedInitials.ReplaceAllString(s, "$1. ")
}

// findColonSpeaker is colonSpeaker.FindStringSubmatch(s); every match
// starts with a capital and holds a colon.
func findColonSpeaker(s string) []string {
	if s == "" || !isUpper(s[0]) || strings.IndexByte(s, ':') < 0 {
		return nil
	}
	return colonSpeaker.FindStringSubmatch(s)
}

// initialsAt returns where text may start a match of initialsName: at a
// capital, then a full stop, or a small or capital letter and a full
// stop ("A.", "Ye.", "KH.").
func initialsAt(text string) []int {
	var out []int
	for i := 0; i+1 < len(text); i++ {
		if isUpper(text[i]) && (text[i+1] == '.' || i+2 < len(text) && text[i+2] == '.') {
			out = append(out, i)
		}
	}
	return out
}
