package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string // in the error; "" for none
	}{
		{"token only", Options{Token: "t"}, ""},
		{"no token", Options{}, "no Discord bot token"},
		{"blank token", Options{Token: " "}, "no Discord bot token"},
		{"shard", Options{Token: "t", ShardID: 3, ShardCount: 4}, ""},
		{"shard too high", Options{Token: "t", ShardID: 4, ShardCount: 4}, "shard 4 of 4"},
		{"shard without a count", Options{Token: "t", ShardID: 1}, "shard 1 of 1"},
		{"negative shard", Options{Token: "t", ShardID: -1, ShardCount: 2}, "shard -1"},
		{"prefix with a space", Options{Token: "t", Prefix: "! "}, "prefix"},
		{"long prefix", Options{Token: "t", Prefix: "archivebot,please"}, "prefix"},
		{"API base", Options{Token: "t", APIBase: "http://127.0.0.1:8080"}, ""},
		{"API base not http", Options{Token: "t", APIBase: "ws://127.0.0.1"}, "API base"},
		{"negative rate", Options{Token: "t", PerMinute: -1}, "rate limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
	if !errors.Is(Options{}.Validate(), ErrNoToken) {
		t.Error("a missing token is not ErrNoToken")
	}
}

func TestParseAPIBase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://proxy.internal/", "https://proxy.internal"},
		{"http://proxy:8080/api/v10", "http://proxy:8080"},
		{"http://proxy:8080/discord/api", "http://proxy:8080/discord"},
		{"http://proxy/prefix/", "http://proxy/prefix"},
	}
	for _, tt := range tests {
		u, err := parseAPIBase(tt.in)
		if err != nil || u.String() != tt.want {
			t.Errorf("parseAPIBase(%q) = %v, %v; want %s", tt.in, u, err, tt.want)
		}
	}
	for _, bad := range []string{"", "proxy:8080", "ftp://proxy", "http://", "http://proxy/?x=1"} {
		if _, err := parseAPIBase(bad); err == nil {
			t.Errorf("parseAPIBase(%q) accepted it", bad)
		}
	}
}

// TestRebase: requests for Discord's API go to the base, with their paths;
// others pass through.
func TestRebase(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	base, _ := parseAPIBase(srv.URL + "/proxy")
	client := &http.Client{Transport: rebase{base: base, host: discordHost(), next: http.DefaultTransport}}
	req, _ := http.NewRequest("GET", discordgo.EndpointGateway+"?x=1", nil)
	req.Header.Set("Authorization", "Bot t")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := "GET /proxy/api/v" + discordgo.APIVersion + "/gateway?x=1 Bot t"
	if len(got) != 1 || got[0] != want {
		t.Errorf("the server saw %q, want %q", got, want)
	}
	// Another host is left alone.
	req, _ = http.NewRequest("GET", srv.URL+"/direct", nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}
	if len(got) != 2 || !strings.HasPrefix(got[1], "GET /direct") {
		t.Errorf("a request to another host was rewritten: %q", got)
	}
}

func TestReadCommand(t *testing.T) {
	str := func(name, v string) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	num := func(name string, v float64) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
	}
	flag := &discordgo.ApplicationCommandInteractionDataOption{Name: optPrivate, Type: discordgo.ApplicationCommandOptionBoolean, Value: true}
	tests := []struct {
		name    string
		command string
		opts    []*discordgo.ApplicationCommandInteractionDataOption
		want    string
		private bool
	}{
		{"words", "quote", []*discordgo.ApplicationCommandInteractionDataOption{str(optWords, ` "friendly advice" `)}, `quote "friendly advice"`, false},
		{"filters after the words, whatever the order", "quote", []*discordgo.ApplicationCommandInteractionDataOption{str(optTo, "1958"), str(optLang, "russian old"), str(optWords, "cotton"), str(optFrom, "1957-11")}, "quote cotton from:1957-11 to:1958 lang:russian", false},
		{"doc paragraph", "doc", []*discordgo.ApplicationCommandInteractionDataOption{num(optParagraph, 15), str(optDocument, "115932")}, "doc 115932 15", false},
		{"cite style and pinpoint", "cite", []*discordgo.ApplicationCommandInteractionDataOption{str(optStyle, "bibtex"), str(optDocument, "115932"), num(optParagraph, 3)}, "cite 115932 bibtex \u00b63", false},
		{"private", "who", []*discordgo.ApplicationCommandInteractionDataOption{str(optName, "Puzanov"), flag}, "who Puzanov", true},
		{"help", "help", nil, "help", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := readCommand(discordgo.ApplicationCommandInteractionData{Name: tt.command, Options: tt.opts})
			if inv.text != tt.want || (inv.private != nil && *inv.private) != tt.private {
				t.Errorf("readCommand = %q private %v, want %q private %v", inv.text, inv.private, tt.want, tt.private)
			}
		})
	}
}

// TestSlashCommandsAreValid checks the registration Discord would accept,
// for the bot's commands and for one this adapter does not know.
func TestSlashCommandsAreValid(t *testing.T) {
	cmds := append(testBot.Commands(), bot.Command{Name: "archives", Summary: strings.Repeat("A new command with a long summary. ", 5), Usage: "archives [name]"})
	body, err := json.Marshal(slashCommands(cmds))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range discordtest.CheckCommands(body) {
		t.Error(p)
	}
	var got []discordtest.Command
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	last := got[len(got)-1]
	if last.Name != "archives" || len(last.Options) != 2 || last.Options[0].Name != optText || last.Options[0].Required {
		t.Errorf("an unknown command is registered as %+v", last)
	}
}

func TestMessageCommandText(t *testing.T) {
	a, err := New(testBot, Options{Token: "t", Prefix: "?"})
	if err != nil {
		t.Fatal(err)
	}
	const self = "42"
	tests := []struct {
		content string
		want    string
		ok      bool
	}{
		{"?quote cotton", "quote cotton", true},
		{"  ?who Puzanov  ", "who Puzanov", true},
		{"?QUOTE cotton", "QUOTE cotton", true},
		{"?play music", "", false},
		{"!quote cotton", "", false},
		{"<@42> who Puzanov", "who Puzanov", true},
		{"<@!42>   cite 115932", "cite 115932", true},
		{"<@42>", "", true},
		{"<@43> who Puzanov", "", false},
		{"quote cotton", "", false},
	}
	for _, tt := range tests {
		got, ok := a.messageCommand(tt.content, self)
		if got != tt.want || ok != tt.ok {
			t.Errorf("messageCommand(%q) = %q, %v; want %q, %v", tt.content, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReferences(t *testing.T) {
	tests := []struct {
		content string
		want    []reference
	}{
		{"nothing here", nil},
		{"see " + archiveURL + "115932.", []reference{{id: "115932", url: archiveURL + "115932"}}},
		{"doc:900001 then <" + archiveURL + "900002/>", []reference{{id: "900001"}, {id: "900002", url: archiveURL + "900002/"}}},
		{"(doc:900001) and doc:900001 again", []reference{{id: "900001"}}},
		{"nodoc:900001 or doc:", nil},
		{"https://example.org/?q=1", nil},
		{"doc:1 doc:2 doc:3 doc:4 doc:5 doc:6 doc:7", []reference{{id: "1"}, {id: "2"}, {id: "3"}, {id: "4"}, {id: "5"}}},
	}
	for _, tt := range tests {
		if got := references(tt.content); !slices.Equal(got, tt.want) {
			t.Errorf("references(%q) = %+v, want %+v", tt.content, got, tt.want)
		}
	}
}

func TestSameURL(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{archiveURL + "1", archiveURL + "1", true},
		{archiveURL + "1", strings.Replace(archiveURL, "https", "http", 1) + "1/", true},
		{"https://www.example.org/document/1", "https://example.org/document/1?utm=x#top", true},
		{archiveURL + "1", "https://example.org/document/1", false},
		{archiveURL + "1", archiveURL + "12", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := sameURL(tt.a, tt.b); got != tt.want {
			t.Errorf("sameURL(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// failingREST is a Discord whose REST API refuses everything.
type failingREST struct{ rest }

func (failingREST) InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error {
	return errors.New("HTTP 404 Not Found: Unknown interaction")
}

// TestFailedResponseIsLogged: when Discord refuses an answer, the log says
// so, with the command, and without the words asked or the answer.
func TestFailedResponseIsLogged(t *testing.T) {
	var logs bytes.Buffer
	a, err := New(testBot, Options{Token: "t", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	i := &discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand, ChannelID: "c",
		Member: &discordgo.Member{User: &discordgo.User{ID: "u"}},
		Data: discordgo.ApplicationCommandInteractionData{Name: "quote", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optWords, Type: discordgo.ApplicationCommandOptionString, Value: "cotton"},
		}}}
	a.onInteraction(context.Background(), failingREST{}, i)
	out := logs.String()
	if !strings.Contains(out, "answer an interaction") || !strings.Contains(out, "command=quote") || !strings.Contains(out, "Unknown interaction") {
		t.Errorf("the failure is not logged as it should be:\n%s", out)
	}
	if strings.Contains(out, "cotton") || strings.Contains(out, "Pyongyang") {
		t.Errorf("the log holds message text:\n%s", out)
	}
}
