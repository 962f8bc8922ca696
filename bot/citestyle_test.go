package bot

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/archivebot/archivebot/corpus"
)

// checkBibTeX is a strict reader of one BibTeX entry: @type{key, then
// name = {braced} | "quoted" | bare fields, braces balanced, TeX's special
// characters escaped, no field twice. It returns the fields.
func checkBibTeX(s string) (map[string]string, error) {
	entry := regexp.MustCompile(`^@([a-z]+)\{([A-Za-z0-9:_-]+),\n`)
	m := entry.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("no @type{key, opening")
	}
	rest := s[len(m[0]):]
	fields := map[string]string{}
	nameRE := regexp.MustCompile(`^\s*([a-z]+)\s*=\s*`)
	for {
		rest = strings.TrimLeft(rest, " \n")
		if rest == "}" {
			return fields, nil
		}
		nm := nameRE.FindStringSubmatch(rest)
		if nm == nil {
			return nil, fmt.Errorf("expected a field at %q", rest[:min(30, len(rest))])
		}
		name := nm[1]
		if _, dup := fields[name]; dup {
			return nil, fmt.Errorf("field %s twice", name)
		}
		rest = rest[len(nm[0]):]
		var value string
		switch {
		case strings.HasPrefix(rest, "{"):
			depth, i := 0, 0
			for ; i < len(rest); i++ {
				switch rest[i] {
				case '\\':
					i++ // an escaped character
				case '{':
					depth++
				case '}':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if depth != 0 {
				return nil, fmt.Errorf("field %s: unbalanced braces", name)
			}
			value, rest = rest[1:i], rest[i+1:]
		case strings.HasPrefix(rest, `"`):
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				return nil, fmt.Errorf("field %s: unterminated quotes", name)
			}
			value, rest = rest[1:end+1], rest[end+2:]
		default:
			end := strings.IndexAny(rest, ",\n}")
			value, rest = rest[:end], rest[end:]
			for _, r := range value {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					return nil, fmt.Errorf("field %s: bare value %q", name, value)
				}
			}
		}
		for i := 0; i < len(value); i++ {
			if value[i] == '\\' {
				i++
				continue
			}
			if strings.IndexByte("&%$#_^~", value[i]) >= 0 {
				return nil, fmt.Errorf("field %s: unescaped %q", name, value[i])
			}
		}
		fields[name] = value
		rest = strings.TrimLeft(rest, " ")
		if !strings.HasPrefix(rest, ",") {
			if strings.TrimSpace(rest) == "}" {
				return fields, nil
			}
			return nil, fmt.Errorf("field %s: no comma after it", name)
		}
		rest = rest[1:]
	}
}

// checkRIS is a strict reader of one RIS record: TY first, ER last, every
// line "XX  - value", known tags only, dates as YYYY/MM/DD/.
func checkRIS(s string) (map[string][]string, error) {
	known := map[string]bool{"TY": true, "TI": true, "PY": true, "DA": true, "DB": true, "AN": true, "AV": true, "A4": true, "LA": true, "UR": true, "N1": true, "ER": true}
	line := regexp.MustCompile(`^([A-Z][A-Z0-9])  - (.*)$`)
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	tags := map[string][]string{}
	for i, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			return nil, fmt.Errorf("line %d %q is not TAG  - value", i+1, l)
		}
		if !known[m[1]] {
			return nil, fmt.Errorf("unknown tag %s", m[1])
		}
		if (i == 0) != (m[1] == "TY") || (i == len(lines)-1) != (m[1] == "ER") {
			return nil, fmt.Errorf("TY must open and ER close the record: line %d is %s", i+1, m[1])
		}
		tags[m[1]] = append(tags[m[1]], m[2])
	}
	for _, d := range tags["DA"] {
		if !regexp.MustCompile(`^\d{4}/(\d{2})?/(\d{2})?/$`).MatchString(d) {
			return nil, fmt.Errorf("DA %q is not YYYY/MM/DD/", d)
		}
	}
	for _, a := range tags["A4"] {
		if !strings.Contains(a, ", ") {
			return nil, fmt.Errorf("A4 %q is not Family, Given", a)
		}
	}
	return tags, nil
}

func citeFormatted(t *testing.T, command string) Citation {
	t.Helper()
	r := ask(t, command)
	if r.Kind != KindAnswer || len(r.Citations) != 1 || r.Citations[0].Formatted == "" {
		t.Fatalf("%s: %s %q %+v", command, r.Kind, r.Headline, r.Citations)
	}
	return r.Citations[0]
}

func TestCiteBibTeX(t *testing.T) {
	c := citeFormatted(t, "cite 115932 bibtex")
	f, err := checkBibTeX(c.Formatted)
	if err != nil {
		t.Fatalf("BibTeX does not parse: %v\n%s", err, c.Formatted)
	}
	for k, want := range map[string]string{
		"title": "{From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung}", "year": "1957", "month": "nov",
		"date": "1957-11-13", "howpublished": "Wilson Center Digital Archive", "translator": "Gary Goldberg",
		"url": "https://wilson-center-digital-archive.dvincitest.com/document/115932",
	} {
		if f[k] != want {
			t.Errorf("%s = %q, want %q", k, f[k], want)
		}
	}
	if !strings.Contains(f["note"], "AVPRF F. 0102, Op. 13, Delo 5") {
		t.Errorf("note = %q", f["note"])
	}
	// Every test document, whatever it lacks, gives BibTeX that parses.
	for _, id := range []string{"900001", "900005", "900006", "090_no_url_year_only", "valdoria-trade-talks", "900013"} {
		c := citeFormatted(t, "cite "+id+" bibtex ¶2")
		f, err := checkBibTeX(c.Formatted)
		if err != nil {
			t.Errorf("%s: %v\n%s", id, err, c.Formatted)
			continue
		}
		if id == "900006" && (f["year"] != "" || f["date"] != "") {
			t.Errorf("an undated document got a date: %v", f)
		}
		if id == "900005" && f["date"] != "1975-05" {
			t.Errorf("a month-only date became %q", f["date"])
		}
		if id == "090_no_url_year_only" && f["url"] != "" {
			t.Errorf("a document without a URL got one: %q", f["url"])
		}
	}
	if got := texEscape(`50% & $3 #1 a_b {x}`); got != `50\% \& \$3 \#1 a\_b \{x\}` {
		t.Errorf("texEscape = %q", got)
	}
}

func TestCiteRIS(t *testing.T) {
	c := citeFormatted(t, "cite 115932 ris")
	tags, err := checkRIS(c.Formatted)
	if err != nil {
		t.Fatalf("RIS does not parse: %v\n%s", err, c.Formatted)
	}
	for tag, want := range map[string]string{
		"TY": "MANSCPT", "TI": "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung",
		"DA": "1957/11/13/", "PY": "1957", "DB": "Wilson Center Digital Archive", "AN": "AVPRF F. 0102, Op. 13, Delo 5", "AV": "AVPRF F. 0102, Op. 13, Delo 5",
		"A4": "Goldberg, Gary", "UR": "https://wilson-center-digital-archive.dvincitest.com/document/115932",
	} {
		if got := strings.Join(tags[tag], "|"); got != want {
			t.Errorf("%s = %q, want %q", tag, got, want)
		}
	}
	for _, id := range []string{"900005", "900006", "090_no_url_year_only"} {
		c := citeFormatted(t, "cite "+id+" ris")
		tags, err := checkRIS(c.Formatted)
		if err != nil {
			t.Errorf("%s: %v\n%s", id, err, c.Formatted)
		}
		if id == "900006" && (len(tags["DA"]) > 0 || len(tags["PY"]) > 0) {
			t.Errorf("an undated document got a date: %v", tags)
		}
		if id == "900005" && tags["DA"][0] != "1975/05//" {
			t.Errorf("month-only DA = %q", tags["DA"])
		}
	}
}

func TestCiteCSLJSONAndStyles(t *testing.T) {
	c := citeFormatted(t, "cite 115932 csl-json")
	var items []struct {
		ID, Type, Title, Archive, URL string
		Location                      string `json:"archive_location"`
		Issued                        struct {
			DateParts [][]int `json:"date-parts"`
		}
		Translator []struct{ Family, Given string }
	}
	if err := json.Unmarshal([]byte(c.Formatted), &items); err != nil || len(items) != 1 {
		t.Fatalf("CSL-JSON does not parse: %v\n%s", err, c.Formatted)
	}
	it := items[0]
	if it.Type != "manuscript" || it.Location != "AVPRF F. 0102, Op. 13, Delo 5" || fmt.Sprint(it.Issued.DateParts) != "[[1957 11 13]]" ||
		len(it.Translator) != 1 || it.Translator[0].Family != "Goldberg" {
		t.Errorf("CSL-JSON item = %+v", it)
	}

	tests := []struct{ command, want string }{
		{"cite 115932", `"From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung", November 13, 1957, Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, Delo 5. Translated for NKIDP by Gary Goldberg. https://wilson-center-digital-archive.dvincitest.com/document/115932`},
		{"cite 115932 ¶12", "\u201cFrom the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung,\u201d November 13, 1957, Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, Delo 5, ¶ 12. Translated for NKIDP by Gary Goldberg. https://wilson-center-digital-archive.dvincitest.com/document/115932"},
		{"cite 115932 para 12", "AVPRF F. 0102, Op. 13, Delo 5, ¶ 12."},
		{"cite 115932 mla", "\u201cFrom the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung.\u201d Translated by Gary Goldberg, 13 Nov. 1957. Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, Delo 5, https://wilson-center-digital-archive.dvincitest.com/document/115932."},
		{"cite 115932 apa", "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung (Gary Goldberg, Trans.). (1957, November 13). AVPRF F. 0102, Op. 13, Delo 5. Wilson Center Digital Archive. https://wilson-center-digital-archive.dvincitest.com/document/115932"},
		{"cite 900006 apa", "(n.d.)"},
		{"cite Cape Morrow Lighthouse mla", "Translated by Daniel Okafor-Lind, 1963. History and Public Policy Program Digital Archive, OZA Maritime Records, File 12."},
	}
	for _, tt := range tests {
		t.Run(tt.command, func(t *testing.T) {
			c := citeFormatted(t, tt.command)
			if !strings.Contains(c.Formatted, tt.want) {
				t.Errorf("formatted = %q\nwant it to contain %q", c.Formatted, tt.want)
			}
		})
	}
	if r := ask(t, "cite 115932 ¶99"); r.Kind != KindUsage {
		t.Errorf("a pinpoint past the last paragraph: %s", r.Kind)
	}
}

// fixtureDoc reads one fictional page of corpus/testdata/citations.
func fixtureDoc(t *testing.T, name string) corpus.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "citations", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(name, data)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}

// TestCiteFromRecord checks the Chicago note on pages whose own citation
// is missing or incomplete: it is built from the header and the citation's
// parts, and holds nothing the page does not give.
func TestCiteFromRecord(t *testing.T) {
	tests := []struct {
		file     string
		want     string   // the whole Chicago note
		verbatim bool     // the archive's own citation is kept
		lacks    []string // in no style
	}{
		{"010_address_only.md", "\u201cNote of the Ostland Ministry of Transport on the Harbour Pilots of Port Sarel,\u201d February 3, 1966. https://digitalarchive.wilsoncenter.org/document/note-ostland-ministry-transport-harbour-pilots-port-sarel",
			false, []string{"Translated", "Trans.", "AN  -", "A4  -", "archive_location", "translator", "note ="}},
		{"020_mirror_lost_date.md", "\u201cLetter from Tomas Vrell to Ivo Marsek Regarding the Kessa Gorge Ferry,\u201d September 12, 1962, History and Public Policy Program Digital Archive, VSA Fond 9, Box 12. VODP Working Paper No. 4, \"The Ferry 'Question.'\" Translated for VODP by Lena Ostrova. http://digitalarchive.wilsoncenter.org/document/900102",
			false, []string{"mirror.example.org", ", , 1962", "<"}},
		{"030_initials_two_translators.md", "\"Record of a Conversation between Cde. Ivo Marsek and the Valdorian Consul in Lindmar,\" April 30, 1964, Wilson Center Digital Archive, OZA Consular Records, File 41, copy in the Orbek Papers, Lindmar University Library, Port Sarel, V.R. Translated by Marta J. Heller and Pavel K. Ruzic. http://digitalarchive.wilsoncenter.org/document/900103",
			true, []string{"<"}},
		{"040_reference_only.md", "\u201cTelegram from Ambassador A. Dobrev on the Orbek Pass Border Post,\u201d November 8, 1959, AMZO F. 0417, Op. 21, Delo 6. https://digitalarchive.wilsoncenter.org/document/900104",
			false, []string{"Translated", "A4  -"}},
		{"050_date_and_reference.md", "\u201cMemorandum on the Tarsa Valley Irrigation Canal,\u201d March 2, 1963, AMZO F. 0417, Op. 22, Delo 1. https://digitalarchive.wilsoncenter.org/document/900105",
			false, nil},
		{"060_translation_in_reference.md", "\"Record of the Second Meeting between Tomas Vrell and Bruno Saleni,\" May 5, 1964, History and Public Policy Program Digital Archive, OZA File 17; translation from Valdorian by Daniel Okafor-Lind. Also available at the Lindmar City Archives. Obtained by Livia Rosetti and translated by Ana B. Kessler. https://digitalarchive.wilsoncenter.org/document/900106",
			true, []string{"A4  -", "\"translator\""}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := fixtureDoc(t, tt.file)
			r, err := citeReply(d, "chicago", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Citations[0].Formatted; got != tt.want {
				t.Errorf("chicago =\n%s\nwant\n%s", got, tt.want)
			}
			if archiveCitationComplete(d) != tt.verbatim {
				t.Errorf("archive citation complete = %v, want %v", !tt.verbatim, tt.verbatim)
			}
			if tt.verbatim != (r.Citations[0].Formatted == d.Citation.Text) {
				t.Errorf("verbatim = %v, want %v", !tt.verbatim, tt.verbatim)
			}
			details := map[string]string{}
			for _, f := range r.Details {
				details[f.Label] = f.Value
			}
			if details["Title"] == "" || details["Date"] != d.Date.String() {
				t.Errorf("details lack the title or the header date: %v", details)
			}
			for _, style := range CiteStyles {
				f := formatCitation(d, style, 0)
				for _, s := range tt.lacks {
					if strings.Contains(f, s) {
						t.Errorf("%s holds %q, which the page does not give:\n%s", style, s, f)
					}
				}
				if style == "bibtex" {
					if _, err := checkBibTeX(f); err != nil {
						t.Errorf("bibtex: %v\n%s", err, f)
					}
				}
				if style == "ris" {
					if _, err := checkRIS(f); err != nil {
						t.Errorf("ris: %v\n%s", err, f)
					}
				}
			}
		})
	}
}

// TestCiteTranslators checks that translators with initials stay whole and
// that several translators become several creators.
func TestCiteTranslators(t *testing.T) {
	d := fixtureDoc(t, "030_initials_two_translators.md")
	tags, err := checkRIS(formatCitation(d, "ris", 0))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tags["A4"], "|"); got != "Heller, Marta J.|Ruzic, Pavel K." {
		t.Errorf("A4 = %q", got)
	}
	var items []struct {
		Translator []struct{ Family, Given string }
	}
	if err := json.Unmarshal([]byte(formatCitation(d, "csl-json", 0)), &items); err != nil || len(items) != 1 {
		t.Fatalf("csl-json: %v", err)
	}
	if got := fmt.Sprint(items[0].Translator); got != "[{Heller Marta J.} {Ruzic Pavel K.}]" {
		t.Errorf("CSL translators = %s", got)
	}
	bib, err := checkBibTeX(formatCitation(d, "bibtex", 0))
	if err != nil || bib["translator"] != "Marta J. Heller and Pavel K. Ruzic" {
		t.Errorf("bibtex translator = %q (%v)", bib["translator"], err)
	}
	for _, style := range []string{"mla", "apa"} {
		if f := formatCitation(d, style, 0); !strings.Contains(f, "Marta J. Heller and Pavel K. Ruzic") {
			t.Errorf("%s cuts the translators: %s", style, f)
		}
	}
	if got := quoted("Record of 'Talks, 18 June'", ","); got != "\u201cRecord of 'Talks, 18 June',\u201d" {
		t.Errorf("quoted = %s", got)
	}
	tests := []struct{ credit, want string }{
		{"Vladimir K. Orlan", "[Vladimir K. Orlan]"},
		{"A. Lind, B. Orr and C. Pell", "[A. Lind B. Orr C. Pell]"},
		{"A. Lind & B. Orr", "[A. Lind B. Orr]"},
		{"Orlan, Vladimir K.", "[Orlan, Vladimir K.]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(translators(tt.credit)); got != tt.want {
			t.Errorf("translators(%q) = %s, want %s", tt.credit, got, tt.want)
		}
	}
}

// TestCitePinpoint checks that a pinpoint goes into the Chicago note and
// into each style's in-text form, never into a bibliography record.
func TestCitePinpoint(t *testing.T) {
	d := fixtureDoc(t, "020_mirror_lost_date.md")
	for _, style := range CiteStyles {
		t.Run(style, func(t *testing.T) {
			r, err := citeReply(d, style, 2)
			if err != nil {
				t.Fatal(err)
			}
			f := r.Citations[0].Formatted
			if style == "chicago" {
				if !strings.Contains(f, "VODP Working Paper No. 4, \"The Ferry 'Question.'\", ¶ 2. Translated") || !strings.Contains(f, "September 12, 1962") {
					t.Errorf("chicago note = %s", f)
				}
				return
			}
			if whole := formatCitation(d, style, 0); f != whole {
				t.Errorf("the pinpointed %s record differs from the record:\n%s\n%s", style, f, whole)
			}
			var pin string
			for _, det := range r.Details {
				if strings.Contains(det.Value, "2") && (strings.HasPrefix(det.Label, "In-text") || strings.HasPrefix(det.Label, "Cite") || det.Label == "Pinpoint") {
					pin = det.Value
				}
			}
			want := map[string]string{"mla": "par. 2)", "apa": ", 1962, para. 2)", "bibtex": `\cite[para.~2]{archive900102}`, "csl-json": `"locator":"2"`, "ris": "paragraph 2"}[style]
			if !strings.Contains(pin, want) {
				t.Errorf("pinpoint detail = %q, want it to hold %q (details %v)", pin, want, r.Details)
			}
		})
	}
}

func TestDateAgrees(t *testing.T) {
	tests := []struct {
		cited, doc string
		want       bool
	}{
		{"September 28, 1961", "September 28, 1961", true},
		{"September 08, 1959", "September 8, 1959", true},
		{"September 28, 1961", "1961", true},
		{"September 28, 1961", "September 1961", true},
		{"1961", "September 28, 1961", false},
		{"September 1961", "September 28, 1961", false},
		{"September 27, 1961", "September 28, 1961", false},
		{"1962", "1961", false},
		{"undated", "Undated", true},
		{"undated", "May 1975", false},
	}
	for _, tt := range tests {
		cited, ok1 := corpus.ParseDate(tt.cited)
		doc, ok2 := corpus.ParseDate(tt.doc)
		if !ok1 || !ok2 {
			t.Fatalf("dates %q, %q do not parse", tt.cited, tt.doc)
		}
		if got := dateAgrees(cited, doc); got != tt.want {
			t.Errorf("dateAgrees(%q, %q) = %v, want %v", tt.cited, tt.doc, got, tt.want)
		}
	}
}
