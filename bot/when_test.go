package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// datesDoc reads one fictional document of corpus/testdata/dates.
func datesDoc(t *testing.T, name string) corpus.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "dates", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// hitOn is a paragraph hit on paragraph n (0: the summary), matching word.
func hitOn(t *testing.T, d corpus.Document, n int, word string) index.ParagraphHit {
	t.Helper()
	p := corpus.Paragraph{N: 0, Text: d.Summary}
	if n > 0 {
		p = d.Paragraphs[n-1]
	}
	at := strings.Index(p.Text, word)
	if at < 0 {
		t.Fatalf("%q not in paragraph %d of %s", word, n, d.Source)
	}
	return index.ParagraphHit{Doc: d, Paragraph: p, Matches: []span{{Start: at, End: at + len(word)}}}
}

func TestStatedDates(t *testing.T) {
	tests := []struct {
		name, file string
		paragraph  int
		word       string
		want       []string // Date | Stated | Reading | Place
		evidence   string   // in the first event's evidence
	}{
		{"a date only the summary states", "030_summary_date.txt", 0, "letter",
			[]string{"September 11, 1963 | 11 September | read against the document's date | the archive's summary"}, "Marsek answers Vrell's 11 September letter"},
		{"the entry's date line, not the record's", "050_journal_entry.txt", 4, "visited",
			[]string{"March 16, 1970 | March 16, 1970 | date line of the entry | paragraph 3"}, "Lindmar, March 16, 1970"},
		{"days without a year and yesterday", "010_politburo_days_without_year.txt", 3, "telephoned",
			[]string{"December 8, 1968 | 8 December | read against the document's date | paragraph 3", "December 9, 1968 | yesterday, 9 December | read against the document's date | paragraph 3"}, "On 8 December"},
		{"a list of days", "010_politburo_days_without_year.txt", 4, "shipped",
			[]string{"December 19, 1968 | December 19 and 24 | read against the document's date | paragraph 4", "December 24, 1968 | December 19 and 24 | read against the document's date | paragraph 4"}, "before the harbour freezes"},
		{"years ago", "040_relative_years.txt", 1, "delegation",
			[]string{"1955 | three years ago | read against the document's date | paragraph 1"}, "three years ago his government had welcomed"},
		{"an anniversary", "040_relative_years.txt", 3, "celebrations",
			[]string{"1953 | fifth anniversary of the Valdorian land reform | read against the document's date | paragraph 3"}, "celebrations of the fifth anniversary"},
		{"the editor's insertion", "040_relative_years.txt", 4, "monarchy",
			[]string{"October 1949 | mid-October 1949 | the editor's insertion | paragraph 4", "c. 1938 | about twenty years ago | read against the document's date | paragraph 4"}, "[in mid-October 1949]"},
		{"an illegible month", "060_illegible_month.txt", 4, "Governments",
			[]string{"1960 | 0ctober 3, 1960 | month illegible, year only | paragraph 4"}, "0ctober 3, 1960."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := datesDoc(t, tt.file)
			es := statedDates(hitOn(t, d, tt.paragraph, tt.word))
			var got []string
			for _, e := range es {
				got = append(got, strings.Join([]string{e.Date, e.Stated, e.Reading(), e.Place()}, " | "))
				if e.Source != "text" || e.DocID != d.ID {
					t.Errorf("event %+v is not a stated date of %s", e, d.ID)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("statedDates\n got %q\nwant %q", got, tt.want)
			}
			if !strings.Contains(es[0].Evidence, tt.evidence) {
				t.Errorf("evidence %q lacks %q", es[0].Evidence, tt.evidence)
			}
		})
	}
}

func TestTimelineOrdersAndDropsRepeats(t *testing.T) {
	entry := Event{Date: "March 16, 1970", Sort: "1970-03-16", Stated: "March 16, 1970", Source: "text", Dateline: true, DocID: "9", Paragraph: 3}
	doc := Event{Date: "March 15, 1970", Sort: "1970-03-15", Stated: "March 15, 1970", Source: "document", DocID: "9"}
	got := timeline([]Event{entry, doc, entry})
	if len(got) != 2 || got[0].Source != "document" || got[1] != entry {
		t.Errorf("timeline = %+v, want the document's date, then the entry's once", got)
	}
}
