package terminal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var quoteReply = bot.Reply{
	Kind: bot.KindAnswer, Command: "quote", Headline: "4 passages for \u201ctungsten\u201d",
	Passages: []bot.Passage{
		{Text: `"We will not sell the tungsten at that price," said Cde. Ivo Marsek.`, Trailing: true, DocID: "900001", Paragraph: 5},
		{Text: "Tungsten concentrate \x1b[31mred\x1b[0m", Leading: true, Speaker: "Tomas Vrell", DocID: "900013", Paragraph: 2},
	},
	Citations: []bot.Citation{
		{DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961", Archive: "Wilson Center Digital Archive", Reference: "AMZO F. 0417, Op. 9, Delo 22", Translator: "Lena Ostrova", TranslatedFor: "VODP", URL: "https://example.org/document/900001"},
		{DocID: "900013", Title: "Table of Ostland Exports to Valdoria, 1960-1961", Date: "January 15, 1962", Text: `"Table of Ostland Exports", January 15, 1962, Wilson Center Digital Archive, OZA Trade Ministry Records, File 3-C.`},
	},
	Hint:   "The full paragraph: doc 900001 5",
	Page:   &bot.Page{Number: 1, Of: 2, Total: 4, Next: "quote tungsten page:2"},
	Source: &testSource,
}

// testSource is a fixed archive identity, so goldens do not change with the
// time a test index was built.
var testSource = bot.Source{BuiltAt: time.Date(2026, 11, 29, 22, 3, 0, 0, time.UTC), Documents: 27, Fingerprint: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"}

// bibliographyReply is a page of a saved list with hostile notes and names.
var bibliographyReply = bot.Reply{
	Kind: bot.KindAnswer, Command: "bibliography", Headline: "This conversation's bibliography: 12 entries",
	Bibliography: []bot.BibEntry{
		{Position: 1, DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961", Paragraph: 5, Note: "the tungsten price @everyone \u202eevil", SavedBy: "Ana <@123>", SavedAt: time.Date(2026, 11, 13, 9, 30, 0, 0, time.UTC)},
		{Position: 2, DocID: "900404", SavedBy: "Ben", SavedAt: time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)},
	},
	Citations: []bot.Citation{{DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961"}},
	Hint:      "Export it with `bibliography export`.",
	Page:      &bot.Page{Number: 1, Of: 2, Total: 12, Next: "bibliography page:2"},
}

var whenReply = bot.Reply{
	Kind: bot.KindAnswer, Command: "when", Headline: "When: \u201cdelegation\u201d in 1 document; 2 dates stated in the passages",
	Timeline: []bot.Event{
		{Date: "April 1961", Sort: "1961-04-12", Stated: "12 March [sic; April] 1961", Source: "text", Corrected: true, Evidence: "On 12 March [sic; April] 1961 the delegation arrived.", DocID: "900001", Paragraph: 3},
		{Date: "April 14, 1961", Sort: "1961-04-14", Stated: "April 14, 1961", Source: "document", DocID: "900001", Paragraph: 1, Evidence: "Lindmar, April 14, 1961, 10:30 a.m."},
		{Date: "1962", Sort: "1962-01-01", Stated: "next year", Source: "text", Relative: true, Evidence: "They will come next year.", DocID: "900001", Paragraph: 6},
	},
	Citations: []bot.Citation{{DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961"}},
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
	}{
		{"quote", quoteReply},
		{"when", whenReply},
		{"when entry", bot.Reply{Kind: bot.KindAnswer, Command: "when", Headline: "When: \u201cnote\u201d in 1 document; 4 dates stated in the passages",
			Timeline: []bot.Event{
				{Date: "1960", Sort: "1960-01-01", Stated: "o(ctober 3, 1960", Source: "text", Illegible: true, Evidence: "Esteemed Counselor Marsek, the ministry has studied your letter of o(ctober 3, 1960 on the river border, and cannot accept its view.", DocID: "900206", Paragraph: 4},
				{Date: "September 21, 1970", Sort: "1970-09-21", Stated: "21 September", Source: "text", Relative: true, Evidence: "Your note of 21 September on the customs union has been studied with care, and we set out our view once more.", DocID: "900205", Paragraph: 5},
				{Date: "September 21, 1970", Sort: "1970-09-21", Stated: "21 September", Source: "text", Relative: true, Evidence: "Vrell answers the note of 21 September.", DocID: "900205"},
				{Date: "October 2, 1970", Sort: "1970-10-02", Stated: "October 2, 1970", Source: "document", DocID: "900205"},
				{Date: "October 3, 1970", Sort: "1970-10-03", Stated: "October 3, 1970", Source: "text", Dateline: true, Evidence: "Lindmar, October 3, 1970", DocID: "900205", Paragraph: 3},
				{Date: "1971", Sort: "1971-01-01", Stated: "next year", Source: "text", Relative: true, Evidence: "Your note of 21 September on the customs union has been studied with care, and we set out our view once more.", DocID: "900205", Paragraph: 5},
			},
			Citations: []bot.Citation{{DocID: "900205", Title: "Letter, Minister Tomas Vrell to President Aurel Castellan", Date: "October 2, 1970"}}}},
		{"who", bot.Reply{Kind: bot.KindAnswer, Headline: "Ivo Marsek in 1 document: Ostland Foreign Ministry counselor",
			Mentions:  []bot.Mention{{DocID: "900001", Name: "Ivo Marsek", Role: "Ostland Foreign Ministry counselor", Where: "body", Paragraph: 3, Count: 3}, {DocID: "900001", Name: "Marsek", Where: "distribution", Paragraph: 15}},
			Citations: []bot.Citation{{DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961"}}}},
		{"choices", bot.Reply{Kind: bot.KindAnswer, Headline: "2 documents have titles matching \u201crecord\u201d: which one?",
			Choices: []bot.Choice{{Label: "Record one (1961)", Command: "cite 900001"}, {Label: "Record two (1964)", Command: "cite 900008"}}}},
		{"cite", bot.Reply{Kind: bot.KindAnswer, Headline: "Citation for \u201cFrom the Diary of A. Dobrev\u201d (bibtex)",
			Details:   []bot.Detail{{Label: "Reference", Value: "AMZO F. 0417, Op. 9, Delo 22"}},
			Citations: []bot.Citation{{DocID: "900001", Title: "From the Diary of A. Dobrev", Date: "April 14, 1961", Style: "bibtex", Formatted: "@misc{archive900001,\n  title = {{From the Diary of A. Dobrev}},\n  year = {1961},\n}"}}}},
		{"bibliography", bibliographyReply},
		{"export", bot.Reply{Kind: bot.KindAnswer, Command: "bibliography", Headline: "This conversation's bibliography in ris: 1 entry",
			Attachment: &bot.Attachment{Name: "bibliography-ris.ris", ContentType: "application/x-research-info-systems", Content: []byte("TY  - MANSCPT\nTI  - From the Diary \x1b[2Jof A. Dobrev\nER  - \n")}}},
		{"not found", bot.Reply{Kind: bot.KindNotFound, Headline: "Nothing in the archive matches \u201catomic bomb\u201d.", Hint: "Try fewer or different words.", Source: &testSource}},
		{"help", bot.Reply{Kind: bot.KindUsage, Headline: "Ask the archive.", Commands: []bot.CommandHelp{{Name: "quote", Summary: "Quote passages.", Usage: "quote <words>", Examples: []string{"quote cotton", "quote tungsten"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, tt.reply); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.ReplaceAll(tt.name, " ", "_")+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("Render mismatch (run go test -update after checking):\n--- got\n%s\n--- want\n%s", got, want)
			}
			if strings.ContainsRune(buf.String(), '\x1b') {
				t.Error("a control character reached the terminal")
			}
		})
	}
}

func TestRenderSource(t *testing.T) {
	const want = "Archive: 27 documents, built 2026-11-29 22:03 UTC, corpus 1a2b3c4d5e6f"
	tests := []struct {
		name  string
		reply bot.Reply
		want  bool
	}{
		{"answer", quoteReply, true},
		{"not found", bot.Reply{Kind: bot.KindNotFound, Headline: "Nothing.", Source: &testSource}, true},
		{"usage", bot.Reply{Kind: bot.KindUsage, Headline: "Ask the archive."}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, tt.reply); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
			if last := lines[len(lines)-1]; tt.want && last != want {
				t.Errorf("last line = %q, want %q\n%s", last, want, buf.String())
			}
			if !tt.want && strings.Contains(buf.String(), "Archive:") {
				t.Errorf("a reply without a source shows one:\n%s", buf.String())
			}
		})
	}
	var buf bytes.Buffer
	if err := RenderJSON(&buf, quoteReply); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"source": {`) || !strings.Contains(buf.String(), `"built_at": "2026-11-29T22:03:00Z"`) || !strings.Contains(buf.String(), `"documents": 27`) {
		t.Errorf("JSON lacks the source:\n%s", buf.String())
	}
}

func TestRenderJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderJSON(&buf, quoteReply); err != nil {
		t.Fatal(err)
	}
	var back bot.Reply
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("output does not parse as JSON: %v", err)
	}
	if back.Passages[0].Text != quoteReply.Passages[0].Text || back.Page.Next != quoteReply.Page.Next {
		t.Errorf("JSON round trip lost data: %+v", back)
	}
	for _, field := range []string{`"kind": "answer"`, `"passages"`, `"doc_id": "900001"`, `"citations"`, `"next": "quote tungsten page:2"`} {
		if !strings.Contains(buf.String(), field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
}

// recorder answers every request with a fixed reply and records the requests.
type recorder struct {
	reply bot.Reply
	got   []bot.Request
}

func (r *recorder) Handle(_ context.Context, req bot.Request) bot.Reply {
	r.got = append(r.got, req)
	return r.reply
}

func TestSession(t *testing.T) {
	h := &recorder{reply: quoteReply}
	s := Session{Handler: h}
	in := strings.NewReader("quote tungsten\n\nnext\ncite that\nprev\nquit\nquote never reached\n")
	var out bytes.Buffer
	if err := s.Run(context.Background(), in, &out); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range h.got {
		texts = append(texts, r.Text)
		if r.Platform != Platform {
			t.Errorf("platform = %q", r.Platform)
		}
	}
	want := []string{"quote tungsten", "quote tungsten page:2", "cite that"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("requests = %q, want %q", texts, want)
	}
	if got := h.got[2].Recent; len(got) != 2 || got[0] != "900001" {
		t.Errorf("cite that was sent with recent documents %v", got)
	}
	if got := h.got[2].RecentPassages; len(got) != 2 || got[0] != (bot.PassageRef{DocID: "900001", Paragraph: 5}) {
		t.Errorf("cite that was sent with recent passages %v", got)
	}
	for _, r := range h.got {
		if r.Conversation != Conversation || !r.CanManage {
			t.Errorf("request %q: conversation %q, may manage %v", r.Text, r.Conversation, r.CanManage)
		}
	}
	if !strings.Contains(out.String(), "There is no previous page.") {
		t.Errorf("output lacks the no-previous-page message:\n%s", out.String())
	}
}

// TestSessionStopsWhileWaiting cancels a session that waits for a line
// that never comes, as Ctrl-C or SIGTERM do at the prompt: it returns.
func TestSessionStopsWhileWaiting(t *testing.T) {
	tests := []struct {
		name  string
		input string // written before the wait; the pipe stays open
	}{
		{"at the first prompt", ""},
		{"inside a line", "quote tung"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := io.Pipe()
			defer w.Close()
			h := &recorder{reply: quoteReply}
			s := Session{Handler: h, Interactive: true, Prompt: "archive> "}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			var out bytes.Buffer
			go func() { done <- s.Run(ctx, r, &out) }()
			if tt.input != "" {
				if _, err := io.WriteString(w, tt.input); err != nil {
					t.Fatal(err)
				}
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run = %v, want nil", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the session waits for a line after its context is done")
			}
		})
	}
}

// TestSessionLongLine sends a line far over MaxLine: it gets a short
// error, and the session reads the next line.
func TestSessionLongLine(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string
	}{
		{"2 MiB line", strings.Repeat("x", 2<<20) + "\nquote tungsten\n", []string{"quote tungsten"}},
		{"just over", strings.Repeat("y", MaxLine+1) + "\nquote tungsten\n", []string{"quote tungsten"}},
		{"long last line", "quote tungsten\n" + strings.Repeat("z", 3<<20), []string{"quote tungsten"}},
		{"last line without newline", "quote tungsten", []string{"quote tungsten"}},
		{"long line of multibyte text", strings.Repeat("é", 1<<20) + "\r\nquote tungsten\r\n", []string{"quote tungsten"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recorder{reply: quoteReply}
			s := Session{Handler: h}
			var out bytes.Buffer
			if err := s.Run(context.Background(), strings.NewReader(tt.input), &out); err != nil {
				t.Fatalf("Run = %v, want the session to go on", err)
			}
			var texts []string
			for _, r := range h.got {
				texts = append(texts, r.Text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.want, "|") {
				t.Errorf("requests = %.80q, want %q", texts, tt.want)
			}
			if tooLong := strings.Contains(out.String(), "too long"); tooLong != (len(tt.input) > MaxLine) {
				t.Errorf("output says too long: %v, want %v:\n%.300s", tooLong, len(tt.input) > MaxLine, out.String())
			}
		})
	}
	t.Run("JSON", func(t *testing.T) {
		s := Session{Handler: &recorder{reply: quoteReply}, JSON: true}
		var out bytes.Buffer
		if err := s.Run(context.Background(), strings.NewReader(strings.Repeat("x", 2<<20)+"\n"), &out); err != nil {
			t.Fatal(err)
		}
		var r bot.Reply
		if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Kind != bot.KindUsage || !strings.Contains(r.Headline, "too long") {
			t.Errorf("--json output = %.300s (%v), want a usage reply", out.String(), err)
		}
	})
}

// TestPagingLines: every page offers the way on, and from page 2 the way
// back, both as a command and as a word to type.
func TestPagingLines(t *testing.T) {
	tests := []struct {
		name      string
		page      bot.Page
		want, not []string
	}{
		{"first page", bot.Page{Number: 1, Of: 3, Total: 9, Next: "quote tungsten page:2"},
			[]string{"Next page: quote tungsten page:2   (or type: next)"}, []string{"Previous page"}},
		{"middle page", bot.Page{Number: 2, Of: 3, Total: 9, Next: "quote tungsten page:3", Prev: "quote tungsten page:1"},
			[]string{"Next page: quote tungsten page:3   (or type: next)", "Previous page: quote tungsten page:1   (or type: prev)"}, nil},
		{"last page", bot.Page{Number: 3, Of: 3, Total: 9, Prev: "quote tungsten page:2"},
			[]string{"Previous page: quote tungsten page:2   (or type: prev)"}, []string{"Next page"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := quoteReply
			r.Page = &tt.page
			var out bytes.Buffer
			if err := Render(&out, r); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("output has %q:\n%s", n, out.String())
				}
			}
		})
	}
}

// TestSessionHelp: the help shown at the prompt lists, after the
// commands, the words a conversation understands.
func TestSessionHelp(t *testing.T) {
	help := bot.Reply{Kind: bot.KindUsage, Command: "help", Headline: "Ask the archive.", Commands: []bot.CommandHelp{
		{Name: "quote", Summary: "Quote.", Usage: "quote <words>"},
		{Name: "cite", Summary: "Cite.", Usage: "cite <id>"},
	}}
	one := bot.Reply{Kind: bot.KindUsage, Command: "help", Headline: "quote: Quote.", Commands: help.Commands[:1]}
	tests := []struct {
		name  string
		reply bot.Reply
		want  bool
	}{
		{"all commands", help, true},
		{"one command", one, false},
		{"an answer", quoteReply, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Session{Handler: &recorder{reply: tt.reply}}
			var out bytes.Buffer
			if err := s.Run(context.Background(), strings.NewReader("help\n"), &out); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			for _, w := range []string{"In a conversation:", "next", "prev", "cite that", "quit"} {
				if has := strings.Contains(got, w); has != tt.want && (tt.want || w == "In a conversation:") {
					t.Errorf("output has %q: %v, want %v:\n%s", w, has, tt.want, got)
				}
			}
		})
	}
}

// scriptedLines is a LineReader that gives its lines, then its error.
type scriptedLines struct {
	lines []string
	end   error
}

func (s *scriptedLines) ReadLine() (string, error) {
	if len(s.lines) == 0 {
		return "", s.end
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	return l, nil
}

// TestSessionLineReader: with a line editor, the session reads its lines
// from it (not from in), shows no prompt of its own (the editor does), and
// ends with ErrInterrupted for Ctrl-C and cleanly for Ctrl-D.
func TestSessionLineReader(t *testing.T) {
	tests := []struct {
		name    string
		end     error
		wantErr error
	}{
		{"Ctrl-D", io.EOF, nil},
		{"Ctrl-C", ErrInterrupted, ErrInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recorder{reply: quoteReply}
			lines := &scriptedLines{lines: []string{"quote tungsten", "", "next", strings.Repeat("x", MaxLine+1)}, end: tt.end}
			s := Session{Handler: h, Prompt: "archive> ", Interactive: true, Lines: lines}
			var out bytes.Buffer
			err := s.Run(context.Background(), strings.NewReader("quote never read\n"), &out)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("Run = %v, want %v", err, tt.wantErr)
			}
			var texts []string
			for _, r := range h.got {
				texts = append(texts, r.Text)
			}
			if want := "quote tungsten|quote tungsten page:2"; strings.Join(texts, "|") != want {
				t.Errorf("requests = %q, want %q", texts, want)
			}
			if strings.Contains(out.String(), "archive> ") {
				t.Errorf("the session showed its own prompt over the editor's:\n%s", out.String())
			}
			if !strings.Contains(out.String(), "too long") {
				t.Errorf("a line over MaxLine was not refused:\n%s", out.String())
			}
		})
	}
}

// countedLines is a LineReader that counts its reads.
type countedLines struct {
	scriptedLines
	reads atomic.Int32
}

func (c *countedLines) ReadLine() (string, error) {
	c.reads.Add(1)
	return c.scriptedLines.ReadLine()
}

// waiting is a Handler that fails the test when the session asks the
// line editor for the next line while it answers: the editor would draw
// its prompt in the middle of the answer.
type waiting struct {
	t        *testing.T
	lines    *countedLines
	answered int
}

func (w *waiting) Handle(_ context.Context, req bot.Request) bot.Reply {
	w.answered++
	time.Sleep(50 * time.Millisecond) // time for a read ahead, were there one
	if n := int(w.lines.reads.Load()); n != w.answered {
		w.t.Errorf("%d lines read while answering request %d, %q", n, w.answered, req.Text)
	}
	return bot.Reply{Kind: bot.KindAnswer, Headline: "asked: " + req.Text}
}

// TestSessionLineReaderAsksAfterAnswer: a line editor is asked for a line
// only after the answer before is written.
func TestSessionLineReaderAsksAfterAnswer(t *testing.T) {
	lines := &countedLines{scriptedLines: scriptedLines{lines: []string{"quote tungsten", "quote cotton"}, end: io.EOF}}
	s := Session{Handler: &waiting{t: t, lines: lines}, Interactive: true, Lines: lines}
	var out bytes.Buffer
	if err := s.Run(context.Background(), nil, &out); err != nil {
		t.Fatal(err)
	}
	if n := lines.reads.Load(); n != 3 {
		t.Errorf("%d reads, want 3 (two lines and the end)", n)
	}
}
