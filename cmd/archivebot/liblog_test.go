package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/bwmarrin/discordgo"
)

// TestLibraryLogsBecomeRecords: lines Bleve and discordgo log themselves
// arrive as records of the JSON log, not as raw text between them.
func TestLibraryLogsBecomeRecords(t *testing.T) {
	// Make Bleve log every search as slow: a line of its own.
	saved := bleve.Config.SlowSearchLogThreshold
	bleve.Config.SlowSearchLogThreshold = time.Nanosecond
	defer func() { bleve.Config.SlowSearchLogThreshold = saved }()

	var out, errOut bytes.Buffer
	env := map[string]string{"ARCHIVEBOT_LOG_FORMAT": "json", "ARCHIVEBOT_LOG_LEVEL": "debug", "ARCHIVEBOT_CACHE_DIR": t.TempDir()}
	// Most questions are answered by the index's own reader of Bleve's
	// postings, without a Bleve search; a document search for a phrase
	// alone still scores titles and summaries with one.
	if err := run(context.Background(), []string{"ask", `search "cotton"`}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("ask: %v\n%s", err, errOut.String())
	}
	// discordgo logs through its Logger; Close on a session never opened
	// logs a line at its informational level.
	s, err := discordgo.New("Bot not-a-token")
	if err != nil {
		t.Fatal(err)
	}
	s.LogLevel = discordgo.LogInformational
	_ = s.Close()
	// Anything else writing to the standard log package.
	log.Print("a line from some library")

	found := map[string]bool{}
	for line := range strings.Lines(errOut.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a raw line in the JSON log: %q", line)
			continue
		}
		if lib, ok := rec["library"].(string); ok {
			found[lib] = true
			if rec["msg"] == "" || rec["level"] == nil {
				t.Errorf("a record without message or level: %s", line)
			}
		}
	}
	for _, lib := range []string{"bleve", "discordgo", "log"} {
		if !found[lib] {
			t.Errorf("no record from %s in the log:\n%s", lib, errOut.String())
		}
	}
}
