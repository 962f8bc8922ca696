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

	"github.com/archivebot/archivebot/corpus/synth"
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
		"--duration", "100ms", "--concurrency", "1,64"}
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
	check("all commands' latency", s.All.Ours.N == 5*12 && s.All.Baseline.N == 5*12 && s.All.P99OverBaseline > 0)
	paged := 0
	for _, c := range commands {
		l := s.Latency[c]
		paged += l.Paged
		check(c+" next pages", l.NextPage.N == l.Paged && l.NextKinds["failure"] == 0 && l.NextKinds["answer"] == l.Paged &&
			(l.Paged == 0 || l.NextPage.P50 > 0 && l.NextPage.P99 <= l.NextPage.Max && len(l.NextSlowest) > 0))
		check(c+" p99 over the baseline's", l.P99OverBaseline > 0)
	}
	// quote shows three passages a page: some of its common words find more.
	check("next pages", paged > 0 && s.Paged == paged && s.NextPage.N == paged && s.Latency["quote"].Paged > 0)
	check("cold start", s.Cold.FirstAnswerMS > 0 && s.Cold.OpenMS > 0 && s.Cold.FirstAnswerMS >= s.Cold.OpenMS)
	if s.Cold.Serving.RSS > 0 { // Linux
		check("serving memory", s.Cold.Serving.HeapInuse > 0 && s.Cold.Serving.HeapLive > 0)
	}
	check("throughput", len(s.Throughput) == 2 && s.Throughput[0].Commands > 0 && s.Throughput[1].Concurrency == 64 && s.Throughput[1].PerSec > 0)
	var asked []query // the query mix the run wrote
	if raw, err = os.ReadFile(filepath.Join(dir, "queries-50.json")); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &asked); err != nil {
		t.Fatal(err)
	}
	distinct := len(distinctQueries(asked))
	check("query mix", len(asked) == 5*12 && distinct > 5*6)
	// A loaded machine may make the bot answer some "busy": they count
	// apart.
	d := s.Distinct
	check("distinct throughput", d.Concurrency == DistinctConcurrency && d.Commands+d.Failed == distinct && d.Commands > 0 &&
		d.PerSec > 0 && d.P50 > 0 && d.P50 <= d.P99 && sum(d.Outcomes) == distinct)
	for _, tp := range s.Throughput {
		check("throughput outcomes", sum(tp.Outcomes) == tp.Commands+tp.Failed)
	}
	checkVerdicts(t, s, map[string]bool{})
	for _, want := range []string{"50 documents", "bleve defaults", "cold start", "throughput, 64 at once", "quote", "cite",
		"next page", "distinct questions", "target (issue 11)", "serving heap"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout.String())
		}
	}

	// Again with --reuse: both indexes are reused, not built, and the
	// rest is measured as before.
	stdout.Reset()
	stderr.Reset()
	args = []string{"--docs", "50", "--dir", dir, "--json", jsonOut, "--queries", "6", "--grep-queries", "0",
		"--duration", "50ms", "--concurrency", "2", "--reuse"}
	if err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatalf("run --reuse: %v\nstderr:\n%s", err, stderr.String())
	}
	raw, err = os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	var again Results
	if err := json.Unmarshal(raw, &again); err != nil {
		t.Fatal(err)
	}
	r := again.Sizes[0]
	for name, b := range map[string]BuildStats{"our build": r.Ours, "baseline build": r.Baseline} {
		if !b.Reused || b.WallMS != 0 || b.PeakRSS != 0 || b.Paragraphs != s.Ours.Paragraphs || b.IndexBytes == 0 {
			t.Errorf("%s with --reuse: %+v", name, b)
		}
	}
	if r.Latency["quote"].Ours.N != 6 || r.Distinct.Commands == 0 {
		t.Errorf("with --reuse the queries did not run: %+v", r)
	}
	checkVerdicts(t, r, map[string]bool{"build": true, "build peak RSS": true, "throughput, 64 at once": true})
	if !strings.Contains(stdout.String(), "reused") || !strings.Contains(stdout.String(), "not measured") {
		t.Errorf("the table does not say the builds were reused:\n%s", stdout.String())
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// checkVerdicts checks that s has a verdict for every target, measured
// unless unmeasured says it cannot be, and that each agrees with the
// figure it judges where the test can tell.
func checkVerdicts(t *testing.T, s SizeResult, unmeasured map[string]bool) {
	t.Helper()
	got := map[string]Verdict{}
	for _, v := range s.Verdicts {
		got[v.Figure] = v
	}
	want := []string{"build", "build peak RSS", "index on disk", "next page", "serving heap", "throughput, 64 at once",
		"throughput, 64 at once, distinct questions"}
	for _, c := range commands {
		want = append(want, c+" latency")
	}
	for _, f := range want {
		v, ok := got[f]
		switch {
		case !ok:
			t.Errorf("no verdict on %q: %+v", f, s.Verdicts)
		case v.Target == "":
			t.Errorf("verdict on %q has no target", f)
		case (v.Met == nil) != unmeasured[f] && !(f == "serving heap" && s.Cold.Serving.RSS == 0):
			t.Errorf("verdict on %q: measured %v, want %v", f, v.Met != nil, !unmeasured[f])
		}
	}
	if v := got["quote latency"]; v.Met != nil {
		l := s.Latency["quote"]
		if *v.Met != (l.Ours.P50 <= targetSearchP50MS && l.Ours.P99 <= targetOverBleveP99*l.Baseline.P99) {
			t.Errorf("quote latency verdict %v for p50 %.2f ms, p99 %.2f ms against Bleve's %.2f ms", *v.Met, l.Ours.P50, l.Ours.P99, l.Baseline.P99)
		}
	}
	if v := got["index on disk"]; v.Met != nil && *v.Met != (float64(s.Ours.IndexBytes) <= targetSizeRatio*float64(s.Corpus.Bytes)) {
		t.Errorf("index on disk verdict %v for %d bytes of %d raw", *v.Met, s.Ours.IndexBytes, s.Corpus.Bytes)
	}
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		sizes []int
		reuse bool
		bad   bool
	}{
		{args: []string{"--docs", "10000", "--reuse"}, sizes: []int{10000}, reuse: true},
		{args: []string{"--reuse=maybe"}, bad: true},
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
		if !tt.bad && (fmt.Sprint(cfg.sizes) != fmt.Sprint(tt.sizes) || cfg.reuse != tt.reuse) {
			t.Errorf("%q: sizes %v, reuse %v; want %v, %v", tt.args, cfg.sizes, cfg.reuse, tt.sizes, tt.reuse)
		}
	}
}

// TestWarmUpQueries checks that the warm-up asks none of the measured
// questions (an answer cached by the warm-up would time the cache), and
// some of every command.
func TestWarmUpQueries(t *testing.T) {
	// 20 documents: parsing the sample is the slow part under -race.
	qs, warm, err := makeQueries(synth.New(1), 20, 12, warmUpPerCommand)
	if err != nil {
		t.Fatal(err)
	}
	asked := map[string]bool{}
	for _, q := range mixed(qs) {
		asked[q.Text] = true
	}
	per := map[string]int{}
	for _, q := range warm {
		if asked[q.Text] {
			t.Errorf("the warm-up asks %q, which is measured", q.Text)
		}
		per[q.Command]++
	}
	for _, c := range commands {
		// cite draws ids from 20 documents: some repeat a measured one.
		if per[c] < warmUpPerCommand/3 {
			t.Errorf("the warm-up asks %d %s queries, want about %d", per[c], c, warmUpPerCommand)
		}
	}
}
