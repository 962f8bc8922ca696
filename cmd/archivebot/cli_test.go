package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCommandLineMistakes checks that a misspelt command or flag gets a
// short error that comes first, not a page of usage with the error last.
func TestCommandLineMistakes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{"misspelt command", []string{"aks", "quote cotton"},
			[]string{"unknown command \"aks\"; did you mean `ask`?", "archivebot --help"}, []string{"Usage:"}},
		{"misspelt index", []string{"idnex"}, []string{"did you mean `index`?"}, []string{"Usage:"}},
		{"far from any command", []string{"frobnicate"}, []string{"unknown command \"frobnicate\"", "archivebot --help"}, []string{"did you mean", "Usage:"}},
		{"unknown flag", []string{"ask", "--jsn", "quote cotton"},
			[]string{"unknown flag --jsn", "archivebot ask --help"}, []string{"flag provided but not defined", "  -index"}},
		{"unknown flag of index", []string{"index", "--corpos", "x"},
			[]string{"unknown flag --corpos", "archivebot index --help"}, []string{"flag provided but not defined", "  -corpus"}},
		{"missing value", []string{"ask", "quote cotton", "--index"},
			[]string{"flag --index needs a value", "archivebot ask --help"}, []string{"flag needs an argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, nil, "", tt.args...)
			if r.code != exitUsage {
				t.Fatalf("exit code %d, want %d\nstderr:\n%s", r.code, exitUsage, r.stderr)
			}
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; lines > 2 {
				t.Errorf("%d lines of error, want at most 2:\n%s", lines, r.stderr)
			}
			checkStderr(t, r.stderr, tt.want, tt.notWant)
		})
	}
}

// TestHelpListsFlagsWithTwoDashes checks that --help shows flags as they
// are written in the README.
func TestHelpListsFlagsWithTwoDashes(t *testing.T) {
	r := runMain(t, nil, "", "ask", "--help")
	if r.code != 0 || !strings.Contains(r.stderr, "  --json") || strings.Contains(r.stderr, "  -json") {
		t.Errorf("exit code %d, want 0 and a two-dash listing:\n%s", r.code, r.stderr)
	}
}

// TestFlagsAfterTheWords checks that a flag after the words is honoured,
// not searched for, and that "--" ends the flags.
func TestFlagsAfterTheWords(t *testing.T) {
	cache := t.TempDir()
	env := map[string]string{"ARCHIVEBOT_CACHE_DIR": cache}
	r := runMain(t, env, "", "ask", "quote", "cotton", "--json")
	if r.code != 0 {
		t.Fatalf("exit code %d\nstderr:\n%s", r.code, r.stderr)
	}
	var reply struct{ Command, Query string }
	if err := json.Unmarshal([]byte(r.stdout), &reply); err != nil {
		t.Fatalf("--json after the words did not print JSON: %v\n%s", err, r.stdout)
	}
	if strings.Contains(r.stdout, "--json") {
		t.Errorf("the flag was searched for:\n%s", r.stdout)
	}
	r = runMain(t, env, "", "ask", "when", "-1957", "--json")
	if r.code != 0 || !strings.HasPrefix(strings.TrimSpace(r.stdout), "{") {
		t.Errorf("a word such as -1957 is not a flag: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runMain(t, env, "", "ask", "--", "quote", "--json")
	if strings.HasPrefix(strings.TrimSpace(r.stdout), "{") {
		t.Errorf("after --, --json is a word, yet JSON was printed:\n%s", r.stdout)
	}
}

// TestCountsAgree checks that a count of one is not followed by a plural.
func TestCountsAgree(t *testing.T) {
	dir := t.TempDir()
	doc, err := os.ReadFile("../../corpus/testdata/archive/010_complete.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "one.txt"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "idx")
	r := runMain(t, nil, "", "index", "--corpus", dir, "--index", path)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "read 1 document, skipped 0") {
		t.Errorf("stdout lacks %q:\n%s", "read 1 document, skipped 0", r.stdout)
	}
	r = runMain(t, nil, "", "ask", "--index", path, "search tungsten")
	if !strings.Contains(r.stdout, "1 document matches") {
		t.Errorf("stdout lacks %q:\n%s", "1 document matches", r.stdout)
	}
}

// TestIndexMakesItsFolders checks that index makes the folders its path
// needs, and names the one it cannot make.
func TestIndexMakesItsFolders(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "a", "b", "c.idx")
	r := runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/archive", "--index", path)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if r := runMain(t, nil, "", "ask", "--index", path, "who Tomas Vrell"); r.code != 0 {
		t.Errorf("ask from the new index: exit %d\n%s", r.code, r.stderr)
	}
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/archive", "--index", filepath.Join(file, "b", "c.idx"))
	want := "cannot make the folder " + filepath.Join(file, "b") + " for the index"
	if r.code != exitFailure || !strings.Contains(r.stderr, want) || strings.Count(r.stderr, file) > 1 {
		t.Errorf("exit %d, want %d and one mention of %q:\n%s", r.code, exitFailure, want, r.stderr)
	}
}

// TestWrongPathsAreNamed checks the errors for a --corpus or --index that
// is not what it should be: each says what it is, and none advises
// building an index where index would refuse to.
func TestWrongPathsAreNamed(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "notes")
	others := filepath.Join(root, "others")
	if err := os.Mkdir(others, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, filepath.Join(others, "a.json"), filepath.Join(others, "b.pdf"), filepath.Join(others, "c.csv"), filepath.Join(others, "d.doc")} {
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(root, "missing")
	tests := []struct {
		name    string
		args    []string
		code    int
		want    []string
		notWant []string
	}{
		{"index from a missing corpus", []string{"index", "--corpus", missing, "--index", filepath.Join(root, "i1")},
			exitUsage, []string{missing + " does not exist"}, []string{"not a folder"}},
		{"ask from a missing corpus", []string{"ask", "--corpus", missing, "quote x"},
			exitUsage, []string{missing + " does not exist"}, []string{"not a folder"}},
		{"corpus is a file", []string{"ask", "--corpus", file, "quote x"},
			exitUsage, []string{file + " is a file, not a folder"}, nil},
		{"no documents", []string{"index", "--corpus", others, "--index", filepath.Join(root, "i2")},
			exitFailure, []string{"no documents to index in " + others, "only .txt and .md files are read", `"a.json", "b.pdf", "c.csv" and 1 more`}, nil},
		{"no documents, cached", []string{"ask", "--corpus", others, "quote x"},
			exitFailure, []string{"only .txt and .md files are read", `"a.json"`}, nil},
		{"index is a file", []string{"ask", "--index", file, "quote x"},
			exitFailure, []string{file + " is a file, not an index"}, []string{"archivebot index --corpus DIR --index"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, nil, "", tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			checkStderr(t, r.stderr, tt.want, tt.notWant)
		})
	}
}

// TestCachedIndexOutlivesTheBinary checks that the corpus is indexed once
// per content, not once per archivebot binary: a new binary of the same
// index schema reuses the cached index, and a changed corpus is indexed
// again, saying why.
func TestCachedIndexOutlivesTheBinary(t *testing.T) {
	dir := t.TempDir()
	doc, err := os.ReadFile("../../corpus/testdata/archive/010_complete.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "one.txt"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ARCHIVEBOT_CACHE_DIR": t.TempDir()}
	steps := []struct {
		name   string
		before func()
		want   string // "" for no indexing
	}{
		{"first use", func() {}, "indexing the corpus for first use"},
		{"a new binary", func() {
			// What a rebuilt archivebot looks like: the same path, a new time.
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(exe, later, later); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"a changed corpus", func() {
			if err := os.WriteFile(filepath.Join(dir, "two.txt"), doc, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "indexing the corpus again: it has changed"},
	}
	for _, s := range steps {
		s.before()
		r := runMain(t, env, "", "ask", "--corpus", dir, "who Tomas Vrell")
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", s.name, r.code, r.stderr)
		}
		indexing := strings.Contains(r.stderr, "indexing the corpus")
		if s.want == "" && indexing || s.want != "" && !strings.Contains(r.stderr, s.want) {
			t.Errorf("%s: want %q in the log (\"\" for no indexing):\n%s", s.name, s.want, r.stderr)
		}
	}
}

// checkStderr reports each of want that stderr lacks and each of notWant
// it has.
func checkStderr(t *testing.T, stderr string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	for _, w := range notWant {
		if strings.Contains(stderr, w) {
			t.Errorf("stderr has %q:\n%s", w, stderr)
		}
	}
}
