package corpus

import (
	"math/rand/v2"
	"reflect"
	"regexp"
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
	" year", " YEAR", "Year", "this", "last", "next", "the coming", "the current", "unthis", "THE CURRENT", "ThE CoMiNg", "laſt", "thiſ", "Laſt", "  ", "X", ".ab", "ly",
	"March", "Mar.", "Sept.", "September", "May", "Mayor", " of ", "th", "12th", "3", "31", " and ", "[sic; 4]",
	"[sic; November]", "[1965]", "o(ctober", "S(eptember", "Dec",
}

// scanTexts returns n generated texts, and the hand-picked cases.
func scanTexts(n int) []string {
	texts := []string{
		"", "1958", "1958 1959", "1958, 1959", "1958,1959", "1958,", "in 1958.", ".1958", ",1958", "x1958x",
		"the 1950s", "19581", "1958-1960", "é1958é", "1958\xff", "\xff1958", "In 1958, 1959 and 1960",
		"this year", "This Year", "the coming  year", "laſt year", "THIſ YEAR", "the current year", "The Current Year",
		"Xthis year.ab year", "this year year", "this yearly", "this year's", "this year\xff", "é this year é", "\xe2this year", "last year's", "unthis year",
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
	always := func(int, int) bool { return true }
	for _, text := range scanTexts(20000) {
		if got, want := relativeYears(true, text), relativeYear.FindAllStringSubmatchIndex(text, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("relativeYears(%q) = %v, relativeYear finds %v", text, got, want)
		}
		monthsAt, dayYearsAt := monthAnchorsAt(text), yearsAfterDay(text)
		monthIn := func(ws, we int) bool { return anyIn(monthsAt, ws, we-3) }
		dayYearIn := func(ws, we int) bool { return anyIn(dayYearsAt, ws, we-4) }
		for _, c := range []struct {
			re   *regexp.Regexp
			need func(ws, we int) bool
		}{{textDMBY, monthIn}, {textYMD, monthIn}, {textDMY, monthIn}, {textMDY, monthIn}, {textMY, monthIn}, {illegibleMonth, dayYearIn}} {
			if got, want := nearYears(true, c.re, text, c.need), nearYears(true, c.re, text, always); !reflect.DeepEqual(got, want) {
				t.Errorf("%q: %v finds %v in the windows it needs, %v in all", text, c.re, got, want)
			}
		}
		after, before := monthsWithDays(text, monthsAt)
		for _, c := range []struct {
			re      *regexp.Regexp
			withDay []int
		}{{textMDList, after}, {textDMList, before}} {
			need := func(ws, we int) bool { return anyIn(c.withDay, ws, we-3) }
			if got, want := nearAnchors(true, c.re, text, monthAnchors, 50, 80, need), nearAnchors(true, c.re, text, monthAnchors, 50, 80, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("%q: %v finds %v in the windows it needs, %v in all", text, c.re, got, want)
			}
		}
	}
}
