package corpus

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCitationFixtures reads the fictional pages of testdata/citations,
// one per way the archive's citation block is written, and checks that
// every part lands in its own slot.
func TestCitationFixtures(t *testing.T) {
	docs, rep := readDir(t, "testdata/citations")
	if rep.Read != 6 || len(rep.Skipped) != 0 {
		t.Fatalf("report = %v %v, want 6 read, none skipped", rep, rep.Skipped)
	}
	const (
		hppp = "History and Public Policy Program Digital Archive"
		wc   = "Wilson Center Digital Archive"
		docP = "http://digitalarchive.wilsoncenter.org/document/"
		docS = "https://digitalarchive.wilsoncenter.org/document/"
	)
	tests := []struct {
		file, id string
		want     Citation // Text is checked apart
		// textHas and textLacks are checked against Citation.Text.
		textHas, textLacks []string
	}{
		{
			file: "010_address_only.md", id: "note-ostland-ministry-transport-harbour-pilots-port-sarel",
			want:    Citation{URL: docS + "note-ostland-ministry-transport-harbour-pilots-port-sarel"},
			textHas: []string{docS + "note-ostland-ministry-transport-harbour-pilots-port-sarel"}, textLacks: []string{"<"},
		},
		{
			file: "020_mirror_lost_date.md", id: "900102",
			want: Citation{Title: "Letter from Tomas Vrell to Ivo Marsek Regarding the Kessa Gorge Ferry", Date: "1962", Archive: hppp,
				Reference: `VSA Fond 9, Box 12. VODP Working Paper No. 4, "The Ferry 'Question.'"`, Translator: "Lena Ostrova", TranslatedFor: "VODP",
				URL: docP + "900102"},
			textHas:   []string{"Ferry,” , 1962, History", "Translated for VODP by Lena Ostrova. " + docP + "900102"},
			textLacks: []string{"mirror.example.org", "<"},
		},
		{
			file: "030_initials_two_translators.md", id: "900103",
			want: Citation{Title: "Record of a Conversation between Cde. Ivo Marsek and the Valdorian Consul in Lindmar", Date: "April 30, 1964", Archive: wc,
				Reference:  "OZA Consular Records, File 41, copy in the Orbek Papers, Lindmar University Library, Port Sarel, V.R.",
				Translator: "Marta J. Heller and Pavel K. Ruzic", URL: docP + "900103"},
			textHas: []string{"Ruzic. " + docP + "900103"}, textLacks: []string{docP + "900103 " + docP},
		},
		{
			file: "040_reference_only.md", id: "900104",
			want:    Citation{Reference: "AMZO F. 0417, Op. 21, Delo 6", URL: docS + "900104"},
			textHas: []string{"AMZO F. 0417, Op. 21, Delo 6. " + docS + "900104"},
		},
		{
			file: "050_date_and_reference.md", id: "900105",
			want: Citation{Date: "March 2, 1963", Reference: "AMZO F. 0417, Op. 22, Delo 1", URL: docS + "900105"},
		},
		{
			file: "060_translation_in_reference.md", id: "900106",
			want: Citation{Title: "Record of the Second Meeting between Tomas Vrell and Bruno Saleni", Date: "May 5, 1964", Archive: hppp,
				Reference: "OZA File 17; translation from Valdorian by Daniel Okafor-Lind. Also available at the Lindmar City Archives. Obtained by Livia Rosetti and translated by Ana B. Kessler",
				URL:       docS + "900106"},
		},
	}
	got := byID(docs)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, ok := got[tt.id]
			if !ok {
				t.Fatalf("no document %s", tt.id)
			}
			if d.Source != tt.file {
				t.Errorf("document %s read from %s", tt.id, d.Source)
			}
			if d.URL != tt.want.URL {
				t.Errorf("URL = %q, want %q", d.URL, tt.want.URL)
			}
			c := d.Citation
			text := c.Text
			c.Text = ""
			if diff := cmp.Diff(tt.want, c); diff != "" {
				t.Errorf("citation parts (-want +got):\n%s", diff)
			}
			for _, s := range tt.textHas {
				if !strings.Contains(text, s) {
					t.Errorf("text %q lacks %q", text, s)
				}
			}
			for _, s := range tt.textLacks {
				if strings.Contains(text, s) {
					t.Errorf("text %q holds %q", text, s)
				}
			}
		})
	}
}

// TestParseCitation checks the split of single citation blocks.
func TestParseCitation(t *testing.T) {
	tests := []struct {
		name, text string
		want       Citation
	}{
		{"middle initial kept", `"A Report," June 1, 1960, Wilson Center Digital Archive, F. 1. Translated by Anna K. Lind.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Archive: "Wilson Center Digital Archive", Reference: "F. 1", Translator: "Anna K. Lind"}},
		{"a title and a suffix with periods", `"A Report," June 1, 1960, Wilson Center Digital Archive, F. 1. Translated by Dr. Anna K. Lind Jr. and Prof. Ben Orr.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Archive: "Wilson Center Digital Archive", Reference: "F. 1", Translator: "Dr. Anna K. Lind Jr. and Prof. Ben Orr"}},
		{"translated for after the name", `"A Report," June 1, 1960, Wilson Center Digital Archive, F. 1. Translated by Anna Lind for VODP.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Archive: "Wilson Center Digital Archive", Reference: "F. 1", Translator: "Anna Lind", TranslatedFor: "VODP"}},
		{"obtained and translated", `"A Report," June 1, 1960, Wilson Center Digital Archive, F. 1. Obtained and translated for VODP by Anna Lind.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Archive: "Wilson Center Digital Archive", Reference: "F. 1", Translator: "Anna Lind", TranslatedFor: "VODP"}},
		{"a sentence after the translator stays in the reference", `"A Report," June 1, 1960, Wilson Center Digital Archive, F. 1. Translated by Anna Lind. Published in Bulletin 3.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Archive: "Wilson Center Digital Archive", Reference: "F. 1. Translated by Anna Lind. Published in Bulletin 3"}},
		{"no archive: date then reference", `"A Report," June 1, 1960, F. 1, Op. 2.`,
			Citation{Title: "A Report", Date: "June 1, 1960", Reference: "F. 1, Op. 2"}},
		{"title and reference, no date", `"A Report," F. 1, Op. 2.`,
			Citation{Title: "A Report", Reference: "F. 1, Op. 2"}},
		{"a file number is not a date", `2001-298, Act on Records.`,
			Citation{Reference: "2001-298, Act on Records"}},
		{"a repository named in the reference alone is no archive slot", `State Archives of Valdoria, Fond 2.`,
			Citation{Reference: "State Archives of Valdoria, Fond 2"}},
		{"title only", `"A Report."`, Citation{Title: "A Report"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Citation{Text: tt.text}
			parseCitation(&c)
			c.Text = ""
			if diff := cmp.Diff(tt.want, c); diff != "" {
				t.Errorf("parts of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestCitationURLs checks which URL is the document's and what the text keeps.
func TestCitationURLs(t *testing.T) {
	tests := []struct {
		name, block, url, text string
	}{
		{"bracketed address only", "Ref. 1.\n<https://a.example/document/5>", "https://a.example/document/5", "Ref. 1. https://a.example/document/5"},
		{"mirror after the archive's URL", "Ref. 1. http://a.example/document/5\n<https://mirror.example/doc/9/x>", "http://a.example/document/5", "Ref. 1. http://a.example/document/5"},
		{"same address twice", "Ref. 1. http://a.example/document/5\n<http://a.example/document/5>", "http://a.example/document/5", "Ref. 1. http://a.example/document/5"},
		{"no URL", "Ref. 1.", "", "Ref. 1."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, text := citationURLs(tt.block)
			if url != tt.url || text != tt.text {
				t.Errorf("citationURLs(%q) = %q, %q; want %q, %q", tt.block, url, text, tt.url, tt.text)
			}
		})
	}
}
