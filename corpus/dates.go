package corpus

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// months maps month names and their usual abbreviations to months.
var months = func() map[string]time.Month {
	ms := map[string]time.Month{"sept": time.September, "sept.": time.September}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		ms[name], ms[name[:3]], ms[name[:3]+"."] = m, m, m
	}
	return ms
}()

const monthRE = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	dateDMY      = regexp.MustCompile(`^(\d{1,2}) (` + monthRE + `),? (\d{4})$`)
	dateMDY      = regexp.MustCompile(`^(` + monthRE + `) (\d{1,2}),? (\d{4})$`)
	dateYMD      = regexp.MustCompile(`^(\d{4}) (` + monthRE + `) (\d{1,2})$`)
	dateISO      = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	dateMY       = regexp.MustCompile(`^(` + monthRE + `),? (\d{4})$`)
	dateY        = regexp.MustCompile(`^(\d{4})$`)
	dateApprox   = regexp.MustCompile(`^(?i)(?:c\.|ca\.|circa|about|approximately)\s*(\d{4})$`)
	dateUndated  = regexp.MustCompile(`^(?i)(?:undated|no date|n\.\s?d\.|date unknown)$`)
	relativeYear = regexp.MustCompile(`(?i)\b(last|next|this|the coming|the current) year\b`)
	dateRange    = regexp.MustCompile(`^(.+?)\s*(?:\s[-–—]\s|–|—|\sto\s|\suntil\s)\s*(.+)$`)
	yearRange    = regexp.MustCompile(`^(\d{4})-(\d{4})$`)
)

// ParseDate reads a document date as archives write it: "November 13, 1957",
// "13 November 1957", "1957-11-13", "May 1975", "1958", "c. 1950" or
// "Undated". The result never has a precision finer than the text.
func ParseDate(text string) (Date, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "."))
	d := Date{Text: strings.TrimSpace(text)}
	switch {
	case dateUndated.MatchString(t):
		return d, true
	case dateDMY.MatchString(t):
		m := dateDMY.FindStringSubmatch(t)
		return dayDate(d, m[3], months[strings.ToLower(m[2])], m[1])
	case dateMDY.MatchString(t):
		m := dateMDY.FindStringSubmatch(t)
		return dayDate(d, m[3], months[strings.ToLower(m[1])], m[2])
	case dateYMD.MatchString(t):
		m := dateYMD.FindStringSubmatch(t)
		return dayDate(d, m[1], months[strings.ToLower(m[2])], m[3])
	case dateISO.MatchString(t):
		m := dateISO.FindStringSubmatch(t)
		mon, _ := strconv.Atoi(m[2])
		if mon < 1 || mon > 12 {
			return Date{}, false
		}
		return dayDate(d, m[1], time.Month(mon), m[3])
	case dateMY.MatchString(t):
		m := dateMY.FindStringSubmatch(t)
		y, _ := strconv.Atoi(m[2])
		d.Time, d.Precision = time.Date(y, months[strings.ToLower(m[1])], 1, 0, 0, 0, 0, time.UTC), PrecisionMonth
		return d, true
	case dateY.MatchString(t):
		y, _ := strconv.Atoi(t)
		d.Time, d.Precision = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PrecisionYear
		return d, true
	case dateApprox.MatchString(t):
		y, _ := strconv.Atoi(dateApprox.FindStringSubmatch(t)[1])
		d.Time, d.Precision = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PrecisionApproximate
		return d, true
	}
	return parseRange(t, d.Text)
}

// parseRange reads a range of two dates: "1950-1953", "May 1975 - June 1975".
func parseRange(t, text string) (Date, bool) {
	var from, until string
	if m := yearRange.FindStringSubmatch(t); m != nil {
		from, until = m[1], m[2]
	} else if m := dateRange.FindStringSubmatch(t); m != nil {
		from, until = m[1], m[2]
	} else {
		return Date{}, false
	}
	start, ok1 := ParseDate(from)
	end, ok2 := ParseDate(until)
	if !ok1 || !ok2 || start.IsZero() || end.IsZero() || start.Until != nil || end.Until != nil || !start.Time.Before(end.End()) {
		return Date{}, false
	}
	start.Text = text
	end.Text = ""
	start.Until = &end
	return start, true
}

// numericMonth reads a month written in figures or Roman numerals; 0 for
// none.
func numericMonth(s string) time.Month {
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= 12 {
			return time.Month(n)
		}
		return 0
	}
	for i, r := range []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"} {
		if s == r {
			return time.Month(i + 1)
		}
	}
	return 0
}

// dayDate builds a day-precision date, refusing days the month does not have.
func dayDate(d Date, year string, month time.Month, day string) (Date, bool) {
	y, _ := strconv.Atoi(year)
	dd, _ := strconv.Atoi(day)
	t := time.Date(y, month, dd, 0, 0, 0, 0, time.UTC)
	if dd < 1 || t.Day() != dd || month == 0 {
		return Date{}, false
	}
	d.Time, d.Precision = t, PrecisionDay
	return d, true
}

// Dates stated inside a body paragraph. The editorial correction "[sic; X]"
// may follow the day or the month it corrects.
var (
	sic     = `(?:\s*\[sic;?\s*(` + monthRE + `|\d{1,2})\])?`
	textDMY = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?` + sic + ` (?:of )?(` + monthRE + `)` + sic + `,? (\d{4})\b`)
	textMDY = regexp.MustCompile(`\b(` + monthRE + `)` + sic + `(?: |\b)(\d{1,2})(?:st|nd|rd|th)?` + sic + `,? (\d{4})\b`) // "Dec.20, 1949" too
	textMY  = regexp.MustCompile(`\b(` + monthRE + `),? (\d{4})\b`)
	textYMD = regexp.MustCompile(`\b(\d{4}) (` + monthRE + `) (\d{1,2})\b`)
	// Dates in figures with full stops (see FindDates).
	textNumericDMY = regexp.MustCompile(`\b(\d{1,2})\.\s?(\d{1,2}|[IVX]{1,4})\.\s?((?:1[89]|20)\d\d)\b`)
	textNumericYMD = regexp.MustCompile(`\b((?:1[89]|20)\d\d)\.\s?(\d{1,2}|[IVX]{1,4})\.\s?(\d{1,2})\b\.?`)
	textShortYMD   = regexp.MustCompile(`\b(\d\d)\. (\d{1,2})\. (\d{1,2})\.`)
	// textRomanDMY is a day, a month in Roman numerals and a year apart
	// by spaces: "22 I 1947", "8. V 1980".
	textRomanDMY = regexp.MustCompile(`\b(\d{1,2})\.? ([IVX]{1,4})\.? ((?:1[89]|20)\d\d)\b`)
	// textShortDMY is a day, a month and a year of two figures each,
	// with full stops: "14.03.64" in a telegram's heading.
	textShortDMY = regexp.MustCompile(`(?:^|[^\d.])(\d\d)\.(\d\d)\.(\d\d)(?:$|[^\d.]|\.(?:$|\D))`)
	textDMBY     = regexp.MustCompile(`\b(\d{1,2}) (` + monthRE + `),? \[(\d{4})\]`)
	// textYear is a year standing alone; yearsAlone finds its matches
	// without running it, which costs a tenth as much.
	textYear   = regexp.MustCompile(`(?:^|[^\d,.])((?:1[89]|20)\d\d)(?:$|[^\d,]|,\D|,$)`)
	textLastMo = regexp.MustCompile(`(?i)\b(last|next|this) (January|February|March|April|May|June|July|August|September|October|November|December)\b`)
)

// FindDates returns the dates a paragraph states, in text order. Relative
// dates ("last year", "next year", "last September", "March 30 of this
// year", "four years ago", "the fifth anniversary of ...", "yesterday",
// "today") and days given without a year ("On 2 November") are resolved
// against ref, the document's date; when the document is undated they
// are skipped rather than guessed.
func FindDates(text string, paragraph int, ref Date) []DateMention {
	// The patterns are costly; most paragraphs hold no year, no month and
	// no relative words, so look for those first.
	hasYear, hasRelative := hasFourDigits(text), hasRelativeWord(text)
	hasMonth, hasPhrase := hasMonthName(text), hasRelativePhrase(text)
	hasShort, hasTime := hasShortYMD(text), ref.Precision == PrecisionDay && hasClock(text)
	hasTwoFigures, hasOrdinal := hasTwoFigureDMY(text), hasDayOrdinal(text)
	if !hasYear && !hasRelative && !hasMonth && !hasPhrase && !hasShort && !hasTime && !hasTwoFigures && !hasOrdinal {
		return nil
	}
	var out []DateMention
	taken := make([]bool, len(text))
	free := func(a, b int) bool {
		for i := a; i < b; i++ {
			if taken[i] {
				return false
			}
		}
		return true
	}
	// addAll records the dates one phrase states: one, or several for a
	// list ("February 3 and May 9 of this year"), each with the phrase's text.
	addAll := func(start, end int, ds []Date, m DateMention) {
		if !free(start, end) {
			return
		}
		for i := start; i < end; i++ {
			taken[i] = true
		}
		m.Text, m.Paragraph, m.Start, m.End = text[start:end], paragraph, start, end
		for _, d := range ds {
			d.Text = m.Text
			m.Date = d
			out = append(out, m)
		}
	}
	add := func(start, end int, d Date, corrected, relative bool) {
		addAll(start, end, []Date{d}, DateMention{Corrected: corrected, Relative: relative})
	}
	// Every match of a pattern with a month holds a month's first three
	// letters, and every match of illegibleMonth a day before a year: a
	// window of text without them is not searched. The patterns with a
	// month start at the month or at a number, and are tried there alone.
	var monthsAt, dayYearsAt, daysAt []int
	if hasMonth {
		monthsAt, daysAt = monthAnchorsAt(text), numbersAt(text)
	}
	if hasYear {
		dayYearsAt = yearsAfterDay(text)
	}
	monthIn := func(ws, we int) bool { return anyIn(monthsAt, ws, we-3) }
	dayYearIn := func(ws, we int) bool { return anyIn(dayYearsAt, ws, we-4) }
	// A year the editor supplied: "24 December [1965]".
	for _, m := range nearYears(hasYear && hasMonth, textDMBY, text, monthIn, daysAt) {
		if d, ok := dayDate(Date{}, text[m[6]:m[7]], months[strings.ToLower(text[m[4]:m[5]])], text[m[2]:m[3]]); ok {
			add(m[0], m[1], d, false, false)
		}
	}
	// Year month day, as some chancelleries date: "1958 January 23".
	for _, m := range nearYears(hasYear && hasMonth, textYMD, text, monthIn, daysAt) {
		if d, ok := dayDate(Date{}, text[m[2]:m[3]], months[strings.ToLower(text[m[4]:m[5]])], text[m[6]:m[7]]); ok {
			add(m[0], m[1], d, false, false)
		}
	}
	// Dates in figures with full stops, as Central and East European
	// records write them: day, month (in figures or Roman numerals) and
	// year ("12.03.1970", "28.VIII.1962"), or year, month and day
	// ("1976. 9. 28", and in a telegram's heading "80. 10. 02.").
	if dotted := hasYear && hasDottedYear(text); dotted || hasShort {
		for _, m := range findAll(dotted, textNumericDMY, text) {
			if d, ok := dayDate(Date{}, text[m[6]:m[7]], numericMonth(text[m[4]:m[5]]), text[m[2]:m[3]]); ok {
				add(m[0], m[1], d, false, false)
			}
		}
		for _, m := range findAll(dotted, textNumericYMD, text) {
			if d, ok := dayDate(Date{}, text[m[2]:m[3]], numericMonth(text[m[4]:m[5]]), text[m[6]:m[7]]); ok {
				add(m[0], m[1], d, false, false)
			}
		}
		for _, m := range findAll(hasShort, textShortYMD, text) {
			if yy, _ := strconv.Atoi(text[m[2]:m[3]]); yy >= 40 {
				if d, ok := dayDate(Date{}, strconv.Itoa(1900+yy), numericMonth(text[m[4]:m[5]]), text[m[6]:m[7]]); ok {
					add(m[0], m[1], d, false, false)
				}
			}
		}
	}
	if hasTwoFigures {
		for _, m := range textShortDMY.FindAllStringSubmatchIndex(text, -1) {
			if yy, _ := strconv.Atoi(text[m[6]:m[7]]); yy >= 40 {
				if d, ok := dayDate(Date{}, strconv.Itoa(1900+yy), numericMonth(text[m[4]:m[5]]), text[m[2]:m[3]]); ok {
					add(m[2], m[7], d, false, false)
				}
			}
		}
	}
	for _, m := range findAll(hasYear && hasRomanMonth(text), textRomanDMY, text) {
		if d, ok := dayDate(Date{}, text[m[6]:m[7]], numericMonth(text[m[4]:m[5]]), text[m[2]:m[3]]); ok {
			add(m[0], m[1], d, false, false)
		}
	}
	// Day month year, with editorial corrections. The last day of a list
	// or a range ("4 and 5 December 1970", "22 – 23 November 1978") is
	// left to the lists below, which read every day of it.
	for _, m := range nearYears(hasYear && hasMonth, textDMY, text, monthIn, daysAt) {
		if t, _ := tail(text[:m[0]], 16); dayListBefore.MatchString(t) {
			continue
		}
		day, month, year := text[m[2]:m[3]], text[m[6]:m[7]], text[m[10]:m[11]]
		corrected := false
		if m[4] >= 0 {
			day, month, corrected = fixSic(text[m[4]:m[5]], day, month)
		}
		if m[8] >= 0 {
			day, month, corrected = fixSic(text[m[8]:m[9]], day, month)
		}
		if d, ok := dayDate(Date{}, year, months[strings.ToLower(month)], day); ok {
			add(m[0], m[1], d, corrected, false)
		}
	}
	for _, m := range nearYears(hasYear && hasMonth, textMDY, text, monthIn, monthsAt) {
		month, day, year := text[m[2]:m[3]], text[m[6]:m[7]], text[m[10]:m[11]]
		corrected := false
		if m[4] >= 0 {
			day, month, corrected = fixSic(text[m[4]:m[5]], day, month)
		}
		if m[8] >= 0 {
			day, month, corrected = fixSic(text[m[8]:m[9]], day, month)
		}
		if d, ok := dayDate(Date{}, year, months[strings.ToLower(month)], day); ok {
			add(m[0], m[1], d, corrected, false)
		}
	}
	// A day and year after a month that scanning damaged: "o(ctober 3,
	// 1960". Only the year is read; the words stay as written.
	for _, m := range nearYears(len(dayYearsAt) > 0, illegibleMonth, text, dayYearIn, nil) {
		if !monthTail(text[m[2]:m[3]]) {
			continue
		}
		if d, ok := dayDate(Date{}, text[m[6]:m[7]], time.January, text[m[4]:m[5]]); ok {
			d.Time, d.Precision = time.Date(d.Time.Year(), 1, 1, 0, 0, 0, 0, time.UTC), PrecisionYear
			addAll(m[2], m[1], []Date{d}, DateMention{Illegible: true})
		}
	}
	for _, m := range nearYears(hasYear && hasMonth, textMY, text, monthIn, monthsAt) {
		if t, _ := tail(text[:m[0]], 8); dayBefore.MatchString(t) {
			continue // a list of days the lists below read
		}
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		mon := months[strings.ToLower(text[m[2]:m[3]])]
		add(m[0], m[1], Date{Time: time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionMonth}, false, false)
	}
	// Days and months without a year, alone or in lists: "On 2 November",
	// "November 12 and 19", "February 3 and May 9 of this year".
	if hasMonth {
		// A match of textMDList has a day after its month, one of
		// textDMList a day before it.
		dayAfter, dayBefore := monthsWithDays(text, monthsAt)
		for _, re := range []*regexp.Regexp{textMDList, textDMList} {
			withDay, starts := dayAfter, monthsAt
			if re == textDMList {
				withDay, starts = dayBefore, daysAt
			}
			need := func(ws, we int) bool { return anyIn(withDay, ws, we-3) }
			for _, m := range nearAnchors(len(withDay) > 0, re, text, monthAnchors, 50, 80, need, starts) {
				var items []dayItem
				suffixAt := m[len(m)-2]
				if re == textMDList {
					items = dayList(text, m[2], m[7], 0)
				} else {
					mon := months[strings.ToLower(text[m[6]:m[7]])]
					items = dayList(text, m[2], m[5], mon)
					for i := range items {
						items[i].month = mon
					}
				}
				if len(items) == 0 {
					continue
				}
				start, end, suffix := m[0], m[1], ""
				if suffixAt >= 0 {
					suffix = text[suffixAt:m[len(m)-1]]
				}
				if last := items[len(items)-1].end; re == textMDList && last < m[7] {
					// The list ended early at a clock time: the phrase ends with its last day.
					end, suffix = last, ""
				} else if re == textDMList && last < m[5] {
					continue
				}
				ds, relative, ok := readDayList(items, suffix, ref)
				if !ok {
					continue
				}
				if t, at := tail(text[:start], 30); nearDayLead.MatchString(t) {
					start = at + nearDayLead.FindStringIndex(t)[0]
				}
				addAll(start, end, ds, DateMention{Relative: relative})
			}
		}
	}
	if !ref.IsZero() {
		refYear := ref.Time.Year()
		// A month of a year named relatively: "in July of this year".
		for _, m := range nearAnchors(hasMonth && hasDayOf(text), textMonthOf, text, monthAnchors, 0, 30, nil, nil) {
			mon := months[strings.ToLower(text[m[2]:m[3]])]
			y := refYear + yearShift(text[m[4]:m[5]])
			add(m[0], m[1], Date{Time: time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionMonth}, false, true)
		}
		// "last September" is September of the year before the document, as
		// translators render "v sentyabre proshlogo goda"; "next" and "this"
		// likewise name the following and the same year.
		for _, m := range nearAnchors(hasRelative && hasMonth, textLastMo, text, monthAnchors, 6, 10, nil, nil) {
			mon := months[strings.ToLower(text[m[4]:m[5]])]
			y := refYear + yearShift(text[m[2]:m[3]])
			add(m[0], m[1], Date{Time: time.Date(y, mon, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionMonth}, false, true)
		}
		// Time counted back: "four years ago" is the document's year less
		// four; "about four years ago" only approximately.
		for _, m := range nearAnchors(hasPhrase, textAgo, text, []string{" ago", " AGO", " Ago"}, 50, 4, nil, nil) {
			if d, ok := ago(ref, text[m[4]:m[5]], text[m[6]:m[7]], m[2] >= 0); ok {
				add(m[0], m[1], d, false, true)
			}
		}
		// An anniversary: the fifth anniversary of an event in 1958 puts
		// the event in 1953.
		for _, m := range nearAnchors(hasPhrase, textAnniversary, text, []string{"nniversary", "NNIVERSARY"}, 30, 90, nil, nil) {
			n := countOf(text[m[2]:m[3]], ordinals)
			if n < 1 || n > 500 {
				continue
			}
			end := m[4] + len(trimAnniversaryObject(text[m[4]:m[5]]))
			add(m[0], end, Date{Time: time.Date(refYear-n, 1, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionYear}, false, true)
		}
		if ref.Precision == PrecisionDay {
			for _, m := range findAll(hasPhrase, textNearDay, text) {
				word := strings.ToLower(text[m[2]:m[3]])
				if word == "last night" && strings.HasSuffix(strings.ToLower(text[:m[0]]), "the ") {
					continue // "the last night of the talks"
				}
				shift := nearDayShift[word]
				add(m[0], m[1], Date{Time: ref.Time.AddDate(0, 0, shift), Precision: PrecisionDay}, false, true)
			}
		}
		// A day of the document's month: "on the 12th of this month",
		// "the 5th inst." (instant, the current month); "of last month"
		// is the month before.
		if ref.Precision == PrecisionDay {
			for _, m := range findAll(hasPhrase, textDayOfMonth, text) {
				months := 0
				if w := strings.ToLower(text[m[4]:m[5]]); w == "of last month" || strings.HasPrefix(w, "ult") {
					months = -1
				}
				first := time.Date(ref.Time.Year(), ref.Time.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
				if d, ok := dayDate(Date{}, strconv.Itoa(first.Year()), first.Month(), text[m[2]:m[3]]); ok {
					add(m[0], m[1], d, false, true)
				}
			}
		}
		if ref.Precision == PrecisionDay && hasOrdinal {
			// "on the 21st", "Since the 15th,": the day of the record's
			// month, or of the month before when that is still to come.
			for _, m := range textOnTheDay.FindAllStringSubmatchIndex(text, -1) {
				if !dayOfMonthAlone(text, m[1]) {
					continue
				}
				day, _ := strconv.Atoi(text[m[2]:m[3]])
				if d, ok := dayNear(ref.Time, day, looksAhead(text, m[0])); ok {
					add(m[0], m[1], d, false, true)
				}
			}
			// "On Tuesday", "last Friday": the last such day (the next
			// one in a sentence that looks ahead).
			for _, m := range textOnWeekday.FindAllStringSubmatchIndex(text, -1) {
				word := strings.ToLower(text[m[0] : m[0]+4])
				ahead := word == "next" || looksAhead(text, m[0])
				add(m[0], m[1], weekdayNear(ref.Time, weekdays[text[m[2]:m[3]]], word == "last", ahead), false, true)
			}
		}
		for _, m := range relativeYears(hasRelative || hasPhrase, text) {
			y := refYear + yearShift(text[m[2]:m[3]])
			add(m[0], m[1], Date{Time: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionYear}, false, true)
		}
	}
	for _, at := range yearsAlone(hasYear, text) {
		if at+4 < len(text) && text[at+4] == 's' { // a decade: "the 1950s"
			continue
		}
		y, _ := strconv.Atoi(text[at : at+4])
		add(at, at+4, Date{Time: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionYear}, false, false)
	}
	// A time of day that no date stands beside is the record's day: "At
	// 9:30 a.m. at the Brandenburg gates ..." in a report of 18 June.
	if hasTime {
		dated := len(out)
		for _, m := range textAtClock.FindAllStringIndex(text, -1) {
			if !nearMention(out[:dated], m[0], m[1]) {
				add(m[0], m[1], Date{Time: ref.Time, Precision: PrecisionDay}, false, true)
			}
		}
	}
	brackets := bracketsOf(text)
	for i := range out {
		m := &out[i]
		// The part of a period the text names stays in its words, to the
		// month or year it gives: "mid-March 1949".
		if !m.Relative && (m.Date.Precision == PrecisionMonth || m.Date.Precision == PrecisionYear) {
			if t, at := tail(text[:m.Start], 20); periodLead.MatchString(t) && free(at+periodLead.FindStringIndex(t)[0], m.Start) {
				m.Start = at + periodLead.FindStringIndex(t)[0]
				m.Text = text[m.Start:m.End]
				m.Date.Text = m.Text
			}
		}
		m.Editorial = brackets.inside(m.Start, m.End)
	}
	slices.SortStableFunc(out, func(a, b DateMention) int { return a.Start - b.Start })
	return out
}

// documentDates finds the dates a document states: in its summary, as
// paragraph 0, and in its body. A date line, a paragraph that is only a
// date and perhaps a place, dates the entry below it: the relative dates
// and the days without a year there are read against it rather than the
// document's date (a diary entry of 3 October inside a record of 2 October).
func documentDates(doc Document) []DateMention {
	out := FindDates(doc.Summary, 0, doc.Date)
	ref, entry := doc.Date, false
	for _, p := range doc.Paragraphs {
		ms := FindDates(p.Text, p.N, ref)
		for i := range ms {
			ms[i].EntryDated = entry && ms[i].Relative
		}
		if i, ok := dateline(p.Text, ms); ok {
			ms[i].Dateline = true
			// An entry dated the document's day reads as the document.
			ref, entry = ms[i].Date, ms[i].Date.String() != doc.Date.String()
			ref.Text = ms[i].Text
		}
		out = append(out, ms...)
	}
	return out
}

// journalOf opens the heading of a journal's or a diary's entry, whose
// date follows, then its keeper and number.
var journalOf = regexp.MustCompile(`(?i)^\s*from the (?:diary|journal) of\s*$`)

// dateline finds the date that makes a paragraph a date line: one day,
// with at most a few words of place or a label around it, perhaps a time
// of day, and no other number ("Lindmar, October 3, 1970", "(5 November
// 1968)", "Time: 28 August 1962, 7:30 a.m.", "July 29th 19:30~21:30": a
// day without its year takes the document's).
func dateline(text string, ms []DateMention) (int, bool) {
	if len(ms) != 1 || len(text) > 80 {
		return 0, false
	}
	m := ms[0]
	if m.Date.Precision != PrecisionDay || m.Date.Until != nil || m.Relative && !dayMonthOnly.MatchString(m.Text) {
		return 0, false
	}
	if journalOf.MatchString(text[:m.Start]) {
		return 0, true // "From the journal of 29 September 1977 Ratanov, A.P. Original No. 354"
	}
	rest := clockTime.ReplaceAllString(text[:m.Start]+" "+text[m.End:], " ")
	for _, r := range rest {
		if !unicode.IsLetter(r) && !unicode.IsSpace(r) && !strings.ContainsRune(",.()[]-–—'’:~", r) {
			return 0, false
		}
	}
	return 0, len(strings.Fields(rest)) <= 4
}

// ago reads "four years ago" back from ref. A qualified count ("about
// four years ago") gives an approximate year, and no month or day.
func ago(ref Date, count, unit string, qualified bool) (Date, bool) {
	n := countOf(count, cardinals)
	if n < 1 || n > 500 {
		return Date{}, false
	}
	switch strings.ToLower(unit) {
	case "year":
		p := PrecisionYear
		if qualified || ref.Precision == PrecisionApproximate {
			p = PrecisionApproximate
		}
		return Date{Time: time.Date(ref.Time.Year()-n, 1, 1, 0, 0, 0, 0, time.UTC), Precision: p}, true
	case "month":
		if qualified || (ref.Precision != PrecisionDay && ref.Precision != PrecisionMonth) {
			return Date{}, false
		}
		t := time.Date(ref.Time.Year(), ref.Time.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -n, 0)
		return Date{Time: t, Precision: PrecisionMonth}, true
	case "day":
		if qualified || ref.Precision != PrecisionDay {
			return Date{}, false
		}
		return Date{Time: ref.Time.AddDate(0, 0, -n), Precision: PrecisionDay}, true
	}
	return Date{}, false
}

// fixSic applies an editorial correction to a day or a month.
func fixSic(correction, day, month string) (string, string, bool) {
	if _, err := strconv.Atoi(correction); err == nil {
		return correction, month, true
	}
	return day, correction, true
}

func yearShift(word string) int {
	switch strings.TrimPrefix(strings.ToLower(word), "the ") {
	case "last", "past":
		return -1
	case "next", "coming":
		return 1
	}
	return 0
}

// nearYears runs re, whose matches hold a four-digit year, over a window
// of text around each year, which costs far less than running it over a
// whole paragraph; a window where need finds nothing a match needs is
// skipped. Matches come back in text order, each once.
//
// starts, when not nil, are the places in text where a match of re can
// start; re is then tried at those alone (see windowMatches).
func nearYears(may bool, re *regexp.Regexp, text string, need func(ws, we int) bool, starts []int) [][]int {
	if !may {
		return nil
	}
	const before, after = 60, 30
	var out [][]int
	seen := map[int]bool{}
	for i := 0; i+4 <= len(text); i++ {
		if !isDigits(text[i:i+4]) || i > 0 && isDigit(text[i-1]) || i+4 < len(text) && isDigit(text[i+4]) {
			continue
		}
		ws, we := max(0, i-before), min(len(text), i+4+after)
		for ws > 0 && text[ws-1] != ' ' {
			ws--
		}
		for we < len(text) && text[we] != ' ' {
			we++
		}
		if !need(ws, we) {
			i += 3
			continue
		}
		for _, m := range windowMatches(re, text, ws, we, starts) {
			if !seen[m[0]] {
				seen[m[0]] = true
				out = append(out, m)
			}
		}
		i += 3
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// hasDayOf reports whether text may hold "March 30 of this year".
func hasDayOf(text string) bool {
	if !isASCII(text) {
		l := strings.ToLower(text)
		return strings.Contains(l, " of this year") || strings.Contains(l, " of last year") || strings.Contains(l, " of next year") ||
			strings.Contains(l, " of the current year") || strings.Contains(l, " of the past year")
	}
	// Lowering ASCII text is folding its ASCII case, which needs no copy.
	for i := 0; i+4 <= len(text); i++ {
		if text[i] != ' ' || !foldsTo(text[i+1:i+4], "of ") {
			continue
		}
		rest := text[i+4:]
		for _, p := range []string{"this year", "last year", "next year", "the current year", "the past year"} {
			if len(rest) >= len(p) && foldsTo(rest[:len(p)], p) {
				return true
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// findAll runs re over text when the text may hold a match.
func findAll(may bool, re *regexp.Regexp, text string) [][]int {
	if !may {
		return nil
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}

// hasClock reports whether text may hold a time of day of textAtClock.
func hasClock(text string) bool {
	return strings.Contains(text, ".m.") || strings.Contains(text, "ours") || strings.Contains(text, "hrs")
}

// nearMention reports whether a date of ms stands within a few words of
// text[start:end]: a time of day it gives the hour of ("at 2 p.m. (Berlin
// time) on June 18").
func nearMention(ms []DateMention, start, end int) bool {
	for _, m := range ms {
		if m.End > start-clockReach && m.Start < end+clockReach {
			return true
		}
	}
	return false
}

// clockReach is how near a date must stand to a time of day to give it
// its day.
const clockReach = 40

// hasDottedYear reports whether text holds four figures with a full stop
// just before or after them: the year of a date in figures.
func hasDottedYear(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if !isDigits(text[i : i+4]) {
			continue
		}
		if i+4 < len(text) && text[i+4] == '.' || i >= 1 && text[i-1] == '.' || i >= 2 && text[i-2:i] == ". " {
			return true
		}
	}
	return false
}

// hasTwoFigureDMY reports whether text may hold a date of textShortDMY:
// two figures, a full stop, two figures, a full stop and two figures.
func hasTwoFigureDMY(text string) bool {
	for i := 0; i+8 <= len(text); i++ {
		if text[i+2] == '.' && text[i+5] == '.' && isDigits(text[i:i+2]) && isDigits(text[i+3:i+5]) && isDigits(text[i+6:i+8]) {
			return true
		}
	}
	return false
}

// hasRomanMonth reports whether text may hold a date of textRomanDMY: a
// Roman numeral of a month between a space and a space or full stop,
// after a figure.
func hasRomanMonth(text string) bool {
	for i := 2; i+2 < len(text); i++ {
		if text[i-1] != ' ' || !strings.ContainsRune("IVX", rune(text[i])) || !isDigit(text[i-2]) && text[i-2] != '.' {
			continue
		}
		j := i
		for j < len(text) && strings.ContainsRune("IVX", rune(text[j])) {
			j++
		}
		if j < len(text) && (text[j] == ' ' || text[j] == '.') {
			return true
		}
	}
	return false
}

// hasShortYMD reports whether text may hold a date of textShortYMD: two
// figures, a full stop, a space and a figure ("80. 10. 02.").
func hasShortYMD(text string) bool {
	for i := 2; i+2 < len(text); i++ {
		if text[i] == '.' && text[i+1] == ' ' && isDigit(text[i+2]) && isDigit(text[i-1]) && isDigit(text[i-2]) {
			return true
		}
	}
	return false
}

// hasFourDigits reports whether text holds a run of four digits.
func hasFourDigits(text string) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// hasRelativeWord reports whether text holds "last", "next" or "this",
// the words relative dates start with, in any case.
func hasRelativeWord(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		// Four bytes lower to one of the words only when all four are
		// ASCII letters, so ASCII case folding answers as strings.ToLower.
		switch text[i] | 0x20 {
		case 'l', 'n', 't':
			if w := text[i : i+4]; foldsTo(w, "last") || foldsTo(w, "next") || foldsTo(w, "this") {
				return true
			}
		}
	}
	return false
}

// yearsAlone returns where the years that textYear matches start, in text
// order, each the year of one match of textYear.FindAllStringSubmatchIndex
// over text: a year of 18xx, 19xx or 20xx, at the start of the text or
// after a character that is not a digit, comma or full stop, and at the
// end of the text or before a character that is neither a digit nor a
// comma, or before a comma that ends the text or comes before something
// other than a digit ("1958, 1959" gives 1958 only). Like the pattern,
// each match takes the characters around its year, which a year that
// follows at once cannot then use ("1958 1959" gives 1958 only). Text
// that is not UTF-8 is left to the pattern itself.
func yearsAlone(may bool, text string) []int {
	if !may {
		return nil
	}
	if !utf8.ValidString(text) {
		var out []int
		for _, m := range textYear.FindAllStringSubmatchIndex(text, -1) {
			out = append(out, m[2])
		}
		return out
	}
	var out []int
	from := 0 // where the next match may start: the end of the last one
	for y := 0; y+4 <= len(text); y++ {
		if !isYearAt(text, y) {
			continue
		}
		if y > 0 { // the character before the year is part of the match
			r, w := utf8.DecodeLastRuneInString(text[:y])
			if y-w < from || r >= '0' && r <= '9' || r == ',' || r == '.' {
				continue
			}
		} else if from > 0 {
			continue
		}
		end, ok := yearEnd(text, y+4)
		if !ok {
			continue
		}
		out = append(out, y)
		from = end
		y = end - 1
	}
	return out
}

// isYearAt reports whether text holds 18xx, 19xx or 20xx at i.
func isYearAt(text string, i int) bool {
	return (text[i] == '1' && (text[i+1] == '8' || text[i+1] == '9') || text[i] == '2' && text[i+1] == '0') &&
		isDigit(text[i+2]) && isDigit(text[i+3])
}

// yearEnd is where a match of textYear whose year ends at e ends: at the
// end of the text, after the character there when it is neither a digit
// nor a comma, or after a comma and what follows it when that is not a
// digit; false when none of these.
func yearEnd(text string, e int) (int, bool) {
	if e == len(text) {
		return e, true
	}
	r, w := utf8.DecodeRuneInString(text[e:])
	switch {
	case r == ',':
		if e+1 == len(text) {
			return e + 1, true
		}
		r2, w2 := utf8.DecodeRuneInString(text[e+1:])
		if r2 >= '0' && r2 <= '9' {
			return 0, false
		}
		return e + 1 + w2, true
	case r >= '0' && r <= '9':
		return 0, false
	}
	return e + w, true
}

// relativeYears finds what relativeYear.FindAllStringSubmatchIndex
// finds in text, running it only over the few bytes around each " year"
// (in any case) that comes after one of its words in any case, or after a
// long s ("ſ", which matches "s" regardless of case) close before. A
// match ends with " year", and no match can hold another's " year", so
// each is found at its own. The bytes before and after are kept so that
// the pattern's \b reads the same characters as over the whole text; a
// match that ends elsewhere in a window is not taken from it.
func relativeYears(may bool, text string) [][]int {
	if !may {
		return nil
	}
	const longest = len("the current")
	var out [][]int
	for i := 0; i+5 <= len(text); i++ {
		if !foldsTo(text[i:i+5], " year") || !relativeBefore(text[max(0, i-longest-1):i]) {
			continue
		}
		ws, we := max(0, i-longest-1), min(len(text), i+6)
		for _, m := range relativeYear.FindAllStringSubmatchIndex(text[ws:we], -1) {
			if ws+m[1] != i+5 {
				continue
			}
			for j := range m {
				m[j] += ws
			}
			out = append(out, m)
		}
		i += 4
	}
	return out
}

// relativeBefore reports whether before, the bytes before " year", may
// end with a word relativeYear takes: one of them in any case, or a
// long s.
func relativeBefore(before string) bool {
	if strings.Contains(before, "ſ") {
		return true
	}
	for _, w := range []string{"last", "next", "this", "the coming", "the current"} {
		if len(before) >= len(w) && foldsTo(before[len(before)-len(w):], w) {
			return true
		}
	}
	return false
}

// foldsTo reports whether s is word, which is in lower case and of
// letters whose only other case is the ASCII one, in any case.
func foldsTo(s, word string) bool {
	if len(s) != len(word) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != word[i] && !(isLower(word[i]) && s[i] == word[i]-('a'-'A')) {
			return false
		}
	}
	return true
}

// monthAnchorsAt returns where text holds one of the monthAnchors, in
// order.
func monthAnchorsAt(text string) []int {
	var out []int
	for i := 0; i+3 <= len(text); i++ {
		if isUpper(text[i]) && isMonthAnchor(text[i:i+3]) {
			out = append(out, i)
		}
	}
	return out
}

func isMonthAnchor(s string) bool {
	switch s {
	case "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
		return true
	}
	return false
}

// yearsAfterDay returns where text holds a year (four digits, no more)
// after a day and a space, with or without a comma between: "3, 1960",
// "3 1960". Every match of illegibleMonth holds one.
func yearsAfterDay(text string) []int {
	var out []int
	for i := 2; i+4 <= len(text); i++ {
		if !isDigits(text[i:i+4]) || isDigit(text[i-1]) || i+4 < len(text) && isDigit(text[i+4]) {
			continue
		}
		if text[i-1] == ' ' && (isDigit(text[i-2]) || text[i-2] == ',' && i >= 3 && isDigit(text[i-3])) {
			out = append(out, i)
		}
		i += 3
	}
	return out
}

// anyIn reports whether the sorted positions hold one from lo to hi.
func anyIn(positions []int, lo, hi int) bool {
	i, _ := slices.BinarySearch(positions, lo)
	return i < len(positions) && positions[i] <= hi
}

// monthsWithDays picks out of the months text names (monthsAt) those that
// may have a day after them, a space and one or two digits within the
// longest month's length ("November 12"), and those that may have one
// before them, a digit within the seven bytes before ("12th of November").
func monthsWithDays(text string, monthsAt []int) (after, before []int) {
	for _, a := range monthsAt {
		for k := a + 3; k <= a+len("September") && k+1 < len(text); k++ {
			if text[k] == ' ' && isDigit(text[k+1]) && (k+2 == len(text) || !isDigit(text[k+2]) || k+3 == len(text) || !isDigit(text[k+3])) {
				after = append(after, a)
				break
			}
		}
		for k := max(0, a-7); k < a; k++ {
			if isDigit(text[k]) {
				before = append(before, a)
				break
			}
		}
	}
	return after, before
}

// windowMatches is re.FindAllStringSubmatchIndex(text[ws:we], -1), its
// offsets in text. Given starts, the places in text where a match can
// start (sorted), and an anchored copy of re (anchoredCopies), it tries re
// there alone, as the search over the window would come to them: the
// first place at or after the end of the last match where re matches
// starts the next. Every pattern given starts opens with \b before a
// letter or digit, which holds at a place inside the window when the byte
// before is not a letter, digit or underscore, and at the window's start.
func windowMatches(re *regexp.Regexp, text string, ws, we int, starts []int) [][]int {
	at := anchoredCopies[re]
	if starts == nil || at == nil {
		out := re.FindAllStringSubmatchIndex(text[ws:we], -1)
		for _, m := range out {
			for j := range m {
				if m[j] >= 0 {
					m[j] += ws
				}
			}
		}
		return out
	}
	var out [][]int
	from := ws
	k, _ := slices.BinarySearch(starts, ws)
	for ; k < len(starts) && starts[k] < we; k++ {
		c := starts[k]
		if c < from || c > ws && (isWordByte(text[c-1]) || text[c-1] == '_') {
			continue
		}
		m := at.FindStringSubmatchIndex(text[c:we])
		if m == nil {
			continue
		}
		for j := range m {
			if m[j] >= 0 {
				m[j] += c
			}
		}
		out = append(out, m)
		from = m[1]
	}
	return out
}

// anchoredCopies are the patterns windowMatches tries at given places,
// anchored there.
var anchoredCopies = func() map[*regexp.Regexp]*regexp.Regexp {
	out := map[*regexp.Regexp]*regexp.Regexp{}
	for _, re := range []*regexp.Regexp{textDMBY, textYMD, textDMY, textMDY, textMY, textMDList, textDMList, initialsName} {
		out[re] = regexp.MustCompile(`^(?:` + re.String() + `)`)
	}
	return out
}()

// numbersAt returns where the runs of digits in text start.
func numbersAt(text string) []int {
	var out []int
	for i := 0; i < len(text); i++ {
		if isDigit(text[i]) && (i == 0 || !isDigit(text[i-1])) {
			out = append(out, i)
		}
	}
	return out
}
