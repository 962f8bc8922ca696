package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// day returns midnight UTC of a date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// testDocs is a small fictional archive. The paragraph texts are chosen so
// that queries for "grain exports" hit some passages with the words side by
// side and others with them apart.
func testDocs() []corpus.Document {
	return []corpus.Document{
		{
			ID:    "101",
			Title: "Memorandum of Conversation between Minister Aldric Venn and Ambassador Mira Kostel",
			URL:   "https://archive.example/document/101",
			Date:  corpus.Date{Time: day(1957, time.November, 13), Precision: corpus.PrecisionDay, Text: "November 13, 1957"},
			Summary: "Venn and Kostel discuss the border treaty and trade between " +
				"Valdoria and Ostland.",
			Citation: corpus.Citation{
				Text:       `"Memorandum of Conversation between Minister Aldric Venn and Ambassador Mira Kostel," November 13, 1957, Valdorian State Archive, VSA F. 12, Op. 3, Delo 7. Translated by Lena Ruske.`,
				Title:      "Memorandum of Conversation between Minister Aldric Venn and Ambassador Mira Kostel",
				Date:       "November 13, 1957",
				Archive:    "Valdorian State Archive",
				Reference:  "VSA F. 12, Op. 3, Delo 7",
				Translator: "Lena Ruske",
			},
			OriginalLanguage: "Valdorian",
			Contents:         "Translation - English",
			TextKind:         "Translation",
			TextLanguage:     "English",
			Sections:         map[string]string{"Notes": "Two pages are missing."},
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "Minister Venn said that grain exports to Ostland would rise next year."},
				{N: 2, Text: "Ambassador Kostel replied that Ostland needs steel more than grain, and that the export of grain alone cannot balance trade."},
				{N: 3, Text: "The border treaty [sic] was not discussed at length."},
			},
			People: []corpus.Mention{
				{Name: "Aldric Venn", Role: "Minister", Where: corpus.InTitle},
				{Name: "Mira Kostel", Role: "Ambassador", Where: corpus.InBody, Paragraph: 2},
			},
			Dates: []corpus.DateMention{
				{Text: "next year", Date: corpus.Date{Time: day(1958, time.January, 1), Precision: corpus.PrecisionYear, Text: "next year"}, Relative: true, Paragraph: 1},
			},
			Source: "valdoria/101.txt",
		},
		{
			ID:               "102",
			Title:            "Letter from the Ostland Foreign Ministry on the Border Treaty",
			Date:             corpus.Date{Time: day(1962, time.May, 1), Precision: corpus.PrecisionMonth, Text: "May 1962"},
			Summary:          "Ostland proposes new talks.",
			Citation:         corpus.Citation{Title: "Letter from the Ostland Foreign Ministry on the Border Treaty"},
			OriginalLanguage: "Ostlandic",
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "The Ostland Foreign Ministry proposes new talks on the border treaty."},
				{N: 2, Text: "Steel deliveries to Valdoria will continue."},
			},
			Source: "ostland/102.txt",
		},
		{
			ID:    "103",
			Title: "Report on the Valdorian Harvest",
			Date:  corpus.Date{Time: day(1948, time.January, 1), Precision: corpus.PrecisionYear, Text: "1948"},
			Citation: corpus.Citation{
				Title: "Harvest Report of the Valdorian Agriculture Commission (Extract)",
			},
			OriginalLanguage: "valdorian",
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "The harvest of grain in Valdoria was poor, and exports fell by a third."},
				{N: 2, Text: "The commission blames the weather."},
			},
			Source: "valdoria/103.txt",
		},
		{
			ID:               "104",
			Title:            "Notes of an Unknown Official",
			OriginalLanguage: "English",
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "Grain exports were the only subject worth noting."},
			},
			Source: "misc/104.txt",
		},
	}
}

// sliceSource is a Source that yields docs with a fixed fingerprint.
func sliceSource(docs []corpus.Document) Source {
	return func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		rep := corpus.Report{Fingerprint: "test-fingerprint"}
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			if err := fn(d); err != nil {
				return rep, err
			}
			rep.Read++
		}
		return rep, nil
	}
}

// searchesDuring runs fn and returns how many searches ix ran meanwhile.
func searchesDuring(ix *Index, fn func()) int64 {
	before, _ := ix.SearchTime()
	fn()
	after, _ := ix.SearchTime()
	return after - before
}

// buildIndex builds docs into a new index under a temporary directory and
// returns its path.
func buildIndex(t testing.TB, docs []corpus.Document, opts BuildOptions) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "idx")
	if _, _, err := Build(context.Background(), path, sliceSource(docs), opts); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return path
}

// openIndex builds docs and opens the result, closing it when the test ends.
func openIndex(t testing.TB, docs []corpus.Document) *Index {
	t.Helper()
	ix, err := Open(buildIndex(t, docs, BuildOptions{}))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return ix
}
