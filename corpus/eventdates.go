package corpus

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Event dates as records write them, without a year or relative to the
// document: "On 2 November", "November 12 and 19", "February 3 and May 9
// of this year", "four years ago", "the fifth anniversary of the land
// reform", "yesterday, 4 November".
var (
	ordSuffix = `(?:st|nd|rd|th)?`
	// yearSuffix ends a day-month phrase with its year, given or relative.
	yearSuffix = `(,? \d{4}\b| (?i:of (?:this|last|next|the current|the past) year)\b)?`
	// listSep joins the days of a list or a range: "19 and 24", "16-17".
	listSep = `(?:, and |,? or |, | and | ?[-–] ?|,? to )`
	// dayListBefore is the opening of a list of days that ends in the day
	// after it: "4 and " before "5 December 1970".
	dayListBefore = regexp.MustCompile(`\b\d{1,2}` + ordSuffix + listSep + `$`)
	// textDayOfMonth is a day of the document's month, or of the month
	// before: "the 12th of this month", "the 5th inst.", "the 30th of last month".
	textDayOfMonth = regexp.MustCompile(`(?i)\bthe (\d{1,2})(?:st|nd|rd|th) (of this month|of the current month|inst\b\.?|instant\b|of last month|ultimo\b|ult\b\.?)`)
	// textOnTheDay is a day of the month alone after a preposition: "on
	// the 21st", "Since the 15th," (onTheDay says where it ends).
	textOnTheDay = regexp.MustCompile(`\b(?:[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter|[Ff]rom) the (\d{1,2})(?:st|nd|rd|th)\b`)
	// textOnWeekday is a day of the week: "On Tuesday", "last Friday".
	textOnWeekday = regexp.MustCompile(`\b(?:[Oo]n|[Ll]ast|[Nn]ext) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	// futureWords mark a sentence that looks ahead: its "on the 28th" is
	// the next such day, not the last.
	futureWords = regexp.MustCompile(`\b(?:will|shall|is to|are to|plans? to|intends? to|is expected|are expected|next)\b`)
	// textAtClock is a time of day after "at", with a.m., p.m. or hours:
	// "At 9:30 a.m.", "at 2 p.m.", "at 1535 hours".
	textAtClock = regexp.MustCompile(`\b[Aa]t (?:\d{1,2}(?:[:.]\d{2})? ?[ap]\. ?m\.|\d{1,2}[:.]?\d{2} (?:[Hh]ours|hrs)\b)`)
	// dayMonthOnly is a day and its month, no year: "July 29th", "29 July".
	dayMonthOnly = regexp.MustCompile(`^(?:(?:` + monthRE + `) \d{1,2}` + ordSuffix + `|\d{1,2}` + ordSuffix + ` (?:of )?(?:` + monthRE + `))$`)
	// clockTime is a time of day: "7:30 a.m.", "19:30", "4 p.m.", "1535 Hours".
	clockTime = regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}(?:\s?[ap]\.\s?m\.?|\s?[ap]m\b)?|\b\d{1,2}\s?(?:[ap]\.\s?m\.?|[ap]m\b)|\b\d{4}\s(?:hours|hrs)\b\.?`)
	// dayBefore is a day right before a month: "5 " of "5 December 1970".
	dayBefore = regexp.MustCompile(`\b\d{1,2}` + ordSuffix + ` (?:of )?$`)
	// textMDList is month first: "July 2", "November 12 and 19", "February 3 and May 9".
	textMDList = regexp.MustCompile(`\b(` + monthRE + `) (\d{1,2})` + ordSuffix + `\b((?:` + listSep + `(?:` + monthRE + ` )?\d{1,2}` + ordSuffix + `\b)*)` + yearSuffix)
	// textDMList is day first: "2 November", "4 and 5 December", "the 30th of November".
	textDMList = regexp.MustCompile(`\b(\d{1,2})` + ordSuffix + `((?:` + listSep + `\d{1,2}` + ordSuffix + `)*) (?:of )?(` + monthRE + `)\b` + yearSuffix)
	// listItem is one day of a list, with its month when the list names a new one.
	listDay = regexp.MustCompile(`(?:(` + monthRE + `) )?(\d{1,2})` + ordSuffix + `\b`)
	// afterDay is what shows a number after a date is a clock time, not a day: "July 2, 4 p.m.".
	afterDay = regexp.MustCompile(`^(?:\s?[ap]\.?m\b|\s?o'clock|:\d|\.\d|\s?hours?\b|\s?%|,\d)`)
	// noteAfterDay is a footnote's number that closes the editor's
	// brackets right after a day's full stop, not a decimal: "on the
	// morning of June 18.54]".
	noteAfterDay = regexp.MustCompile(`^\.\d{1,3}\]`)
	// textMonthOf is a month of a year the document names relatively: "in July of this year".
	textMonthOf = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (?i:of (this|last|next|the current|the past) year)\b`)
	// textAgo is a time counted back from the document's date: "four years ago".
	textAgo = regexp.MustCompile(`(?i)\b(?:(about|some|approximately|nearly|almost|over|more than|roughly|around|less than) )?(a|an|one|\d{1,3}|(?:` + numberWords + `)(?:[- ](?:` + numberWords + `))?) (year|month|day)s? ago\b`)
	// textAnniversary is an anniversary, whose event lies that many years before the document.
	textAnniversary = regexp.MustCompile(`(?i)\b(\d{1,3}(?:st|nd|rd|th)|(?:(?:` + tensWords + `)-)?(?:` + ordinalWords + `)) anniversary(?: (?:celebrations?|festivities|commemorations?|ceremon(?:y|ies)|festivals?))? of ((?:the )?[\p{L}'’.-]+(?: [\p{L}'’.-]+){0,5})`)
	// textNearDay is a day named from the document's: "yesterday",
	// "today" (the day the record speaks of as its own).
	textNearDay = regexp.MustCompile(`(?i)\b(the day before yesterday|yesterday|the day after tomorrow|tomorrow|today|tonight|last night|this (?:morning|afternoon|evening))\b`)
	// nearDayShift is the days from the record's day to the day each of
	// textNearDay's words names: "last night" is the night before it,
	// "this evening" its own.
	nearDayShift = map[string]int{
		"the day before yesterday": -2, "yesterday": -1, "last night": -1,
		"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
		"tomorrow": 1, "the day after tomorrow": 2,
	}
	// nearDayLead is "yesterday, " right before a stated day: "yesterday, 4 November".
	nearDayLead = regexp.MustCompile(`(?i)\b(?:the day before yesterday|yesterday|the day after tomorrow|tomorrow|today),? $`)
	// periodLead is a part of a period written before it: "mid-March 1949", "early 1965".
	periodLead = regexp.MustCompile(`(?i)\b(?:mid-|mid |early |late |the end of |the beginning of |the middle of )$`)
	// illegibleMonth is a day and year after a word that is a month damaged in
	// scanning: "o(ctober 3, 1960". The year is read; the month is not guessed.
	illegibleMonth = regexp.MustCompile(`(?:^|\s)(\S{3,12}) (\d{1,2}),? (\d{4})\b`)
)

const (
	numberWords  = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred`
	tensWords    = `twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety`
	ordinalWords = `first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth`
)

var cardinals = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
	"eightieth": 80, "ninetieth": 90, "hundredth": 100,
}

// countOf reads a count written in digits or words: "3", "three",
// "twenty-five". It returns 0 for anything else.
func countOf(s string, words map[string]int) int {
	s = strings.ToLower(s)
	if n, err := strconv.Atoi(strings.TrimRight(s, "stndrh")); err == nil {
		return n
	}
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' }) {
		v, ok := words[w]
		if !ok {
			v, ok = cardinals[w] // "twenty" in "twenty-fifth"
		}
		if !ok {
			return 0
		}
		n += v
	}
	return n
}

// anniversaryStop ends the name of what an anniversary is of.
var anniversaryStop = map[string]bool{
	"and": true, "or": true, "in": true, "on": true, "at": true, "by": true, "for": true, "to": true,
	"from": true, "with": true, "was": true, "were": true, "is": true, "are": true, "will": true,
	"would": true, "has": true, "had": true, "have": true, "which": true, "that": true, "who": true,
	"when": true, "where": true, "as": true, "this": true, "these": true, "we": true, "he": true,
	"she": true, "they": true, "it": true, "but": true,
}

// trimAnniversaryObject keeps the name of what an anniversary is of: the
// words up to the first that starts a clause ("the revolution was ...").
func trimAnniversaryObject(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 0 && anniversaryStop[strings.ToLower(w)] {
			words = words[:i]
			break
		}
	}
	return strings.TrimRight(strings.Join(words, " "), ".-’'")
}

// nearestDay reads a day and month the text gives without a year as the
// one nearest the reference date: a record names days close to its own
// date, before or after it ("On 2 November" in a record of 5 November;
// "the 10 October talks" in a record of March are the previous October's).
// A day as far before as after goes to the past. The reference must give
// at least the month; a year alone is too coarse to choose.
func nearestDay(month time.Month, day int, ref Date) (Date, bool) {
	if ref.Precision != PrecisionDay && ref.Precision != PrecisionMonth {
		return Date{}, false
	}
	r := ref.Time
	if ref.Precision == PrecisionMonth {
		r = r.AddDate(0, 0, 14)
	}
	var best Date
	var bestDist time.Duration
	found := false
	for _, y := range []int{r.Year() - 1, r.Year(), r.Year() + 1} {
		d, ok := dayDate(Date{}, strconv.Itoa(y), month, strconv.Itoa(day))
		if !ok {
			continue
		}
		dist := d.Time.Sub(r)
		if dist < 0 {
			dist = -dist
		}
		if !found || dist < bestDist {
			best, bestDist, found = d, dist, true
		}
	}
	return best, found
}

// dayItem is one day of a day-month list, with its offsets.
type dayItem struct {
	month      time.Month
	day        int
	start, end int
	rangeEnd   bool // joined to the previous day by "-" or "to"
}

// dayList reads the days of a list such as "February 3 and May 9" or
// "12 and 19": each day takes the month written before it, else month. A
// number that is a clock time ("June 18, 7 p.m.") ends the list.
func dayList(text string, start, end int, month time.Month) []dayItem {
	var out []dayItem
	var seps []string
	prevEnd := start
	for _, m := range listDay.FindAllStringSubmatchIndex(text[start:end], -1) {
		for j := range m {
			if m[j] >= 0 {
				m[j] += start
			}
		}
		if rest := text[m[1]:]; afterDay.MatchString(rest) && !noteAfterDay.MatchString(rest) {
			break
		}
		if m[2] >= 0 {
			month = months[strings.ToLower(text[m[2]:m[3]])]
		}
		day, _ := strconv.Atoi(text[m[4]:m[5]])
		sep := text[prevEnd:m[0]]
		out = append(out, dayItem{month: month, day: day, start: m[0], end: m[1],
			rangeEnd: len(out) > 0 && (strings.ContainsAny(sep, "-–") || strings.Contains(sep, " to "))})
		prevEnd = m[1]
		seps = append(seps, strings.TrimSpace(sep))
	}
	// A list joined by bare commas ends with "and" or "or" ("December 19,
	// 20 and 24"); without one, the number after a comma is not a day
	// ("June 18, 7 wagons a day").
	for i := 1; i < len(out); i++ {
		if seps[i] == "," && !slices.ContainsFunc(seps[i+1:], func(s string) bool { return strings.HasSuffix(s, "and") || strings.HasSuffix(s, "or") }) {
			return out[:i]
		}
	}
	return out
}

// readDayList resolves the days of a day-month phrase: against the year
// it ends with, the year it names relatively ("of this year"), or else
// the nearest year to the reference date. The mentions are returned with
// the phrase's text; relative reports whether the year came from ref.
func readDayList(items []dayItem, suffix string, ref Date) (dates []Date, relative, ok bool) {
	suffix = strings.ToLower(strings.TrimLeft(suffix, ", "))
	year := 0
	switch {
	case suffix == "":
		relative = true
	case isDigits(suffix):
		year, _ = strconv.Atoi(suffix)
	default:
		if ref.IsZero() {
			return nil, false, false
		}
		relative = true
		w := strings.Fields(suffix)
		year = ref.Time.Year() + yearShift(w[len(w)-2])
	}
	for _, it := range items {
		var d Date
		if year == 0 {
			d, ok = nearestDay(it.month, it.day, ref)
		} else {
			d, ok = dayDate(Date{}, strconv.Itoa(year), it.month, strconv.Itoa(it.day))
		}
		if !ok {
			return nil, false, false
		}
		if it.rangeEnd && len(dates) > 0 && dates[len(dates)-1].Until == nil && dates[len(dates)-1].Time.Before(d.Time) {
			dates[len(dates)-1].Until = &d
			continue
		}
		dates = append(dates, d)
	}
	return dates, relative, len(dates) > 0
}

// monthTail reports whether a word is a month name damaged in scanning:
// not itself a month or an ordinary word, but ending in at least all but
// two letters of one month's name ("S(eptember" ends in "eptember").
func monthTail(word string) bool {
	if _, ok := months[strings.ToLower(word)]; ok {
		return false
	}
	plain := true // an ordinary word: a capital or not, then lower-case letters
	var letters []rune
	for i, r := range word {
		if !unicode.IsLetter(r) || (i > 0 && unicode.IsUpper(r)) {
			plain = false
		}
		if unicode.IsLetter(r) {
			letters = append(letters, unicode.ToLower(r))
		}
	}
	if plain || len(letters) < 3 {
		return false
	}
	lw := string(letters)
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		need := max(3, len(name)-2)
		if len(lw) <= len(name)+2 && strings.HasSuffix(lw, name[len(name)-need:]) {
			return true
		}
	}
	return false
}

// hasMonthName reports whether text may name a month: a capitalised
// month's first three letters.
func hasMonthName(text string) bool {
	for _, p := range monthAnchors {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// hasRelativePhrase reports whether text may hold "ago", "anniversary",
// "yesterday", "today", "tonight", "last night", "this morning",
// DayFirst reports whether text writes a day before its month ("9
// December", "the 30th of November"): dayFirst; or after it ("December
// 9"): not dayFirst. known is false when text writes neither.
func DayFirst(text string) (dayFirst, known bool) {
	switch {
	case textDMList.MatchString(text):
		return true, true
	case textMDList.MatchString(text):
		return false, true
	}
	return false, false
}

// HasTimeOfDay reports whether text holds a time of day: "4:20 p.m.",
// "19:30", "1535 Hours".
func HasTimeOfDay(text string) bool { return clockTime.MatchString(text) }

// "tomorrow" or "the coming year".
func hasRelativePhrase(text string) bool {
	return strings.Contains(text, "ago") || strings.Contains(text, "nniversary") ||
		strings.Contains(text, "esterday") || strings.Contains(text, "omorrow") ||
		strings.Contains(text, "oday") || strings.Contains(text, "onight") ||
		strings.Contains(text, "ast night") || strings.Contains(text, "his morning") ||
		strings.Contains(text, "his afternoon") || strings.Contains(text, "his evening") ||
		strings.Contains(text, "coming year") || strings.Contains(text, "current year") ||
		strings.Contains(text, " month") || strings.Contains(text, " inst") || strings.Contains(text, " ult")
}

// bracketMarks are the places of a text's square brackets, to tell for
// many dates of one long text whether each stands inside an editor's
// brackets ("[in mid-March 1949]") without reading the text again.
type bracketMarks struct {
	text string
	at   []int
}

func bracketsOf(text string) bracketMarks {
	b := bracketMarks{text: text}
	for i := 0; i < len(text); i++ {
		if text[i] == '[' || text[i] == ']' {
			b.at = append(b.at, i)
		}
	}
	return b
}

// inside reports whether text[start:end] stands inside square brackets.
func (b bracketMarks) inside(start, end int) bool {
	i, _ := slices.BinarySearch(b.at, start) // the first bracket at or after start
	if i == 0 || b.text[b.at[i-1]] != '[' {
		return false
	}
	j, _ := slices.BinarySearch(b.at, end)
	return j < len(b.at) && b.text[b.at[j]] == ']'
}

// monthAnchors are the capitalised beginnings of month names, which every
// day-month phrase holds.
var monthAnchors = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// nearAnchors runs re over windows of text around each occurrence of an
// anchor word, which costs far less than running it over a whole
// paragraph when the anchors are rare; a window where need (when not nil)
// finds nothing a match needs is skipped, and where starts (when not nil)
// are the places a match can start, re is tried there alone (see
// windowMatches). Matches come back in text order, each start once, with
// the longest match found there.
func nearAnchors(may bool, re *regexp.Regexp, text string, anchors []string, before, after int, need func(ws, we int) bool, starts []int) [][]int {
	if !may {
		return nil
	}
	best := map[int][]int{}
	for _, a := range anchors {
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], a)
			if i < 0 {
				break
			}
			i += off
			off = i + len(a)
			ws, we := window(text, i, off, before, after)
			if need != nil && !need(ws, we) {
				continue
			}
			for _, m := range windowMatches(re, text, ws, we, starts) {
				if prev, ok := best[m[0]]; !ok || m[1] > prev[1] {
					best[m[0]] = m
				}
			}
		}
	}
	out := make([][]int, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

// window widens text[start:end] by about before and after bytes, to the
// nearest spaces so that no word is cut.
func window(text string, start, end, before, after int) (int, int) {
	ws, we := max(0, start-before), min(len(text), end+after)
	for ws > 0 && text[ws-1] != ' ' {
		ws--
	}
	for we < len(text) && text[we] != ' ' {
		we++
	}
	return ws, we
}

// tail is the last n bytes of text, or all of it, for patterns anchored
// at its end.
func tail(text string, n int) (string, int) {
	at := max(0, len(text)-n)
	return text[at:], at
}

// onTheDayFollowers are the words after "on the 21st" that leave it a day
// of the month: a noun after it ("the 9th Plenum", "the 15th
// anniversary") makes it an ordinal.
var onTheDayFollowers = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true,
	"his": true, "her": true, "their": true, "our": true, "at": true, "in": true, "and": true, "there": true,
	"when": true, "with": true, "to": true, "was": true, "were": true, "had": true, "comrade": true, "cde": true,
}

// dayOfMonthAlone reports whether the day of textOnTheDay ending at end
// stands alone: at the end of the text or a clause, or before a word of
// onTheDayFollowers.
func dayOfMonthAlone(text string, end int) bool {
	rest := text[end:]
	if rest == "" || strings.ContainsRune(",.;:)", rune(rest[0])) {
		return true
	}
	if rest[0] != ' ' {
		return false
	}
	word := strings.TrimLeft(rest, " ")
	if i := strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		word = word[:i]
	}
	return onTheDayFollowers[strings.ToLower(word)]
}

// looksAhead reports whether the sentence before at speaks of what is to
// come ("will arrive on the 28th").
func looksAhead(text string, at int) bool {
	from := strings.LastIndexAny(text[:at], ".!?") + 1
	return futureWords.MatchString(text[from:at])
}

// hasDayOrdinal reports whether text may hold a match of textOnTheDay or
// textOnWeekday: "the " before a figure, or a weekday's "day ".
func hasDayOrdinal(text string) bool {
	for i := strings.Index(text, "the "); i >= 0; {
		if j := i + 4; j < len(text) && isDigit(text[j]) {
			return true
		}
		next := strings.Index(text[i+4:], "the ")
		if next < 0 {
			break
		}
		i += 4 + next
	}
	return strings.Contains(text, "day ") || strings.Contains(text, "day,")
}

// dayNear is the day-th nearest ref: of ref's month when that is on or
// before ref (after it when ahead), else of the month before (after).
func dayNear(ref time.Time, day int, ahead bool) (Date, bool) {
	first := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch {
	case !ahead && day > ref.Day():
		first = first.AddDate(0, -1, 0)
	case ahead && day < ref.Day():
		first = first.AddDate(0, 1, 0)
	}
	t := first.AddDate(0, 0, day-1)
	if day < 1 || t.Month() != first.Month() {
		return Date{}, false
	}
	return Date{Time: t, Precision: PrecisionDay}, true
}

// weekdayNear is the weekday nearest ref: the last one on or before ref,
// the one before ref after "last", the next after ref when ahead.
func weekdayNear(ref time.Time, day time.Weekday, last, ahead bool) Date {
	shift := int(day) - int(ref.Weekday())
	switch {
	case ahead:
		if shift <= 0 {
			shift += 7
		}
	case last && shift >= 0, shift > 0:
		shift -= 7
	}
	return Date{Time: ref.AddDate(0, 0, shift), Precision: PrecisionDay}
}

var weekdays = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
}
