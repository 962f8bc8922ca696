package daily

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// memStore keeps claims in memory with the state store's rules, its
// leases timed by the test's clock. It can be told to fail.
type memStore struct {
	mu     sync.Mutex
	now    func() time.Time
	claims map[string]claim
	done   map[string]bool
	// claimErrs and postedErrs fail that many calls before the next ones
	// succeed.
	claimErrs, postedErrs int
	calls                 int
}

type claim struct {
	holder string
	until  time.Time
}

func newMemStore(now func() time.Time) *memStore {
	return &memStore{now: now, claims: map[string]claim{}, done: map[string]bool{}}
}

func (m *memStore) ClaimDaily(_ context.Context, key, day, holder string, lease time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.claimErrs > 0 {
		m.claimErrs--
		return false, errors.New("store unavailable")
	}
	k := key + " " + day
	if m.done[k] {
		return false, nil
	}
	if c, ok := m.claims[k]; ok && c.holder != holder && m.now().Before(c.until) {
		return false, nil
	}
	m.claims[k] = claim{holder, m.now().Add(lease)}
	return true, nil
}

func (m *memStore) DailyPosted(_ context.Context, key, day, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.postedErrs > 0 {
		m.postedErrs--
		return errors.New("store unavailable")
	}
	m.done[key+" "+day] = true
	return nil
}

func (m *memStore) isDone(key, day string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.done[key+" "+day]
}

// post is one post a target made.
type post struct {
	holder, day string
	at          time.Time
}

// recorder is a target's post function that records each post, failing
// the first fails calls.
type recorder struct {
	mu    sync.Mutex
	clock Clock
	posts []post
	tries int
	fails int
	err   error // what a failure returns; nil means a retryable error
	block bool  // hang until the context ends
}

func (r *recorder) post(holder string) func(ctx context.Context, day string) error {
	return func(ctx context.Context, day string) error {
		r.mu.Lock()
		r.tries++
		if r.block {
			r.mu.Unlock()
			<-ctx.Done()
			return ctx.Err()
		}
		defer r.mu.Unlock()
		if r.fails > 0 {
			r.fails--
			if r.err != nil {
				return r.err
			}
			return errors.New("HTTP 502")
		}
		r.posts = append(r.posts, post{holder, day, r.clock.Now()})
		return nil
	}
}

func (r *recorder) all() []post {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]post(nil), r.posts...)
}

const testKey = "discord:200000000000000001"

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// replica is one running scheduler.
type replica struct {
	holder string
	cancel context.CancelFunc
	done   chan struct{}
}

// start runs a scheduler posting through rec to testKey at 08:00 Berlin
// time.
func start(t *testing.T, clock Clock, store Store, rec *recorder, holder string, at TimeOfDay, loc *time.Location) *replica {
	t.Helper()
	s, err := New(Config{
		At: at, Location: loc, Store: store, Holder: holder, Clock: clock,
		Targets: []Target{{Key: testKey, Channel: "300000000000000001", Post: rec.post(holder)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &replica{holder: holder, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		if err := s.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(r.stop)
	return r
}

// stop ends the replica and waits for it: a hang fails the test.
func (r *replica) stop() {
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		panic("the scheduler did not stop when its context ended")
	}
}

// asleep waits until n schedulers are waiting on the clock.
func asleep(t *testing.T, clock *clockwork.FakeClock, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clock.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("the schedulers did not wait on the clock: %v", err)
	}
}

// advanceTo moves the clock to when, a minute at a time, each time the n
// schedulers are waiting on it.
func advanceTo(t *testing.T, clock *clockwork.FakeClock, n int, when time.Time) {
	t.Helper()
	for clock.Now().Before(when) {
		asleep(t, clock, n)
		clock.Advance(min(when.Sub(clock.Now()), time.Minute))
	}
	asleep(t, clock, n)
}

func checkPosts(t *testing.T, got []post, want ...string) {
	t.Helper()
	var days []string
	for _, p := range got {
		days = append(days, p.day+"@"+p.at.Format("15:04 MST"))
	}
	if strings.Join(days, " ") != strings.Join(want, " ") {
		t.Errorf("posts %v, want %v", days, want)
	}
}

func TestPostsOnceADayAtTheTime(t *testing.T) {
	loc := berlin(t)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 6, 0, 0, 0, loc))
	store := newMemStore(clock.Now)
	rec := &recorder{clock: clock}
	start(t, clock, store, rec, "a", TimeOfDay{8, 0}, loc)

	advanceTo(t, clock, 1, time.Date(2026, 6, 1, 7, 59, 0, 0, loc))
	checkPosts(t, rec.all())
	advanceTo(t, clock, 1, time.Date(2026, 6, 1, 8, 0, 0, 0, loc))
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST")
	if !store.isDone(testKey, "2026-06-01") {
		t.Error("the post is not marked done in the store")
	}
	advanceTo(t, clock, 1, time.Date(2026, 6, 2, 7, 59, 0, 0, loc))
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST")
	advanceTo(t, clock, 1, time.Date(2026, 6, 3, 9, 0, 0, 0, loc))
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST", "2026-06-03@08:00 CEST")
}

func TestRetriesAFailedPost(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name         string
		fails        int
		err          error
		claimErrs    int
		postedErrs   int
		want         []string
		wantTries    int
		wantDoneOnD1 bool
	}{
		{"two failures", 2, nil, 0, 0, []string{"2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST"}, 4, true},
		{"the store fails to claim", 0, nil, 3, 0, []string{"2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST"}, 2, true},
		{"the store fails to mark it done", 0, nil, 0, 3, []string{"2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST"}, 2, true},
		{"a permanent failure waits for tomorrow", 1, Permanent(errors.New("unknown channel")), 0, 0, []string{"2026-06-02@08:00 CEST"}, 2, false},
		{"failing all day", 1000, nil, 0, 0, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
			store := newMemStore(clock.Now)
			store.claimErrs, store.postedErrs = tt.claimErrs, tt.postedErrs
			rec := &recorder{clock: clock, fails: tt.fails, err: tt.err}
			start(t, clock, store, rec, "a", TimeOfDay{8, 0}, loc)
			advanceTo(t, clock, 1, time.Date(2026, 6, 2, 9, 0, 0, 0, loc))
			got := rec.all()
			// Retries are a little late: keep the day and the hour.
			for i := range got {
				got[i].at = got[i].at.Truncate(time.Hour)
			}
			checkPosts(t, got, tt.want...)
			if tt.wantTries > 0 && rec.tries != tt.wantTries {
				t.Errorf("%d tries, want %d", rec.tries, tt.wantTries)
			}
			if done := store.isDone(testKey, "2026-06-01"); done != tt.wantDoneOnD1 {
				t.Errorf("day done %v, want %v", done, tt.wantDoneOnD1)
			}
			if tt.name == "failing all day" && (rec.tries < 10 || rec.tries > 200) {
				t.Errorf("%d tries in two days of failures: want back-off, neither a flood nor giving up", rec.tries)
			}
		})
	}
}

func TestReplicasPostOnce(t *testing.T) {
	loc := berlin(t)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
	store := newMemStore(clock.Now)
	rec := &recorder{clock: clock}
	for _, h := range []string{"a", "b", "c"} {
		start(t, clock, store, rec, h, TimeOfDay{8, 0}, loc)
	}
	advanceTo(t, clock, 3, time.Date(2026, 6, 3, 9, 0, 0, 0, loc))
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST", "2026-06-03@08:00 CEST")
}

// TestReplicaTakesOver: the replica that claimed the day hangs; once its
// lease ends, another posts.
func TestReplicaTakesOver(t *testing.T) {
	loc := berlin(t)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 59, 0, 0, loc))
	store := newMemStore(clock.Now)
	hung := &recorder{clock: clock, block: true}
	a := start(t, clock, store, hung, "a", TimeOfDay{8, 0}, loc)
	asleep(t, clock, 1)
	clock.Advance(time.Minute)
	// a claims the day and hangs in its post, until its timeout.
	waitFor(t, func() bool { hung.mu.Lock(); defer hung.mu.Unlock(); return hung.tries == 1 })
	a.stop() // and dies
	rec := &recorder{clock: clock}
	start(t, clock, store, rec, "b", TimeOfDay{8, 0}, loc)
	advanceTo(t, clock, 1, time.Date(2026, 6, 1, 12, 0, 0, 0, loc))
	got := rec.all()
	if len(got) != 1 || got[0].day != "2026-06-01" || got[0].at.Sub(time.Date(2026, 6, 1, 8, 0, 0, 0, loc)) < DefaultLease {
		t.Errorf("posts %v: want one, by b, after a's lease ran out", got)
	}
}

func TestRestart(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name          string
		stopAt, again time.Time
		want          []string
	}{
		{"after posting", time.Date(2026, 6, 1, 8, 30, 0, 0, loc), time.Date(2026, 6, 1, 9, 0, 0, 0, loc), []string{"2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST"}},
		{"before posting, started again before the time", time.Date(2026, 6, 1, 7, 0, 0, 0, loc), time.Date(2026, 6, 1, 7, 30, 0, 0, loc), []string{"2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST"}},
		{"before posting, started again after the time", time.Date(2026, 6, 1, 7, 0, 0, 0, loc), time.Date(2026, 6, 1, 10, 15, 0, 0, loc), []string{"2026-06-01@10:15 CEST", "2026-06-02@08:00 CEST"}},
		{"down all day", time.Date(2026, 6, 1, 7, 0, 0, 0, loc), time.Date(2026, 6, 2, 0, 5, 0, 0, loc), []string{"2026-06-02@08:00 CEST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 6, 0, 0, 0, loc))
			var mu sync.Mutex
			now := clock.Now
			store := newMemStore(func() time.Time { mu.Lock(); defer mu.Unlock(); return now() })
			rec := &recorder{clock: clock}
			first := start(t, clock, store, rec, "first", TimeOfDay{8, 0}, loc)
			advanceTo(t, clock, 1, tt.stopAt)
			first.stop()

			// A new process: a new clock, from the time it starts.
			clock2 := clockwork.NewFakeClockAt(tt.again)
			mu.Lock()
			now = clock2.Now
			mu.Unlock()
			rec.mu.Lock()
			rec.clock = clock2
			rec.mu.Unlock()
			start(t, clock2, store, rec, "second", TimeOfDay{8, 0}, loc)
			advanceTo(t, clock2, 1, time.Date(2026, 6, 2, 12, 0, 0, 0, loc))
			checkPosts(t, rec.all(), tt.want...)
		})
	}
}

func TestDaylightSavingTime(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name      string
		from      time.Time
		at        TimeOfDay
		wantUTC   []string
		wantLocal string
	}{
		// 2026-03-29: Berlin's clocks go from 02:00 to 03:00.
		{"a skipped time posts when the gap ends", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), TimeOfDay{2, 30}, []string{"2026-03-29 01:00"}, "03:00 CEST"},
		{"the minute before the gap", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), TimeOfDay{1, 59}, []string{"2026-03-29 00:59"}, "01:59 CET"},
		{"the gap's end itself", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), TimeOfDay{3, 0}, []string{"2026-03-29 01:00"}, "03:00 CEST"},
		// 2026-10-25: from 03:00 back to 02:00; 02:30 comes twice.
		{"a doubled time posts the first time, once", time.Date(2026, 10, 24, 23, 0, 0, 0, time.UTC), TimeOfDay{2, 30}, []string{"2026-10-25 00:30"}, "02:30 CEST"},
		{"after the doubled hour", time.Date(2026, 10, 24, 23, 0, 0, 0, time.UTC), TimeOfDay{3, 0}, []string{"2026-10-25 02:00"}, "03:00 CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(tt.from)
			store := newMemStore(clock.Now)
			rec := &recorder{clock: clock}
			start(t, clock, store, rec, "a", tt.at, loc)
			// From midnight through the day of the change.
			advanceTo(t, clock, 1, tt.from.Add(24*time.Hour))
			var got []string
			for _, p := range rec.all() {
				got = append(got, p.at.UTC().Format("2006-01-02 15:04"))
			}
			if strings.Join(got, ",") != strings.Join(tt.wantUTC, ",") {
				t.Errorf("posted at %v UTC, want %v", got, tt.wantUTC)
			}
			if ps := rec.all(); len(ps) == 1 && ps[0].at.In(loc).Format("15:04 MST") != tt.wantLocal {
				t.Errorf("posted at %s local time, want %s", ps[0].at.In(loc).Format("15:04 MST"), tt.wantLocal)
			}
		})
	}
}

func TestPostTime(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	tests := []struct {
		zone string
		day  string
		at   TimeOfDay
		want string // RFC 3339
	}{
		{"UTC", "2026-06-01", TimeOfDay{8, 0}, "2026-06-01T08:00:00Z"},
		{"Europe/Berlin", "2026-06-01", TimeOfDay{0, 0}, "2026-06-01T00:00:00+02:00"},
		{"Europe/Berlin", "2026-03-29", TimeOfDay{2, 0}, "2026-03-29T03:00:00+02:00"},
		{"Europe/Berlin", "2026-03-29", TimeOfDay{2, 59}, "2026-03-29T03:00:00+02:00"},
		{"Europe/Berlin", "2026-10-25", TimeOfDay{2, 0}, "2026-10-25T02:00:00+02:00"},
		{"Europe/Berlin", "2026-10-25", TimeOfDay{2, 59}, "2026-10-25T02:59:00+02:00"},
		{"America/New_York", "2026-03-08", TimeOfDay{2, 15}, "2026-03-08T03:00:00-04:00"},
		{"America/New_York", "2026-11-01", TimeOfDay{1, 15}, "2026-11-01T01:15:00-04:00"},
		// Santiago's clocks go forward at midnight: the day starts at 01:00.
		{"America/Santiago", "2026-09-06", TimeOfDay{0, 0}, "2026-09-06T01:00:00-03:00"},
		{"America/Santiago", "2026-09-06", TimeOfDay{0, 30}, "2026-09-06T01:00:00-03:00"},
		// Lord Howe Island moves by half an hour.
		{"Australia/Lord_Howe", "2026-10-04", TimeOfDay{2, 10}, "2026-10-04T02:30:00+11:00"},
		{"Asia/Kolkata", "2026-06-01", TimeOfDay{23, 59}, "2026-06-01T23:59:00+05:30"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s %s", tt.zone, tt.day, tt.at), func(t *testing.T) {
			loc := zone(tt.zone)
			day, err := time.ParseInLocation(time.DateOnly, tt.day, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := PostTime(day.Add(12*time.Hour), tt.at, loc)
			if got.Format(time.RFC3339) != tt.want {
				t.Errorf("PostTime = %s, want %s", got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestStopsWhenContextEnds(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name  string
		block bool
		from  time.Time
	}{
		{"waiting for the time", false, time.Date(2026, 6, 1, 6, 0, 0, 0, loc)},
		{"in the middle of a post", true, time.Date(2026, 6, 1, 8, 0, 0, 0, loc)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(tt.from)
			rec := &recorder{clock: clock, block: tt.block}
			r := start(t, clock, newMemStore(clock.Now), rec, "a", TimeOfDay{8, 0}, loc)
			if tt.block {
				waitFor(t, func() bool { rec.mu.Lock(); defer rec.mu.Unlock(); return rec.tries == 1 })
			} else {
				asleep(t, clock, 1)
			}
			r.stop() // fails the test if Run does not return
		})
	}
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
		ok   bool
	}{
		{"08:00", TimeOfDay{8, 0}, true},
		{"8:30", TimeOfDay{8, 30}, true},
		{" 23:59 ", TimeOfDay{23, 59}, true},
		{"00:00", TimeOfDay{0, 0}, true},
		{"24:00", TimeOfDay{}, false},
		{"12:60", TimeOfDay{}, false},
		{"8", TimeOfDay{}, false},
		{"8am", TimeOfDay{}, false},
		{"08:00:00", TimeOfDay{}, false},
		{"-1:00", TimeOfDay{}, false},
		{"+8:00", TimeOfDay{}, false},
		{"8:5", TimeOfDay{}, false},
		{"", TimeOfDay{}, false},
		{"١٢:٠٠", TimeOfDay{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeOfDay(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "08:00") {
				t.Errorf("the error does not say what to write: %v", err)
			}
		})
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	post := func(context.Context, string) error { return nil }
	good := Config{At: TimeOfDay{8, 0}, Location: time.UTC, Store: newMemStore(time.Now), Holder: "a", Targets: []Target{{Key: "k", Post: post}}}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no zone", func(c *Config) { c.Location = nil }, "time zone"},
		{"no store", func(c *Config) { c.Store = nil }, "state store"},
		{"no holder", func(c *Config) { c.Holder = "" }, "holder"},
		{"bad time", func(c *Config) { c.At = TimeOfDay{25, 0} }, "25:00"},
		{"no post", func(c *Config) { c.Targets = []Target{{Key: "k"}} }, "post function"},
		{"two channels of one server", func(c *Config) { c.Targets = append(c.Targets, Target{Key: "k", Post: post}) }, "two channels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.change(&c)
			if _, err := New(c); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error saying %q", err, tt.want)
			}
		})
	}
	if _, err := New(good); err != nil {
		t.Errorf("New(good): %v", err)
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("unknown channel")
	err := fmt.Errorf("post: %w", Permanent(base))
	if !IsPermanent(err) || !errors.Is(err, base) || err.Error() != "post: unknown channel" {
		t.Errorf("Permanent: %v permanent %v, is base %v", err, IsPermanent(err), errors.Is(err, base))
	}
	if IsPermanent(base) || Permanent(nil) != nil {
		t.Error("an unmarked error is permanent, or Permanent(nil) is not nil")
	}
}

// waitFor waits for cond, polling; a condition that never comes fails.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(time.Millisecond)
	}
}
