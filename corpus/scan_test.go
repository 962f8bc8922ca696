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
	" year", " YEAR", "Year", "this", "last", "next", "the coming", "the current", "unthis", "THE CURRENT", "ThE CoMiNg", "laſt", "thiſ", "Laſt", "  ", "X", ".ab", "ly", "\u212A", "LAST", "NeXt", "tHIS", "Keywords", "Rights", "**",
	"March", "Mar.", "Sept.", "September", "May", "Mayor", " of ", "th", "12th", "3", "31", " and ", "[sic; 4]",
	"[sic; November]", "[1965]", "o(ctober", "S(eptember", "Dec", "_", "x3", "123", "4 ", "[sic;3]",
}

// cases is how many generated cases a test runs: n, or a tenth of it
// under the race detector, which makes each cost ten times as much and
// finds nothing in these single-goroutine checks.
func cases(n int) int {
	if raceEnabled {
		return max(1, n/10)
	}
	return n
}

// scanTexts returns n generated texts, and the hand-picked cases.
func scanTexts(n int) []string {
	texts := []string{
		"", "1958", "1958 1959", "1958, 1959", "1958,1959", "1958,", "in 1958.", ".1958", ",1958", "x1958x",
		"the 1950s", "19581", "1958-1960", "é1958é", "1958\xff", "\xff1958", "In 1958, 1959 and 1960",
		"November 12 and December 3", "2 and 4 December", "February 3 and May 9 of this year", "November 12, 19 and 26",
		"16-18 November", "on the 3rd of March, 1958 and 4 April", "this year", "This Year",
		"July of thİs year", "July\x00of this year", "July of\x00this year", "July OF THE CURRENT YEAR", "July of the past year",
		"July of the\u212Aast year", "é July of next year", "July of next yea", "the coming  year", "laſt year", "THIſ YEAR", "the current year", "The Current Year",
		"Xthis year.ab year", "this year year", "this yearly", "this year's", "this year\xff", "é this year é", "\xe2this year", "last year's", "unthis year",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(scanPieces[r.IntN(len(scanPieces))])
			if r.IntN(3) == 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestYearsAloneAsPattern(t *testing.T) {
	for _, text := range scanTexts(cases(20000)) {
		checkYearsAlone(t, text)
	}
}

func TestChecksBeforePatterns(t *testing.T) {
	for _, text := range scanTexts(cases(20000)) {
		checkDateWindows(t, text)
	}
}

func checkYearsAlone(t *testing.T, text string) {
	t.Helper()
	var want []int
	for _, m := range textYear.FindAllStringSubmatchIndex(text, -1) {
		want = append(want, m[2])
	}
	if got := yearsAlone(true, text); !slices.Equal(got, want) {
		t.Errorf("yearsAlone(%q) = %v, textYear finds %v", text, got, want)
	}
	relative := false
	for i := 0; i+4 <= len(text); i++ {
		w := strings.ToLower(text[i : i+4])
		relative = relative || w == "last" || w == "next" || w == "this"
	}
	l := strings.ToLower(text)
	dayOf := strings.Contains(l, " of this year") || strings.Contains(l, " of last year") || strings.Contains(l, " of next year") ||
		strings.Contains(l, " of the current year") || strings.Contains(l, " of the past year")
	if got := hasDayOf(text); got != dayOf {
		t.Errorf("hasDayOf(%q) = %v, lowering the text %v", text, got, dayOf)
	}
	if got := hasRelativeWord(text); got != relative {
		t.Errorf("hasRelativeWord(%q) = %v, lowering each four bytes %v", text, got, relative)
	}
	for _, line := range []string{text, "**" + text + ":**", "Rights", "\u212Aeywords", strings.Repeat("\u212A", 40)} {
		_, label := trailingSections[strings.ToLower(strings.Trim(strings.TrimSpace(line), "*: "))]
		if _, got := trailingLabel(line); got != label {
			t.Errorf("trailingLabel(%q) = %v, lowered %v", line, got, label)
		}
	}
}

// checkDateWindows holds the checks FindDates makes before its patterns,
// and where it tries them, to the patterns run over all the text or all
// of each window.
func checkDateWindows(t *testing.T, text string) {
	t.Helper()
	always := func(int, int) bool { return true }
	if got, want := relativeYears(true, text), relativeYear.FindAllStringSubmatchIndex(text, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("relativeYears(%q) = %v, relativeYear finds %v", text, got, want)
	}
	monthsAt, dayYearsAt, daysAt := monthAnchorsAt(text), yearsAfterDay(text), numbersAt(text)
	monthIn := func(ws, we int) bool { return anyIn(monthsAt, ws, we-3) }
	dayYearIn := func(ws, we int) bool { return anyIn(dayYearsAt, ws, we-4) }
	for _, c := range []struct {
		re     *regexp.Regexp
		need   func(ws, we int) bool
		starts []int
	}{{textDMBY, monthIn, daysAt}, {textYMD, monthIn, daysAt}, {textDMY, monthIn, daysAt}, {textMDY, monthIn, monthsAt},
		{textMY, monthIn, monthsAt}, {illegibleMonth, dayYearIn, nil}} {
		if got, want := nearYears(true, c.re, text, c.need, c.starts), nearYears(true, c.re, text, always, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v finds %v where it may start in the windows it needs, %v over all", text, c.re, got, want)
		}
	}
	after, before := monthsWithDays(text, monthsAt)
	for _, c := range []struct {
		re      *regexp.Regexp
		withDay []int
		starts  []int
	}{{textMDList, after, monthsAt}, {textDMList, before, daysAt}} {
		need := func(ws, we int) bool { return anyIn(c.withDay, ws, we-3) }
		if got, want := nearAnchors(true, c.re, text, monthAnchors, 50, 80, need, c.starts), nearAnchors(true, c.re, text, monthAnchors, 50, 80, nil, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v finds %v where it may start in the windows it needs, %v over all", text, c.re, got, want)
		}
	}
}

// wordPieces make texts of names, titles, roles and the words between
// them, with spaces of other kinds than the ASCII one.
var wordPieces = []string{
	"Cde.", "Comrade", "Mr.", "Ambassador", "Minister", "Chairman", "member", "secretary", "of", "the", "to", "in",
	"Kim", "Il", "Sung", "A.", "M.", "PUZANOV", "Puzanov", "Ivo", "Marsek", "Pak", "Heon-", "yeong", "also", "then",
	"again,", "said", "The", "In", "x", "Valdoria", "Ostland", "Inform", "Record", "Dear", "Soviet", "CPC", "CC",
	"Politburo", "said,", "Minister,", "Sung's", "U.S.", "Ye.", "Vrell.", "(Vrell)", "[Defense", "Minister]",
	"from", "diary", "journal", "From the Diary of", "Heon-", "Kim-", "- yeong", "KH.", "Sh.", "A.N.", "B.", "Ye.", "Kh.",
	"Mao Zedong:", "Cde. Kim:", "Note:", "FROM THE JOURNAL OF",
}

var wordSeps = []string{" ", " ", " ", " ", ", ", ". ", "  ", "\u00a0", "\u2003", "\n", "\t"}

func wordTexts(n int) []string {
	texts := []string{"", " ", "Kim", "Soviet Ambassador to the DPRK Cde. Kim Il Sung also said", "Inform Minister Vrell",
		"Cde. Kim Il Sung " + strings.Repeat("also again, ", 30), "Kim " + strings.Repeat("also ", 40),
		strings.Repeat("x ", 100) + "Ambassador to " + strings.Repeat("Valdoria ", 40),
		"Kim, " + strings.Repeat("Cde. Minister ", 30), "We met Pak Heon- yeongsanovich", "We met Pak Heon- yeongsanovichus",
		"\tKim Il Sung", "\nKim", "\vKim", "\fKim", "\rKim", "\u00a0Kim", "\u0085Kim", "(Kim", "kim", "1 Kim", "-Kim", "near Valdoria of " + strings.Repeat(" ", 80),
		// The 256 bytes rolePhrase reads first start at "of": officeBefore
		// needs "Minister" before them.
		strings.Repeat("x ", 50) + "Minister of Trade to " + strings.Repeat("Valdoria ", 27)}
	r := rand.New(rand.NewPCG(3, 4))
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(120) {
			b.WriteString(wordPieces[r.IntN(len(wordPieces))])
			b.WriteString(wordSeps[r.IntN(len(wordSeps))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestFieldsOfTheEnds(t *testing.T) {
	for _, text := range wordTexts(cases(3000)) {
		all := strings.Fields(text)
		for _, n := range []int{0, 1, 2, 4, 10, 1000} {
			if got, want := firstFields(text, n), all[:min(n, len(all))]; !slices.Equal(got, want) {
				t.Errorf("firstFields(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
		for _, n := range []int{1, 8, 64, 300} {
			got, whole := endFields(text, n)
			if whole && !slices.Equal(got, all) || !whole && !slices.Equal(got, all[len(all)-len(got):]) {
				t.Errorf("endFields(%q, %d) = %q %v; the fields are %q", text, n, got, whole, all)
			}
		}
		for _, n := range []int{1, 2, 5} {
			if got, want := lastFields(text, n), all[max(0, len(all)-n):]; !slices.Equal(got, want) {
				t.Errorf("lastFields(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
		last, ok := lastField(text)
		if ok != (len(all) > 0) || ok && last != all[len(all)-1] {
			t.Errorf("lastField(%q) = %q %v; the fields are %q", text, last, ok, all)
		}
	}
}

// The readers of the words before and after a name give what they give
// when they read all the words.
func TestNameWordsAsOverAllWords(t *testing.T) {
	for _, text := range wordTexts(cases(3000)) {
		checkNameWords(t, text)
	}
}

// checkNameWords holds the readers of the words around a name to what
// they give reading all the words of the text.
func checkNameWords(t *testing.T, text string) {
	t.Helper()
	all := strings.Fields(text)
	if got, want := takeName(text), takeNameIn(all); got != want {
		t.Errorf("takeName(%q) = %q, over all its words %q", text, got, want)
	}
	if got, want := rolePhrase(text), must(rolePhraseIn(all, true)); got != want {
		t.Errorf("rolePhrase(%q) = %q, over all its words %q", text, got, want)
	}
	if got, want := isPlaceBefore(text), isPlaceBeforeIn(all); got != want {
		t.Errorf("isPlaceBefore(%q) = %v, over all its words %v", text, got, want)
	}
	if got, want := listItemAt(text), listItemAtIn(all); got != want {
		t.Errorf("listItemAt(%q) = %v, over all its words %v", text, got, want)
	}
	if got, want := windowMatches(initialsName, text, 0, len(text), initialsAt(text)), initialsName.FindAllStringSubmatchIndex(text, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("initialsName where it may start in %q: %v, over all of it %v", text, got, want)
	}
	if got, want := writtenNameBefore(text), writtenNameBeforeAll(text); got != want {
		t.Errorf("writtenNameBefore(%q) = %q, reading all of it %q", text, got, want)
	}
	for _, w := range []string{"from the ", "from the diary of ", "x"} {
		want := false
		for i := 0; i+len(w) <= len(text); i++ {
			want = want || strings.EqualFold(text[i:i+len(w)], w)
		}
		if got := hasFoldASCII(text, w); got != want {
			t.Errorf("hasFoldASCII(%q, %q) = %v, want %v", text, w, got, want)
		}
	}
	words := map[string]bool{}
	for _, w := range wordRuns(text) {
		words[w] = true
	}
	for _, name := range append([]string{"Kim Il", "Il", "Kim Il Sung", "Heon- yeong", "U.S.", "-", ""}, firstFields(text, 3)...) {
		if indexWord(text, name) >= 0 && !mayStand(name, words) {
			t.Errorf("%q stands in %q, but mayStand says it may not", name, text)
		}
	}
	if got, want := nameBefore(text), trimNameStart(must(nameBeforeIn(all))); got != want {
		t.Errorf("nameBefore(%q) = %q, over all its words %q", text, got, want)
	}
	if got, want := hasFoldASCII(text, "from the diary of ") || hasFoldASCII(text, "from the journal of "), diaryOf.MatchString(text); want && !got {
		t.Errorf("%q: diaryOf matches, but the check finds no \"from the diary of\"", text)
	}
}

func must[T any](v T, _ bool) T { return v }

// tokenBits are the parts of name tokens and what breaks them.
var tokenBits = []string{".", "_", "'", "-", "é", " ", "A ", "B. ", "’", "'s", "’s", "-a", "-A", "-'", "--", "'b", "ab", "abc",
	"AB", "A", "a", "h.", "a.", "Ya.", "Kh.", "ZH.", "\xe2\x80", "’AB", "'A", "-Ab'c", "x’yz"}

func TestWordChecksAsPatterns(t *testing.T) {
	words := []string{"", "Cde.", "xCde.", "_Cde.", ".Cde.", "éCde.", "Cdes.", "Mrs.", "Ms.", "Mr.", "Dr.", "Comrade", "Comrades",
		"(Mr.", "Mr.Dr.", "A.", "Ye.", "Kh.", "O'Brien", "Kim", "KIM", "kim", "Il-sung", "D'Arcy", "É", "Y.", "3.", "\xff",
		"S H T Y K O V", "A.N.", "A.N. Dobrev", "K. Ye. Orlin", "S H", "s h t y", "A B C D", "Yi.", "Yh.", "Ch.", "Xh.", "Yu.", "Zh.", "Ye", "YE."}
	for _, a := range tokenBits {
		for _, b := range tokenBits {
			for _, c := range []string{"", "K", "Kim", "KIM", "O", "Y", "Sh"} {
				words = append(words, c+a+b, c+a+b+a)
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range cases(20000) {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(wordPieces[r.IntN(len(wordPieces))])
			if r.IntN(3) == 0 {
				b.WriteString(tokenBits[r.IntN(len(tokenBits))])
			}
		}
		words = append(words, b.String())
	}
	for _, w := range words {
		if !strings.ContainsAny(w, " \t\n\r\f") {
			if got, want := endsWithHonorific(w), honorific.MatchString(w+" "); got != want {
				t.Errorf("endsWithHonorific(%q) = %v, the pattern says %v", w, got, want)
			}
		}
		if got, want := isNameToken(w), nameToken.MatchString(w); got != want {
			t.Errorf("isNameToken(%q) = %v, the pattern says %v", w, got, want)
		}
		if got, want := findSpacedLetters(w), letterSpaced.FindString(w); got != want {
			t.Errorf("findSpacedLetters(%q) = %q, the pattern finds %q", w, got, want)
		}
		if got, want := splitInitials(w), joinedInitials.ReplaceAllString(w, "$1. "); got != want {
			t.Errorf("splitInitials(%q) = %q, the pattern gives %q", w, got, want)
		}
		if got, want := findColonSpeaker(w), colonSpeaker.FindStringSubmatch(w); !slices.Equal(got, want) {
			t.Errorf("findColonSpeaker(%q) = %q, the pattern finds %q", w, got, want)
		}
	}
}

// isPlaceBeforeIn and listItemAtIn are isPlaceBefore and listItemAt as
// they read all the words of the text before.
func isPlaceBeforeIn(f []string) bool {
	n := len(f)
	if n == 0 {
		return false
	}
	switch f[n-1] {
	case "in", "at", "near":
		return true
	case "of":
		return n > 1 && isNameWord(f[n-2]) && !roleNouns[strings.ToLower(f[n-2])]
	}
	return false
}

func listItemAtIn(f []string) bool {
	for len(f) > 0 && (honorifics[f[len(f)-1]] || roleNouns[strings.ToLower(f[len(f)-1])]) {
		f = f[:len(f)-1]
	}
	return len(f) > 0 && strings.HasSuffix(f[len(f)-1], ",") || len(f) > 0 && strings.HasSuffix(f[len(f)-1], ":")
}

// writtenNameBeforeAll is writtenNameBefore looking for the last "- " in
// all of the text.
func writtenNameBeforeAll(text string) string {
	name := nameBefore(text)
	if j := strings.LastIndex(text, "- "); j > 0 && j > len(text)-20 {
		joined := text[:j+1] + text[j+2:]
		if n := nameBefore(joined); len(n) > len(name) && strings.Contains(n, "-") {
			if written := strings.Replace(n, "-", "- ", 1); strings.HasSuffix(text, written) {
				return written
			}
		}
	}
	return name
}

// TestLongParagraphsAsPatterns runs the checks over paragraphs of tens of
// kilobytes, where windows, pieces and the ends read first are far from
// the whole: the hostile documents, and runs of the generated texts. The
// readers of the words around a name are checked at each comma.
func TestLongParagraphsAsPatterns(t *testing.T) {
	texts := []string{
		string(hostileDocument(cases(16<<10), 1)), string(longSentenceDocument(cases(16<<10), 1)),
		strings.Join(scanTexts(cases(1000)), " "), strings.Join(wordTexts(cases(100)), " "),
	}
	for _, text := range texts {
		checkYearsAlone(t, text)
		checkDateWindows(t, text)
		checkNameWords(t, text)
		for n, from := 0, 0; n < cases(30); n++ {
			i := strings.Index(text[from:], ", ")
			if i < 0 {
				break
			}
			i += from
			from = i + 2
			checkNameWords(t, text[:i])
			checkNameWords(t, text[i+2:])
		}
	}
}
