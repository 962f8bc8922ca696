package corpus

import (
	"strings"
	"testing"
)

func TestRealLayouts(t *testing.T) {
	docs, rep := readDir(t, "testdata/layouts")
	if rep.Read != 5 || len(rep.Skipped) != 0 {
		t.Fatalf("report %v, skipped %v", rep, rep.Skipped)
	}
	got := byID(docs)
	tests := []struct {
		id, title, date, summary, archive string
		paragraphs                        int
		firstParagraph                    string
		check                             func(Document) string
	}{
		{"010_no_labels_summary_after", "Report of the Ostland Consulate in Lindmar on the Harbour Strike", "March 4, 1962",
			"The Ostland consulate in Lindmar reports on the harbour strike and its effect on Ostland shipping.", "", 3,
			"The dockworkers of Lindmar stopped work on 1 March 1962 and have not returned to the quays.",
			func(d Document) string {
				if d.Sections["rights"] != "This fictional record may be used freely for testing." {
					return "rights = " + d.Sections["rights"]
				}
				return ""
			}},
		{"900031", "Telegram from Ambassador Tomas Vrell to the Valdorian Foreign Ministry on the Grain Treaty", "December 1, 1949",
			"Vrell reports that the grain treaty will be signed in Veldgrad before the new year.", "History and Public Policy Program Digital Archive", 3,
			"The Ostland side has accepted our terms for the grain treaty. The signing is set for 28 December 1949 in Veldgrad.",
			func(d Document) string {
				if d.Date.Text != "December 01, 1949" || d.Citation.Reference != "VSA Fond 1, Box 2" || d.Citation.Translator != "Marta Heller" {
					return "date text " + d.Date.Text + ", reference " + d.Citation.Reference + ", translator " + d.Citation.Translator
				}
				return ""
			}},
		{"030_summary_and_source_only", "Note on the Veldgrad Trade Fair", "June 1958",
			"The note lists the Ostland firms that will exhibit machine tools at the Veldgrad trade fair in September 1958.", "", 0, "",
			func(d Document) string {
				if d.Sections["source"] != "OZA Trade Ministry Records, File 7-D" {
					return "source = " + d.Sections["source"]
				}
				return ""
			}},
		{"900032", "Letter from Cde. Ivo Marsek on the Lindmar Ferry Timetable", "May 3, 1960",
			"Marsek asks that the winter timetable of the Lindmar ferry be kept through April.", "Wilson Center Digital Archive", 1,
			"The ferry between Lindmar and the Grell Islands should keep its winter timetable through April.",
			func(d Document) string {
				for _, p := range d.Paragraphs {
					if strings.Contains(p.Text, "fishing quota") {
						return "the stray summary was attached to the body"
					}
				}
				if strings.Contains(d.Summary, "fishing quota") {
					return "the stray summary became the summary"
				}
				return ""
			}},
		{"900033", "Memorandum on the Orbek Pass Road", "July 9, 1964",
			"The memorandum proposes to close the Orbek pass road for repairs in the autumn.", "Wilson Center Digital Archive", 1,
			"The road over the Orbek pass will be closed from 1 October 1964. Traffic will go by the valley road until the spring.",
			func(d Document) string {
				if d.OriginalLanguage != "Ostlandic" || d.Contents != "Translation - English" || d.Citation.Reference != "AMZO F. 0417, Op. 14, Delo 30" {
					return "language " + d.OriginalLanguage + ", contents " + d.Contents + ", reference " + d.Citation.Reference
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d, ok := got[tt.id]
			if !ok {
				t.Fatalf("no document %s among %v", tt.id, docs)
			}
			if d.Title != tt.title || d.Date.String() != tt.date || d.Summary != tt.summary || d.Citation.Archive != tt.archive {
				t.Errorf("got title %q date %q summary %q archive %q", d.Title, d.Date.String(), d.Summary, d.Citation.Archive)
			}
			if len(d.Paragraphs) != tt.paragraphs {
				t.Fatalf("%d paragraphs, want %d: %+v", len(d.Paragraphs), tt.paragraphs, d.Paragraphs)
			}
			if tt.paragraphs > 0 && d.Paragraphs[0].Text != tt.firstParagraph {
				t.Errorf("first paragraph = %q", d.Paragraphs[0].Text)
			}
			if msg := tt.check(d); msg != "" {
				t.Error(msg)
			}
		})
	}
	// What was set aside is reported, with its line.
	var warned []string
	for _, w := range rep.Warnings {
		warned = append(warned, w.Error())
	}
	for _, want := range []string{"040_stray_summary_before_date.txt:2: text before the date line set aside", "010_no_labels_summary_after.txt:12: the paragraph before the closing sections read as the summary"} {
		if !strings.Contains(strings.Join(warned, "\n"), want) {
			t.Errorf("warnings lack %q: %v", want, warned)
		}
	}
}
