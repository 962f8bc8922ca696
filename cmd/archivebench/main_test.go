package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for archivebench when the
// benchmark re-runs itself as a child process (build, serve).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && isChild(os.Args[1]) {
		if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "archivebench:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSmallRun runs the whole benchmark on a small archive so that the
// harness never rots. It checks that the figures are there and sane, not
// how fast anything is.
func TestSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three indexes")
	}
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "out.json")
	var stdout, stderr bytes.Buffer
	args := []string{"--docs", "50", "--dir", dir, "--json", jsonOut, "--queries", "12", "--grep-queries", "2",
		"--duration", "100ms", "--concurrency", "1,4"}
	if err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	raw, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var res Results
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Sizes) != 1 {
		t.Fatalf("%d sizes, want 1", len(res.Sizes))
	}
	s := res.Sizes[0]
	check := func(what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s is not sane: %+v", what, s)
		}
	}
	check("corpus", s.Docs == 50 && s.Corpus.Bytes > 100_000 && !s.Corpus.Reused)
	for name, b := range map[string]BuildStats{"our build": s.Ours, "baseline build": s.Baseline} {
		check(name, b.Documents == 50 && b.Paragraphs > 50*10 && b.WallMS > 0 && b.CPUMS > 0 && b.DocsPerSec > 0 && b.IndexBytes > 0 && b.Skipped == 0)
		if b.PeakRSS <= 0 {
			t.Logf("%s: no peak RSS on this system", name)
		}
	}
	check("paragraph counts", s.Ours.Paragraphs == s.Baseline.Paragraphs)
	for _, c := range commands {
		l := s.Latency[c]
		check(c+" latency", l.Ours.N == 12 && l.Baseline.N == 12 && l.Grep.N == 2 &&
			l.Ours.P50 > 0 && l.Ours.P50 <= l.Ours.P99 && l.Ours.P99 <= l.Ours.Max && l.InBleve.N == 12)
		check(c+" answers", l.Kinds["answer"] > 0 && l.Kinds["failure"] == 0)
	}
	check("cold start", s.Cold.FirstAnswerMS > 0 && s.Cold.OpenMS > 0 && s.Cold.FirstAnswerMS >= s.Cold.OpenMS)
	check("throughput", len(s.Throughput) == 2 && s.Throughput[0].Commands > 0 && s.Throughput[1].Concurrency == 4 && s.Throughput[1].PerSec > 0)
	for _, want := range []string{"50 documents", "bleve defaults", "cold start", "throughput, 4 at once", "quote", "cite"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		sizes []int
		bad   bool
	}{
		{args: nil, sizes: []int{1000, 10000}},
		{args: []string{"--big"}, sizes: []int{1000, 10000, 50000}},
		{args: []string{"--docs", "300"}, sizes: []int{300}},
		{args: []string{"--docs", "1_000, 2000"}, sizes: []int{1000, 2000}},
		{args: []string{"--docs", "0"}, bad: true},
		{args: []string{"--docs", "x"}, bad: true},
		{args: []string{"--queries", "0"}, bad: true},
		{args: []string{"extra"}, bad: true},
	} {
		cfg, err := parseConfig(tt.args, func(string) string { return "" }, &bytes.Buffer{})
		if (err != nil) != tt.bad {
			t.Errorf("%q: error %v", tt.args, err)
			continue
		}
		if !tt.bad && fmt.Sprint(cfg.sizes) != fmt.Sprint(tt.sizes) {
			t.Errorf("%q: sizes %v, want %v", tt.args, cfg.sizes, tt.sizes)
		}
	}
}
