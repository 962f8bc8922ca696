package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// The targets of issue 11, for 10,000 documents on a 2-core machine,
// through the bot core.
const (
	targetBuildSeconds   = 60
	targetBuildRatio     = 0.5 // of Bleve's defaults over the same paragraphs
	targetBuildRSS       = 500 << 20
	targetSizeRatio      = 1.6 // of the raw corpus
	targetLookupP99MS    = 5   // who and cite
	targetSearchP50MS    = 2   // quote, when and search
	targetOverBleveP99   = 2   // of the p99 of Bleve's plain match query
	targetNextPageP99MS  = 1
	targetServingHeap    = 100 << 20
	targetThroughput     = 1000
	targetThroughputConc = 64
)

// TargetsIssue names the issue whose targets the table and the verdicts
// hold.
const TargetsIssue = "issue 11"

// lookups are the commands that look up what the index precomputed rather
// than search: their target is a p99 alone.
var lookups = map[string]bool{"who": true, "cite": true}

// Verdict is one of the targets and how a run did against it.
type Verdict struct {
	// Figure names what is measured, e.g. "build", "quote latency".
	Figure string `json:"figure"`
	Target string `json:"target"`
	// Value is the figure judged, in short.
	Value string `json:"value"`
	// Met is nil when the figure was not measured: a build reused with
	// --reuse, a command none of whose answers had a next page, no
	// throughput level of 64.
	Met *bool `json:"met"`
}

func verdict(figure, target, value string, measured, ok bool) Verdict {
	v := Verdict{Figure: figure, Target: target, Value: value}
	if measured {
		v.Met = &ok
	}
	return v
}

// assess judges one size's figures against the targets.
func assess(s SizeResult) []Verdict {
	var out []Verdict
	o, b := s.Ours, s.Baseline
	buildRatio := ratio(o.WallMS, b.WallMS)
	build := fmt.Sprintf("%s, %s Bleve's", secs(o.WallMS), times(buildRatio))
	switch {
	case o.Reused:
		build = "reused"
	case b.Reused:
		build = secs(o.WallMS) + ", Bleve's reused"
	}
	out = append(out,
		verdict("build", fmt.Sprintf("≤ %d s, ≤ %.1f× Bleve's defaults", targetBuildSeconds, targetBuildRatio), build,
			!o.Reused && !b.Reused, o.WallMS <= targetBuildSeconds*1000 && buildRatio <= targetBuildRatio),
		verdict("build peak RSS", fmt.Sprintf("≤ %d MiB", targetBuildRSS>>20), mibOrReused(o, o.PeakRSS),
			!o.Reused && o.PeakRSS > 0, o.PeakRSS <= targetBuildRSS))
	raw := float64(s.Corpus.Bytes)
	out = append(out, verdict("index on disk", fmt.Sprintf("≤ %.1f× raw", targetSizeRatio),
		times(ratio(float64(o.IndexBytes), raw))+" raw", o.IndexBytes > 0, float64(o.IndexBytes) <= targetSizeRatio*raw))
	for _, c := range commands {
		l := s.Latency[c]
		if lookups[c] {
			out = append(out, verdict(c+" latency", fmt.Sprintf("p99 ≤ %d ms", targetLookupP99MS), "p99 "+msFmt(l.Ours.P99)+" ms",
				l.Ours.N > 0, l.Ours.P99 <= targetLookupP99MS))
			continue
		}
		out = append(out, verdict(c+" latency", fmt.Sprintf("p50 ≤ %d ms, p99 ≤ %d× Bleve's", targetSearchP50MS, targetOverBleveP99),
			fmt.Sprintf("p50 %s ms, p99 %s", msFmt(l.Ours.P50), times(l.P99OverBaseline)),
			l.Ours.N > 0 && l.Baseline.N > 0, l.Ours.P50 <= targetSearchP50MS && l.P99OverBaseline <= targetOverBleveP99))
	}
	nextTarget := fmt.Sprintf("p99 ≤ %d ms", targetNextPageP99MS)
	for _, c := range commands {
		l := s.Latency[c]
		out = append(out, verdict(c+" next page", nextTarget, "p99 "+msFmt(l.NextPage.P99)+" ms", l.Paged > 0, l.NextPage.P99 <= targetNextPageP99MS))
	}
	out = append(out, verdict("next page", nextTarget, "p99 "+msFmt(s.NextPage.P99)+" ms", s.Paged > 0, s.NextPage.P99 <= targetNextPageP99MS))
	heap := s.Cold.Serving.HeapInuse
	out = append(out, verdict("serving heap", fmt.Sprintf("≤ %d MiB", targetServingHeap>>20), mib(heap), heap > 0, heap <= targetServingHeap))
	tput := fmt.Sprintf("≥ %s/s", thousands(targetThroughput))
	var mix *Throughput
	for i, t := range s.Throughput {
		if t.Concurrency == targetThroughputConc {
			mix = &s.Throughput[i]
		}
	}
	if mix != nil {
		out = append(out, verdict(fmt.Sprintf("throughput, %d at once", targetThroughputConc), tput, fmt.Sprintf("%.0f/s", mix.PerSec), true, mix.PerSec >= targetThroughput))
	} else {
		out = append(out, verdict(fmt.Sprintf("throughput, %d at once", targetThroughputConc), tput, "", false, false))
	}
	d := s.Distinct
	out = append(out, verdict(fmt.Sprintf("throughput, %d at once, distinct questions", d.Concurrency), tput, fmt.Sprintf("%.0f/s", d.PerSec),
		d.Commands > 0 && d.Concurrency == targetThroughputConc, d.PerSec >= targetThroughput))
	return out
}

// printTable prints one table per archive size: our figures, the
// baselines', the ratios and the targets.
func printTable(w io.Writer, res Results) {
	fmt.Fprintf(w, "archivebench: %d CPUs, %s %s/%s, seed %d, %d queries per command (%d of them through grep)\n",
		res.CPUs, res.GoVersion, res.OS, res.Arch, res.Seed, res.QueriesPerCommand, res.GrepQueriesPerCommand)
	fmt.Fprintf(w, "targets are %s's, set for 10,000 documents on 2 cores; ratios are ours/baseline (below 1 is better for us);\n", TargetsIssue)
	fmt.Fprintln(w, "the columns after \"met\" are for information (issue 6's comparisons), without targets")
	for _, s := range res.Sizes {
		verdicts := map[string]Verdict{}
		for _, v := range s.Verdicts {
			verdicts[v.Figure] = v
		}
		judge := func(figure string) (string, string) {
			v, ok := verdicts[figure]
			switch {
			case !ok:
				return "", ""
			case v.Met == nil:
				return v.Target, "not measured"
			}
			return v.Target, mark(*v.Met)
		}
		fmt.Fprintf(w, "\n%s documents: corpus %s of text, %s paragraphs\n", thousands(s.Docs), mib(s.Corpus.Bytes), thousands(s.Ours.Paragraphs))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		header := []string{"", "ours", "bleve defaults", "ours/bleve", "target (" + TargetsIssue + ")", "met", "grep", "ours/grep", "ours in Bleve", "ours/in Bleve"}
		// Every row has every cell, so that tabwriter aligns each column
		// over the whole table.
		row := func(cells ...string) {
			cells = append(cells, make([]string, max(0, len(header)-len(cells)))...)
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		judged := func(name, ours, base, r, figure string, info ...string) {
			target, met := judge(figure)
			row(append([]string{name, ours, base, r, target, met}, info...)...)
		}
		row(header...)
		o, b := s.Ours, s.Baseline
		judged("build", secsOrReused(o), secsOrReused(b), times(ratio(o.WallMS, b.WallMS)), "build")
		row("  CPU time (user+system)", secs(o.CPUMS), secs(b.CPUMS), times(ratio(o.CPUMS, b.CPUMS)))
		row("  documents/s", perSec(o.DocsPerSec), perSec(b.DocsPerSec))
		judged("  peak RSS", mibOrReused(o, o.PeakRSS), mibOrReused(b, b.PeakRSS), times(ratio(float64(o.PeakRSS), float64(b.PeakRSS))), "build peak RSS")
		raw := float64(s.Corpus.Bytes)
		judged("  index on disk", fmt.Sprintf("%s (%s raw)", mib(o.IndexBytes), times(ratio(float64(o.IndexBytes), raw))),
			fmt.Sprintf("%s (%s raw)", mib(b.IndexBytes), times(ratio(float64(b.IndexBytes), raw))),
			times(ratio(float64(o.IndexBytes), float64(b.IndexBytes))), "index on disk")
		row("latency p50 / p99 / max (ms)", "", "", "p99", "", "", "", "p50", "", "p50")
		for _, c := range commands {
			l := s.Latency[c]
			judged("  "+c, lat(l.Ours), lat(l.Baseline), times(l.P99OverBaseline), c+" latency",
				lat(l.Grep), times(ratio(l.Ours.P50, l.Grep.P50)), lat(l.InBleve), times(ratio(l.Ours.P50, l.InBleve.P50)))
		}
		row("  all commands (no target)", lat(s.All.Ours), lat(s.All.Baseline), times(s.All.P99OverBaseline))
		row("next page p50 / p99 / max (ms)")
		for _, c := range commands {
			l := s.Latency[c]
			judged(fmt.Sprintf("  %s (%d of %d paged)", c, l.Paged, l.Ours.N), lat(l.NextPage), "", "", c+" next page")
		}
		judged(fmt.Sprintf("  all (%d paged)", s.Paged), lat(s.NextPage), "", "", "next page")
		cs := s.Cold
		row("cold start to first answer", fmt.Sprintf("%.0f ms (open %.0f, answer %.0f)", cs.FirstAnswerMS, cs.OpenMS, cs.AnswerMS))
		judged("serving heap in use", mib(cs.Serving.HeapInuse), "", "", "serving heap")
		row("  live after GC", mib(cs.Serving.HeapLive))
		row("  RSS (anon / files)", fmt.Sprintf("%s (%s / %s)", mib(cs.Serving.RSS), mibShort(cs.Serving.Anon), mibShort(cs.Serving.File)))
		at64 := false
		for _, t := range s.Throughput {
			figure := ""
			if t.Concurrency == targetThroughputConc {
				figure, at64 = fmt.Sprintf("throughput, %d at once", targetThroughputConc), true
			}
			judged(fmt.Sprintf("throughput, %d at once, the mix", t.Concurrency), tputFmt(t), "", "", figure)
		}
		if !at64 {
			judged(fmt.Sprintf("throughput, %d at once, the mix", targetThroughputConc), "not run (--concurrency)", "", "",
				fmt.Sprintf("throughput, %d at once", targetThroughputConc))
		}
		d := s.Distinct
		judged(fmt.Sprintf("  %s distinct questions, %d at once", thousands(d.Commands+d.Failed), d.Concurrency), tputFmt(d), "", "",
			fmt.Sprintf("throughput, %d at once, distinct questions", d.Concurrency))
		tw.Flush()
	}
}

func tputFmt(t Throughput) string {
	f := fmt.Sprintf("%.0f/s, p50 %s / p99 %s ms", t.PerSec, msFmt(t.P50), msFmt(t.P99))
	if t.Failed > 0 {
		f += fmt.Sprintf(", %s failed", thousands(t.Failed))
	}
	return f
}

// mibShort is mib without the unit.
func mibShort(b int64) string { return strings.TrimSuffix(mib(b), " MiB") }

func secsOrReused(b BuildStats) string {
	if b.Reused {
		return "reused"
	}
	return secs(b.WallMS)
}

func mibOrReused(b BuildStats, n int64) string {
	if b.Reused {
		return "reused"
	}
	return mib(n)
}

func perSec(v float64) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("%.0f", v)
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

// thousands formats n with thousands separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
