package daily

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/archivebot/archivebot/state"
	"github.com/jonboulle/clockwork"
)

// TestWithBoltStore runs replicas and a restart against the real bbolt
// state store, its leases timed by the test's clock.
func TestWithBoltStore(t *testing.T) {
	loc := berlin(t)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
	path := filepath.Join(t.TempDir(), "state.db")
	open := func() state.Store {
		st, err := state.Open(context.Background(), path, state.WithClock(clock.Now))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	rec := &recorder{clock: clock}
	a := start(t, clock, st, rec, "a", TimeOfDay{8, 0}, loc)
	b := start(t, clock, st, rec, "b", TimeOfDay{8, 0}, loc)
	advanceTo(t, clock, 2, time.Date(2026, 6, 1, 9, 0, 0, 0, loc))
	a.stop()
	b.stop()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST")

	// The process starts again: nothing more that day; the next day, one.
	st = open()
	defer st.Close()
	c := start(t, clock, st, rec, "c", TimeOfDay{8, 0}, loc)
	advanceTo(t, clock, 1, time.Date(2026, 6, 2, 9, 0, 0, 0, loc))
	c.stop()
	checkPosts(t, rec.all(), "2026-06-01@08:00 CEST", "2026-06-02@08:00 CEST")
}
