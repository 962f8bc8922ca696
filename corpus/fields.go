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

// lastField returns the last field of s, as strings.Fields(s) gives it,
// and false when s has none.
func lastField(s string) (string, bool) {
	for n := 64; ; n *= 4 {
		f, whole := endFields(s, n)
		if len(f) > 0 {
			return f[len(f)-1], true
		}
		if whole {
			return "", false
		}
	}
}

// hasFoldASCII reports whether text holds word, which is in lower case and
// of letters whose only other case is the ASCII one, in any case.
func hasFoldASCII(text, word string) bool {
	for i := 0; i+len(word) <= len(text); i++ {
		if foldsTo(text[i:i+len(word)], word) {
			return true
		}
	}
	return false
}
