package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// The targets of issue 6, for 10,000 documents on a 2-core machine.
const (
	targetBuildSeconds   = 30
	targetBuildRatio     = 0.5 // at least 2× faster than Bleve's defaults
	targetBuildRSS       = 500 << 20
	targetSizeRatio      = 1.5 // of the raw corpus
	targetP50MS          = 2
	targetP99MS          = 15
	targetOverBleve      = 1.3
	targetOverGrep       = 1.0 / 50
	targetColdMS         = 300
	targetServingRSS     = 200 << 20
	targetThroughput     = 2000
	targetThroughputConc = 64
)

// printTable prints one table per archive size: our figures, the
// baselines', the ratios and the targets.
func printTable(w io.Writer, res Results) {
	fmt.Fprintf(w, "archivebench: %d CPUs, %s %s/%s, seed %d, %d queries per command (%d of them through grep)\n",
		res.CPUs, res.GoVersion, res.OS, res.Arch, res.Seed, res.QueriesPerCommand, res.GrepQueriesPerCommand)
	fmt.Fprintln(w, "ratios are ours/baseline: below 1 is better for us; targets are issue 6's, set for 10,000 documents")
	for _, s := range res.Sizes {
		fmt.Fprintf(w, "\n%s documents: corpus %s of text, %s paragraphs\n", thousands(s.Docs), mib(s.Corpus.Bytes), thousands(s.Ours.Paragraphs))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		row := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
		row("", "ours", "bleve defaults", "ours/bleve", "grep", "ours/grep", "target", "", "ours in Bleve", "ours/in Bleve")
		o, b := s.Ours, s.Baseline
		buildRatio := ratio(o.WallMS, b.WallMS)
		row("build", secs(o.WallMS), secs(b.WallMS), times(buildRatio), "", "",
			fmt.Sprintf("≤ %d s, ≤ %.1f×", targetBuildSeconds, targetBuildRatio), mark(o.WallMS <= targetBuildSeconds*1000 && buildRatio <= targetBuildRatio))
		row("  CPU time (user+system)", secs(o.CPUMS), secs(b.CPUMS), times(ratio(o.CPUMS, b.CPUMS)), "", "", "", "")
		row("  documents/s", fmt.Sprintf("%.0f", o.DocsPerSec), fmt.Sprintf("%.0f", b.DocsPerSec), "", "", "", "", "")
		row("  peak RSS", mib(o.PeakRSS), mib(b.PeakRSS), times(ratio(float64(o.PeakRSS), float64(b.PeakRSS))), "", "",
			"< 500 MiB", mark(o.PeakRSS < targetBuildRSS))
		raw := float64(s.Corpus.Bytes)
		row("  index on disk", fmt.Sprintf("%s (%s raw)", mib(o.IndexBytes), times(ratio(float64(o.IndexBytes), raw))),
			fmt.Sprintf("%s (%s raw)", mib(b.IndexBytes), times(ratio(float64(b.IndexBytes), raw))),
			times(ratio(float64(o.IndexBytes), float64(b.IndexBytes))), "", "",
			fmt.Sprintf("≤ %.1f× raw", targetSizeRatio), mark(float64(o.IndexBytes) <= targetSizeRatio*raw))
		row("latency p50 / p99 / max (ms)", "", "", "p50", "", "p50", "", "", "", "p50")
		for _, c := range commands {
			l := s.Latency[c]
			target, ok := "", true
			overBleve, overGrep := ratio(l.Ours.P50, l.Baseline.P50), ratio(l.Ours.P50, l.Grep.P50)
			overOwn := ratio(l.Ours.P50, l.InBleve.P50)
			if c != "search" {
				target = fmt.Sprintf("%d / %d ms, ≤ %.1f×, ≤ 1/50 grep", targetP50MS, targetP99MS, targetOverBleve)
				ok = l.Ours.P50 <= targetP50MS && l.Ours.P99 <= targetP99MS && overBleve <= targetOverBleve && (l.Grep.N == 0 || overGrep <= targetOverGrep)
			}
			row("  "+c, lat(l.Ours), lat(l.Baseline), times(overBleve), lat(l.Grep), times(overGrep), target, markIf(c != "search", ok), lat(l.InBleve), times(overOwn))
		}
		cs := s.Cold
		row("cold start to first answer", fmt.Sprintf("%.0f ms (open %.0f, answer %.0f)", cs.FirstAnswerMS, cs.OpenMS, cs.AnswerMS), "", "", "", "",
			fmt.Sprintf("≤ %d ms", targetColdMS), mark(cs.FirstAnswerMS <= targetColdMS))
		row("serving RSS", fmt.Sprintf("%s (heap %s, of it live %s; files %s)", mib(cs.Serving.RSS), mib(cs.Serving.Anon), mib(cs.Serving.HeapLive), mib(cs.Serving.File)), "", "", "", "",
			"≤ 200 MiB", markIf(cs.Serving.RSS > 0, cs.Serving.RSS <= targetServingRSS))
		for _, t := range s.Throughput {
			target, ok := "", true
			if t.Concurrency == targetThroughputConc {
				target, ok = fmt.Sprintf("≥ %s/s", thousands(targetThroughput)), t.PerSec >= targetThroughput
			}
			row(fmt.Sprintf("throughput, %d at once", t.Concurrency), fmt.Sprintf("%.0f/s (p50 %.2f, p99 %.1f ms)", t.PerSec, t.P50, t.P99),
				"", "", "", "", target, markIf(target != "", ok))
		}
		tw.Flush()
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func times(r float64) string {
	switch {
	case r == 0:
		return ""
	case r < 0.01:
		return fmt.Sprintf("%.4f×", r)
	case r < 0.1:
		return fmt.Sprintf("%.3f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

func secs(msec float64) string {
	if msec == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f s", msec/1000)
}

func mib(b int64) string {
	if b == 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func lat(s Stats) string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%s / %s / %s", msFmt(s.P50), msFmt(s.P99), msFmt(s.Max))
}

func msFmt(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

func markIf(applies, ok bool) string {
	if !applies {
		return ""
	}
	return mark(ok)
}

// thousands formats n with thousands separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
