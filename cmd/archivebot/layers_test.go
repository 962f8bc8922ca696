package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers keeps the arrows of the design honest: corpus and state
// import nothing of ours, only index imports bleve, bot imports no chat
// SDK, and an adapter imports bot alone of ours.
func TestLayers(t *testing.T) {
	const module = "github.com/archivebot/archivebot/"
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(fields[0], module), fields[1:]
		for _, imp := range imports {
			ours := strings.TrimPrefix(imp, module)
			isOurs := ours != imp
			var bad bool
			switch {
			case strings.HasPrefix(imp, "github.com/blevesearch/"):
				bad = pkg != "index"
			case strings.HasPrefix(imp, "github.com/bwmarrin/discordgo") || strings.HasPrefix(imp, "github.com/slack-go/"):
				bad = !strings.HasPrefix(pkg, "adapters/") && !strings.HasPrefix(pkg, "cmd/")
			case !isOurs:
			case pkg == "corpus", pkg == "state":
				bad = true
			case pkg == "index":
				bad = ours != "corpus"
			case pkg == "bot":
				bad = ours != "index" && ours != "corpus" && ours != "state"
			case strings.HasPrefix(pkg, "adapters/"):
				bad = ours != "bot"
			}
			if bad {
				t.Errorf("%s must not import %s", pkg, imp)
			}
		}
	}
}
