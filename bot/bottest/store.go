package bottest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/archivebot/archivebot/state"
)

// NewStore is a real state store for a test: a bbolt file in the test's
// temporary folder, closed when the test ends.
func NewStore(tb testing.TB) state.Store {
	tb.Helper()
	st, err := state.Open(context.Background(), filepath.Join(tb.TempDir(), "state.db"),
		state.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		tb.Fatalf("open the state store: %v", err)
	}
	tb.Cleanup(func() {
		if err := st.Close(); err != nil {
			tb.Errorf("close the state store: %v", err)
		}
	})
	return st
}
