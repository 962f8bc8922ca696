package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot"
)

// result is what one run of the program printed and how it ended.
type result struct {
	stdout, stderr string
	code           int
}

// runMain runs the program as main would, with its own cache folder.
func runMain(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["ARCHIVEBOT_CACHE_DIR"]; !ok {
		env["ARCHIVEBOT_CACHE_DIR"] = t.TempDir()
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	code := 0
	if err != nil {
		code = 1
		var ex *exitError
		if errors.As(err, &ex) {
			code = ex.code
		}
		errOut.WriteString(err.Error())
	}
	return result{out.String(), errOut.String(), code}
}

func TestAskFromEmbeddedSample(t *testing.T) {
	tests := []struct {
		name, command string
		code          int
		want          []string
	}{
		{"quote", "quote cotton", 0, []string{
			"Without such aid we cannot keep the Pyongyang textile mill, which puts out up to 100 million meters of cotton a year when cotton is available, completely busy.",
			"November 13, 1957", "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung"}},
		{"page break", "quote All the Party and our people also supported us", 0, []string{"All the Party and our people also supported us in this matter."}},
		{"cite", "cite 115932", 0, []string{"AVPRF F. 0102, Op. 13, Delo 5", "Gary Goldberg", "https://wilson-center-digital-archive.dvincitest.com/document/115932"}},
		{"who", "who Peng Dehuai", 0, []string{"CPC CC Politburo member"}},
		{"when", "when Chivu Stoica", 0, []string{"1958", "Chivu Stoica agreed to visit the DPRK in 1958."}},
		{"nothing found", "quote atomic bomb", 0, []string{"Nothing in the archive matches"}},
		{"help", "help", 0, []string{"quote", "who", "when", "cite", "search", "doc"}},
		{"unknown command", "frobnicate", 2, []string{"I don't know the command"}},
	}
	cache := t.TempDir() // shared, so the sample is indexed once
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, map[string]string{"ARCHIVEBOT_CACHE_DIR": cache}, "", "ask", tt.command)
			if r.code != tt.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
			if tt.name == "nothing found" && strings.Contains(r.stdout, "Sources") {
				t.Errorf("nothing found, yet something is cited:\n%s", r.stdout)
			}
		})
	}
}

func TestAskJSON(t *testing.T) {
	r := runMain(t, nil, "", "ask", "--json", "cite", "115932")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var reply bot.Reply
	if err := json.Unmarshal([]byte(r.stdout), &reply); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, r.stdout)
	}
	if reply.Kind != bot.KindAnswer || len(reply.Citations) != 1 || reply.Citations[0].Reference != "AVPRF F. 0102, Op. 13, Delo 5" {
		t.Errorf("reply = %+v", reply)
	}
}

func TestIndexReportsBadFilesAndIndexesTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	r := runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/bad", "--index", path)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "read 3 documents, skipped 7") {
		t.Errorf("stdout lacks the summary:\n%s", r.stdout)
	}
	for _, w := range []string{"empty.txt:1", "invalid_utf8.txt:20", "no_body.txt:12", "b_duplicate.txt:11: duplicate document id 900003", "binary_nul.txt:1"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	r = runMain(t, nil, "", "ask", "--index", path, "quote beeswax")
	if r.code != 0 || !strings.Contains(r.stdout, "beeswax") {
		t.Errorf("ask from the new index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runMain(t, map[string]string{"ARCHIVEBOT_INDEX": path}, "", "ask", "quote meteorologists")
	if r.code != 0 || !strings.Contains(r.stdout, "Nothing in the archive") {
		t.Errorf("a rejected file's words were found: exit %d\n%s", r.code, r.stdout)
	}
}

func TestAskFromCorpusFolder(t *testing.T) {
	cache := t.TempDir()
	for i := 0; i < 2; i++ { // the second run reuses the cached index
		r := runMain(t, map[string]string{"ARCHIVEBOT_CACHE_DIR": cache}, "", "ask", "--corpus", "../../corpus/testdata/archive", "who Tomas Vrell")
		if r.code != 0 || !strings.Contains(r.stdout, "Tomas Vrell in 6 documents") {
			t.Fatalf("run %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
		indexing := strings.Contains(r.stderr, "indexing the corpus")
		if indexing != (i == 0) {
			t.Errorf("run %d: indexing=%v\n%s", i, indexing, r.stderr)
		}
	}
}

func TestShellReadsCommandsFromStdin(t *testing.T) {
	r := runMain(t, nil, "quote cotton\ncite that\nquit\n", "shell")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "1 passage for “cotton”") || !strings.Contains(r.stdout, "Citation for") {
		t.Errorf("shell output:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "archive> ") {
		t.Error("a prompt was shown although stdin is not a terminal")
	}
}

func TestConfigurationErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nothing-here")
	garbage := t.TempDir()
	if err := os.WriteFile(filepath.Join(garbage, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no command to ask", nil, []string{"ask"}, 2, "ask needs a command"},
		{"index and corpus", nil, []string{"ask", "--index", "a", "--corpus", "b", "quote x"}, 2, "not both"},
		{"index and corpus from env", map[string]string{"ARCHIVEBOT_INDEX": "a", "ARCHIVEBOT_CORPUS": "b"}, []string{"ask", "quote x"}, 2, "not both"},
		{"corpus does not exist", nil, []string{"ask", "--corpus", missing, "quote x"}, 2, "does not exist"},
		{"missing index", nil, []string{"ask", "--index", missing, "quote x"}, 1, "archivebot index --corpus DIR"},
		{"garbage index", nil, []string{"ask", "--index", garbage, "quote x"}, 1, "no usable index"},
		{"index without corpus", nil, []string{"index", "--index", missing}, 2, "needs --corpus"},
		{"index without path", nil, []string{"index", "--corpus", "."}, 2, "needs --index"},
		{"unknown flag", nil, []string{"ask", "--frob", "quote x"}, 2, "unknown flag --frob"},
		{"unknown subcommand", nil, []string{"serve-everything"}, 2, "unknown command"},
		{"bad log level", map[string]string{"ARCHIVEBOT_LOG_LEVEL": "loud"}, []string{"ask", "help"}, 2, "ARCHIVEBOT_LOG_LEVEL"},
		{"bad drain timeout", map[string]string{"ARCHIVEBOT_DRAIN_TIMEOUT": "forever"}, []string{"ask", "help"}, 2, "ARCHIVEBOT_DRAIN_TIMEOUT"},
		{"zero drain timeout", map[string]string{"ARCHIVEBOT_DRAIN_TIMEOUT": "0s"}, []string{"ask", "help"}, 2, "ARCHIVEBOT_DRAIN_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, tt.env, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr should contain %q:\n%s", r.code, tt.code, tt.want, r.stderr)
			}
			if strings.Contains(r.stderr, "goroutine ") {
				t.Errorf("a stack trace reached the user:\n%s", r.stderr)
			}
		})
	}
}

// TestShellInterrupted: a prompt left by a signal exits at once with the
// status a shell gives a command killed by it: 130 for Ctrl-C (SIGINT),
// 143 for SIGTERM.
func TestShellInterrupted(t *testing.T) {
	tests := []struct {
		name  string
		cause error
		code  int
	}{
		{"Ctrl-C", errors.New("interrupt signal received"), 130},
		{"cancelled", nil, 130},
		{"SIGTERM", errors.New("terminated signal received"), 143},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin, w := io.Pipe() // a line that never comes
			defer w.Close()
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan error, 1)
			env := map[string]string{"ARCHIVEBOT_CACHE_DIR": t.TempDir()}
			var out, errOut bytes.Buffer
			go func() {
				done <- run(ctx, []string{"shell"}, func(k string) string { return env[k] }, stdin, &out, &errOut)
			}()
			if _, err := io.WriteString(w, "quote cotton\n"); err != nil { // the bot is up once it reads this
				t.Fatal(err)
			}
			cancel(tt.cause)
			select {
			case err := <-done:
				var ex *exitError
				if !errors.As(err, &ex) || ex.code != tt.code {
					t.Errorf("run = %v, want exit status %d", err, tt.code)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the prompt waits for a line after the signal")
			}
		})
	}
}

// TestNoWrappingOffTerminal: output that a program reads (a buffer, a
// file, a pipe) is never wrapped.
func TestNoWrappingOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, v := range map[string]any{"buffer": &bytes.Buffer{}, "file": f, "pipe": w} {
		if got := terminalWidth(v); got != 0 {
			t.Errorf("%s: width %d, want 0 (no wrapping)", name, got)
		}
	}
}
