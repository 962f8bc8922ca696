package index

import (
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

func TestDays(t *testing.T) {
	docs := testDocs()
	extra := docs[0]
	extra.ID, extra.Title = "105", "A Later Memorandum on the Same Day"
	extra.Date = corpus.Date{Time: day(1961, time.November, 13), Precision: corpus.PrecisionDay, Text: "13 November 1961"}
	early := docs[0]
	early.ID, early.Title = "106", "A Spring Telegram"
	early.Date = corpus.Date{Time: day(1959, time.March, 2), Precision: corpus.PrecisionDay, Text: "March 2, 1959"}
	ranged := docs[0]
	ranged.ID = "107"
	until := corpus.Date{Time: day(1950, time.March, 5), Precision: corpus.PrecisionDay}
	ranged.Date = corpus.Date{Time: day(1950, time.March, 1), Precision: corpus.PrecisionDay, Until: &until}
	ix := openIndex(t, append(docs, extra, early, ranged))

	got := ix.Days()
	var ids []string
	for _, d := range got {
		ids = append(ids, d.DocID+" "+d.Date.Format("2006-01-02"))
	}
	// Day-precision documents only (102 is a month, 103 a year, 107 a
	// range), by month and day, then year.
	want := []string{"106 1959-03-02", "101 1957-11-13", "105 1961-11-13"}
	if len(ids) != len(want) {
		t.Fatalf("Days() = %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("Days() = %v, want %v", ids, want)
		}
	}
	if got[1].Title != docs[0].Title {
		t.Errorf("title %q, want %q", got[1].Title, docs[0].Title)
	}
	if again := ix.Days(); &again[0] != &got[0] {
		t.Error("Days built its list twice")
	}
}
