package bot

import (
	"context"
	"github.com/archivebot/archivebot/bot/bottest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadCommands are the commands of the load tests: every command, on the
// real test index.
var loadCommands = []string{
	"quote cotton", "who Puzanov", "search tungsten", "cite 115932", "doc 115932 15",
	"when Chivu Stoica", "quote tungsten page:2", `quote "friendly advice"`, "cite 900001 bibtex", "help quote",
}

// TestLoad sends 10,000 commands to the bot from 64 goroutines at once.
// With as many search slots as goroutines, none may be lost, fail or be
// told the bot is busy, and every reply must be the reply the command gets
// alone. It logs the latency percentiles and the throughput.
func TestLoad(t *testing.T) {
	const concurrency = 64
	n := bottest.LoadSize()
	b := New(testArchive, Options{MaxInFlight: concurrency, QueueWait: 30 * time.Second, Timeout: 30 * time.Second})
	ctx := context.Background()
	want := make([]Reply, len(loadCommands))
	for i, c := range loadCommands {
		want[i] = b.Handle(ctx, Request{Text: c, Platform: "test"})
		if want[i].Kind == KindFailure {
			t.Fatalf("%q fails alone: %s", c, want[i].Headline)
		}
	}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		failures []string
		took     = make([]time.Duration, n)
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(bottest.LoadBudget())
	began := time.Now()
	for range concurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || time.Now().After(deadline) {
					return
				}
				k := i % len(loadCommands)
				start := time.Now()
				r := b.Handle(ctx, Request{Text: loadCommands[k], Platform: "test"})
				took[i] = time.Since(start)
				if r.Kind != want[k].Kind || r.Headline != want[k].Headline || len(r.Passages) != len(want[k].Passages) || len(r.Citations) != len(want[k].Citations) {
					mu.Lock()
					failures = append(failures, loadCommands[k]+": "+string(r.Kind)+": "+r.Headline)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	done := min(int(next.Load()), n)
	if len(failures) > 0 {
		t.Errorf("%d of %d commands failed or were answered differently, e.g. %q", len(failures), done, failures[0])
	}
	if done < n || slices.Contains(took, 0) {
		t.Fatalf("only %d of %d commands were answered within %v", done-countZero(took), n, bottest.LoadBudget())
	}
	logLatency(t, "bot core", took, elapsed, concurrency)
}

// TestLoadPastTheLimit: with every search slot taken and 64 more commands
// at once, those past the limit are told at once that the bot is busy,
// instead of waiting until they time out, and the others are answered.
func TestLoadPastTheLimit(t *testing.T) {
	const (
		slots       = 4
		concurrency = 64
		queueWait   = 50 * time.Millisecond
	)
	block := make(chan struct{})
	b := New(trapArchive{Index: testArchive, block: block}, Options{MaxInFlight: slots, QueueWait: queueWait, Timeout: 30 * time.Second})
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		kinds   = map[string]int{}
		slowest time.Duration
	)
	for range concurrency {
		wg.Go(func() {
			start := time.Now()
			r := b.Handle(context.Background(), Request{Text: "quote cotton", Platform: "test"})
			took := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Kind == KindAnswer:
				kinds["answer"]++
			case r.Headline == Busy().Headline:
				kinds["busy"]++
				slowest = max(slowest, took)
			default:
				kinds[string(r.Kind)+": "+r.Headline]++
			}
		})
	}
	// The commands past the limit are answered while the first ones still
	// hold their slots.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		busy := kinds["busy"]
		mu.Unlock()
		if busy == concurrency-slots || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(block)
	wg.Wait()
	if kinds["answer"] != slots || kinds["busy"] != concurrency-slots || len(kinds) != 2 {
		t.Errorf("replies %v, want %d answers and %d busy", kinds, slots, concurrency-slots)
	}
	if slowest > time.Second {
		t.Errorf("the slowest busy reply took %v, for a queue wait of %v", slowest, queueWait)
	}
	if !strings.Contains(Busy().Headline, "try again in a moment") {
		t.Errorf("the busy reply %q does not ask to try again", Busy().Headline)
	}
}

func countZero(ds []time.Duration) int {
	n := 0
	for _, d := range ds {
		if d == 0 {
			n++
		}
	}
	return n
}

// logLatency logs the percentiles of took and the throughput.
func logLatency(t *testing.T, what string, took []time.Duration, elapsed time.Duration, concurrency int) {
	t.Helper()
	t.Logf("%s: %s", what, bottest.Latency(took, elapsed, concurrency))
}
