package index

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// DayEntry is a document dated to the day, for "on this day" lookups.
type DayEntry struct {
	DocID string
	Title string
	// Date is the document's date, to the day.
	Date time.Time
}

// days is the index's list of documents dated to the day, ordered by
// month and day, then year, built once from the lexicon on first use.
type days struct {
	once sync.Once
	list []DayEntry
}

// Days returns the documents dated to the day (not to a month or a year
// only), in calendar order: by month and day, then year, then id. It is
// built from the titles of the lexicon once, on first use, and needs no
// search; the caller must not change the list.
func (ix *Index) Days() []DayEntry {
	ix.days.once.Do(func() { ix.days.list = dayList(ix.lexicon.Titles) })
	return ix.days.list
}

// dayList reads the dates of titles and keeps those given to the day.
func dayList(titles []TitleEntry) []DayEntry {
	var out []DayEntry
	for _, t := range titles {
		d, ok := corpus.ParseDate(t.Date)
		if !ok || d.Precision != corpus.PrecisionDay || d.Until != nil {
			continue
		}
		out = append(out, DayEntry{DocID: t.DocID, Title: t.Title, Date: d.Time})
	}
	slices.SortFunc(out, func(a, b DayEntry) int {
		return cmp.Or(
			cmp.Compare(a.Date.Month(), b.Date.Month()), cmp.Compare(a.Date.Day(), b.Date.Day()),
			a.Date.Compare(b.Date), cmp.Compare(a.DocID, b.DocID),
		)
	})
	return out
}
