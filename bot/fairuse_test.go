package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/index"
)

// stuckArchive is the test archive, except that a search for the word
// stuckWord never ends until release is closed, whatever its context says:
// as a Bleve search that finds no hit never looks at its deadline. It
// counts the stuck searches running, and the most at once.
type stuckArchive struct {
	Archive
	release       chan struct{}
	running, most atomic.Int64
}

const stuckWord = "zzstuck"

func newStuckArchive() *stuckArchive {
	return &stuckArchive{Archive: testArchive, release: make(chan struct{})}
}

func (a *stuckArchive) stuck(q index.Query) bool {
	if !slices.Contains(q.Words, stuckWord) {
		return false
	}
	n := a.running.Add(1)
	for m := a.most.Load(); n > m && !a.most.CompareAndSwap(m, n); m = a.most.Load() {
	}
	<-a.release
	a.running.Add(-1)
	return true
}

func (a *stuckArchive) Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error) {
	if a.stuck(q) {
		return index.ParagraphResult{}, nil
	}
	return a.Archive.Paragraphs(ctx, q)
}

func (a *stuckArchive) Documents(ctx context.Context, q index.Query) (index.DocumentResult, error) {
	if a.stuck(q) {
		return index.DocumentResult{}, nil
	}
	return a.Archive.Documents(ctx, q)
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestStuckSearchIsAbandoned: a search that never looks at its deadline
// is answered at the deadline all the same; its slot is freed for others
// while it runs on, up to MaxAbandoned such searches; past that a stuck
// search keeps its slot; and once the stuck searches end, every slot and
// the archive snapshot they read are given back.
func TestStuckSearchIsAbandoned(t *testing.T) {
	a := newStuckArchive()
	var released atomic.Int64
	b := newBot(func() (Archive, func()) { return a, func() { released.Add(1) } },
		Options{MaxInFlight: 1, MaxAbandoned: 1, QueueWait: 20 * time.Millisecond, Timeout: 50 * time.Millisecond})
	defer close(a.release)
	ctx := context.Background()
	ask := func(text, user string) (Reply, time.Duration) {
		start := time.Now()
		r := b.Handle(ctx, Request{Text: text, Platform: "test", User: user})
		return r, time.Since(start)
	}

	r, took := ask("quote "+stuckWord, "ann")
	if r.Kind != KindFailure || !strings.Contains(r.Headline, "took too long") || r.Cost != TimeoutCost {
		t.Fatalf("a stuck search: %+v", r)
	}
	if took > time.Second {
		t.Errorf("a stuck search with a deadline of 50ms was answered after %v", took)
	}
	if r, _ := ask("quote cotton", "bob"); r.Kind != KindAnswer {
		t.Errorf("the abandoned search kept its slot: the next search got %s: %s", r.Kind, r.Headline)
	}
	if released.Load() != 1 {
		t.Errorf("%d snapshots released while the abandoned search reads one, want 1 (bob's)", released.Load())
	}
	// A second stuck search, with no room left for abandoned ones, keeps its slot.
	if r, _ := ask("quote "+stuckWord, "cid"); !strings.Contains(r.Headline, "took too long") {
		t.Fatalf("a second stuck search: %+v", r)
	}
	if r, _ := ask("quote cotton", "bob"); r.Headline != Busy().Headline {
		t.Errorf("with the abandoned searches at their bound, a search got %s: %s", r.Kind, r.Headline)
	}
	if r, _ := ask("cite 115932", "bob"); r.Kind != KindAnswer {
		t.Errorf("cite by id, with every search slot taken: %s: %s", r.Kind, r.Headline)
	}
	if n := a.most.Load(); n != 2 {
		t.Errorf("%d stuck searches at once, want 2", n)
	}

	a.release <- struct{}{} // ends one of them
	a.release <- struct{}{}
	waitFor(t, "the slots to come free", func() bool {
		return len(b.searches.slots) == 0 && len(b.searches.abandoned) == 0 && released.Load() == 5
	})
	if r, _ := ask("quote cotton", "ann"); r.Kind != KindAnswer {
		t.Errorf("after the stuck searches ended: %s: %s", r.Kind, r.Headline)
	}
}

// TestOneSearchPerUser: while a user's search runs (or runs on after its
// deadline), their next one is refused at once and politely; others
// search, and the user may still cite and read documents.
func TestOneSearchPerUser(t *testing.T) {
	a := newStuckArchive()
	b := New(a, Options{Timeout: 50 * time.Millisecond})
	defer close(a.release)
	ctx := context.Background()
	if r := b.Handle(ctx, Request{Text: "search " + stuckWord, Platform: "slack", User: "U1"}); r.Cost != TimeoutCost {
		t.Fatalf("the stuck search: %+v", r)
	}
	tests := []struct {
		name, text, platform, user string
		want                       Kind
		headline                   string
	}{
		{"the same user searches again", "quote cotton", "slack", "U1", KindUsage, UserBusy().Headline},
		{"the same user asks who", "who Puzanov", "slack", "U1", KindUsage, UserBusy().Headline},
		{"another user", "quote cotton", "slack", "U2", KindAnswer, ""},
		{"the same id on another platform", "quote cotton", "discord", "U1", KindAnswer, ""},
		{"the same user cites by id", "cite 115932", "slack", "U1", KindAnswer, ""},
		{"the same user reads a document", "doc 115932 15", "slack", "U1", KindAnswer, ""},
		{"the same user asks for help", "help quote", "slack", "U1", KindUsage, "quote: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := b.Handle(ctx, Request{Text: tt.text, Platform: tt.platform, User: tt.user})
			if r.Kind != tt.want || !strings.HasPrefix(r.Headline, tt.headline) {
				t.Errorf("%s: %s", r.Kind, r.Headline)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("answered after %v", took)
			}
		})
	}
}

func TestWordCap(t *testing.T) {
	b := New(testArchive, Options{})
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("cotton ", n)) }
	tests := []struct {
		name, text string
		want       Kind
	}{
		{"at the cap", "quote " + words(MaxQueryWords), KindAnswer},
		{"over the cap", "quote " + words(MaxQueryWords+1), KindUsage},
		{"phrase words count", `search "` + words(MaxQueryWords) + `" cotton`, KindUsage},
		{"filters do not count", "quote " + words(MaxQueryWords) + " from:1950 to:1960", KindAnswer},
		{"stop words do not count", "quote " + words(MaxQueryWords) + " the of and that it was", KindAnswer},
		{"nor their capitals and punctuation", "quote " + words(MaxQueryWords) + ` "The", Of`, KindAnswer},
		{"numbers count", "quote " + words(MaxQueryWords) + " 1958", KindUsage},
		{"when", "when " + words(MaxQueryWords+1), KindUsage},
		{"cite by title", "cite " + words(MaxQueryWords+1), KindUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.text, Platform: "test"})
			if r.Kind != tt.want && !(tt.want == KindAnswer && r.Kind == KindNotFound) {
				t.Errorf("%s: %s", r.Kind, r.Headline)
			}
			if tt.want == KindUsage && !strings.Contains(r.Headline, fmt.Sprintf("at most %d", MaxQueryWords)) {
				t.Errorf("the refusal does not say the cap: %q", r.Headline)
			}
		})
	}
}

// TestFairUseUnderLoad is the attack on the slot logic: four users
// each send stuck questions from five goroutines at once (20 searches for
// 16 slots) while others cite documents and search. Each heavy user gets
// one search at a time, the rest refused; their stuck searches are
// abandoned at the deadline; cite never waits for a slot: its p99 is
// under 50 ms (the requirement; cite takes well under a
// millisecond here, so the bound is generous), and others' searches are
// answered.
func TestFairUseUnderLoad(t *testing.T) {
	a := newStuckArchive()
	b := New(a, Options{Timeout: 100 * time.Millisecond})
	defer close(a.release)
	ctx := context.Background()
	const heavyUsers, burst = 4, 5
	var timedOut, refused atomic.Int64
	heavy := func(i int) {
		r := b.Handle(ctx, Request{Text: "quote " + stuckWord + " cotton", Platform: "slack", User: fmt.Sprint("heavy-", i%heavyUsers)})
		switch {
		case r.Cost == TimeoutCost:
			timedOut.Add(1)
		case r.Headline == UserBusy().Headline:
			refused.Add(1)
			time.Sleep(10 * time.Millisecond)
		default:
			t.Errorf("a stuck question got %s: %s", r.Kind, r.Headline)
		}
	}
	var failed atomic.Int64
	light := func(j int) {
		text := "cite 115932"
		if j%10 == 9 {
			text = "quote cotton" // others' searches find slots too
		}
		if r := b.Handle(ctx, Request{Text: text, Platform: "slack", User: fmt.Sprint("reader-", j%8)}); r.Kind != KindAnswer {
			failed.Add(1)
		}
	}
	took, elapsed := bottest.Contended(heavyUsers*burst, heavy, 300, 4, 2*time.Millisecond, light)
	t.Logf("cite and search beside stuck searches: %s; stuck questions: %d timed out, %d refused",
		bottest.Latency(took, elapsed, 4), timedOut.Load(), refused.Load())
	if failed.Load() > 0 {
		t.Errorf("%d of 300 cites and searches were not answered", failed.Load())
	}
	var cites []time.Duration
	for j, d := range took {
		if j%10 != 9 {
			cites = append(cites, d)
		}
	}
	if p99 := bottest.Percentile(cites, 0.99); p99 > 50*time.Millisecond {
		t.Errorf("cite p99 %v beside stuck searches, over 50ms", p99)
	}
	if most := a.most.Load(); most > heavyUsers {
		t.Errorf("%d stuck searches at once for %d users", most, heavyUsers)
	}
	if timedOut.Load() == 0 || refused.Load() == 0 {
		t.Error("the heavy users were neither cut off nor refused")
	}
}

// TestCiteUnderHeavySearches is the fair-use load test on a real index:
// four users send heavy but legal questions (MaxQueryWords of the
// archive's commonest words), each from five goroutines at once, within
// Slack's default rate limits (20 a minute in bursts of 5, a timed-out
// question charged TimeoutCost), while other users cite documents by id.
// The bot runs with its defaults. The product requirement is a
// cite p99 under 50 ms for the others.
//
// The archive is the sample and about 1,500 synthetic paragraphs (250
// under the race detector, which makes the build slow): a heavy question
// reads long postings lists and takes a hundred times as long as a cite
// or more, while the index builds in a second or two. Measured on two
// shared cores, the p99 is well under 10 ms (it is bounded by the Go
// scheduler's turns while the heavy questions use the CPU, not by
// slots), so 50 ms leaves a wide margin; under the race detector, where
// everything runs several times slower, the bound is four times as long.
// (TestFairUseUnderLoad is the same attack on the slot logic alone, with
// searches that never end.)
func TestCiteUnderHeavySearches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of synthetic documents")
	}
	ctx := context.Background()
	dir := t.TempDir()
	docs := 60 // about 1,500 paragraphs
	if bottest.RaceEnabled {
		docs = 10 // the race detector makes building the index slow
	}
	g, err := bottest.WriteSynthetic(ctx, dir+"/synth", 12, docs)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := bottest.OpenArchive(ctx, dir, dir+"/synth")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	heavyWords := strings.Join(g.Vocabulary()[:MaxQueryWords], " ")
	b := New(ix, Options{})
	limits := &Limits{User: NewLimiter(20, 5)} // Slack's and Discord's defaults

	const heavyUsers, burst = 4, 5
	var searched, refused, limited atomic.Int64
	heavy := func(i int) {
		user := fmt.Sprint("heavy-", i%heavyUsers)
		if !limits.Allow(user, "") {
			limited.Add(1)
			time.Sleep(50 * time.Millisecond)
			return
		}
		cmd := "quote "
		if i%2 == 1 {
			cmd = "search "
		}
		r := b.Handle(ctx, Request{Text: cmd + heavyWords, Platform: "test", User: user})
		limits.Charge(user, r)
		if r.Headline == UserBusy().Headline {
			refused.Add(1)
		} else {
			searched.Add(1)
		}
	}
	var failures atomic.Int64
	light := func(j int) {
		r := b.Handle(ctx, Request{Text: "cite 115932", Platform: "test", User: fmt.Sprint("reader-", j%8)})
		if r.Kind != KindAnswer {
			failures.Add(1)
		}
	}
	began := time.Now()
	alone := b.Handle(ctx, Request{Text: "quote " + heavyWords, Platform: "test"})
	aloneTook := time.Since(began)
	began = time.Now()
	if r := b.Handle(ctx, Request{Text: "cite 115932", Platform: "test"}); r.Kind != KindAnswer {
		t.Fatalf("cite alone: %s", r.Headline)
	}
	t.Logf("alone: a heavy question %v (%s), a cite %v", aloneTook, alone.Kind, time.Since(began))
	took, elapsed := bottest.Contended(heavyUsers*burst, heavy, 200, 4, 5*time.Millisecond, light)
	t.Logf("cite under heavy searches: %s; heavy questions: %d searched, %d refused (their user's search running), %d over the rate limit",
		bottest.Latency(took, elapsed, 4), searched.Load(), refused.Load(), limited.Load())
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of 200 cites were not answered", n)
	}
	bound := 50 * time.Millisecond
	if bottest.RaceEnabled {
		bound *= 4
	}
	if p99 := bottest.Percentile(took, 0.99); p99 > bound {
		t.Errorf("cite p99 %v under heavy searches, over %v", p99, bound)
	}
	if searched.Load() == 0 {
		t.Error("no heavy question ran")
	}
}

// lateArchive's searches wait for start, then panic.
type lateArchive struct {
	Archive
	start chan struct{}
}

func (a lateArchive) Paragraphs(context.Context, index.Query) (index.ParagraphResult, error) {
	<-a.start
	panic("late boom")
}

// TestPanicAfterDeadline: a search that panics after its command was
// answered at the deadline is logged, and frees its slot.
func TestPanicAfterDeadline(t *testing.T) {
	var logs bottest.SyncBuffer
	a := lateArchive{Archive: testArchive, start: make(chan struct{})}
	b := New(a, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Timeout: 20 * time.Millisecond, MaxInFlight: 1})
	if r := b.Handle(context.Background(), Request{Text: "quote cotton", Platform: "test"}); r.Cost != TimeoutCost {
		t.Fatalf("reply %+v", r)
	}
	close(a.start)
	waitFor(t, "the panic to be logged", func() bool { return strings.Contains(logs.String(), "search panicked after its deadline") })
	waitFor(t, "the slots to come free", func() bool { return len(b.searches.slots) == 0 && len(b.searches.abandoned) == 0 })
}
