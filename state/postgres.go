package state

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgSchema is the PostgreSQL schema version this code writes. Version 0 is
// a database without archivebot's tables.
const pgSchema = 1

// pgMigrations[v] migrates the tables from schema v to v+1, in the
// caller's transaction.
var pgMigrations = []string{
	0: `
CREATE TABLE archivebot_convs (
	conv bytea PRIMARY KEY
);
CREATE TABLE archivebot_entries (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	conv bytea NOT NULL REFERENCES archivebot_convs (conv) ON DELETE CASCADE,
	doc_id text NOT NULL,
	paragraph integer NOT NULL,
	note text NOT NULL,
	saved_by text NOT NULL,
	saved_at timestamptz NOT NULL,
	UNIQUE (conv, doc_id, paragraph)
);
CREATE INDEX archivebot_entries_conv_seq ON archivebot_entries (conv, seq);
CREATE TABLE archivebot_daily (
	key bytea NOT NULL,
	day date NOT NULL,
	holder text NOT NULL,
	lease_until timestamptz NOT NULL,
	done boolean NOT NULL DEFAULT false,
	PRIMARY KEY (key, day)
);`,
}

// pgMigrationLock is the advisory lock that serializes replicas setting
// up or migrating the tables at the same time.
const pgMigrationLock = 0x61726368697665 // "archive"

// pgStore is a Store in PostgreSQL, shared by replicas. Writers of one
// conversation's list serialize on that conversation's row in
// archivebot_convs (SELECT ... FOR UPDATE); the daily record is one
// upsert. Leases run on the Store's clock: the replicas' clocks must
// agree to well within a lease.
type pgStore struct {
	pool     *pgxpool.Pool
	redacted string // the URL without its password, for messages
	secret   []string
	now      func() time.Time
	log      *slog.Logger
}

// openPostgres connects to the database at rawURL, then sets up or
// migrates the tables in one transaction.
func openPostgres(ctx context.Context, rawURL string, o options) (Store, error) {
	redacted, secret, err := redactURL(rawURL)
	if err != nil {
		return nil, err
	}
	s := &pgStore{redacted: redacted, secret: secret, now: o.now, log: o.log}
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, s.wrap("read the PostgreSQL URL", fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	if cfg.ConnConfig.Password != "" {
		s.secret = append(s.secret, cfg.ConnConfig.Password, url.QueryEscape(cfg.ConnConfig.Password), url.PathEscape(cfg.ConnConfig.Password))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, s.wrap("connect", err)
	}
	s.pool = pool
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, s.wrap("connect", err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	o.log.Debug("state store opened", "backend", "postgres", "url", redacted)
	return s, nil
}

// redactURL returns rawURL without its password, and the password's forms
// to keep out of messages. A URL that does not parse gets an error that
// quotes none of it.
func redactURL(rawURL string) (string, []string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		why := "it does not parse"
		var ue *url.Error
		if errors.As(err, &ue) && !strings.Contains(ue.Err.Error(), "@") {
			why = ue.Err.Error()
		}
		return "", nil, fmt.Errorf("%w: the PostgreSQL URL cannot be read: %s", ErrInvalid, why)
	}
	var secret []string
	if pw, ok := u.User.Password(); ok && pw != "" {
		secret = append(secret, pw, url.QueryEscape(pw), url.PathEscape(pw))
	}
	q := u.Query()
	if pw := q.Get("password"); pw != "" {
		secret = append(secret, pw, url.QueryEscape(pw))
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted(), secret, nil
}

// pgError is an error whose message has the password taken out; errors.Is
// and errors.As still see the cause.
type pgError struct {
	msg string
	err error
}

func (e *pgError) Error() string { return e.msg }
func (e *pgError) Unwrap() error { return e.err }

// wrap adds the operation and the database to err, without the password.
// The caller's own errors (ErrFull, ErrNoEntry, a context's) stay bare.
func (s *pgStore) wrap(op string, err error) error {
	switch {
	case errors.Is(err, ErrFull), errors.Is(err, ErrNoEntry), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	msg := fmt.Sprintf("state database %s: %s: %v", s.redacted, op, err)
	for _, pw := range s.secret {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return &pgError{msg: msg, err: err}
}

// migrate creates or migrates the tables in one transaction, under an
// advisory lock, so that replicas starting together do it once.
func (s *pgStore) migrate(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgMigrationLock)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS archivebot_schema (
	only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
	version integer NOT NULL
)`)
		if err != nil {
			return err
		}
		v := 0
		err = tx.QueryRow(ctx, `SELECT version FROM archivebot_schema`).Scan(&v)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			var stray bool
			if err := tx.QueryRow(ctx, `SELECT to_regclass('archivebot_entries') IS NOT NULL`).Scan(&stray); err != nil {
				return err
			}
			if stray {
				return fmt.Errorf("%w: archivebot's tables are there without a schema version; they were left as they are", ErrDamaged)
			}
		case err != nil:
			return err
		case v > pgSchema:
			return fmt.Errorf("%w (schema %d; this one knows up to %d); it was left as it is", ErrNewerSchema, v, pgSchema)
		case v < 0:
			return fmt.Errorf("%w: its schema version %d is not one archivebot wrote; it was left as it is", ErrDamaged, v)
		}
		if v == pgSchema {
			return nil
		}
		s.log.Info("state database migrating", "url", s.redacted, "from", v, "to", pgSchema)
		for from := v; from < pgSchema; from++ {
			if _, err := tx.Exec(ctx, pgMigrations[from]); err != nil {
				return fmt.Errorf("migrate from schema %d: %w", from, err)
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO archivebot_schema (version) VALUES ($1)
ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version`, pgSchema)
		return err
	})
	if err != nil {
		return s.wrap("set up the tables", err)
	}
	return nil
}

// lockConv creates conv's row if need be and locks it for the transaction:
// every writer of conv's list goes through it, one at a time.
func lockConv(ctx context.Context, tx pgx.Tx, conv string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO archivebot_convs (conv) VALUES ($1) ON CONFLICT (conv) DO NOTHING`, []byte(conv)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `SELECT 1 FROM archivebot_convs WHERE conv = $1 FOR UPDATE`, []byte(conv))
	return err
}

// Save implements Store.
func (s *pgStore) Save(ctx context.Context, conv string, e Entry) (pos int, added bool, err error) {
	e, err = prepareEntry(conv, e, s.now)
	if err != nil {
		return 0, false, err
	}
	key := []byte(conv)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		pos, added = 0, false
		if err := lockConv(ctx, tx, conv); err != nil {
			return err
		}
		var seq int64
		err := tx.QueryRow(ctx, `SELECT seq FROM archivebot_entries WHERE conv = $1 AND doc_id = $2 AND paragraph = $3`,
			key, e.DocID, e.Paragraph).Scan(&seq)
		switch {
		case err == nil:
			return tx.QueryRow(ctx, `SELECT count(*) FROM archivebot_entries WHERE conv = $1 AND seq <= $2`, key, seq).Scan(&pos)
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		n := 0
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM archivebot_entries WHERE conv = $1`, key).Scan(&n); err != nil {
			return err
		}
		if n >= MaxEntries {
			return ErrFull
		}
		_, err = tx.Exec(ctx, `INSERT INTO archivebot_entries (conv, doc_id, paragraph, note, saved_by, saved_at)
VALUES ($1, $2, $3, $4, $5, $6)`, key, e.DocID, e.Paragraph, e.Note, e.SavedBy, e.SavedAt)
		if err != nil {
			return err
		}
		pos, added = n+1, true
		return nil
	})
	if err != nil {
		return 0, false, s.wrap("save", err)
	}
	return pos, added, nil
}

// List implements Store.
func (s *pgStore) List(ctx context.Context, conv string) ([]Entry, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT doc_id, paragraph, note, saved_by, saved_at
FROM archivebot_entries WHERE conv = $1 ORDER BY seq`, []byte(conv))
	if err != nil {
		return nil, s.wrap("list", err)
	}
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.DocID, &e.Paragraph, &e.Note, &e.SavedBy, &e.SavedAt); err != nil {
			rows.Close()
			return nil, s.wrap("list", err)
		}
		e.SavedAt = e.SavedAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap("list", err)
	}
	return out, nil
}

// Remove implements Store.
func (s *pgStore) Remove(ctx context.Context, conv string, pos int) (Entry, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return Entry{}, err
	}
	if pos < 1 {
		return Entry{}, ErrNoEntry
	}
	var e Entry
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockConv(ctx, tx, conv); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `DELETE FROM archivebot_entries WHERE seq = (
	SELECT seq FROM archivebot_entries WHERE conv = $1 ORDER BY seq OFFSET $2 LIMIT 1
) RETURNING doc_id, paragraph, note, saved_by, saved_at`, []byte(conv), pos-1).Scan(&e.DocID, &e.Paragraph, &e.Note, &e.SavedBy, &e.SavedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoEntry
		}
		return err
	})
	if err != nil {
		return Entry{}, s.wrap("remove", err)
	}
	e.SavedAt = e.SavedAt.UTC()
	return e, nil
}

// Clear implements Store.
func (s *pgStore) Clear(ctx context.Context, conv string) (int, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return 0, err
	}
	n := 0
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockConv(ctx, tx, conv); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM archivebot_entries WHERE conv = $1`, []byte(conv))
		n = int(tag.RowsAffected())
		return err
	})
	if err != nil {
		return 0, s.wrap("clear", err)
	}
	return n, nil
}

// ClaimDaily implements Store.
func (s *pgStore) ClaimDaily(ctx context.Context, key, day, holder string, lease time.Duration) (bool, error) {
	if err := checkDaily(key, day, holder); err != nil {
		return false, err
	}
	if lease <= 0 {
		return false, fmt.Errorf("%w: the lease is not positive", ErrInvalid)
	}
	now := s.now().UTC()
	granted := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO archivebot_daily AS d (key, day, holder, lease_until)
VALUES ($1, $2::date, $3, $4)
ON CONFLICT (key, day) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
WHERE NOT d.done AND (d.holder = EXCLUDED.holder OR d.lease_until <= $5)
RETURNING true`, []byte(key), day, holder, now.Add(lease), now).Scan(&granted)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			granted = false
			return nil
		case err != nil:
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM archivebot_daily WHERE key = $1 AND day < $2::date - $3::integer`, []byte(key), day, keepDays)
		return err
	})
	if err != nil {
		return false, s.wrap("claim the daily post", err)
	}
	return granted, nil
}

// DailyPosted implements Store.
func (s *pgStore) DailyPosted(ctx context.Context, key, day, holder string) error {
	if err := checkDaily(key, day, holder); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO archivebot_daily AS d (key, day, holder, lease_until, done)
VALUES ($1, $2::date, $3, $4, true)
ON CONFLICT (key, day) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, done = true`,
		[]byte(key), day, holder, s.now().UTC())
	if err != nil {
		return s.wrap("mark the daily post", err)
	}
	return nil
}

// Close implements Store.
func (s *pgStore) Close() error {
	s.pool.Close()
	return nil
}
