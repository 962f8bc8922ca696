package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// readRepoFile reads a file of the repository, relative to this package.
func readRepoFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// paragraphWith returns the README's paragraph (lines up to a blank line,
// code blocks included) that holds s.
func paragraphWith(t *testing.T, readme, s string) string {
	t.Helper()
	for _, p := range strings.Split(readme, "\n\n") {
		if strings.Contains(p, s) {
			return p
		}
	}
	t.Fatalf("README has no paragraph with %q", s)
	return ""
}

// TestReadmeMatchesBehaviour checks the README's claims a newcomer relies
// on in the first hour against the files and the program they describe.
func TestReadmeMatchesBehaviour(t *testing.T) {
	readme := readRepoFile(t, "README.md")

	t.Run("Go version", func(t *testing.T) {
		want := regexp.MustCompile(`(?m)^go (\d+\.\d+(\.\d+)?)$`).FindStringSubmatch(readRepoFile(t, "go.mod"))
		if want == nil {
			t.Fatal("go.mod has no go line")
		}
		if !strings.Contains(readme, "Go "+want[1]+" or newer") {
			t.Errorf("README does not ask for Go %s or newer, go.mod's go line", want[1])
		}
	})

	t.Run(".ci/run", func(t *testing.T) {
		ci := readRepoFile(t, ".ci/run")
		said := paragraphWith(t, readme, "`.ci/run` runs")
		if strings.Contains(said, "exactly") {
			t.Errorf("README says .ci/run runs exactly the test command:\n%s", said)
		}
		// What .ci/run runs, and the words the README names it by.
		for run, words := range map[string]string{
			"go mod verify":                "go mod verify",
			"gofmt -l":                     "gofmt",
			"go test -race -count=1 ./...": "go test -race -count=1 ./...",
			"-fuzz=":                       "fuzz target",
			"archivebench eval":            "real-pages evaluation",
			"go run ./cmd/archivebot ask":  "`go run`",
		} {
			if !strings.Contains(ci, run) {
				t.Errorf(".ci/run no longer runs %q: update this test and the README", run)
			}
			if !strings.Contains(said, words) {
				t.Errorf("README does not say .ci/run runs %q (%s)", run, words)
			}
		}
	})

	t.Run("first run compiles", func(t *testing.T) {
		if !strings.Contains(paragraphWith(t, readme, "The first run"), "a minute or more") {
			t.Error("README does not warn that the first go run compiles for a minute or more")
		}
	})

	t.Run("cache folder", func(t *testing.T) {
		said := paragraphWith(t, readme, "into the\ncache")
		for _, w := range []string{"ARCHIVEBOT_CACHE_DIR", "os.UserCacheDir", "macOS", "~/Library/Caches/archivebot"} {
			if !strings.Contains(said, w) {
				t.Errorf("README's cache paragraph lacks %q:\n%s", w, said)
			}
		}
	})

	t.Run("--json booleans", func(t *testing.T) {
		row := paragraphWith(t, readme, "| `passages[]` |")
		if !strings.Contains(row, "`leading`/`trailing` (booleans") {
			t.Errorf("README's passages row does not call leading and trailing booleans")
		}
		r := runMain(t, nil, "", "ask", "--json", "quote cotton")
		var reply struct {
			Passages []map[string]any `json:"passages"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &reply); err != nil || len(reply.Passages) == 0 {
			t.Fatalf("ask --json: %v\n%s", err, r.stdout)
		}
		for _, field := range []string{"leading", "trailing"} {
			if _, ok := reply.Passages[0][field].(bool); !ok {
				t.Errorf("passages[0].%s = %#v, not a boolean", field, reply.Passages[0][field])
			}
		}
	})
}
