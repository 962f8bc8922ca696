// Package state keeps what the bot remembers between commands: each
// conversation's bibliography, and the record of the daily post. A Store
// is an embedded database file (bbolt) for a single bot, or PostgreSQL
// for replicas that share state.
//
//	st, err := state.Open(ctx, state.Location(os.Getenv, cacheDir))
//	if err != nil {
//		return err // errors.Is(err, state.ErrDamaged), state.ErrBusy, ...
//	}
//	defer st.Close()
//	pos, added, err := st.Save(ctx, "discord:123", state.Entry{DocID: "valdoria-1921-03", SavedBy: "Ana"})
package state

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of one conversation's bibliography.
const (
	// MaxEntries is the most entries one conversation's list holds.
	MaxEntries = 500
	// MaxNoteChars is the longest note an entry keeps, in characters.
	MaxNoteChars = 300
	// MaxKeyBytes bounds a conversation key, a daily key and a holder,
	// in bytes. Any bytes may appear in them.
	MaxKeyBytes = 512
	// MaxDocIDBytes bounds an entry's DocID, in bytes.
	MaxDocIDBytes = 256
	// MaxSavedByChars bounds an entry's SavedBy, in characters.
	MaxSavedByChars = 200
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
	// ErrBusy: another process holds the state file (bbolt allows one
	// process at a time); the open waited for it and gave up.
	ErrBusy = errors.New("the state file is in use by another process")
	// ErrNewerSchema: the store was written by a newer archivebot; it is
	// left as it is.
	ErrNewerSchema = errors.New("the state store was written by a newer version of archivebot")
	// ErrNoteTooLong: the note has more than MaxNoteChars characters.
	ErrNoteTooLong = fmt.Errorf("the note is longer than %d characters", MaxNoteChars)
	// ErrInvalid: a key, document id, name, day or lease the store cannot
	// take (empty, too long, not UTF-8); the message says which.
	ErrInvalid = errors.New("invalid state request")
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
// concurrent use. A bbolt file is held by one process at a time (another
// one's Open gets ErrBusy); PostgreSQL is shared by any number of
// processes. Invalid arguments get ErrInvalid or ErrNoteTooLong and
// change nothing.
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

// EnvVar is the environment variable that moves the state store: a file
// path, or a postgres:// URL.
const EnvVar = "ARCHIVEBOT_STATE"

// DefaultFile is the state file in the bot's cache/state folder dir.
func DefaultFile(dir string) string {
	return filepath.Join(dir, "state.db")
}

// Location is where the state lives: ARCHIVEBOT_STATE (read with getenv)
// when it is set, else DefaultFile(dir).
func Location(getenv func(string) string, dir string) string {
	if v := strings.TrimSpace(getenv(EnvVar)); v != "" {
		return v
	}
	return DefaultFile(dir)
}

// Option changes how Open opens a Store.
type Option func(*options)

type options struct {
	now         func() time.Time
	log         *slog.Logger
	lockTimeout time.Duration
}

// WithClock sets the clock that stamps SavedAt (when an entry has none)
// and runs the daily leases; time.Now by default.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithLogger sets the logger; slog.Default() by default. It never gets a
// password.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.log = l }
}

// WithLockTimeout sets how long opening a state file waits for another
// process that holds it, 2s by default (or less, when ctx's deadline is
// nearer). PostgreSQL ignores it.
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) { o.lockTimeout = d }
}

// IsPostgres reports whether where names a PostgreSQL database rather
// than a file.
func IsPostgres(where string) bool {
	w := strings.ToLower(strings.TrimSpace(where))
	return strings.HasPrefix(w, "postgres://") || strings.HasPrefix(w, "postgresql://")
}

// Open opens the Store at where: a postgres:// or postgresql:// URL, or
// else the path of a bbolt file, created (mode 0600, with its folders)
// when missing. A file that is not an archivebot state file is refused
// with ErrDamaged and left as it is; an older schema is migrated after a
// backup copy <file>.bak-<version>; a newer one is refused with
// ErrNewerSchema.
func Open(ctx context.Context, where string, opts ...Option) (Store, error) {
	o := options{now: time.Now, log: slog.Default(), lockTimeout: 2 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if strings.TrimSpace(where) == "" {
		return nil, fmt.Errorf("%w: no state location given", ErrInvalid)
	}
	if IsPostgres(where) {
		where = strings.TrimSpace(where)
		i := strings.Index(where, "://")
		return openPostgres(ctx, strings.ToLower(where[:i])+where[i:], o)
	}
	return openBolt(ctx, where, o)
}

// checkKey checks a conversation key, a daily key or a holder.
func checkKey(what, k string) error {
	switch {
	case k == "":
		return fmt.Errorf("%w: the %s is empty", ErrInvalid, what)
	case len(k) > MaxKeyBytes:
		return fmt.Errorf("%w: the %s is longer than %d bytes", ErrInvalid, what, MaxKeyBytes)
	}
	return nil
}

// checkText checks a text field that PostgreSQL must be able to hold too.
func checkText(what, s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("%w: the %s is not valid text", ErrInvalid, what)
	}
	return nil
}

// prepareEntry checks e and fills in what the store fills in: SavedAt
// (now, when zero), in UTC at microsecond precision, as both backends
// keep it.
func prepareEntry(conv string, e Entry, now func() time.Time) (Entry, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return e, err
	}
	switch {
	case e.DocID == "":
		return e, fmt.Errorf("%w: the document id is empty", ErrInvalid)
	case len(e.DocID) > MaxDocIDBytes:
		return e, fmt.Errorf("%w: the document id is longer than %d bytes", ErrInvalid, MaxDocIDBytes)
	case e.Paragraph < 0:
		return e, fmt.Errorf("%w: the paragraph is negative", ErrInvalid)
	case e.Paragraph > 1<<30:
		return e, fmt.Errorf("%w: the paragraph is too large", ErrInvalid)
	}
	if err := checkText("document id", e.DocID); err != nil {
		return e, err
	}
	if err := checkText("note", e.Note); err != nil {
		return e, err
	}
	if utf8.RuneCountInString(e.Note) > MaxNoteChars {
		return e, ErrNoteTooLong
	}
	if err := checkText("saver's name", e.SavedBy); err != nil {
		return e, err
	}
	if utf8.RuneCountInString(e.SavedBy) > MaxSavedByChars {
		return e, fmt.Errorf("%w: the saver's name is longer than %d characters", ErrInvalid, MaxSavedByChars)
	}
	if e.SavedAt.IsZero() {
		e.SavedAt = now()
	}
	if y := e.SavedAt.UTC().Year(); y < 1 || y > 9999 {
		return e, fmt.Errorf("%w: the time saved is out of range", ErrInvalid)
	}
	e.SavedAt = e.SavedAt.UTC().Truncate(time.Microsecond)
	return e, nil
}

// checkDaily checks the arguments of ClaimDaily and DailyPosted.
func checkDaily(key, day, holder string) error {
	if err := checkKey("daily key", key); err != nil {
		return err
	}
	if err := checkKey("holder", holder); err != nil {
		return err
	}
	if err := checkText("holder", holder); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil || len(day) != len(time.DateOnly) {
		return fmt.Errorf("%w: the day %q is not a date like 2006-01-02", ErrInvalid, truncate(day, 40))
	}
	return nil
}

// truncate shortens s to at most n bytes, on a rune boundary, for messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// keepDays is how many days of daily-post records a key keeps; older ones
// are pruned when a later day is claimed.
const keepDays = 60
