package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/bot"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden files in testdata/golden and manifest.yaml")
	capture = flag.Bool("capture", false, "capture the real bot's replies again into testdata/replies")
)

// The views a reply can be shown in.
var (
	slashView   = view{share: true, paging: true, slash: true}
	mentionView = view{paging: true}
	sharedView  = view{sharedBy: testUser}
)

// renderCases are the replies the golden files cover. A case with ask
// renders the real bot's reply to it, as captured in testdata/replies.
var renderCases = []struct {
	name  string
	ask   string
	reply bot.Reply
	view  view
}{
	{name: "quote", ask: "quote cotton", view: slashView},
	{name: "quote-page-2", ask: "quote tungsten page:2", view: slashView},
	{name: "quote-in-thread", ask: "quote tungsten", view: mentionView},
	{name: "who", ask: "who Peng Dehuai", view: slashView},
	{name: "when", ask: "when Chivu Stoica", view: mentionView},
	{name: "cite", ask: "cite 115932", view: slashView},
	{name: "cite-choices", ask: "cite conversation", view: slashView},
	{name: "search", ask: "search textile mill", view: slashView},
	{name: "doc", ask: "doc 115932", view: mentionView},
	{name: "doc-paragraph", ask: "doc 115932 15", view: slashView},
	{name: "help", ask: "help", view: slashView},
	{name: "help-in-thread", ask: "help quote", view: mentionView},
	{name: "not-found", ask: "quote atomic bomb", view: slashView},
	{name: "unknown-command", ask: "frobnicate", view: mentionView},
	{name: "shared", ask: "quote cotton", view: sharedView},
	{name: "failure", reply: bot.Reply{Kind: bot.KindFailure, Command: "quote", Headline: "The archive took too long to answer.", Hint: "Try fewer or more specific words.", Private: true}, view: slashView},
	{name: "slow-down", reply: bot.SlowDown(), view: mentionView},
	{name: "bad-button", reply: badButton(), view: slashView},
	{name: "hostile", reply: hostileReply(), view: slashView},
	{name: "long-paragraph", reply: longParagraph("doc", 9000), view: slashView},
	{name: "long-passage", reply: longParagraph("quote", 12000), view: mentionView},
	{name: "long-timeline", reply: longTimeline(80), view: mentionView},
	{name: "many-details", reply: manyDetails(24), view: slashView},
	{name: "many-passages", reply: manyPassages(60), view: slashView},
}

// testSource is a fixed build time for the captured replies and the
// provenance tests, so that they do not change with each test index.
var testSource = bot.Source{BuiltAt: time.Date(2026, 11, 29, 22, 3, 0, 0, time.UTC), Documents: 27, Fingerprint: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"}

// hostileReply is archive text that tries everything: Slack's special
// mentions, user and channel mentions, links, entities, code fences and
// control characters, in every field the renderer shows.
func hostileReply() bot.Reply {
	const evil = "<!channel> <!here> <!everyone> @channel @here @everyone <@U999> <#C999> <!subteam^S1> <https://evil.example|click> &amp; & < > ``` *bold* \x1b[31m"
	return bot.Reply{
		Kind: bot.KindAnswer, Command: "quote", Headline: "Passages for " + evil,
		Passages: []bot.Passage{{Text: evil, Speaker: evil, DocID: "666", Paragraph: 1, Leading: true}},
		Mentions: []bot.Mention{{DocID: "666", Name: evil, Role: evil, Where: "body", Paragraph: 1}},
		Timeline: []bot.Event{{Date: evil, Stated: evil, Source: "text", Evidence: evil, DocID: "666", Paragraph: 1}},
		Details:  []bot.Detail{{Label: evil, Value: evil}, {Label: "URL", Value: "javascript:alert(1)"}},
		Citations: []bot.Citation{
			{DocID: "666", Title: evil, Date: evil, URL: "https://archive.example/doc|<!channel>", Text: evil},
			{DocID: "667", Title: evil, URL: "javascript:alert(1)", Summary: evil},
		},
		Choices:  []bot.Choice{{Label: evil, Command: "cite 666"}},
		Commands: []bot.CommandHelp{{Name: "quote", Summary: evil, Usage: evil, Examples: []string{evil}}},
		Hint:     evil,
		Page:     &bot.Page{Number: 1, Of: 2, Total: 4, Next: "quote evil page:2"},
	}
}

// longParagraph is a reply quoting one paragraph of about n characters.
func longParagraph(command string, n int) bot.Reply {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Sentence %d of a long paragraph says & repeats that Cde. Kim Il Sung <spoke> at length. ", i+1)
	}
	return bot.Reply{
		Kind: bot.KindAnswer, Command: command, Headline: "Paragraph 4 of \u201cA long document\u201d",
		Passages:  []bot.Passage{{Text: strings.TrimSpace(b.String()), DocID: "900100", Paragraph: 4}},
		Citations: []bot.Citation{{DocID: "900100", Title: "A long document", Date: "1958", URL: "https://archive.example/document/900100"}},
	}
}

// longTimeline is a when reply with n events, more than Slack can show.
func longTimeline(n int) bot.Reply {
	r := bot.Reply{Kind: bot.KindAnswer, Command: "when", Headline: fmt.Sprintf("When: %d dates", n)}
	for i := range n {
		id := fmt.Sprintf("9%05d", i)
		r.Timeline = append(r.Timeline, bot.Event{
			Date: fmt.Sprintf("%d", 1900+i), Stated: fmt.Sprintf("in %d", 1900+i), Source: "text", DocID: id, Paragraph: i + 1,
			Evidence: strings.Repeat(fmt.Sprintf("In %d the delegation arrived and was received. ", 1900+i), 6),
		})
		r.Citations = append(r.Citations, bot.Citation{DocID: id, Title: fmt.Sprintf("Document %d", i), Date: fmt.Sprint(1900 + i)})
	}
	return r
}

// manyPassages is a quote reply with n short passages, more blocks than
// a message may have, with a hint and pages.
func manyPassages(n int) bot.Reply {
	r := bot.Reply{Kind: bot.KindAnswer, Command: "quote", Headline: fmt.Sprintf("%d passages", n),
		Hint: "The full paragraph: `doc 900000 1`", Page: &bot.Page{Number: 1, Of: 2, Total: 2 * n, Next: "quote many page:2"}}
	for i := range n {
		r.Passages = append(r.Passages, bot.Passage{Text: fmt.Sprintf("Passage %d.", i), DocID: "900000", Paragraph: i + 1})
	}
	r.Citations = []bot.Citation{{DocID: "900000", Title: "A document", Date: "1958"}}
	return r
}

// manyDetails is a doc reply with n facts, some of them long.
func manyDetails(n int) bot.Reply {
	r := bot.Reply{Kind: bot.KindAnswer, Command: "doc", Headline: "A document with many facts"}
	for i := range n {
		v := fmt.Sprintf("Value %d", i)
		if i%7 == 3 {
			v = strings.Repeat(fmt.Sprintf("A long value %d, as a summary is. ", i), 120)
		}
		r.Details = append(r.Details, bot.Detail{Label: fmt.Sprintf("Fact %d", i), Value: v})
	}
	return r
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.reply
			if tc.ask != "" {
				r = capturedReply(t, tc.name, tc.ask)
			}
			v := tc.view
			if tc.ask != "" {
				v.command = tc.ask
			}
			m := render(r, v)
			got := messageJSON(t, m)
			checkMessage(t, m)
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				writeFile(t, path, got)
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("rendering differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// capturedReply is the real bot's reply to ask, as captured in testdata
// (by go test -capture), so that the golden files change only when the
// rendering does.
func capturedReply(t *testing.T, name, ask string) bot.Reply {
	t.Helper()
	path := filepath.Join("testdata", "replies", name+".json")
	if *capture {
		r := testBot.Handle(context.Background(), bot.Request{Text: ask, Platform: Platform})
		if r.Source != nil {
			// The test index is built afresh on every run: keep its
			// size and corpus, fix the time it was built.
			src := *r.Source
			src.BuiltAt = testSource.BuiltAt
			r.Source = &src
		}
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, append(b, '\n'))
		return r
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -capture -update to capture it)", err)
	}
	var r bot.Reply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func messageJSON(t *testing.T, m message) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Text   string `json:"text"`
		Blocks any    `json:"blocks"`
	}{m.Text, m.Blocks}); err != nil {
		t.Fatal(err)
	}
	// slack-go's blocks escape <, > and & as JSON escapes; show them as
	// they are, so that the golden files read as Slack will.
	return []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(b.String()))
}

// checkMessage checks a rendered message as Slack would receive it.
func checkMessage(t *testing.T, m message) {
	t.Helper()
	blocks, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	checkPayload(t, posted{Via: "render", Text: m.Text, Blocks: blocks})
}

// TestRenderRealReplies renders the real bot's answers to many requests,
// in every view, within Slack's limits.
func TestRenderRealReplies(t *testing.T) {
	requests := []string{
		"quote cotton", "quote tungsten", "quote tungsten page:2", `quote "friendly advice"`, "quote withdrawal volunteers from:1957 to:1958",
		"who Peng Dehuai", "who Puzanov", "who Kim Il Sung", "when Chivu Stoica", "when did Mao plan to visit the DPRK",
		"cite 115932", "cite conversation", "search textile mill", "search the", "doc 115932", "doc 115932 15",
		"doc 115932 999", "help", "help cite", "quote atomic bomb", "frobnicate", "quote from:1960 to:1950 x",
	}
	for _, text := range requests {
		r := testBot.Handle(context.Background(), bot.Request{Text: text, Platform: Platform})
		for _, v := range []view{slashView, mentionView, sharedView} {
			v.command = text
			t.Run(text, func(t *testing.T) { checkMessage(t, render(r, v)) })
		}
	}
}

// TestRenderSource: a reply from the archive ends with a context block
// naming it, after the buttons, even when the reply fills the message;
// a reply without a source has none.
func TestRenderSource(t *testing.T) {
	const want = "Archive: 27 documents, built 2026-11-29 22:03 UTC, corpus 1a2b3c4d5e6f"
	// Passages fill every block but the tail's: the first takes two
	// sections, and the tail has all five of its blocks.
	full := manyPassages(60)
	full.Passages[0].Text = strings.Repeat("A sentence of the passage. ", 150)
	full.Page.Prev = "quote many"
	full.Source = &testSource
	tests := []struct {
		name  string
		reply bot.Reply
		want  bool
	}{
		{"not found", bot.Reply{Kind: bot.KindNotFound, Command: "quote", Headline: "Nothing.", Source: &testSource}, true},
		{"full message", full, true},
		{"usage", bot.Reply{Kind: bot.KindUsage, Headline: "Ask."}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := render(tt.reply, slashView)
			checkMessage(t, m)
			js, err := json.Marshal(m.Blocks[len(m.Blocks)-1])
			if err != nil {
				t.Fatal(err)
			}
			var last struct {
				Type     string `json:"type"`
				Elements []struct {
					Text string `json:"text"`
				} `json:"elements"`
			}
			if err := json.Unmarshal(js, &last); err != nil {
				t.Fatal(err)
			}
			got := last.Type == "context" && len(last.Elements) == 1 && last.Elements[0].Text == want
			if got != tt.want {
				t.Errorf("last block = %s; want the source line: %v", js, tt.want)
			}
		})
	}
}

func TestRenderButtons(t *testing.T) {
	page := bot.Reply{Kind: bot.KindAnswer, Command: "quote", Headline: "h", Page: &bot.Page{Number: 2, Of: 3, Total: 7, Next: "quote x page:3", Prev: "quote x"}}
	private := page
	private.Private = true
	usage := bot.Reply{Kind: bot.KindUsage, Headline: "h", Private: true}
	tests := []struct {
		name  string
		reply bot.Reply
		view  view
		want  []string // action_id=value
	}{
		{"slash answer pages and shares", page, view{command: "quote x page:2", share: true, paging: true}, []string{
			actionPrev + "=quote x", actionNext + "=quote x page:3", actionShare + "=quote x page:2"}},
		{"thread answer pages only", page, view{command: "quote x page:2", paging: true}, []string{
			actionPrev + "=quote x", actionNext + "=quote x page:3"}},
		{"shared answer has no buttons", page, view{sharedBy: testUser}, nil},
		{"private reply is not shared", private, view{command: "quote x page:2", share: true}, nil},
		{"usage reply is not shared", usage, view{command: "help", share: true, paging: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range render(tt.reply, tt.view).Blocks {
				js, _ := json.Marshal(b)
				var block struct {
					Type     string `json:"type"`
					Elements []struct {
						ActionID string `json:"action_id"`
						Value    string `json:"value"`
					} `json:"elements"`
				}
				_ = json.Unmarshal(js, &block)
				if block.Type != "actions" {
					continue
				}
				for _, e := range block.Elements {
					got = append(got, e.ActionID+"="+e.Value)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("buttons (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEsc(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"Tom & Jerry", "Tom &amp; Jerry"},
		{"<!channel> hi", "&lt;!channel&gt; hi"},
		{"<@U123>", "&lt;@U123&gt;"},
		{"a <https://x|y> link", "a &lt;https://x|y&gt; link"},
		{"&amp; stays visible", "&amp;amp; stays visible"},
		{"hey @here and @Channel, @everyone!", "hey @\u2060here and @\u2060Channel, @\u2060everyone!"},
		{"mail me@herefordshire.example", "mail me@herefordshire.example"},
		{"bell\a and escape\x1b[0m", "bell\uFFFD and escape\uFFFD[0m"},
		{"line\nbreak\ttab", "line\nbreak\ttab"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"right-to-left \u202eoverride\u202c and \u2066isolate\u2069", "right-to-left \uFFFDoverride\uFFFD and \uFFFDisolate\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := esc(tt.in); got != tt.want {
				t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFit(t *testing.T) {
	sentences := "First sentence here. Second sentence is longer than that. Third one ends it."
	tests := []struct {
		name    string
		in      string
		limit   int
		want    string
		wantCut bool
	}{
		{"fits", "short", 10, "short", false},
		{"escaping counts", "a & b", 5, "a …", true},
		{"cut at a sentence", sentences, 60, "First sentence here. Second sentence is longer than that. …", true},
		{"cut at a space when the sentence would waste the room", "One. " + strings.Repeat("word ", 30), 60, "One. word word word word word word word word word word …", true},
		{"cut inside one enormous word", strings.Repeat("x", 50), 10, "xxxxxxxx …", true},
		{"no room at all", "anything", 1, "…", true},
		{"astral characters count twice", strings.Repeat("𝔄", 10), 20, "𝔄𝔄𝔄𝔄𝔄𝔄𝔄𝔄𝔄𝔄", false},
		{"astral characters cut", strings.Repeat("𝔄", 10), 19, "𝔄𝔄𝔄𝔄𝔄𝔄𝔄𝔄 …", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := fit(tt.in, tt.limit)
			if got != tt.want || cut != tt.wantCut {
				t.Errorf("fit(%q, %d) = %q, %v; want %q, %v", tt.in, tt.limit, got, cut, tt.want, tt.wantCut)
			}
			if tt.limit > 1 && textLen(got) > tt.limit {
				t.Errorf("fit gave %d characters, more than %d", textLen(got), tt.limit)
			}
		})
	}
}

// TestSplitKeepsEverything checks that splitting a long text loses
// nothing: the pieces, without their ellipses, are the text.
func TestSplitKeepsEverything(t *testing.T) {
	text := longParagraph("doc", 20000).Passages[0].Text
	var pieces []string
	rest := text
	for i := 0; rest != "" && i < 100; i++ {
		var head string
		head, rest = split(rest, maxText)
		if textLen(head) > maxText {
			t.Fatalf("piece %d has %d characters", i, textLen(head))
		}
		pieces = append(pieces, strings.TrimSuffix(head, " "+ellipsis))
	}
	if got := strings.Join(pieces, " "); got != esc(text) {
		t.Errorf("the pieces are not the text:\n%q\n%q", got[:200], esc(text)[:200])
	}
}

func TestCommandText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"quote cotton", "quote cotton"},
		{"<@U0ARCHIVEBOT> quote cotton", "quote cotton"},
		{"<@U0ARCHIVEBOT|archivebot>: who Peng Dehuai", "who Peng Dehuai"},
		{"  <@U0ARCHIVEBOT>   <@U0ARCHIVEBOT> help ", "help"},
		{"cite <https://archive.example/document/115932>", "cite https://archive.example/document/115932"},
		{"cite <https://archive.example/document/115932|archive.example/document/115932>", "cite https://archive.example/document/115932"},
		{"quote Tom &amp; Jerry &lt;b&gt;", "quote Tom & Jerry <b>"},
		{"quote &amp;lt;", "quote &lt;"},
		{"who <@U123|kim>", "who @kim"},
		{"search in <#C123|general>", "search in #general"},
		{"quote <!here> cotton", "quote  cotton"},
		{"quote “friendly advice”", "quote “friendly advice”"},
		{"<@U0ARCHIVEBOT>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := commandText(tt.in); got != tt.want {
				t.Errorf("commandText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestKnownCommands keeps the renderer's list of command words, used to
// write hints as slash commands, in step with the bot's commands.
func TestKnownCommands(t *testing.T) {
	var names []string
	for _, c := range testBot.Commands() {
		names = append(names, c.Name)
	}
	m := regexp.MustCompile(`\(([a-z|]+)\)`).FindStringSubmatch(botCommand.String())
	if m == nil {
		t.Fatalf("cannot read the command words from %s", botCommand)
	}
	got := strings.Split(m[1], "|")
	slices.Sort(got)
	slices.Sort(names)
	if diff := cmp.Diff(names, got); diff != "" {
		t.Errorf("botCommand's words differ from the bot's commands (-bot +render):\n%s", diff)
	}
}

func TestCommandsIn(t *testing.T) {
	tests := []struct {
		in    string
		slash bool
		want  string
	}{
		{"Read it: `doc 115932 15`", true, "Read it: `/doc 115932 15`"},
		{"Try `search cotton` or `who Kim`", true, "Try `/archive search cotton` or `/archive who Kim`"},
		{"Type `help`", true, "Type `/archive help`"},
		{"Try `search cotton`", false, "Try `search cotton`"},
		{"A `docket` is not a command", true, "A `docket` is not a command"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := commandsIn(tt.in, view{slash: tt.slash}); got != tt.want {
				t.Errorf("commandsIn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTimelineDocumentDateLine shows a record's own date line under its
// document's date, escaped like any text of the record.
func TestTimelineDocumentDateLine(t *testing.T) {
	lines := timelineLines([]bot.Event{{
		Date: "April 14, 1961", Source: "document", DocID: "900001", Paragraph: 1,
		Evidence: "Lindmar <!channel>, April 14, 1961, 10:30 a.m.",
	}}, map[string]bot.Citation{"900001": {DocID: "900001", Title: "From the Diary of A. Dobrev"}})
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	want := "its date line, paragraph 1: “Lindmar &lt;!channel&gt;, April 14, 1961, 10:30 a.m.”"
	if !strings.Contains(lines[0], want) {
		t.Errorf("line %q lacks %q", lines[0], want)
	}
}
