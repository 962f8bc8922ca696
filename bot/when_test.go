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

// hitOn is a paragraph hit on paragraph n (0: the summary), matching the
// words of words.
func hitOn(t *testing.T, d corpus.Document, n int, words string) index.ParagraphHit {
	t.Helper()
	p := corpus.Paragraph{N: 0, Text: d.Summary}
	if n > 0 {
		p = d.Paragraphs[n-1]
	}
	h := index.ParagraphHit{Doc: d, Paragraph: p}
	for _, w := range strings.Fields(words) {
		at := strings.Index(p.Text, w)
		if at < 0 {
			t.Fatalf("%q not in paragraph %d of %s", w, n, d.Source)
		}
		h.Matches = append(h.Matches, span{Start: at, End: at + len(w)})
	}
	return h
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
		{"the entry's date line, not the record's", "050_journal_entry.txt", 4, "State Secretary",
			[]string{"October 3, 1970 | October 3, 1970 | date line of the entry | paragraph 3"}, "Lindmar, October 3, 1970"},
		{"days without a year and yesterday", "010_politburo_days_without_year.txt", 3, "cabled",
			[]string{"November 2, 1968 | 2 November | read against the document's date | paragraph 3", "November 4, 1968 | yesterday, 4 November | read against the document's date | paragraph 3"}, "On 2 November"},
		{"a list of days", "010_politburo_days_without_year.txt", 4, "loaded",
			[]string{"November 12, 1968 | November 12 and 19 | read against the document's date | paragraph 4", "November 19, 1968 | November 12 and 19 | read against the document's date | paragraph 4"}, "while the river is open"},
		{"years ago", "040_relative_years.txt", 1, "commission",
			[]string{"1954 | four years ago | read against the document's date | paragraph 1"}, "four years ago an Ostland commission"},
		{"an anniversary", "040_relative_years.txt", 3, "festivities",
			[]string{"1953 | fifth anniversary of the Valdorian land reform | read against the document's date | paragraph 3"}, "festivities for the fifth anniversary"},
		{"the editor's insertion", "040_relative_years.txt", 4, "regency",
			[]string{"March 1949 | mid-March 1949 | the editor's insertion | paragraph 4", "c. 1938 | about twenty years ago | read against the document's date | paragraph 4"}, "[in mid-March 1949]"},
		{"an illegible month", "060_illegible_month.txt", 4, "ministry",
			[]string{"1960 | o(ctober 3, 1960 | month illegible, year only | paragraph 4"}, "your letter of o(ctober 3, 1960"},
		{"a heading that states no date: the dated sentence sharing its words", "060_illegible_month.txt", 2, "Letter Marsek",
			[]string{"1960 | o(ctober 3, 1960 | month illegible, year only | paragraph 4"}, "your letter of o(ctober 3, 1960"},
		{"one shared word is not enough", "060_illegible_month.txt", 2, "Tomas", nil, ""},
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
			if len(es) > 0 && !strings.Contains(es[0].Evidence, tt.evidence) {
				t.Errorf("evidence %q lacks %q", es[0].Evidence, tt.evidence)
			}
		})
	}
}

func TestTimelineOrdersAndDropsRepeats(t *testing.T) {
	entry := Event{Date: "October 3, 1970", Sort: "1970-10-03", Stated: "October 3, 1970", Source: "text", Dateline: true, DocID: "9", Paragraph: 3}
	doc := Event{Date: "October 2, 1970", Sort: "1970-10-02", Stated: "October 2, 1970", Source: "document", DocID: "9"}
	got := timeline([]Event{entry, doc, entry})
	if len(got) != 2 || got[0].Source != "document" || got[1] != entry {
		t.Errorf("timeline = %+v, want the document's date, then the entry's once", got)
	}
}
