package main

import (
	"bytes"
	"strings"
	"testing"
)

// passing is a size whose every figure meets its target exactly or
// better; each case of TestAssess changes one figure.
func passing() SizeResult {
	s := SizeResult{
		Docs:     10000,
		Corpus:   CorpusStats{Bytes: 100 << 20},
		Ours:     BuildStats{WallMS: 50_000, PeakRSS: 500 << 20, IndexBytes: 160 << 20, Paragraphs: 1000},
		Baseline: BuildStats{WallMS: 100_000, PeakRSS: 400 << 20, IndexBytes: 300 << 20, Paragraphs: 1000},
		Latency:  map[string]CommandLatency{},
		NextPage: Stats{N: 10, P50: 0.1, P99: 1, Max: 3},
		Paged:    10,
		Cold:     ColdStart{Serving: memory{RSS: 400 << 20, HeapInuse: 100 << 20, HeapLive: 40 << 20}},
		Throughput: []Throughput{
			{Concurrency: 1, Commands: 100, PerSec: 50},
			{Concurrency: 64, Commands: 5000, PerSec: 1000},
		},
		Distinct: Throughput{Concurrency: 64, Commands: 1000, PerSec: 1200},
	}
	for _, c := range commands {
		l := CommandLatency{Ours: Stats{N: 200, P50: 2, P99: 5, Max: 9}, Baseline: Stats{N: 200, P50: 0.5, P99: 4, Max: 6},
			NextPage: Stats{N: 5, P50: 0.1, P99: 1, Max: 1}, Paged: 5}
		if !lookups[c] {
			l.Ours.P99 = 8 // 2× the baseline's 4
		}
		l.P99OverBaseline = l.Ours.P99 / l.Baseline.P99
		s.Latency[c] = l
	}
	return s
}

func TestAssess(t *testing.T) {
	latency := func(c string, f func(*CommandLatency)) func(*SizeResult) {
		return func(s *SizeResult) {
			l := s.Latency[c]
			f(&l)
			l.P99OverBaseline = ratio(l.Ours.P99, l.Baseline.P99)
			s.Latency[c] = l
		}
	}
	for _, tt := range []struct {
		name   string
		change func(*SizeResult)
		// failed are the figures not met, unmeasured those not judged.
		failed, unmeasured []string
	}{
		{name: "every target met at its bound", change: func(*SizeResult) {}},
		{name: "build over 60 s", change: func(s *SizeResult) { s.Ours.WallMS, s.Baseline.WallMS = 61_000, 200_000 }, failed: []string{"build"}},
		{name: "build over half Bleve's", change: func(s *SizeResult) { s.Ours.WallMS = 50_001 }, failed: []string{"build"}},
		{name: "builds reused", change: func(s *SizeResult) {
			s.Ours = BuildStats{Reused: true, IndexBytes: 170 << 20, Paragraphs: 1000}
			s.Baseline = BuildStats{Reused: true, IndexBytes: 300 << 20}
		}, failed: []string{"index on disk"}, unmeasured: []string{"build", "build peak RSS"}},
		{name: "only the baseline reused", change: func(s *SizeResult) { s.Baseline = BuildStats{Reused: true} }, unmeasured: []string{"build"}},
		{name: "build RSS over", change: func(s *SizeResult) { s.Ours.PeakRSS = 500<<20 + 1 }, failed: []string{"build peak RSS"}},
		{name: "index too big", change: func(s *SizeResult) { s.Ours.IndexBytes = 161 << 20 }, failed: []string{"index on disk"}},
		{name: "who p99 over 5 ms", change: latency("who", func(l *CommandLatency) { l.Ours.P99 = 5.01 }), failed: []string{"who latency"}},
		{name: "cite p50 does not count", change: latency("cite", func(l *CommandLatency) { l.Ours.P50 = 4 })},
		{name: "quote p50 over 2 ms", change: latency("quote", func(l *CommandLatency) { l.Ours.P50 = 2.01 }), failed: []string{"quote latency"}},
		{name: "search p99 over 2× Bleve's", change: latency("search", func(l *CommandLatency) { l.Ours.P99 = 8.01 }), failed: []string{"search latency"}},
		{name: "when p99 within 2× a slower Bleve", change: latency("when", func(l *CommandLatency) { l.Ours.P99, l.Baseline.P99 = 30, 15 })},
		{name: "next page of who over 1 ms", change: latency("who", func(l *CommandLatency) { l.NextPage.P99 = 1.5 }), failed: []string{"who next page"}},
		{name: "when never paged", change: latency("when", func(l *CommandLatency) { l.NextPage, l.Paged = Stats{}, 0 }), unmeasured: []string{"when next page"}},
		{name: "next pages over 1 ms", change: func(s *SizeResult) { s.NextPage.P99 = 1.2 }, failed: []string{"next page"}},
		{name: "serving heap over, RSS does not count", change: func(s *SizeResult) { s.Cold.Serving.HeapInuse = 101 << 20 }, failed: []string{"serving heap"}},
		{name: "no memory figures", change: func(s *SizeResult) { s.Cold.Serving = memory{} }, unmeasured: []string{"serving heap"}},
		{name: "throughput under 1,000/s", change: func(s *SizeResult) { s.Throughput[1].PerSec = 999 }, failed: []string{"throughput, 64 at once"}},
		{name: "no level of 64", change: func(s *SizeResult) { s.Throughput = s.Throughput[:1] }, unmeasured: []string{"throughput, 64 at once"}},
		{name: "distinct questions under 1,000/s", change: func(s *SizeResult) { s.Distinct.PerSec = 400 },
			failed: []string{"throughput, 64 at once, distinct questions"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := passing()
			tt.change(&s)
			got := map[string]Verdict{}
			for _, v := range assess(s) {
				if _, dup := got[v.Figure]; dup {
					t.Errorf("two verdicts on %q", v.Figure)
				}
				got[v.Figure] = v
			}
			if len(got) != 3+2*len(commands)+4 {
				t.Errorf("%d verdicts, want one for each of the %d targets", len(got), 3+2*len(commands)+4)
			}
			for figure, v := range got {
				want := "met"
				switch {
				case contains(tt.failed, figure):
					want = "NOT MET"
				case contains(tt.unmeasured, figure):
					want = "not measured"
				}
				have := "not measured"
				if v.Met != nil {
					have = mark(*v.Met)
				}
				if have != want || v.Target == "" {
					t.Errorf("%s (%s, target %q): %s, want %s", figure, v.Value, v.Target, have, want)
				}
			}
			for _, f := range append(tt.failed, tt.unmeasured...) {
				if _, ok := got[f]; !ok {
					t.Errorf("no verdict on %q", f)
				}
			}

			// The table shows each verdict beside its figure.
			s.Verdicts = assess(s)
			var out bytes.Buffer
			printTable(&out, Results{Targets: TargetsIssue, Sizes: []SizeResult{s}})
			if n, want := strings.Count(out.String(), "NOT MET"), len(tt.failed); n != want {
				t.Errorf("the table says NOT MET %d times, want %d:\n%s", n, want, out.String())
			}
			if n, want := strings.Count(out.String(), "not measured"), len(tt.unmeasured); n != want {
				t.Errorf("the table says not measured %d times, want %d:\n%s", n, want, out.String())
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
