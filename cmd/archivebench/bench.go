package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus/synth"
	"github.com/archivebot/archivebot/index"
)

// Results is everything one run measured; it is written as JSON.
type Results struct {
	Seed                  uint64    `json:"seed"`
	Generator             int       `json:"generator_version"`
	GoVersion             string    `json:"go_version"`
	OS                    string    `json:"os"`
	Arch                  string    `json:"arch"`
	CPUs                  int       `json:"cpus"`
	Started               time.Time `json:"started"`
	QueriesPerCommand     int       `json:"queries_per_command"`
	GrepQueriesPerCommand int       `json:"grep_queries_per_command"`
	GrepTool              string    `json:"grep_tool"`
	// Targets names the issue whose targets the verdicts judge.
	Targets string       `json:"targets"`
	Sizes   []SizeResult `json:"sizes"`
}

// SizeResult is what was measured for one archive size.
type SizeResult struct {
	Docs   int         `json:"docs"`
	Corpus CorpusStats `json:"corpus"`
	// Ours is our index's build; Baseline is Bleve with its defaults over
	// the same paragraphs.
	Ours     BuildStats `json:"ours"`
	Baseline BuildStats `json:"baseline"`
	// Latency is per command: through the bot core, the same words as a
	// plain match query on the baseline, and with grep.
	Latency map[string]CommandLatency `json:"latency"`
	// All is every command's queries together, ours and the baseline's
	// (Ours, Baseline and P99OverBaseline only): for information, as
	// another view of "the p99 of Bleve's plain match query".
	All CommandLatency `json:"latency_all"`
	// NextPage is every command's next pages together (see
	// CommandLatency.NextPage); Paged counts them.
	NextPage Stats     `json:"next_page"`
	Paged    int       `json:"paged"`
	Cold     ColdStart `json:"cold_start"`
	// Throughput runs the query mix round and round at each concurrency,
	// so that after the first round most commands repeat one asked
	// before (and the index's result cache answers them).
	Throughput []Throughput `json:"throughput"`
	// Distinct is the throughput of distinct questions: on a freshly
	// opened index, DistinctConcurrency goroutines answer each distinct
	// query of the mix exactly once.
	Distinct Throughput `json:"throughput_distinct"`
	// Verdicts are issue 11's targets and whether this size met them.
	Verdicts []Verdict `json:"verdicts"`
}

// CorpusStats describes the generated corpus.
type CorpusStats struct {
	Dir   string `json:"dir"`
	Bytes int64  `json:"bytes"`
	// Reused is set when the corpus was already in Dir.
	Reused     bool    `json:"reused"`
	GenerateMS float64 `json:"generate_ms,omitempty"`
}

// BuildStats describes one index build, run in a child process.
type BuildStats struct {
	// Reused is set when --reuse found the index of an earlier run and
	// did not build it: then only IndexBytes, Documents and Paragraphs
	// are known, and the build's times and memory are not measured.
	Reused bool    `json:"reused,omitempty"`
	WallMS float64 `json:"wall_ms"`
	// CPUMS is the CPU time of the whole child process, user and system:
	// steadier than wall time on a machine shared with other work.
	CPUMS      float64 `json:"cpu_ms"`
	DocsPerSec float64 `json:"docs_per_sec"`
	PeakRSS    int64   `json:"peak_rss"`
	IndexBytes int64   `json:"index_bytes"`
	Documents  int     `json:"documents"`
	Paragraphs int     `json:"paragraphs"`
	Skipped    int     `json:"skipped"`
}

// CommandLatency is one command's latencies.
type CommandLatency struct {
	Ours Stats `json:"ours"`
	// InBleve is the part of Ours spent in Bleve's own searches, summed
	// over the searches a command runs: what the bot costs over the bare
	// Bleve queries is Ours over InBleve.
	InBleve  Stats `json:"ours_in_bleve"`
	Baseline Stats `json:"baseline"`
	// P99OverBaseline is Ours.P99 over Baseline.P99: issue 11 wants at
	// most 2 for quote, when and search.
	P99OverBaseline float64 `json:"p99_over_baseline"`
	Grep            Stats   `json:"grep"`
	// Kinds counts our replies by kind: answer, not_found, usage, failure.
	Kinds map[string]int `json:"kinds"`
	// Slowest are the slowest of our queries, slowest first.
	Slowest []Timed `json:"slowest"`
	// NextPage times the command of the next page (bot.Page.Next), run
	// through the bot core right after the first page, for each query
	// whose first page had one; Paged counts those queries. NextKinds
	// and NextSlowest are as Kinds and Slowest, for the next pages.
	NextPage    Stats          `json:"next_page"`
	Paged       int            `json:"paged"`
	NextKinds   map[string]int `json:"next_page_kinds,omitempty"`
	NextSlowest []Timed        `json:"next_page_slowest,omitempty"`
}

// Timed is one query and how long the bot took to answer it.
type Timed struct {
	Text string  `json:"text"`
	MS   float64 `json:"ms"`
}

// slowest returns the n slowest of the commands texts, which took ds.
func slowest(texts []string, ds []time.Duration, n int) []Timed {
	out := make([]Timed, len(texts))
	for i, t := range texts {
		out[i] = Timed{Text: t, MS: ms(ds[i])}
	}
	slices.SortFunc(out, func(a, b Timed) int { return cmp.Compare(b.MS, a.MS) })
	return out[:min(n, len(out))]
}

// Stats summarises latencies, in milliseconds.
type Stats struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
}

// ColdStart is a fresh process opening the built index.
type ColdStart struct {
	// FirstAnswerMS runs from starting the process to reading its first
	// answer; OpenMS is the index.Open inside it.
	FirstAnswerMS float64 `json:"first_answer_ms"`
	OpenMS        float64 `json:"open_ms"`
	// AnswerMS is the first command's own time in the bot, InProcessMS
	// the time from the process's start (in main) to the answer.
	AnswerMS    float64 `json:"answer_ms"`
	InProcessMS float64 `json:"in_process_ms"`
	// Command is the first command.
	Command string `json:"command"`
	// Serving is the process's memory after it answered the whole query set.
	Serving memory `json:"serving"`
}

// Throughput is the bot core under concurrent commands.
type Throughput struct {
	Concurrency int `json:"concurrency"`
	// Commands counts the commands the bot answered, and Failed those it
	// did not (busy: no search slot came free in time; timed out);
	// ElapsedMS is how long they took together. PerSec and the latencies
	// are of the answered commands.
	Commands  int     `json:"commands"`
	Failed    int     `json:"failed"`
	ElapsedMS float64 `json:"elapsed_ms"`
	PerSec    float64 `json:"per_sec"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	// Outcomes counts the replies by kind, and failures by cause.
	Outcomes map[string]int `json:"outcomes"`
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// summarize computes the percentiles of ds (nearest rank).
func summarize(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	ds = slices.Sorted(slices.Values(ds))
	at := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return Stats{N: len(ds), P50: ms(at(0.50)), P99: ms(at(0.99)), Max: ms(ds[len(ds)-1]), Mean: ms(sum / time.Duration(len(ds)))}
}

// benchSize measures one archive size.
func benchSize(ctx context.Context, cfg config, g *synth.Generator, n int, stderr io.Writer, log *slog.Logger) (SizeResult, error) {
	sr := SizeResult{Docs: n, Latency: map[string]CommandLatency{}}
	corpusDir := filepath.Join(cfg.dir, fmt.Sprintf("corpus-%d-seed%d", n, cfg.seed))
	indexPath := filepath.Join(cfg.dir, fmt.Sprintf("index-%d", n), "idx")
	baselineDir := filepath.Join(cfg.dir, fmt.Sprintf("baseline-%d", n))

	// The corpus.
	log.Info("corpus", "docs", n, "dir", corpusDir)
	start := time.Now()
	m, reused, err := synth.Ensure(ctx, corpusDir, g, n)
	if err != nil {
		return sr, fmt.Errorf("corpus: %w", err)
	}
	sr.Corpus = CorpusStats{Dir: corpusDir, Bytes: m.Bytes, Reused: reused}
	if !reused {
		sr.Corpus.GenerateMS = ms(time.Since(start))
	}

	// The builds, each in a child process, unless --reuse finds them.
	if err := os.MkdirAll(filepath.Dir(indexPath), 0o755); err != nil {
		return sr, err
	}
	prof := func(phase string) []string {
		if cfg.profileDir == "" {
			return nil
		}
		return []string{"--cpuprofile", filepath.Join(cfg.profileDir, fmt.Sprintf("%s-%d.pprof", phase, n))}
	}
	if cfg.profileDir != "" {
		if err := os.MkdirAll(cfg.profileDir, 0o755); err != nil {
			return sr, err
		}
	}
	why := "--reuse not given"
	if cfg.reuse {
		if sr.Ours, why, err = reusableIndex(ctx, indexPath, corpusDir, n); err != nil {
			return sr, err
		}
	}
	if sr.Ours.Reused {
		log.Info("reusing our index", "docs", n, "index_mb", sr.Ours.IndexBytes>>20)
	} else {
		log.Info("building our index", "docs", n, "why", why)
		if sr.Ours, err = buildChild(ctx, stderr, indexPath, append([]string{childBuild, "--corpus", corpusDir, "--index", indexPath}, prof("build")...)...); err != nil {
			return sr, fmt.Errorf("build our index: %w", err)
		}
		log.Info("built", "seconds", sr.Ours.WallMS/1000, "peak_rss_mb", sr.Ours.PeakRSS>>20, "index_mb", sr.Ours.IndexBytes>>20)
	}
	why = "--reuse not given"
	if cfg.reuse {
		if sr.Baseline, why, err = reusableBaseline(baselineDir, n, sr.Ours.Paragraphs); err != nil {
			return sr, err
		}
	}
	if sr.Baseline.Reused {
		log.Info("reusing the Bleve-defaults baseline", "docs", n, "index_mb", sr.Baseline.IndexBytes>>20)
	} else {
		log.Info("building the Bleve-defaults baseline", "docs", n, "why", why)
		if sr.Baseline, err = buildChild(ctx, stderr, baselineDir, append([]string{childBaseline, "--corpus", corpusDir, "--out", baselineDir}, prof("baseline")...)...); err != nil {
			return sr, fmt.Errorf("build the baseline: %w", err)
		}
		log.Info("built", "seconds", sr.Baseline.WallMS/1000, "peak_rss_mb", sr.Baseline.PeakRSS>>20, "index_mb", sr.Baseline.IndexBytes>>20)
	}

	// The queries.
	qs, warm, err := makeQueries(g, n, cfg.queries, warmUpPerCommand)
	if err != nil {
		return sr, fmt.Errorf("queries: %w", err)
	}
	all := mixed(qs)
	queriesFile := filepath.Join(cfg.dir, fmt.Sprintf("queries-%d.json", n))
	raw, err := json.Marshal(all)
	if err != nil {
		return sr, fmt.Errorf("queries: %w", err)
	}
	if err := os.WriteFile(queriesFile, raw, 0o644); err != nil {
		return sr, fmt.Errorf("queries: %w", err)
	}

	// Cold start and serving memory, in a child; before this process maps
	// the index, though the page cache is warm from the build either way.
	log.Info("cold start", "docs", n)
	if sr.Cold, err = coldStart(ctx, stderr, indexPath, qs["quote"][0].Text, queriesFile); err != nil {
		return sr, fmt.Errorf("cold start: %w", err)
	}

	// Latency through the bot core, one command at a time, and the next
	// pages; then the throughput of the query mix on the same index.
	if err := latencyAndThroughput(ctx, cfg, &sr, indexPath, qs, all, warm, prof, log); err != nil {
		return sr, err
	}

	// The same words as plain match queries on the baseline.
	log.Info("latency of the Bleve-defaults baseline")
	if err := baselineLatency(ctx, &sr, baselineDir, qs, warm); err != nil {
		return sr, err
	}

	// grep, for some of the queries.
	if cfg.grepQueries > 0 {
		log.Info("latency of grep", "queries per command", cfg.grepQueries)
		for _, c := range commands {
			var ds []time.Duration
			for _, q := range qs[c][:cfg.grepQueries] {
				d, err := grep(ctx, corpusDir, q.Words)
				if err != nil {
					return sr, err
				}
				ds = append(ds, d)
			}
			l := sr.Latency[c]
			l.Grep = summarize(ds)
			sr.Latency[c] = l
		}
	}

	// Distinct questions, on a freshly opened index and a new bot, so
	// that no answer is cached yet.
	distinct := distinctQueries(all)
	log.Info("throughput of distinct questions", "concurrency", DistinctConcurrency, "questions", len(distinct))
	fresh, err := index.Open(indexPath)
	if err != nil {
		return sr, fmt.Errorf("distinct questions: %w", err)
	}
	defer fresh.Close()
	var out outcomes
	if sr.Distinct, err = distinctThroughput(ctx, bot.New(fresh, bot.Options{Observe: out.observe}), &out, distinct, DistinctConcurrency); err != nil {
		return sr, err
	}
	sr.Verdicts = assess(sr)
	return sr, ctx.Err()
}

// warmUpPerCommand is how many queries per command warm up the bot and
// the baseline before their latencies are taken: other queries than the
// measured ones (see makeQueries).
const warmUpPerCommand = 10

// DistinctConcurrency is how many goroutines answer the distinct
// questions: issue 11's throughput target is at 64 at once.
const DistinctConcurrency = 64

// latencyAndThroughput opens the index, times each query through the bot
// core one at a time, with its next page when it has one, and then runs
// the throughput levels on the same bot. It closes the index before it
// returns, so that the distinct questions open it afresh.
func latencyAndThroughput(ctx context.Context, cfg config, sr *SizeResult, indexPath string, qs map[string][]query, all, warm []query,
	prof func(string) []string, log *slog.Logger) error {
	ix, err := index.Open(indexPath)
	if err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	defer ix.Close()
	var out outcomes
	b := bot.New(ix, bot.Options{Observe: out.observe})
	for _, q := range warm {
		b.Handle(ctx, benchRequest(q.Text))
	}
	log.Info("latency through the bot core", "queries", len(all))
	stop, err := profile(prof("latency"))
	if err != nil {
		return err
	}
	var allNext, allOurs []time.Duration
	for _, c := range commands {
		var (
			ds, inBleve, next []time.Duration
			nextTexts         []string
			kinds             = map[string]int{}
			nextKinds         = map[string]int{}
			texts             = make([]string, 0, len(qs[c]))
		)
		for _, q := range qs[c] {
			_, before := ix.SearchTime()
			t := time.Now()
			r := b.Handle(ctx, benchRequest(q.Text))
			ds = append(ds, time.Since(t))
			_, after := ix.SearchTime()
			inBleve = append(inBleve, after-before)
			kinds[string(r.Kind)]++
			texts = append(texts, q.Text)
			if r.Page == nil || r.Page.Next == "" {
				continue
			}
			t = time.Now()
			nr := b.Handle(ctx, benchRequest(r.Page.Next))
			next = append(next, time.Since(t))
			nextKinds[string(nr.Kind)]++
			nextTexts = append(nextTexts, r.Page.Next)
		}
		allNext = append(allNext, next...)
		allOurs = append(allOurs, ds...)
		sr.Latency[c] = CommandLatency{Ours: summarize(ds), InBleve: summarize(inBleve), Kinds: kinds, Slowest: slowest(texts, ds, 5),
			NextPage: summarize(next), Paged: len(next), NextKinds: nextKinds, NextSlowest: slowest(nextTexts, next, 5)}
	}
	stop()
	sr.NextPage, sr.Paged = summarize(allNext), len(allNext)
	sr.All.Ours = summarize(allOurs)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Throughput of the bot core on the query mix.
	if stop, err = profile(prof("throughput")); err != nil {
		return err
	}
	defer stop()
	for _, c := range cfg.concurrency {
		log.Info("throughput", "concurrency", c, "for", cfg.duration)
		sr.Throughput = append(sr.Throughput, throughput(ctx, b, &out, all, c, cfg.duration))
	}
	return ctx.Err()
}

// benchRequest is a command as the benchmark asks it.
func benchRequest(text string) bot.Request { return bot.Request{Text: text, Platform: "bench"} }

// baselineLatency runs each query's words as a plain match query on the
// Bleve-defaults baseline, and sets each command's ratio of p99s.
func baselineLatency(ctx context.Context, sr *SizeResult, dir string, qs map[string][]query, warm []query) error {
	base, err := index.OpenBaseline(dir)
	if err != nil {
		return err
	}
	defer base.Close()
	for _, q := range warm {
		if _, err := base.Match(ctx, q.Words); err != nil {
			return err
		}
	}
	var all []time.Duration
	for _, c := range commands {
		var ds []time.Duration
		for _, q := range qs[c] {
			t := time.Now()
			if _, err := base.Match(ctx, q.Words); err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
		}
		all = append(all, ds...)
		l := sr.Latency[c]
		l.Baseline = summarize(ds)
		l.P99OverBaseline = ratio(l.Ours.P99, l.Baseline.P99)
		sr.Latency[c] = l
	}
	sr.All.Baseline = summarize(all)
	sr.All.P99OverBaseline = ratio(sr.All.Ours.P99, sr.All.Baseline.P99)
	return nil
}

// profile starts a CPU profile when args (from prof) name a file.
func profile(args []string) (func(), error) {
	if len(args) < 2 {
		return func() {}, nil
	}
	return startProfile(args[1])
}

// buildChild runs a build child and measures the index it leaves at path.
func buildChild(ctx context.Context, stderr io.Writer, path string, args ...string) (BuildStats, error) {
	res, err := runChildProcess(ctx, stderr, args...)
	if err != nil {
		return BuildStats{}, err
	}
	var rep buildReport
	if err := json.Unmarshal(res.Lines[0], &rep); err != nil {
		return BuildStats{}, fmt.Errorf("%s report: %w", args[0], err)
	}
	st := BuildStats{WallMS: ms(time.Duration(rep.WallNS)), CPUMS: ms(res.CPU), PeakRSS: res.PeakRSS, Documents: rep.Documents,
		Paragraphs: rep.Paragraphs, Skipped: rep.Skipped}
	if rep.WallNS > 0 {
		st.DocsPerSec = float64(rep.Documents) / time.Duration(rep.WallNS).Seconds()
	}
	if st.IndexBytes, err = dirSize(path); err != nil {
		return st, err
	}
	return st, nil
}

// coldStart starts a serve child and times it from start to first answer.
func coldStart(ctx context.Context, stderr io.Writer, indexPath, first, queriesFile string) (ColdStart, error) {
	start := time.Now()
	cmd, out, err := startChild(ctx, stderr, childServe, "--index", indexPath, "--first", first, "--queries", queriesFile)
	if err != nil {
		return ColdStart{}, err
	}
	var cs ColdStart
	sc := bufio.NewScanner(out)
	var reports []serveReport
	for sc.Scan() {
		if len(reports) == 0 {
			cs.FirstAnswerMS = ms(time.Since(start))
		}
		var r serveReport
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return cs, fmt.Errorf("serve report: %w", err)
		}
		reports = append(reports, r)
	}
	if err := cmd.Wait(); err != nil {
		return cs, fmt.Errorf("serve: %w", err)
	}
	if len(reports) != 2 {
		return cs, fmt.Errorf("serve: %d reports, want 2", len(reports))
	}
	if reports[0].Kind != string(bot.KindAnswer) {
		return cs, fmt.Errorf("serve: first answer is %q", reports[0].Kind)
	}
	cs.OpenMS = ms(time.Duration(reports[0].OpenNS))
	cs.AnswerMS = ms(time.Duration(reports[0].AnswerNS))
	cs.InProcessMS = ms(time.Duration(reports[0].FirstNS))
	cs.Command = first
	cs.Serving = reports[1].Memory
	return cs, nil
}

// grep runs grep over the corpus folder for words, as one fixed string
// ignoring case, listing the matching files: what a reader without the
// bot would do.
func grep(ctx context.Context, dir, words string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, "grep", "-rilF", "--", words, dir)
	cmd.Stdout = io.Discard
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 { // nothing found
		err = nil
	}
	if err != nil {
		return 0, fmt.Errorf("grep: %w", err)
	}
	return d, nil
}

// throughput runs the queries round and round from c goroutines for d and
// reports commands per second and latency.
func throughput(ctx context.Context, b *bot.Bot, out *outcomes, qs []query, c int, d time.Duration) Throughput {
	var (
		next     atomic.Int64
		mu       sync.Mutex
		all      []answered
		wg       sync.WaitGroup
		deadline = time.Now().Add(d)
	)
	out.take()
	start := time.Now()
	for range c {
		wg.Go(func() {
			var mine []answered
			for time.Now().Before(deadline) && ctx.Err() == nil {
				q := qs[int(next.Add(1)-1)%len(qs)]
				t := time.Now()
				r := b.Handle(ctx, benchRequest(q.Text))
				mine = append(mine, answered{time.Since(t), r.Kind == bot.KindFailure})
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return throughputOf(c, all, time.Since(start), out.take())
}

// answered is one command of a throughput run: how long it took, and
// whether the bot failed to answer it (busy, timed out).
type answered struct {
	took   time.Duration
	failed bool
}

// throughputOf summarises a throughput run of c goroutines: commands per
// second and latencies count the commands the bot answered, failures
// apart.
func throughputOf(c int, all []answered, elapsed time.Duration, outcomes map[string]int) Throughput {
	var ds []time.Duration
	for _, a := range all {
		if !a.failed {
			ds = append(ds, a.took)
		}
	}
	st := summarize(ds)
	return Throughput{Concurrency: c, Commands: len(ds), Failed: len(all) - len(ds), ElapsedMS: ms(elapsed),
		PerSec: float64(len(ds)) / elapsed.Seconds(), P50: st.P50, P99: st.P99, Outcomes: outcomes}
}

// outcomes counts the outcomes of the bot's replies (bot.Observation's:
// the kind of reply, or the cause of a failure), from bot.Options.Observe.
type outcomes struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *outcomes) observe(ob bot.Observation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = map[string]int{}
	}
	o.n[ob.Outcome()]++
}

// take returns the counts since the last take and starts again.
func (o *outcomes) take() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := o.n
	o.n = nil
	return n
}

// distinctQueries is qs without the repeats of a command text, in order.
func distinctQueries(qs []query) []query {
	seen := make(map[string]bool, len(qs))
	var out []query
	for _, q := range qs {
		if !seen[q.Text] {
			seen[q.Text] = true
			out = append(out, q)
		}
	}
	return out
}

// distinctThroughput answers each of qs exactly once from c goroutines
// and reports commands per second and latency.
func distinctThroughput(ctx context.Context, b *bot.Bot, out *outcomes, qs []query, c int) (Throughput, error) {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		all  = make([]answered, len(qs))
	)
	out.take()
	start := time.Now()
	for range c {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(qs) {
					return
				}
				t := time.Now()
				r := b.Handle(ctx, benchRequest(qs[i].Text))
				all[i] = answered{time.Since(t), r.Kind == bot.KindFailure}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Throughput{}, err
	}
	return throughputOf(c, all, elapsed, out.take()), nil
}

// dirSize sums the sizes of the regular files under path, following path
// itself when it is a symbolic link (as an index built by index.Build is).
func dirSize(path string) (int64, error) {
	root, err := filepath.EvalSymlinks(path)
	if err != nil {
		return 0, fmt.Errorf("index size: %w", err)
	}
	var n int64
	err = filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("index size: %w", err)
	}
	return n, nil
}
