package corpus

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The hand-written scans and the cheap checks before a costly pattern
// must find what the pattern finds, on every text: these tests hold them
// to the patterns they stand in for.

// scanPieces are the parts the generated texts are made of: years, near
// years, the characters the patterns look at around them, a letter of
// two bytes and a byte that is not UTF-8.
var scanPieces = []string{
	"1958", "1959", "2001", "1899", "1799", "2100", "195", "19581", "0", "7", "12",
	" ", ",", ".", ", ", "s", "é", "\n", "a", "-", "[", "]", "\xff",
	" year", " YEAR", "Year", "this", "last", "next", "the coming", "the current", "unthis",
}

// scanTexts returns n generated texts, and the hand-picked cases.
func scanTexts(n int) []string {
	texts := []string{
		"", "1958", "1958 1959", "1958, 1959", "1958,1959", "1958,", "in 1958.", ".1958", ",1958", "x1958x",
		"the 1950s", "19581", "1958-1960", "é1958é", "1958\xff", "\xff1958", "In 1958, 1959 and 1960",
		"this year", "This Year", "the coming  year", "last year's", "unthis year",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(scanPieces[r.IntN(len(scanPieces))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestYearsAloneAsPattern(t *testing.T) {
	for _, text := range scanTexts(20000) {
		var want []int
		for _, m := range textYear.FindAllStringSubmatchIndex(text, -1) {
			want = append(want, m[2])
		}
		if got := yearsAlone(true, text); !slices.Equal(got, want) {
			t.Errorf("yearsAlone(%q) = %v, textYear finds %v", text, got, want)
		}
	}
}

func TestChecksBeforePatterns(t *testing.T) {
	for _, text := range scanTexts(20000) {
		if relativeYear.MatchString(text) && !hasFoldASCII(text, " year") {
			t.Errorf("%q: relativeYear matches but no \" year\" found", text)
		}
	}
}
