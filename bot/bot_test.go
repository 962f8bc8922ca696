package bot

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/index"
)

// testArchive is a real index on disk of the sample and the fictional test
// documents, built once for the package's tests.
var testArchive *index.Index

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "bot-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	if testArchive, err = bottest.OpenArchive(context.Background(), dir, "../corpus/testdata/archive"); err != nil {
		return 0, err
	}
	defer testArchive.Close()
	return m.Run(), nil
}

func ask(t *testing.T, text string, recent ...string) Reply {
	t.Helper()
	b := New(testArchive, Options{})
	return b.Handle(context.Background(), Request{Text: text, Platform: "test", Recent: recent})
}

// assertVerbatim checks that every passage is a part of its paragraph, as written.
func assertVerbatim(t *testing.T, r Reply) {
	t.Helper()
	for _, p := range r.Passages {
		d, err := testArchive.Document(context.Background(), p.DocID)
		if err != nil {
			t.Fatalf("passage from unknown document %s: %v", p.DocID, err)
		}
		if p.Paragraph < 1 || p.Paragraph > len(d.Paragraphs) {
			t.Fatalf("passage cites paragraph %d of %d", p.Paragraph, len(d.Paragraphs))
		}
		para := d.Paragraphs[p.Paragraph-1].Text
		i := strings.Index(para, p.Text)
		if i < 0 {
			t.Fatalf("passage is not verbatim from doc %s paragraph %d:\n%q", p.DocID, p.Paragraph, p.Text)
		}
		if p.Leading != (i > 0) || p.Trailing != (i+len(p.Text) < len(para)) {
			t.Errorf("passage trim flags leading=%v trailing=%v do not match its place in the paragraph", p.Leading, p.Trailing)
		}
		if i > 0 && para[i-1] != ' ' || i+len(p.Text) < len(para) && para[i+len(p.Text)] != ' ' {
			t.Errorf("passage cut mid-word: %q", p.Text)
		}
	}
}

func citedIDs(r Reply) []string {
	var ids []string
	for _, c := range r.Citations {
		ids = append(ids, c.DocID)
	}
	return ids
}

func TestQuote(t *testing.T) {
	tests := []struct {
		name, text string
		kind       Kind
		contains   string // in the first passage
		doc        string // first passage's document
		paragraph  int
	}{
		{"a word", "quote cotton", KindAnswer, "cotton", "115932", 15},
		{"across the page break", "quote All the Party and our people also supported us", KindAnswer, "All the Party and our people also supported us in this matter.", "115932", 10},
		{"exact phrase", `quote "friendly advice"`, KindAnswer, "the friendly advice of two fraternal Communist Parties", "115932", 10},
		{"stemmed", "quote volunteer withdrawals", KindAnswer, "withdrawal of the Chinese People's Volunteers", "115932", 12},
		{"natural phrasing", "give me a quote about cotton", KindAnswer, "cotton", "115932", 15},
		{"fictional document", `quote "We will not sell the tungsten at that price"`, KindAnswer, `"We will not sell the tungsten at that price," said Cde. Ivo Marsek.`, "900001", 5},
		{"nothing found", "quote atomic bomb", KindNotFound, "", "", 0},
		{"only in a rejected file", "quote meteorologists", KindNotFound, "", "", 0},
		{"only in a non-document file", "quote zeppelin", KindNotFound, "", "", 0},
		{"filtered out by year", "quote cotton from:1960", KindNotFound, "", "", 0},
		{"filtered in by year", "quote cotton year:1957", KindAnswer, "cotton", "115932", 15},
		{"language filter", "quote tungsten lang:russian", KindNotFound, "", "", 0},
		{"month filter excludes", "quote cotton to:1957-10", KindNotFound, "", "", 0},
		{"month filter includes", "quote cotton from:1957-11 to:1957-11", KindAnswer, "cotton", "115932", 15},
		{"day filter", "quote cotton year:1957 from:1957-11-13 to:1957-11-13", KindAnswer, "cotton", "115932", 15},
		{"document filter", "quote tungsten doc:900013", KindAnswer, "Tungsten", "900013", 2},
		{"document filter excludes", "quote cotton doc:900013", KindNotFound, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, tt.text)
			if r.Kind != tt.kind {
				t.Fatalf("kind = %s (%s), want %s", r.Kind, r.Headline, tt.kind)
			}
			assertVerbatim(t, r)
			if tt.kind != KindAnswer {
				if len(r.Passages) != 0 || len(r.Citations) != 0 {
					t.Errorf("a reply with nothing found cites %v", citedIDs(r))
				}
				return
			}
			p := r.Passages[0]
			if !strings.Contains(p.Text, tt.contains) || p.DocID != tt.doc || p.Paragraph != tt.paragraph {
				t.Errorf("first passage = doc %s paragraph %d %q, want doc %s paragraph %d containing %q", p.DocID, p.Paragraph, p.Text, tt.doc, tt.paragraph, tt.contains)
			}
			if len(r.Passages) > quotesPerPage {
				t.Errorf("%d passages, want at most %d", len(r.Passages), quotesPerPage)
			}
			for _, p := range r.Passages {
				if len(p.Text) > MaxPassageChars {
					t.Errorf("passage of %d bytes is longer than %d", len(p.Text), MaxPassageChars)
				}
			}
			if r.Citations[0].DocID != tt.doc {
				t.Errorf("citations = %v, want %s first", citedIDs(r), tt.doc)
			}
		})
	}
}

func TestQuoteCitesTitleAndDate(t *testing.T) {
	r := ask(t, "quote cotton")
	c := r.Citations[0]
	if c.Date != "November 13, 1957" || c.Title != "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung" {
		t.Errorf("citation = %+v", c)
	}
	if c.Archive != "Wilson Center Digital Archive" || c.Reference != "AVPRF F. 0102, Op. 13, Delo 5" {
		t.Errorf("citation = %+v", c)
	}
}

func TestQuotePaging(t *testing.T) {
	first := ask(t, "quote tungsten")
	if first.Page == nil || first.Page.Total <= quotesPerPage {
		t.Fatalf("tungsten should fill more than one page: %+v", first.Page)
	}
	if first.Page.Next != "quote tungsten page:2" || first.Page.Prev != "" {
		t.Fatalf("page = %+v", first.Page)
	}
	second := ask(t, first.Page.Next)
	if second.Kind != KindAnswer || second.Page.Number != 2 || second.Page.Prev != "quote tungsten" {
		t.Fatalf("second page = %s %+v", second.Kind, second.Page)
	}
	seen := map[string]bool{}
	for _, r := range []Reply{first, second} {
		for _, p := range r.Passages {
			key := fmt.Sprintf("%s/%d", p.DocID, p.Paragraph)
			if seen[key] {
				t.Errorf("passage %s on two pages", key)
			}
			seen[key] = true
		}
	}
	if r := ask(t, "quote tungsten from:1960 lang:ostlandic"); r.Page == nil || r.Page.Next != "quote tungsten from:1960 lang:ostlandic page:2" {
		t.Errorf("the next page loses the filters: %+v", r.Page)
	}
	if r := ask(t, "quote tungsten page:50"); r.Kind != KindNotFound {
		t.Errorf("a page past the end gives %s", r.Kind)
	}
}

func TestWho(t *testing.T) {
	tests := []struct {
		name, text string
		docs       []string // in date order
		role       string   // a role the headline must show
		where      string
	}{
		{"role phrase in the body", "who Peng Dehuai", []string{"115932"}, "CPC CC Politburo member", "body"},
		{"signature role", "who Puzanov", []string{"115932"}, "SOVIET AMBASSADOR IN THE DPRK", "signature"},
		{"natural phrasing", "who was Peng Dehuai", []string{"115932"}, "CPC CC Politburo member", "body"},
		{"distribution list", "who Gromyko", []string{"115932"}, "", "distribution"},
		{"across documents in date order, first page", "who Tomas Vrell", []string{"900001", "900002", "900004", "valdoria-trade-talks", "900012"}, "", ""},
		{"across documents in date order, second page", "who Tomas Vrell page:2", []string{"900005"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, tt.text)
			if r.Kind != KindAnswer {
				t.Fatalf("kind = %s: %s", r.Kind, r.Headline)
			}
			assertVerbatim(t, r)
			if got := strings.Join(citedIDs(r), " "); got != strings.Join(tt.docs, " ") {
				t.Errorf("documents = %s, want %s", got, strings.Join(tt.docs, " "))
			}
			if tt.role != "" && !strings.Contains(r.Headline, tt.role) {
				t.Errorf("headline %q lacks the role %q", r.Headline, tt.role)
			}
			if tt.where != "" {
				found := false
				for _, m := range r.Mentions {
					found = found || m.Where == tt.where && (tt.role == "" || m.Role == tt.role)
				}
				if !found {
					t.Errorf("no mention in %s with role %q: %+v", tt.where, tt.role, r.Mentions)
				}
			}
		})
	}
	if r := ask(t, "who Nobody Atall"); r.Kind != KindNotFound || len(r.Citations) != 0 {
		t.Errorf("unknown person: %s %v", r.Kind, citedIDs(r))
	}
}

func TestWhen(t *testing.T) {
	r := ask(t, "when Chivu Stoica")
	if r.Kind != KindAnswer {
		t.Fatalf("kind = %s", r.Kind)
	}
	var stated, document bool
	for _, e := range r.Timeline {
		if e.Source == "text" && e.Date == "1958" && strings.Contains(e.Evidence, "Chivu Stoica agreed to visit the DPRK in 1958") {
			stated = true
		}
		if e.Source == "document" && e.Date == "November 13, 1957" {
			document = true
		}
	}
	if !stated || !document {
		t.Errorf("timeline lacks the stated 1958 or the document date: %+v", r.Timeline)
	}
	for i := 1; i < len(r.Timeline); i++ {
		if r.Timeline[i].Sort < r.Timeline[i-1].Sort {
			t.Errorf("timeline not in date order: %+v", r.Timeline)
		}
	}

	r = ask(t, "when conversation was held with Cde. Kim Il Sung")
	var corrected bool
	for _, e := range r.Timeline {
		if e.Corrected && e.Date == "November 12, 1957" && e.Stated == "12 September [sic; November] 1957" {
			corrected = true
		}
	}
	if !corrected {
		t.Errorf("the editor's correction is not in the timeline: %+v", r.Timeline)
	}
	if r := ask(t, "when atomic bomb"); r.Kind != KindNotFound {
		t.Errorf("when atomic bomb: %s", r.Kind)
	}
}

func TestCite(t *testing.T) {
	tests := []struct {
		name, text string
		recent     []string
		kind       Kind
		doc        string // the document cited, "" when choices are offered
		choices    int
	}{
		{"by id", "cite 115932", nil, KindAnswer, "115932", 0},
		{"by URL", "cite https://wilson-center-digital-archive.dvincitest.com/document/115932", nil, KindAnswer, "115932", 0},
		{"by slug id", "cite valdoria-trade-talks", nil, KindAnswer, "valdoria-trade-talks", 0},
		{"by unique title words", "cite Cape Morrow Lighthouse", nil, KindAnswer, "090_no_url_year_only", 0},
		{"ambiguous title words", "cite Record of a Conversation", nil, KindAnswer, "", 3},
		{"that document", "cite that", []string{"900002"}, KindAnswer, "900002", 0},
		{"that, with nothing before", "cite that", nil, KindUsage, "", 0},
		{"unknown", "cite 424242", nil, KindNotFound, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, tt.text, tt.recent...)
			if r.Kind != tt.kind {
				t.Fatalf("kind = %s (%s), want %s", r.Kind, r.Headline, tt.kind)
			}
			if tt.doc != "" {
				if len(r.Citations) != 1 || r.Citations[0].DocID != tt.doc || r.Citations[0].Text == "" {
					t.Fatalf("citations = %+v, want the full citation of %s", r.Citations, tt.doc)
				}
			}
			if len(r.Choices) != tt.choices {
				t.Errorf("%d choices, want %d: %+v", len(r.Choices), tt.choices, r.Choices)
			}
		})
	}
	r := ask(t, "cite 115932")
	details := map[string]string{}
	for _, d := range r.Details {
		details[d.Label] = d.Value
	}
	for label, want := range map[string]string{
		"Reference": "AVPRF F. 0102, Op. 13, Delo 5", "Translator": "Gary Goldberg", "Translated for": "NKIDP",
		"URL": "https://wilson-center-digital-archive.dvincitest.com/document/115932", "Date": "November 13, 1957",
	} {
		if details[label] != want {
			t.Errorf("%s = %q, want %q", label, details[label], want)
		}
	}
	const verbatim = `"From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung", November 13, 1957, Wilson Center Digital Archive, AVPRF F. 0102, Op. 13, Delo 5. Translated for NKIDP by Gary Goldberg. https://wilson-center-digital-archive.dvincitest.com/document/115932`
	if r.Citations[0].Text != verbatim {
		t.Errorf("citation text = %q", r.Citations[0].Text)
	}
}

func TestSearchDocAndHelp(t *testing.T) {
	tests := []struct {
		name, text string
		kind       Kind
		check      func(Reply) string
	}{
		{"search", "search hydroelectric dam", KindAnswer, func(r Reply) string {
			if got := strings.Join(citedIDs(r), " "); got != "900002 900001" && got != "900001 900002" {
				return "documents = " + got
			}
			return ""
		}},
		{"search nothing", "search zeppelin", KindNotFound, nil},
		{"doc", "doc 900005", KindAnswer, func(r Reply) string {
			for _, d := range r.Details {
				if d.Label == "Date" && d.Value == "May 1975" {
					return ""
				}
			}
			return fmt.Sprintf("no month-precision date in %+v", r.Details)
		}},
		{"doc undated", "doc 900006", KindAnswer, func(r Reply) string {
			for _, d := range r.Details {
				if d.Label == "Date" && strings.HasPrefix(d.Value, "undated") {
					return ""
				}
			}
			return fmt.Sprintf("undated document shows %+v", r.Details)
		}},
		{"doc paragraph in full", "doc 115932 15", KindAnswer, func(r Reply) string {
			if len(r.Passages) != 1 || r.Passages[0].Leading || r.Passages[0].Trailing || !strings.HasPrefix(r.Passages[0].Text, "First, we want") {
				return fmt.Sprintf("passages = %+v", r.Passages)
			}
			return ""
		}},
		{"doc paragraph out of range", "doc 115932 99", KindUsage, nil},
		{"doc unknown", "doc 424242", KindNotFound, nil},
		{"help", "help", KindUsage, func(r Reply) string {
			if len(r.Commands) != 10 {
				return fmt.Sprintf("%d commands in help", len(r.Commands))
			}
			return ""
		}},
		{"help for a command", "help cite", KindUsage, func(r Reply) string {
			if len(r.Commands) != 1 || r.Commands[0].Name != "cite" || len(r.Commands[0].Examples) == 0 {
				return fmt.Sprintf("commands = %+v", r.Commands)
			}
			// The style and the pinpoint cite reads are in its usage.
			if u := r.Commands[0].Usage; !strings.HasSuffix(u, " [style] [¶N]") {
				return fmt.Sprintf("usage %q does not show [style] [¶N]", u)
			}
			return ""
		}},
		{"cite that, with nothing shown yet", "cite that", KindUsage, func(r Reply) string {
			if !strings.Contains(r.Hint, "[style] [¶N]") {
				return fmt.Sprintf("hint %q does not show [style] [¶N]", r.Hint)
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, tt.text)
			if r.Kind != tt.kind {
				t.Fatalf("kind = %s (%s), want %s", r.Kind, r.Headline, tt.kind)
			}
			assertVerbatim(t, r)
			if tt.check != nil {
				if msg := tt.check(r); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, text string
		kind       Kind
		headline   string
	}{
		{"empty", "   ", KindUsage, "Ask me something"},
		{"unknown command", "frobnicate x", KindUsage, "I don't know the command"},
		{"no arguments", "quote", KindUsage, "needs something to look for"},
		{"too long", "quote " + strings.Repeat("cotton ", 100), KindUsage, "too long"},
		{"not text", "quote \xff\xfe", KindUsage, "not valid text"},
		{"bad date", "quote cotton from:soon", KindUsage, "takes a year, a month or a day"},
		{"bad month", "quote cotton to:1958-13", KindUsage, "takes a year, a month or a day"},
		{"bad day", "quote cotton to:1958-02-30", KindUsage, "takes a year, a month or a day"},
		{"empty doc filter", "quote cotton doc:", KindUsage, "doc: takes a document id"},
		{"bad range", "quote cotton from:1960 to:1950", KindUsage, "comes after"},
		{"bad page", "quote cotton page:0", KindUsage, "page"},
		{"too many terms", "quote " + strings.Repeat("a ", 40), KindUsage, "can't search"},
		{"only stopwords", "quote the of and", KindNotFound, ""},
		{"query syntax is not parsed", "quote /.*/ +title:x -foo *", KindNotFound, ""},
		{"unclosed quote", `quote "cotton a year`, KindAnswer, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, tt.text)
			if r.Kind != tt.kind || !strings.Contains(r.Headline, tt.headline) {
				t.Errorf("got %s %q, want %s containing %q", r.Kind, r.Headline, tt.kind, tt.headline)
			}
			if r.Kind == KindUsage && !r.Private {
				t.Error("usage replies should be private")
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	b := New(testArchive, Options{Timeout: time.Nanosecond})
	r := b.Handle(context.Background(), Request{Text: "quote cotton"})
	if r.Kind != KindFailure || !strings.Contains(r.Headline, "too long") {
		t.Errorf("got %s %q, want a timeout failure", r.Kind, r.Headline)
	}
}

func TestSpeakers(t *testing.T) {
	r := ask(t, `who said "We don't need these people"`)
	if r.Kind != KindAnswer || len(r.Passages) != 1 || r.Passages[0].Speaker != "Kim Il Sung" || !strings.HasPrefix(r.Headline, "Kim Il Sung said") {
		t.Errorf("who said: %s %q %+v", r.Kind, r.Headline, r.Passages)
	}
	assertVerbatim(t, r)
	r = ask(t, `who said "one-sidedly in their letter"`)
	if len(r.Passages) != 1 || r.Passages[0].Speaker != "Mao Zedong" {
		t.Errorf("who said (reported speech): %q %+v", r.Headline, r.Passages)
	}
	r = ask(t, `who said "SOVIET AMBASSADOR IN THE DPRK"`)
	if r.Kind != KindAnswer || !strings.HasPrefix(r.Headline, "The text does not say") {
		t.Errorf("who said, unattributed: %q", r.Headline)
	}
	r = ask(t, `quote "We don't need these people"`)
	if len(r.Passages) == 0 || r.Passages[0].Speaker != "Kim Il Sung" {
		t.Errorf("quote lacks its speaker: %+v", r.Passages)
	}
}

func TestWhenEventAndDocumentDates(t *testing.T) {
	r := ask(t, "when Peng Dehuai visit")
	var event, document bool
	for _, e := range r.Timeline {
		if e.Source == "text" && e.Date == "September 1956" && e.Stated == "last September" && e.Relative {
			event = true
		}
		if e.Source == "document" && e.Date == "November 13, 1957" {
			document = true
		}
	}
	if !event || !document {
		t.Errorf("timeline lacks September 1956 as the event or November 13, 1957 as the document: %+v", r.Timeline)
	}
	if r.Timeline[0].Date != "September 1956" {
		t.Errorf("the event does not come first: %+v", r.Timeline[0])
	}
}

func TestWhoAuthority(t *testing.T) {
	r := ask(t, "who Puzanov")
	var spellings string
	for _, d := range r.Details {
		if d.Label == "Spellings merged" {
			spellings = d.Value
		}
	}
	if !strings.Contains(spellings, "A. PUZANOV") || !strings.Contains(spellings, "A. M. Puzanov") {
		t.Errorf("who Puzanov does not show the merged spellings: %+v", r.Details)
	}
	r = ask(t, "who Mao Tse-tung")
	if r.Kind != KindAnswer || !strings.HasPrefix(r.Headline, "Mao Zedong in 1 document") {
		t.Errorf("who Mao Tse-tung: %s %q", r.Kind, r.Headline)
	}
	if r := ask(t, "who Kim Il"); r.Kind != KindNotFound {
		t.Errorf("who Kim Il finds Kim Il Sung's document: %q", r.Headline)
	}
	r = ask(t, "who Peng Dehaui")
	if r.Kind != KindNotFound || len(r.Choices) == 0 || r.Choices[0].Command != "who Peng Dehuai" {
		t.Errorf("a misspelt name gets no suggestion: %s %+v", r.Kind, r.Choices)
	}
	r = ask(t, "who Peng Dehuai")
	// The role as the text writes it with the name, and its date.
	if !strings.Contains(r.Headline, "CPC CC Politburo member Cde. Peng Dehuai (November 13, 1957)") {
		t.Errorf("the role lacks its date: %q", r.Headline)
	}
	var companions bool
	for _, d := range r.Details {
		companions = companions || d.Label == "Named most often with" && strings.Contains(d.Value, "Mao Zedong")
	}
	if !companions {
		t.Errorf("no companions: %+v", r.Details)
	}
}
