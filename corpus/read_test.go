package corpus

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func readDir(t *testing.T, dir string) ([]Document, Report) {
	t.Helper()
	docs, rep, err := ReadAll(context.Background(), os.DirFS(dir))
	if err != nil {
		t.Fatalf("ReadAll(%s): %v", dir, err)
	}
	return docs, rep
}

func byID(docs []Document) map[string]Document {
	m := map[string]Document{}
	for _, d := range docs {
		m[d.ID] = d
	}
	return m
}

func TestReadArchive(t *testing.T) {
	docs, rep := readDir(t, "testdata/archive")
	if rep.Read != 16 || len(rep.Skipped) != 0 {
		t.Fatalf("report = %v %v, want 16 read, none skipped", rep, rep.Skipped)
	}
	type want struct {
		file, title, dateText string
		precision             Precision
		archive, reference    string
		translator, forWhom   string
		url, summary          string
		paragraphs            int
	}
	const wc, hppp = "Wilson Center Digital Archive", "History and Public Policy Program Digital Archive"
	const host = "https://wilson-center-digital-archive.dvincitest.com/document/"
	tests := map[string]want{
		"900001":               {"010_complete.txt", "From the Diary of A. Dobrev, Record of a Conversation with Valdorian Trade Minister Tomas Vrell", "April 14, 1961", PrecisionDay, wc, "AMZO F. 0417, Op. 9, Delo 22", "Lena Ostrova", "VODP", host + "900001", "Ostland Foreign Ministry counselor Cde. Ivo Marsek and Valdorian Trade Minister Tomas Vrell discuss the price of tungsten exports, the schedule of the Kessa Gorge hydroelectric dam, and a visit by a Valdorian delegation to the Federation of Ostland in 1962.", 17},
		"900002":               {"020_missing_sections.txt", "Telegram from Ostland Ambassador A. Dobrev on the Kessa Gorge Hydroelectric Dam", "June 2, 1961", PrecisionDay, wc, "AMZO F. 0417, Op. 9, Delo 31", "Lena Ostrova", "VODP", host + "900002", "", 9},
		"900003":               {"030_reordered_sections.txt", "Memorandum of the Ostland Ministry of Fisheries on Valdorian Trawlers in the Narrow Sea", "September 21, 1961", PrecisionDay, wc, "AMZO F. 0417, Op. 10, Delo 4", "Pavel Ruzic", "VODP", host + "900003", "The Ostland Ministry of Fisheries complains that Valdorian trawlers continue to fish inside the twelve-mile zone near the Grell Islands and proposes a joint commission.", 7},
		"900004":               {"040_unlabelled_summary.txt", "Letter from Tomas Vrell to Cde. Ivo Marsek on Student Scholarships", "January 9, 1962", PrecisionDay, wc, "VSA Fond 7, Box 31", "Marta Heller", "VODP", host + "900004", "Vrell proposes that thirty Valdorian students receive scholarships to study mining engineering at the Veldgrad Polytechnic Institute.", 8},
		"900005":               {"050_month_only_date.txt", "Report on the Lindmar-Veldgrad Railway Gauge Conversion", "May 1975", PrecisionMonth, wc, "OZA Transport Ministry Records, File 88-B", "Pavel Ruzic", "OSI", host + "900005", "", 6},
		"900006":               {"060_undated_date_line.txt", "Note on Valdorian Radio Broadcasts in the Ostlandic Language", "Undated", PrecisionNone, wc, "AMZO F. 0417, Op. 12, Delo 7", "Marta Heller", "VODP", host + "900006", "", 5},
		"900007":               {"065_no_date_line.txt", "Memorandum on the Relocation of the Sarel Observatory", "", PrecisionNone, wc, "VSA Fond 12, Box 4", "Daniel Okafor-Lind", "OSI", host + "900007", "", 4},
		"900008":               {"070_title_only_in_citation.txt", "Record of a Conversation between Cde. Ivo Marsek and Valdorian Red Cross Officials on Earthquake Relief", "March 3, 1964", PrecisionDay, wc, "AMZO F. 0417, Op. 14, Delo 2", "Lena Ostrova", "VODP", host + "900008", "", 5},
		"valdoria-trade-talks": {"080_hppp_slug_url.txt", "Minutes of the Valdoria-Ostland Trade Talks in Lindmar", "November 30, 1962", PrecisionDay, hppp, "VSA Fond 3, Box 118", "Marta Heller", "VODP", host + "valdoria-trade-talks", "", 7},
		"090_no_url_year_only": {"090_no_url_year_only.txt", "Inventory of the Cape Morrow Lighthouse", "1963", PrecisionYear, hppp, "OZA Maritime Records, File 12", "Daniel Okafor-Lind", "OSI", "", "", 6},
		"900010":               {"100_page_marker.txt", "Report of the Ostland Embassy in Port Sarel on Valdorian Newspapers", "August 18, 1962", PrecisionDay, wc, "AMZO F. 0417, Op. 11, Delo 40", "Pavel Ruzic", "VODP", host + "900010", "", 7},
		"900011":               {"110_numbered_list.txt", "Instructions to the Ostland Delegation for the Customs Talks in Veldgrad", "February 12, 1963", PrecisionDay, wc, "AMZO F. 0417, Op. 13, Delo 5", "Lena Ostrova", "VODP", host + "900011", "", 6},
		"900012":               {"120_underscore_separator.txt", "Exchange of Telegrams on the Locust Swarm in the Tarsa Valley", "July 7, 1963", PrecisionDay, wc, "AMZO F. 0417, Op. 13, Delo 19", "Marta Heller", "OSI", host + "900012", "", 6},
		"900013":               {"130_pipe_table.txt", "Table of Ostland Exports to Valdoria, 1960-1961", "January 15, 1962", PrecisionDay, wc, "OZA Trade Ministry Records, File 3-C", "Pavel Ruzic", "OSI", host + "900013", "", 5},
		"900014":               {"140_hard_wrapped.txt", "Report on the Copper Smelter at Dunmore", "October 5, 1965", PrecisionDay, wc, "AMZO F. 0417, Op. 15, Delo 9", "Daniel Okafor-Lind", "VODP", host + "900014", "", 6},
		"900015":               {"nested/1962/ostland/150_nested_markdown.md", "Note on the Orbek Pass Cable Car", "December 12, 1962", PrecisionDay, wc, "OZA Transport Ministry Records, File 91-A", "Lena Ostrova", "OSI", host + "900015", "", 5},
	}
	got := byID(docs)
	for id, w := range tests {
		t.Run(w.file, func(t *testing.T) {
			d, ok := got[id]
			if !ok {
				t.Fatalf("no document with id %q", id)
			}
			if d.Source != w.file {
				t.Errorf("Source = %q, want %q", d.Source, w.file)
			}
			gotW := want{d.Source, d.Title, d.Date.Text, d.Date.Precision, d.Citation.Archive, d.Citation.Reference,
				d.Citation.Translator, d.Citation.TranslatedFor, d.URL, w.summary, len(d.Paragraphs)}
			if w.summary != "" {
				gotW.summary = d.Summary
			}
			if w.dateText == "" { // no date line: the date comes from the citation
				gotW.dateText = ""
				if d.Citation.Date != "undated" {
					t.Errorf("citation date = %q, want undated", d.Citation.Date)
				}
			}
			if diff := cmp.Diff(w, gotW, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("document %s (-want +got):\n%s", id, diff)
			}
			for i, p := range d.Paragraphs {
				if p.N != i+1 {
					t.Errorf("paragraph %d numbered %d", i+1, p.N)
				}
			}
		})
	}
}

func TestBodyParagraphsVerbatim(t *testing.T) {
	docs, _ := readDir(t, "testdata/archive")
	got := byID(docs)
	tests := []struct {
		name, id  string
		paragraph int
		contains  string
	}{
		{"page break joined", "900001", 7, "send the turbines and the remaining specialists"},
		{"editorial correction kept", "900001", 3, "12 March [sic; April] 1961"},
		{"quote kept", "900001", 5, `"We will not sell the tungsten at that price," said Cde. Ivo Marsek.`},
		{"signature", "900001", 11, "[signature] (A. DOBREV)"},
		{"distribution", "900001", 13, "1 - Cde. Halas"},
		{"page marker kept", "900010", 3, "has ordered (p. 2) four new rotary presses"},
		{"list item wrapped", "900011", 3, "if the Valdorian side agrees to share the cost"},
		{"after separator", "900012", 4, "TELEGRAM TO PORT SAREL"},
		{"table row", "900013", 2, "| Wheat | 120 | 95 |"},
		{"hard wrap joined", "900014", 2, "blister copper this summer"},
		{"hard wrap joined twice", "900014", 4, "filters be delivered on credit"},
		{"nested markdown", "900015", 2, "cable car"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := got[tt.id]
			if tt.paragraph > len(d.Paragraphs) {
				t.Fatalf("document %s has %d paragraphs", tt.id, len(d.Paragraphs))
			}
			if p := d.Paragraphs[tt.paragraph-1].Text; !strings.Contains(p, tt.contains) {
				t.Errorf("paragraph %d = %q, want it to contain %q", tt.paragraph, p, tt.contains)
			}
		})
	}
	// Lists and tables keep one line per item or row.
	if p := got["900013"].Paragraphs[1].Text; strings.Count(p, "\n") != 5 {
		t.Errorf("table paragraph has %d line breaks, want 5: %q", strings.Count(p, "\n"), p)
	}
	if p := got["900011"].Paragraphs[2].Text; !strings.Contains(p, "\n2. ") {
		t.Errorf("list paragraph does not keep its items on lines: %q", p)
	}
	// No paragraph is only a separator line.
	for _, d := range docs {
		for _, p := range d.Paragraphs {
			if strings.Trim(p.Text, "_-* ") == "" {
				t.Errorf("%s paragraph %d is a separator: %q", d.ID, p.N, p.Text)
			}
		}
	}
}

func TestSample(t *testing.T) {
	docs, rep, err := ReadAll(context.Background(), Sample())
	if err != nil || rep.Read != 1 || len(docs) != 1 {
		t.Fatalf("sample: %v, %v, %d docs", err, rep, len(docs))
	}
	d := docs[0]
	wantCitation := Citation{
		Text:          `"From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung", November 13, 1957, Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, Delo 5. Translated for NKIDP by Gary Goldberg. https://wilson-center-digital-archive.dvincitest.com/document/115932`,
		Title:         "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung",
		Date:          "November 13, 1957",
		Archive:       "Wilson Center Digital Archive",
		Reference:     "AVPRF F. 0102, Op. 13, Delo 5",
		Translator:    "Gary Goldberg",
		TranslatedFor: "NKIDP",
		URL:           "https://wilson-center-digital-archive.dvincitest.com/document/115932",
	}
	if diff := cmp.Diff(wantCitation, d.Citation); diff != "" {
		t.Errorf("citation (-want +got):\n%s", diff)
	}
	checks := []struct{ name, got, want string }{
		{"id", d.ID, "115932"},
		{"title", d.Title, wantCitation.Title},
		{"date", d.Date.String(), "November 13, 1957"},
		{"original language", d.OriginalLanguage, "Russian"},
		{"text kind", d.TextKind, "Translation"},
		{"text language", d.TextLanguage, "English"},
		{"credits", d.Credits, "This document was made possible with support from ROK Ministry of Unification"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	var joined []string
	for _, p := range d.Paragraphs {
		if strings.Contains(p.Text, "All the Party and our people also supported us in this matter.") ||
			strings.Contains(p.Text, "they would like to immediately return to the DPRK") {
			joined = append(joined, p.Text)
		}
		if strings.HasPrefix(p.Text, "people also") || strings.HasPrefix(p.Text, "like to immediately") {
			t.Errorf("paragraph %d was not joined across the page break", p.N)
		}
	}
	if len(joined) != 2 {
		t.Errorf("found %d joined paragraphs, want 2", len(joined))
	}
	if !strings.Contains(d.Paragraphs[2].Text, "On 12 September [sic; November] 1957") {
		t.Errorf("paragraph 3 lost its editorial bracket: %q", d.Paragraphs[2].Text)
	}
}

func TestReadBadFolder(t *testing.T) {
	docs, rep := readDir(t, "testdata/bad")
	if rep.Read != 3 || len(docs) != 3 {
		t.Errorf("read %d documents, want 3", rep.Read)
	}
	want := map[string]struct {
		line   int
		reason string
	}{
		"b_duplicate.txt":            {11, "duplicate document id 900003"},
		"binary_nul.txt":             {1, "binary"},
		"blank_lines_only.txt":       {1, "empty"},
		"empty.txt":                  {1, "empty"},
		"invalid_utf8.txt":           {20, "UTF-8"},
		"no_body.txt":                {12, "no body"},
		"no_body_after_contents.txt": {24, "no body"},
	}
	if len(rep.Skipped) != len(want) {
		t.Errorf("skipped %d files, want %d: %v", len(rep.Skipped), len(want), rep.Skipped)
	}
	for _, e := range rep.Skipped {
		w, ok := want[e.File]
		if !ok {
			t.Errorf("unexpected skip: %v", e)
			continue
		}
		if e.Line != w.line || !strings.Contains(e.Reason, w.reason) {
			t.Errorf("%s: got line %d %q, want line %d containing %q", e.File, e.Line, e.Reason, w.line, w.reason)
		}
	}
	if got := rep.String(); got != "read 3 documents, skipped 7" {
		t.Errorf("report = %q", got)
	}
}

func TestWalkStopsOnCallbackError(t *testing.T) {
	stop := context.Canceled
	n := 0
	_, err := Walk(context.Background(), os.DirFS("testdata/archive"), func(Document) error {
		n++
		return stop
	})
	if err == nil || n != 1 {
		t.Fatalf("Walk returned %v after %d documents, want the callback's error after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Walk(ctx, os.DirFS("testdata/archive"), func(Document) error { return nil }); err == nil {
		t.Error("Walk with a cancelled context returned no error")
	}
}

func TestFingerprint(t *testing.T) {
	_, a := readDir(t, "testdata/archive")
	_, b := readDir(t, "testdata/archive")
	_, c := readDir(t, "testdata/bad")
	if a.Fingerprint == "" || a.Fingerprint != b.Fingerprint || a.Fingerprint == c.Fingerprint {
		t.Errorf("fingerprints: %q %q %q", a.Fingerprint, b.Fingerprint, c.Fingerprint)
	}
	fp, err := Fingerprint(context.Background(), os.DirFS("testdata/bad"))
	if err != nil || fp != c.Fingerprint {
		t.Errorf("Fingerprint = %q, %v; Walk reported %q", fp, err, c.Fingerprint)
	}
}

func TestWalkKeepsPathOrderWhileParsingInParallel(t *testing.T) {
	// Documents and unreadable files interleaved: a walk parses on every
	// core but hands documents over, and reports skipped files, in path
	// order, every time.
	fsys := fstest.MapFS{}
	var wantDocs, wantSkipped []string
	for i := range 40 {
		name := fmt.Sprintf("%02d/note.txt", i)
		if i%5 == 1 {
			fsys[name] = &fstest.MapFile{Data: []byte("\n")} // not a document
			wantSkipped = append(wantSkipped, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(noURLDoc)}
		wantDocs = append(wantDocs, strings.TrimSuffix(name, ".txt"))
	}
	for range 3 {
		var got []string
		rep, err := Walk(context.Background(), fsys, func(d Document) error {
			got = append(got, d.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, wantDocs) {
			t.Fatalf("documents %v, want %v", got, wantDocs)
		}
		var skipped []string
		for _, s := range rep.Skipped {
			skipped = append(skipped, s.File)
		}
		if !slices.Equal(skipped, wantSkipped) {
			t.Errorf("skipped %v, want %v", skipped, wantSkipped)
		}
	}
}
