package index

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A record's date is indexed as four keyword terms, its decade, year,
// month and day ("D195", "Y1957", "M195711", "d19571113"), and a date
// range is the union of the few terms that tile it. Bleve's datetime
// field indexes sixteen prefix-coded terms per value, which on paragraph
// records was a tenth of the index; documents are dated by the day.

// dateTerms are the terms t is indexed under, at its day in UTC.
func dateTerms(t time.Time) []string {
	y, m, d := t.UTC().Date()
	return []string{
		fmt.Sprintf("D%03d", y/10),
		fmt.Sprintf("Y%04d", y),
		fmt.Sprintf("M%04d%02d", y, m),
		fmt.Sprintf("d%04d%02d%02d", y, m, d),
	}
}

// dayOf is midnight UTC of t's day.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// rangeTerms are the terms whose records' dates lie in [from, to), a
// zero bound being open (the indexed dates' range). Dates are days: a
// bound inside a day is taken as the next day.
func rangeTerms(from, to time.Time) []string {
	lo, hi := minIndexDate, maxIndexDate
	if !from.IsZero() {
		lo = dayOf(clampDate(from))
		if lo.Before(from) {
			lo = lo.AddDate(0, 0, 1)
		}
	}
	if !to.IsZero() {
		hi = dayOf(clampDate(to))
		if hi.Before(to) {
			hi = hi.AddDate(0, 0, 1)
		}
	}
	var out []string
	for cur := lo; cur.Before(hi); {
		y, m, d := cur.Date()
		next := cur.AddDate(0, 0, 1)
		term := fmt.Sprintf("d%04d%02d%02d", y, m, d)
		switch {
		case m == 1 && d == 1 && y%10 == 0 && !cur.AddDate(10, 0, 0).After(hi):
			next, term = cur.AddDate(10, 0, 0), fmt.Sprintf("D%03d", y/10)
		case m == 1 && d == 1 && !cur.AddDate(1, 0, 0).After(hi):
			next, term = cur.AddDate(1, 0, 0), fmt.Sprintf("Y%04d", y)
		case d == 1 && !cur.AddDate(0, 1, 0).After(hi):
			next, term = cur.AddDate(0, 1, 0), fmt.Sprintf("M%04d%02d", y, m)
		}
		out = append(out, term)
		cur = next
	}
	return out
}

// dateFilter matches the records dated in [from, to), none when the
// range holds no day, and adds nothing to a score.
func dateFilter(from, to time.Time) query.Query {
	terms := rangeTerms(from, to)
	if len(terms) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	alts := make([]query.Query, len(terms))
	for i, t := range terms {
		alts[i] = unscoredTerm(t, fieldDate)
	}
	dq := bleve.NewDisjunctionQuery(alts...)
	dq.SetBoost(0)
	return dq
}
