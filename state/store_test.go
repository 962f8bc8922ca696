package state_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/state"
)

// clock is a fake clock the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)}
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// backend names a place for a store; place gives a new, empty one for a
// test (a file, or a PostgreSQL schema), which may be opened many times.
type backend struct {
	name  string
	place func(t *testing.T) string
}

// backends are the Store implementations every suite test runs against.
func backends() []backend {
	return []backend{
		{name: "bbolt", place: func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "state.db")
		}},
		{name: "postgres", place: postgresPlace},
	}
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, where string)) {
	t.Helper()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			fn(t, b.place(t))
		})
	}
}

// open opens where with the clock, closing it when the test ends.
func open(t *testing.T, where string, clk *clock) state.Store {
	t.Helper()
	opts := []state.Option{state.WithLogger(slog.New(slog.DiscardHandler))}
	if clk != nil {
		opts = append(opts, state.WithClock(clk.now))
	}
	st, err := state.Open(context.Background(), where, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// entry is an entry of the fictional archive, saved at a fixed time.
func entry(doc string, para int) state.Entry {
	return state.Entry{
		DocID:     doc,
		Paragraph: para,
		Note:      "on the " + doc + " treaty",
		SavedBy:   "Mira of Ostland",
		SavedAt:   time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC),
	}
}

func TestSaveIdempotent(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx := context.Background()
		steps := []struct {
			name      string
			conv      string
			e         state.Entry
			wantPos   int
			wantAdded bool
		}{
			{"first", "c1", entry("valdoria-1921-03", 0), 1, true},
			{"a paragraph of it", "c1", entry("valdoria-1921-03", 4), 2, true},
			{"another document", "c1", entry("ostland-1899-11", 2), 3, true},
			{"the first again", "c1", entry("valdoria-1921-03", 0), 1, false},
			{"the paragraph again, another note", "c1", state.Entry{DocID: "valdoria-1921-03", Paragraph: 4, Note: "different"}, 2, false},
			{"another conversation", "c2", entry("valdoria-1921-03", 4), 1, true},
			{"last again", "c1", entry("ostland-1899-11", 2), 3, false},
		}
		for _, s := range steps {
			pos, added, err := st.Save(ctx, s.conv, s.e)
			if err != nil || pos != s.wantPos || added != s.wantAdded {
				t.Errorf("%s: Save = %d, %v, %v; want %d, %v, nil", s.name, pos, added, err, s.wantPos, s.wantAdded)
			}
		}
		got, err := st.List(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		want := []state.Entry{entry("valdoria-1921-03", 0), entry("valdoria-1921-03", 4), entry("ostland-1899-11", 2)}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("List (-want +got):\n%s", d)
		}
	})
}

func TestSavedAtStamped(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		clk := newClock()
		st := open(t, where, clk)
		ctx := context.Background()
		if _, _, err := st.Save(ctx, "c", state.Entry{DocID: "ostland-1899-11"}); err != nil {
			t.Fatal(err)
		}
		got, err := st.List(ctx, "c")
		if err != nil || len(got) != 1 {
			t.Fatalf("List = %v, %v", got, err)
		}
		if !got[0].SavedAt.Equal(clk.now()) {
			t.Errorf("SavedAt = %v, want the clock's %v", got[0].SavedAt, clk.now())
		}
	})
}

func TestRemoveAndClear(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx := context.Background()
		docs := []string{"a", "b", "c", "d", "e"}
		for _, d := range docs {
			if _, _, err := st.Save(ctx, "c", entry(d, 1)); err != nil {
				t.Fatal(err)
			}
		}
		removes := []struct {
			pos     int
			wantDoc string
			wantErr error
			left    []string
		}{
			{3, "c", nil, []string{"a", "b", "d", "e"}},
			{1, "a", nil, []string{"b", "d", "e"}},
			{3, "e", nil, []string{"b", "d"}},
			{3, "", state.ErrNoEntry, []string{"b", "d"}},
			{0, "", state.ErrNoEntry, []string{"b", "d"}},
			{-1, "", state.ErrNoEntry, []string{"b", "d"}},
		}
		for _, r := range removes {
			got, err := st.Remove(ctx, "c", r.pos)
			if !errors.Is(err, r.wantErr) || got.DocID != r.wantDoc {
				t.Errorf("Remove(%d) = %q, %v; want %q, %v", r.pos, got.DocID, err, r.wantDoc, r.wantErr)
			}
			if d := cmp.Diff(r.left, docIDs(t, st, "c")); d != "" {
				t.Errorf("after Remove(%d) (-want +got):\n%s", r.pos, d)
			}
		}
		// A removed entry can be saved again, at the end.
		if pos, added, err := st.Save(ctx, "c", entry("a", 1)); pos != 3 || !added || err != nil {
			t.Errorf("Save after Remove = %d, %v, %v; want 3, true, nil", pos, added, err)
		}
		if _, err := st.Remove(ctx, "nobody", 1); !errors.Is(err, state.ErrNoEntry) {
			t.Errorf("Remove on an empty conversation: %v, want ErrNoEntry", err)
		}
		if n, err := st.Clear(ctx, "c"); n != 3 || err != nil {
			t.Errorf("Clear = %d, %v; want 3, nil", n, err)
		}
		if n, err := st.Clear(ctx, "c"); n != 0 || err != nil {
			t.Errorf("second Clear = %d, %v; want 0, nil", n, err)
		}
		if got := docIDs(t, st, "c"); len(got) != 0 {
			t.Errorf("List after Clear = %v", got)
		}
		if pos, added, err := st.Save(ctx, "c", entry("b", 1)); pos != 1 || !added || err != nil {
			t.Errorf("Save after Clear = %d, %v, %v; want 1, true, nil", pos, added, err)
		}
	})
}

func docIDs(t *testing.T, st state.Store, conv string) []string {
	t.Helper()
	es, err := st.List(context.Background(), conv)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	ids := []string{}
	for _, e := range es {
		ids = append(ids, e.DocID)
	}
	return ids
}

func TestFull(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx := context.Background()
		for i := range state.MaxEntries {
			if _, _, err := st.Save(ctx, "c", entry("valdoria", i)); err != nil {
				t.Fatalf("save %d: %v", i, err)
			}
		}
		if _, _, err := st.Save(ctx, "c", entry("ostland", 0)); !errors.Is(err, state.ErrFull) {
			t.Errorf("save past MaxEntries: %v, want ErrFull", err)
		}
		if pos, added, err := st.Save(ctx, "c", entry("valdoria", 7)); pos != 8 || added || err != nil {
			t.Errorf("saving a listed entry when full = %d, %v, %v; want 8, false, nil", pos, added, err)
		}
		if _, _, err := st.Save(ctx, "other", entry("ostland", 0)); err != nil {
			t.Errorf("another conversation is not full: %v", err)
		}
		if _, err := st.Remove(ctx, "c", 1); err != nil {
			t.Fatal(err)
		}
		if pos, added, err := st.Save(ctx, "c", entry("ostland", 0)); pos != state.MaxEntries || !added || err != nil {
			t.Errorf("save after a Remove = %d, %v, %v; want %d, true, nil", pos, added, err, state.MaxEntries)
		}
	})
}

func TestBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx := context.Background()
		long := strings.Repeat("é", state.MaxNoteChars)
		cases := []struct {
			name string
			conv string
			e    state.Entry
			want error
		}{
			{"note of MaxNoteChars", "c", state.Entry{DocID: "a", Note: long}, nil},
			{"note one longer", "c", state.Entry{DocID: "b", Note: long + "x"}, state.ErrNoteTooLong},
			{"empty conversation", "", state.Entry{DocID: "a"}, state.ErrInvalid},
			{"conversation over MaxKeyBytes", strings.Repeat("k", state.MaxKeyBytes+1), state.Entry{DocID: "a"}, state.ErrInvalid},
			{"empty document id", "c", state.Entry{DocID: ""}, state.ErrInvalid},
			{"long document id", "c", state.Entry{DocID: strings.Repeat("d", state.MaxDocIDBytes+1)}, state.ErrInvalid},
			{"NUL in document id", "c", state.Entry{DocID: "a\x00b"}, state.ErrInvalid},
			{"negative paragraph", "c", state.Entry{DocID: "a", Paragraph: -2}, state.ErrInvalid},
			{"note not UTF-8", "c", state.Entry{DocID: "a", Note: "\xff\xfe"}, state.ErrInvalid},
			{"NUL in note", "c", state.Entry{DocID: "a", Note: "x\x00"}, state.ErrInvalid},
			{"a time past year 9999", "c", state.Entry{DocID: "a", SavedAt: time.Date(12026, 1, 1, 0, 0, 0, 0, time.UTC)}, state.ErrInvalid},
			{"long name", "c", state.Entry{DocID: "a", SavedBy: strings.Repeat("n", state.MaxSavedByChars+1)}, state.ErrInvalid},
		}
		for _, c := range cases {
			_, _, err := st.Save(ctx, c.conv, c.e)
			if !errors.Is(err, c.want) {
				t.Errorf("%s: Save: %v, want %v", c.name, err, c.want)
			}
			if err != nil && len(err.Error()) > 120 {
				t.Errorf("%s: the message is long: %q", c.name, err)
			}
		}
		if got := docIDs(t, st, "c"); !cmp.Equal(got, []string{"a"}) {
			t.Errorf("after the bad saves the list is %v, want [a]", got)
		}
		for _, conv := range []string{"", strings.Repeat("k", state.MaxKeyBytes+1)} {
			if _, err := st.List(ctx, conv); !errors.Is(err, state.ErrInvalid) {
				t.Errorf("List(%d bytes): %v, want ErrInvalid", len(conv), err)
			}
			if _, err := st.Remove(ctx, conv, 1); !errors.Is(err, state.ErrInvalid) {
				t.Errorf("Remove(%d bytes): %v, want ErrInvalid", len(conv), err)
			}
			if _, err := st.Clear(ctx, conv); !errors.Is(err, state.ErrInvalid) {
				t.Errorf("Clear(%d bytes): %v, want ErrInvalid", len(conv), err)
			}
		}
	})
}

func TestConversationKeys(t *testing.T) {
	keys := []string{
		"discord:1234567890/thread:42",
		strings.Repeat("Ω", state.MaxKeyBytes/2), // 512 bytes
		"a",
		"a\x00",
		"a\x00b",
		"ab",
		"\x00",
		"\x1b[31m\r\n\t",
		"\xff\xfe not UTF-8",
		"Ostland · Valdoria 🏛",
		"@everyone <!channel>",
	}
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx := context.Background()
		for i, k := range keys {
			for j := 0; j <= i%3; j++ {
				if _, _, err := st.Save(ctx, k, entry(fmt.Sprintf("doc-%d", i), j)); err != nil {
					t.Fatalf("Save(%q): %v", k, err)
				}
			}
		}
		// Reopen: the keys come back as they went in, each its own list.
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		st = open(t, where, newClock())
		for i, k := range keys {
			es, err := st.List(ctx, k)
			if err != nil {
				t.Fatalf("List(%q): %v", k, err)
			}
			if len(es) != i%3+1 {
				t.Errorf("List(%q) has %d entries, want %d", k, len(es), i%3+1)
			}
			for _, e := range es {
				if e.DocID != fmt.Sprintf("doc-%d", i) {
					t.Errorf("List(%q) holds %q", k, e.DocID)
				}
			}
		}
		if n, err := st.Clear(ctx, "a"); n != 3 || err != nil { // keys[2]
			t.Errorf(`Clear("a") = %d, %v; want 3, nil`, n, err)
		}
		if got := docIDs(t, st, "a\x00"); len(got) != 1 { // keys[3]
			t.Errorf(`Clear("a") touched "a\x00": %v`, got)
		}
	})
}

func TestDaily(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		clk := newClock()
		st := open(t, where, clk)
		ctx := context.Background()
		const key, day, next = "guild:77", "2026-03-14", "2026-03-15"
		lease := time.Minute
		claim := func(step, key, day, holder string, want bool) {
			t.Helper()
			got, err := st.ClaimDaily(ctx, key, day, holder, lease)
			if err != nil || got != want {
				t.Errorf("%s: ClaimDaily(%s, %s, %s) = %v, %v; want %v", step, key, day, holder, got, err, want)
			}
		}
		claim("first claim", key, day, "replica-a", true)
		claim("another holder during the lease", key, day, "replica-b", false)
		claim("the holder again", key, day, "replica-a", true)
		claim("another key", "guild:78", day, "replica-b", true)
		clk.advance(lease - time.Second)
		claim("just before the renewed lease ends", key, day, "replica-b", false)
		clk.advance(time.Second)
		claim("lease over", key, day, "replica-b", true)
		claim("the first holder now", key, day, "replica-a", false)
		if err := st.DailyPosted(ctx, key, day, "replica-b"); err != nil {
			t.Fatal(err)
		}
		claim("done, the poster", key, day, "replica-b", false)
		clk.advance(24 * time.Hour)
		claim("done, long after", key, day, "replica-a", false)
		claim("the next day", key, next, "replica-a", true)
		// Marked done with no claim (a post made by hand): never granted.
		if err := st.DailyPosted(ctx, "guild:79", day, "replica-c"); err != nil {
			t.Fatal(err)
		}
		claim("done without a claim", "guild:79", day, "replica-a", false)

		// A restart keeps all of it.
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		st = open(t, where, clk)
		claim("done, after a restart", key, day, "replica-c", false)
		claim("held, after a restart", key, next, "replica-c", false)

		bad := []struct {
			name, key, day, holder string
			lease                  time.Duration
		}{
			{"empty key", "", day, "h", lease},
			{"long key", strings.Repeat("k", state.MaxKeyBytes+1), day, "h", lease},
			{"empty holder", key, day, "", lease},
			{"not a day", key, "14/03/2026", "h", lease},
			{"not a date", key, "2026-02-30", "h", lease},
			{"zero lease", key, day, "h", 0},
		}
		for _, b := range bad {
			if _, err := st.ClaimDaily(ctx, b.key, b.day, b.holder, b.lease); !errors.Is(err, state.ErrInvalid) {
				t.Errorf("%s: ClaimDaily: %v, want ErrInvalid", b.name, err)
			}
			if b.lease == 0 {
				continue
			}
			if err := st.DailyPosted(ctx, b.key, b.day, b.holder); !errors.Is(err, state.ErrInvalid) {
				t.Errorf("%s: DailyPosted: %v, want ErrInvalid", b.name, err)
			}
		}
	})
}

// TestConcurrentSaves: 32 goroutines save, with many duplicates, into two
// conversations through one Store: every distinct entry is there exactly
// once, and exactly one Save reported adding it. Then 16 claim one day's
// post at once: one wins.
func TestConcurrentSaves(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		concurrentSaves(t, []state.Store{st})
		claimRace(t, []state.Store{st})
	})
}

// concurrentSaves runs 32 goroutines over the stores (round robin) and
// checks the result.
func concurrentSaves(t *testing.T, stores []state.Store) {
	t.Helper()
	ctx := context.Background()
	const goroutines, perG, distinct = 32, 8, 40
	convs := []string{"chan:1", "chan:2"}
	var mu sync.Mutex
	addedBy := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := stores[g%len(stores)]
			for i := range perG {
				n := (g*7 + i*13) % distinct
				conv := convs[n%2]
				e := entry(fmt.Sprintf("doc-%02d", n), n%3)
				e.SavedBy = fmt.Sprintf("user-%d", g)
				pos, added, err := st.Save(ctx, conv, e)
				if err != nil {
					errs <- err
					return
				}
				if pos < 1 || pos > distinct {
					errs <- fmt.Errorf("position %d", pos)
					return
				}
				if added {
					mu.Lock()
					addedBy[conv+"/"+e.DocID]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Save: %v", err)
	}
	seen := map[string]bool{}
	for g := range goroutines {
		for i := range perG {
			seen[fmt.Sprintf("doc-%02d", (g*7+i*13)%distinct)] = true
		}
	}
	total := 0
	for _, conv := range convs {
		es, err := stores[0].List(ctx, conv)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, e := range es {
			if ids[e.DocID] {
				t.Errorf("%s holds %s twice", conv, e.DocID)
			}
			ids[e.DocID] = true
			if addedBy[conv+"/"+e.DocID] != 1 {
				t.Errorf("%s/%s was reported added %d times", conv, e.DocID, addedBy[conv+"/"+e.DocID])
			}
		}
		total += len(es)
	}
	if total != len(seen) {
		t.Errorf("the lists hold %d entries, want the %d distinct ones", total, len(seen))
	}
}

func TestCanceledContext(t *testing.T) {
	eachBackend(t, func(t *testing.T, where string) {
		st := open(t, where, newClock())
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := st.Save(ctx, "c", entry("a", 0)); !errors.Is(err, context.Canceled) {
			t.Errorf("Save with a canceled context: %v", err)
		}
		if got := docIDs(t, st, "c"); len(got) != 0 {
			t.Errorf("a canceled Save saved: %v", got)
		}
	})
}

func TestLocation(t *testing.T) {
	cases := []struct {
		env, want string
		postgres  bool
	}{
		{"", filepath.Join("/cache/archivebot", "state.db"), false},
		{"  ", filepath.Join("/cache/archivebot", "state.db"), false},
		{"/var/lib/archivebot/state.db", "/var/lib/archivebot/state.db", false},
		{"postgres://u@db/archivebot", "postgres://u@db/archivebot", true},
		{" PostgreSQL://u@db/archivebot ", "PostgreSQL://u@db/archivebot", true},
		{"postgres.db", "postgres.db", false},
	}
	for _, c := range cases {
		getenv := func(k string) string {
			if k == state.EnvVar {
				return c.env
			}
			return ""
		}
		got := state.Location(getenv, "/cache/archivebot")
		if got != c.want || state.IsPostgres(got) != c.postgres {
			t.Errorf("ARCHIVEBOT_STATE=%q: Location = %q (postgres %v), want %q (postgres %v)", c.env, got, state.IsPostgres(got), c.want, c.postgres)
		}
	}
	if _, err := state.Open(context.Background(), " "); !errors.Is(err, state.ErrInvalid) {
		t.Errorf("Open(blank): %v, want ErrInvalid", err)
	}
}
