package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

const (
	todayUsage = "today [date]"
	// todayPerPage is how many documents one page of today shows.
	todayPerPage = 3
	// todayNearest is how many documents stand in for a day none is dated on.
	todayNearest = 3
	// todayPassageChars bounds today's passage: one sentence, cut at words
	// when it is longer.
	todayPassageChars = 400
)

// dayLister is an archive that lists its documents dated to the day
// (*index.Index does).
type dayLister interface {
	Days() []index.DayEntry
}

// daysOf returns the archive's day list, or false when it has none.
func daysOf(a Archive) ([]index.DayEntry, bool) {
	l, ok := ungated(a).(dayLister)
	if !ok {
		return nil, false
	}
	return l.Days(), true
}

// todayDate reads today's argument: nothing or "today" for the bot's
// clock, "tomorrow", "yesterday", or a date as documents write it, with or
// without a year: "12 March", "March 12", "1957-11-13". Only the day and
// month count.
func todayDate(text string, now time.Time) (time.Month, int, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	switch t {
	case "", "today", "now":
		return now.Month(), now.Day(), nil
	case "tomorrow":
		n := now.AddDate(0, 0, 1)
		return n.Month(), n.Day(), nil
	case "yesterday":
		n := now.AddDate(0, 0, -1)
		return n.Month(), n.Day(), nil
	}
	d, ok := corpus.ParseDate(text)
	if !ok || d.Precision != corpus.PrecisionDay || d.Until != nil {
		// Without a year: read it in a leap year, so that 29 February is a day.
		d, ok = corpus.ParseDate(text + " 2000")
		if !ok || d.Precision != corpus.PrecisionDay {
			d, ok = corpus.ParseDate(text + ", 2000")
		}
	}
	if !ok || d.Precision != corpus.PrecisionDay || d.Until != nil {
		return 0, 0, usagef("Give a day and a month, like `today 12 March`, `today March 12` or `today 1957-11-13`.")
	}
	return d.Time.Month(), d.Time.Day(), nil
}

// dayOfYear numbers a day and month in a leap year, 1 to 366.
func dayOfYear(m time.Month, d int) int {
	return time.Date(2000, m, d, 0, 0, 0, 0, time.UTC).YearDay()
}

// dayDistance is how many days apart two days of the year are, around the
// turn of the year.
func dayDistance(a, b int) int {
	d := a - b
	if d < 0 {
		d = -d
	}
	return min(d, 366-d)
}

func (b *Bot) today(ctx context.Context, c call) (Reply, error) {
	now := b.now()
	month, day, err := todayDate(c.args.text(), now)
	if err != nil {
		return Reply{}, err
	}
	all, ok := daysOf(c.archive)
	if !ok {
		return Reply{Kind: KindNotFound, Headline: "This archive cannot look documents up by their day.", Private: true}, nil
	}
	when := time.Date(2000, month, day, 0, 0, 0, 0, time.UTC).Format("January 2")
	var on []index.DayEntry
	for _, e := range all {
		if e.Date.Month() == month && e.Date.Day() == day && e.Date.Year() < now.Year() {
			on = append(on, e)
		}
	}
	var r Reply
	if len(on) > 0 {
		pages := (len(on) + todayPerPage - 1) / todayPerPage
		if c.args.page > pages {
			return Reply{}, usagef("There %s for %s.", map[bool]string{true: "is 1 page", false: "are " + plural(pages, "page")}[pages == 1], when)
		}
		r.Headline = fmt.Sprintf("On this day, %s: %s of earlier years", when, plural(len(on), "document"))
		if len(on) > todayPerPage || c.args.page > 1 {
			r.Page = &Page{Number: c.args.page, Of: pages, Total: len(on)}
			arg := strings.TrimSpace(c.args.text())
			cmd := func(n int) string { return strings.TrimSpace(fmt.Sprintf("today %s page:%d", arg, n)) }
			if r.Page.Number < r.Page.Of {
				r.Page.Next = cmd(r.Page.Number + 1)
			}
			if r.Page.Number > 1 {
				r.Page.Prev = cmd(r.Page.Number - 1)
			}
		}
		start := (c.args.page - 1) * todayPerPage
		on = on[start:min(start+todayPerPage, len(on))]
	} else {
		on = nearestDays(all, month, day, now.Year())
		if len(on) == 0 {
			return Reply{Kind: KindNotFound, Headline: "No document in the archive is dated to the day in an earlier year.", Hint: "Search by year with `search <words> year:1957`.", Private: true}, nil
		}
		r.Headline = fmt.Sprintf("No document is dated %s; the nearest dated documents", when)
		r.Hint = "Ask for another day with `today <day> <month>`."
	}
	r.Kind = KindAnswer
	var cites citations
	for _, e := range on {
		d, err := c.archive.Document(ctx, e.DocID)
		if errors.Is(err, index.ErrNotFound) {
			continue
		}
		if err != nil {
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
		if p, ok := openingPassage(d); ok {
			r.Passages = append(r.Passages, p)
		}
		cites.add(d)
	}
	r.Citations = cites.list
	return r, nil
}

// nearestDays are the documents dated nearest a day of the year, before
// year: the closest days first, then the earlier years, at most
// todayNearest.
func nearestDays(all []index.DayEntry, month time.Month, day, year int) []index.DayEntry {
	target := dayOfYear(month, day)
	var out []index.DayEntry
	best := -1
	for _, e := range all {
		if e.Date.Year() >= year {
			continue
		}
		dist := dayDistance(dayOfYear(e.Date.Month(), e.Date.Day()), target)
		switch {
		case best < 0 || dist < best:
			best, out = dist, []index.DayEntry{e}
		case dist == best:
			out = append(out, e)
		}
	}
	return out[:min(len(out), todayNearest)]
}

// openingPassage is a document's opening words for today: the first
// sentence of the archive's summary, else of its first paragraph,
// verbatim.
func openingPassage(d corpus.Document) (Passage, bool) {
	p := Passage{DocID: d.ID}
	text := d.Summary
	if strings.TrimSpace(text) != "" {
		p.Section = "summary"
	} else {
		if len(d.Paragraphs) == 0 {
			return Passage{}, false
		}
		text, p.Paragraph = d.Paragraphs[0].Text, d.Paragraphs[0].N
	}
	s := span{Start: 0, End: len(text)}
	if ss := corpus.Sentences(text); len(ss) > 0 {
		s = ss[0]
	}
	if s.End-s.Start > todayPassageChars {
		s = wordWindow(text, s, nil, todayPassageChars)
	}
	for s.Start < s.End && text[s.Start] == ' ' {
		s.Start++
	}
	p.Text = text[s.Start:s.End]
	p.Leading, p.Trailing = s.Start > 0, s.End < len(text)
	return p, p.Text != ""
}
