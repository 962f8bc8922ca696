package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// The benchmark measures builds and cold starts in child processes of
// itself, so that each starts from nothing and its peak memory is its own.
// The children are hidden subcommands.
const (
	childBuild    = "__build"    // build our index: --corpus DIR --index PATH
	childBaseline = "__baseline" // build the Bleve-defaults index: --corpus DIR --out DIR
	childServe    = "__serve"    // open an index, answer --first, then --queries FILE
)

func isChild(arg string) bool {
	return arg == childBuild || arg == childBaseline || arg == childServe
}

// buildReport is what a build child prints.
type buildReport struct {
	WallNS     int64 `json:"wall_ns"`
	Documents  int   `json:"documents"`
	Paragraphs int   `json:"paragraphs"`
	Skipped    int   `json:"skipped"`
}

// serveReport is what a serve child prints: first the first answer, then,
// after the query set, its memory.
type serveReport struct {
	// OpenNS is the time index.Open took; FirstNS the time from the
	// child's start (in main) to its first answer.
	OpenNS  int64 `json:"open_ns,omitempty"`
	FirstNS int64 `json:"first_ns,omitempty"`
	// AnswerNS is the time the first command took in the bot.
	AnswerNS int64  `json:"answer_ns,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Answered int    `json:"answered,omitempty"`
	Memory   memory `json:"memory"`
}

// memory is a process's resident memory, from /proc/self/status (Linux).
type memory struct {
	// RSS is resident memory; Anon and File split it into the heap and
	// stacks, and the mapped files (the index's segments, the binary).
	RSS  int64 `json:"rss"`
	Anon int64 `json:"rss_anon"`
	File int64 `json:"rss_file"`
	// Peak is the most resident memory so far (VmHWM).
	Peak int64 `json:"peak"`
	// HeapInuse is the Go heap's spans in use (runtime.MemStats.HeapInuse)
	// right after the query set, garbage not yet collected included: the
	// serving heap issue 11 sets a target for.
	HeapInuse int64 `json:"heap_inuse,omitempty"`
	// HeapLive is the Go heap in use after a collection: what the
	// process keeps, as against garbage not yet returned to the system.
	HeapLive int64 `json:"heap_live,omitempty"`
}

// processStart is when this process started running Go code, for the serve
// child's own view of its cold start.
var processStart = time.Now()

// runChild runs a hidden subcommand and prints its report as JSON lines.
func runChild(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	corpusDir := fs.String("corpus", "", "corpus folder")
	indexPath := fs.String("index", "", "index path")
	out := fs.String("out", "", "baseline index folder")
	first := fs.String("first", "", "the first command to answer")
	queries := fs.String("queries", "", "file of queries to answer after the first")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	enc := json.NewEncoder(stdout)
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Walk(ctx, os.DirFS(*corpusDir), fn)
	}
	switch args[0] {
	case childBuild:
		start := time.Now()
		m, rep, err := index.Build(ctx, *indexPath, src, index.BuildOptions{})
		if err != nil {
			return err
		}
		return enc.Encode(buildReport{WallNS: int64(time.Since(start)), Documents: m.Documents, Paragraphs: m.Paragraphs, Skipped: len(rep.Skipped)})
	case childBaseline:
		if err := os.RemoveAll(*out); err != nil {
			return err
		}
		start := time.Now()
		st, err := index.BuildBaseline(ctx, *out, src)
		if err != nil {
			return err
		}
		return enc.Encode(buildReport{WallNS: int64(time.Since(start)), Documents: st.Documents, Paragraphs: st.Paragraphs})
	case childServe:
		return serve(ctx, *indexPath, *first, *queries, enc)
	}
	return fmt.Errorf("unknown child command %q", args[0])
}

// serve opens the index, answers first and reports, then answers every
// query in the queries file and reports its memory.
func serve(ctx context.Context, path, first, queries string, enc *json.Encoder) error {
	t := time.Now()
	ix, err := index.Open(path)
	if err != nil {
		return err
	}
	defer ix.Close()
	opened := time.Since(t)
	b := bot.New(ix, bot.Options{})
	t = time.Now()
	r := b.Handle(ctx, bot.Request{Text: first, Platform: "bench"})
	answered := time.Since(t)
	if err := enc.Encode(serveReport{OpenNS: int64(opened), AnswerNS: int64(answered), FirstNS: int64(time.Since(processStart)), Kind: string(r.Kind)}); err != nil {
		return err
	}
	raw, err := os.ReadFile(queries)
	if err != nil {
		return err
	}
	var qs []query
	if err := json.Unmarshal(raw, &qs); err != nil {
		return fmt.Errorf("read queries: %w", err)
	}
	for _, q := range qs {
		b.Handle(ctx, bot.Request{Text: q.Text, Platform: "bench"})
	}
	mem := readMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mem.HeapInuse = int64(ms.HeapInuse)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	mem.HeapLive = int64(ms.HeapAlloc)
	return enc.Encode(serveReport{Answered: len(qs), Memory: mem})
}

// readMemory reads this process's resident memory from /proc/self/status;
// zeros where that is not available.
func readMemory() memory {
	var m memory
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(raw), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch key {
		case "VmRSS":
			m.RSS = kb << 10
		case "RssAnon":
			m.Anon = kb << 10
		case "RssFile":
			m.File = kb << 10
		case "VmHWM":
			m.Peak = kb << 10
		}
	}
	return m
}

// childResult is a finished child: what it printed and its peak memory.
type childResult struct {
	Lines   [][]byte
	PeakRSS int64
	Wall    time.Duration
	CPU     time.Duration
}

// startChild re-runs this executable with a hidden subcommand. Its stderr
// goes to stderr.
func startChild(ctx context.Context, stderr io.Writer, args ...string) (*exec.Cmd, io.ReadCloser, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, fmt.Errorf("find own executable: %w", err)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start %s: %w", args[0], err)
	}
	return cmd, out, nil
}

// runChildProcess runs a child to its end and returns its output lines
// and peak resident memory.
func runChildProcess(ctx context.Context, stderr io.Writer, args ...string) (childResult, error) {
	start := time.Now()
	cmd, out, err := startChild(ctx, stderr, args...)
	if err != nil {
		return childResult{}, err
	}
	var res childResult
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		res.Lines = append(res.Lines, bytes.Clone(sc.Bytes()))
	}
	if err := cmd.Wait(); err != nil {
		return res, fmt.Errorf("%s: %w", args[0], err)
	}
	res.Wall = time.Since(start)
	res.PeakRSS = peakRSS(cmd.ProcessState)
	res.CPU = cpuTime(cmd.ProcessState)
	if len(res.Lines) == 0 {
		return res, errors.New(args[0] + ": no report")
	}
	return res, nil
}

// startProfile starts a CPU profile into file and returns what stops it.
func startProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
