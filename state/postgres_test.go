package state_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivebot/archivebot/state"
)

// exec runs sql on the test database at where.
func execSQL(t *testing.T, where, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, where)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}

// TestPostgresPassword: the URL's password is in no error and no log
// line, whatever goes wrong.
func TestPostgresPassword(t *testing.T) {
	base := postgresURL(t) // carries the password Valdoria-s3cret
	const pw = "Valdoria-s3cret"
	cases := []struct {
		name string
		url  string
		want error
	}{
		{"no such database", strings.Replace(base, "/archivebot?", "/ostland?", 1), nil},
		{"no such socket folder", strings.Replace(base, "host=/", "host=/nonexistent/", 1), nil},
		{"bad port", "postgres://archivebot:" + pw + "@localhost:99999/archivebot", state.ErrInvalid},
		{"bad URL", "postgres://archivebot:" + pw + "@[::1/archivebot", state.ErrInvalid},
		{"password in the query", "postgresql:///archivebot?host=/nonexistent&password=" + pw, nil},
		{"bad parameter", base + "&connect_timeout=soon", state.ErrInvalid},
		{"upper-case scheme, no such database", "POSTGRES" + strings.TrimPrefix(strings.Replace(base, "/archivebot?", "/ostland?", 1), "postgres"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			st, err := state.Open(ctx, c.url, state.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			if err == nil {
				_ = st.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("Open: %v, want %v", err, c.want)
			}
			for _, s := range []string{err.Error(), logs.String()} {
				if strings.Contains(s, pw) || strings.Contains(s, "s3cret") {
					t.Errorf("the password leaked: %q", s)
				}
			}
		})
	}

	// A working store's errors and logs leave it out too.
	var logs bytes.Buffer
	where := postgresPlace(t)
	st, err := state.Open(context.Background(), where, state.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	execSQL(t, where, "DROP TABLE archivebot_entries CASCADE")
	_, _, err = st.Save(context.Background(), "c", entry("a", 0))
	if err == nil {
		t.Fatal("Save into a dropped table succeeded")
	}
	t.Log(err)
	if !strings.Contains(logs.String(), "postgres") || strings.Contains(logs.String()+err.Error(), pw) {
		t.Errorf("logs %q, error %q: want a log line without the password", logs.String(), err)
	}
}

// TestPostgresSchema: a fresh schema is set up at version 1 by many
// replicas starting at once; a newer version, or archivebot's tables
// without a version, are refused and left alone.
func TestPostgresSchema(t *testing.T) {
	where := postgresPlace(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := state.Open(context.Background(), where, state.WithLogger(slog.New(slog.DiscardHandler)))
			if err == nil {
				err = st.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open by one of 8 replicas at once: %v", err)
		}
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, where)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v, n int
	if err := conn.QueryRow(ctx, "SELECT max(version), count(*) FROM archivebot_schema").Scan(&v, &n); err != nil || v != 1 || n != 1 {
		t.Errorf("schema version %d in %d rows (%v), want 1 in 1", v, n, err)
	}

	cases := []struct {
		name string
		sql  string
		want error
	}{
		{"newer", "UPDATE archivebot_schema SET version = 2", state.ErrNewerSchema},
		{"no version", "DELETE FROM archivebot_schema", state.ErrDamaged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			where := postgresPlace(t)
			st := open(t, where, nil)
			if _, _, err := st.Save(ctx, "c", entry("kept", 0)); err != nil {
				t.Fatal(err)
			}
			execSQL(t, where, c.sql)
			if _, err := state.Open(ctx, where); !errors.Is(err, c.want) {
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
			if got := docIDs(t, st, "c"); !equal(got, "kept") {
				t.Errorf("the entries are now %v", got)
			}
		})
	}
}

// TestPostgresReplicas: 32 goroutines save through four Stores (four
// replicas' pools) on one database: none lost, none doubled; and of 16
// replicas claiming one day's post at once, exactly one is granted.
func TestPostgresReplicas(t *testing.T) {
	where := postgresPlace(t)
	clk := newClock()
	var stores []state.Store
	for range 4 {
		stores = append(stores, open(t, where, clk))
	}
	concurrentSaves(t, stores)
	claimRace(t, stores)
}

// claimRace has 16 holders claim one day at once through the stores;
// exactly one may win.
func claimRace(t *testing.T, stores []state.Store) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := stores[i%len(stores)].ClaimDaily(context.Background(), "workspace:T1", "2026-03-14", "replica-"+string(rune('a'+i)), time.Minute)
			if err != nil {
				t.Errorf("ClaimDaily: %v", err)
			}
			if ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if granted != 1 {
		t.Errorf("%d of 16 claims granted, want 1", granted)
	}
}
