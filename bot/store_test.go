package bot

import (
	"io"
	"log/slog"
	"testing"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/state"
)

func newTestLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// newStore is the state store of a test.
func newStore(t *testing.T) state.Store { return bottest.NewStore(t) }
