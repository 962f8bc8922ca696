// Package state keeps what the bot remembers between commands: each
// conversation's bibliography, and the record of the daily post. A Store
// is an embedded database file (bbolt) for a single bot, or PostgreSQL
// for replicas that share state.
package state

import (
	"context"
	"errors"
	"time"
)

// Limits of one conversation's bibliography.
const (
	// MaxEntries is the most entries one conversation's list holds.
	MaxEntries = 500
	// MaxNoteChars is the longest note an entry keeps, in characters.
	MaxNoteChars = 300
)

// Errors of a Store.
var (
	// ErrFull: the conversation's list already holds MaxEntries.
	ErrFull = errors.New("the bibliography is full")
	// ErrNoEntry: no entry at that position.
	ErrNoEntry = errors.New("no such entry")
	// ErrDamaged: the state file or database cannot be read as ours; it is
	// left as it is.
	ErrDamaged = errors.New("the state store is damaged")
)

// Entry is one saved source of a conversation's bibliography.
type Entry struct {
	// DocID is the archive document's id.
	DocID string
	// Paragraph is the saved paragraph, or 0 for the whole document.
	Paragraph int
	// Note is the saver's note, at most MaxNoteChars characters.
	Note string
	// SavedBy is the saver's display name, as the platform gives it.
	SavedBy string
	// SavedAt is when it was first saved.
	SavedAt time.Time
}

// Store is where the bot keeps state. A conversation is a key the adapter
// chooses: a Discord channel or thread, a Slack channel, a terminal's
// state folder. Every method is one transaction; all are safe for
// concurrent use, across processes too.
type Store interface {
	// Save appends e to conv's list unless an entry with the same DocID
	// and Paragraph is there already. It returns the entry's 1-based
	// position and whether it was added; ErrFull when the list is full.
	Save(ctx context.Context, conv string, e Entry) (pos int, added bool, err error)
	// List returns conv's entries in the order they were saved.
	List(ctx context.Context, conv string) ([]Entry, error)
	// Remove deletes the entry at the 1-based position pos (as List
	// numbers them) and returns it; ErrNoEntry when there is none.
	Remove(ctx context.Context, conv string, pos int) (Entry, error)
	// Clear deletes conv's whole list and returns how many entries it held.
	Clear(ctx context.Context, conv string) (int, error)
	// ClaimDaily asks to post the daily document for key (a Discord
	// server or Slack workspace) on day ("2006-01-02"). It grants the
	// claim, for lease, unless that day's post is marked done or another
	// holder's lease is still running.
	ClaimDaily(ctx context.Context, key, day, holder string, lease time.Duration) (bool, error)
	// DailyPosted marks key's post of day as done, so that no replica and
	// no restart posts it again.
	DailyPosted(ctx context.Context, key, day, holder string) error
	// Close releases the store.
	Close() error
}
