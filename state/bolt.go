package state

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The bbolt file's layout, schema version 1:
//
//	archivebot/            meta: "app" = boltApp, "schema" = "1"
//	convs/<conv>/e/<seq>   an entry (JSON), seq a big-endian uint64 in saved order
//	convs/<conv>/i/<doc NUL paragraph>  the entry's seq, for idempotent saves
//	daily/<key>/<day>      a daily post's record (JSON)
//
// Version 0 is the layout without a schema number: each conversation's
// list as one JSON array under lists/<conv>, and no daily records. No
// release wrote it; it is the migration path's predecessor, so that the
// backup-then-migrate code runs (and is tested) from the first version on.
const (
	boltSchema = 1
	boltApp    = "archivebot state"
)

var (
	bucketMeta   = []byte("archivebot")
	bucketConvs  = []byte("convs")
	bucketDaily  = []byte("daily")
	bucketLists0 = []byte("lists") // version 0
	bucketE      = []byte("e")
	bucketI      = []byte("i")
	keyApp       = []byte("app")
	keySchema    = []byte("schema")
)

// boltStore is a Store in a bbolt file. The file is held (locked) for the
// Store's life; every method is one bbolt transaction.
type boltStore struct {
	db   *bolt.DB
	path string
	now  func() time.Time
	log  *slog.Logger
}

// entryRec is an Entry as the file keeps it.
type entryRec struct {
	DocID     string    `json:"doc"`
	Paragraph int       `json:"para,omitempty"`
	Note      string    `json:"note,omitempty"`
	SavedBy   string    `json:"by,omitempty"`
	SavedAt   time.Time `json:"at"`
}

func (r entryRec) entry() Entry {
	return Entry{DocID: r.DocID, Paragraph: r.Paragraph, Note: r.Note, SavedBy: r.SavedBy, SavedAt: r.SavedAt.UTC()}
}

func recOf(e Entry) entryRec {
	return entryRec{DocID: e.DocID, Paragraph: e.Paragraph, Note: e.Note, SavedBy: e.SavedBy, SavedAt: e.SavedAt}
}

// dailyRec is the record of one key's daily post on one day.
type dailyRec struct {
	Holder string    `json:"holder"`
	Until  time.Time `json:"until"`
	Done   bool      `json:"done,omitempty"`
}

// openBolt opens (or creates) the state file at path.
func openBolt(ctx context.Context, path string, o options) (Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open state file %s: %w", path, err)
	}
	timeout := o.lockTimeout
	if dl, ok := ctx.Deadline(); ok {
		if d := time.Until(dl); d < timeout {
			timeout = max(d, time.Millisecond)
		}
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create the state file's folder: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("open state file: %w", err)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("open state file %s: %w: it is not a regular file", path, ErrDamaged)
	case info.Size() == 0:
		return nil, damaged(path, "it is empty")
	default:
		// An existing file is looked at read-only first: nothing is
		// written to a file that is not ours, or is damaged, or newer.
		if err := inspectBolt(path, info.Size(), timeout); err != nil {
			return nil, err
		}
	}

	db, err := openBoltDB(path, &bolt.Options{Timeout: timeout})
	if err != nil {
		return nil, err
	}
	s := &boltStore{db: db, path: path, now: o.now, log: o.log}
	if err := s.prepare(); err != nil {
		_ = db.Close()
		return nil, err
	}
	o.log.Debug("state store opened", "backend", "bbolt", "path", path)
	return s, nil
}

// damaged is ErrDamaged for the file at path, with what is wrong and what
// to do about it.
func damaged(path, why string) error {
	return fmt.Errorf("state file %s: %w: %s; it was left as it is (move it away to start afresh, or put a backup in its place)", path, ErrDamaged, why)
}

// openBoltDB is bolt.Open with its errors made ours, and a panic (a damaged
// freelist) or a memory fault turned into ErrDamaged.
func openBoltDB(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, damaged(path, fmt.Sprint(p))
		}
	}()
	db, err = bolt.Open(path, 0o600, opts)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("state file %s: %w (waited %s); stop the other archivebot, or give this one its own ARCHIVEBOT_STATE", path, ErrBusy, opts.Timeout.Round(time.Millisecond))
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrChecksum):
		return nil, damaged(path, "it is not a bbolt database ("+err.Error()+")")
	case errors.Is(err, fs.ErrPermission), errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open state file: %w", err)
	default:
		// "file size too small" and the like.
		return nil, damaged(path, err.Error())
	}
}

// inspectBolt opens an existing file read-only and checks that it is an
// archivebot state file bbolt can read through, of a schema this version
// can use.
func inspectBolt(path string, size int64, timeout time.Duration) error {
	db, err := openBoltDB(path, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return err
	}
	defer db.Close()
	return safeTx(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if tx.Size() > size {
				return damaged(path, fmt.Sprintf("it is truncated (%d of %d bytes)", size, tx.Size()))
			}
			// Read every page: damage shows now rather than in a save.
			if err := walk(tx.Cursor(), 0); err != nil {
				return damaged(path, err.Error())
			}
			v, err := schemaOf(tx)
			if err != nil {
				return damaged(path, err.Error())
			}
			if v > boltSchema {
				return fmt.Errorf("state file %s: %w (schema %d; this one knows up to %d); it was left as it is", path, ErrNewerSchema, v, boltSchema)
			}
			return nil
		})
	})
}

// walk reads every key and value under c, buckets included.
func walk(c *bolt.Cursor, depth int) error {
	if depth > 8 {
		return errors.New("buckets nested too deep")
	}
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			continue
		}
		b := c.Bucket().Bucket(k)
		if b == nil {
			return errors.New("a bucket cannot be read")
		}
		if err := walk(b.Cursor(), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// schemaOf is the file's schema version: -1 for a file with no buckets at
// all (new), or an error when it is not an archivebot state file.
func schemaOf(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			return -1, nil
		}
		return 0, errors.New("it is not an archivebot state file (it holds other data)")
	}
	if !bytes.Equal(meta.Get(keyApp), []byte(boltApp)) {
		return 0, errors.New("it is not an archivebot state file (its marker is missing)")
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("its schema version %q is not a number", truncate(string(raw), 20))
	}
	return v, nil
}

// prepare sets up a new file, or migrates an older one after a backup,
// under the exclusive lock.
func (s *boltStore) prepare() error {
	var v int
	err := safeTx(s.path, func() error {
		return s.db.View(func(tx *bolt.Tx) (err error) {
			v, err = schemaOf(tx)
			return err
		})
	})
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			return err
		}
		return damaged(s.path, err.Error())
	}
	switch {
	case v == boltSchema:
		return nil
	case v > boltSchema:
		return fmt.Errorf("state file %s: %w (schema %d; this one knows up to %d); it was left as it is", s.path, ErrNewerSchema, v, boltSchema)
	case v >= 0:
		backup, err := s.backup(v)
		if err != nil {
			return fmt.Errorf("state file %s: back up before migrating from schema %d: %w; the file was not changed", s.path, v, err)
		}
		s.log.Info("state file migrating", "path", s.path, "from", v, "to", boltSchema, "backup", backup)
	}
	err = safeTx(s.path, func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			if v >= 0 {
				for from := v; from < boltSchema; from++ {
					if err := boltMigrations[from](tx); err != nil {
						return fmt.Errorf("migrate from schema %d: %w", from, err)
					}
				}
			}
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put(keyApp, []byte(boltApp)); err != nil {
				return err
			}
			for _, b := range [][]byte{bucketConvs, bucketDaily} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return meta.Put(keySchema, []byte(strconv.Itoa(boltSchema)))
		})
	})
	if err != nil {
		return fmt.Errorf("state file %s: set up schema %d: %w", s.path, boltSchema, err)
	}
	return nil
}

// backup copies the file, as one consistent read transaction, to
// <path>.bak-<version> (or .bak-<version>-2, ... when that exists: an
// earlier backup is never overwritten).
func (s *boltStore) backup(version int) (string, error) {
	var name string
	var f *os.File
	for n := 1; ; n++ {
		name = fmt.Sprintf("%s.bak-%d", s.path, version)
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		var err error
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || n >= 100 {
			return "", err
		}
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}

// boltMigrations[v] migrates a file of schema v to v+1, in the caller's
// transaction.
var boltMigrations = []func(tx *bolt.Tx) error{
	0: migrateBolt0,
}

// migrateBolt0 moves version 0's JSON lists into per-conversation buckets,
// keeping their order; a repeated document and paragraph keeps its first
// entry.
func migrateBolt0(tx *bolt.Tx) error {
	convs, err := tx.CreateBucketIfNotExists(bucketConvs)
	if err != nil {
		return err
	}
	lists := tx.Bucket(bucketLists0)
	if lists == nil {
		return nil
	}
	err = lists.ForEach(func(conv, raw []byte) error {
		if raw == nil {
			return fmt.Errorf("list %q is a bucket", truncate(string(conv), 40))
		}
		var recs []entryRec
		if err := json.Unmarshal(raw, &recs); err != nil {
			return fmt.Errorf("list %q: %w", truncate(string(conv), 40), err)
		}
		cb, err := convs.CreateBucketIfNotExists(conv)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if _, _, err := boltAppend(cb, r, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket(bucketLists0)
}

// safeTx runs fn, turning a panic or a memory fault inside bbolt (a
// damaged page) into ErrDamaged.
func safeTx(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = damaged(path, fmt.Sprintf("a page cannot be read (%v)", p))
		}
	}()
	return fn()
}

func (s *boltStore) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return safeTx(s.path, func() error { return s.db.Update(fn) })
}

func (s *boltStore) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return safeTx(s.path, func() error { return s.db.View(fn) })
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}

func indexKey(doc string, para int) []byte {
	return []byte(doc + "\x00" + strconv.Itoa(para))
}

// boltAppend appends r to the conversation bucket cb unless its document
// and paragraph are there already. limit > 0 refuses a list that holds
// limit entries with ErrFull. It returns the 1-based position.
func boltAppend(cb *bolt.Bucket, r entryRec, limit int) (int, bool, error) {
	eb, err := cb.CreateBucketIfNotExists(bucketE)
	if err != nil {
		return 0, false, err
	}
	ib, err := cb.CreateBucketIfNotExists(bucketI)
	if err != nil {
		return 0, false, err
	}
	ik := indexKey(r.DocID, r.Paragraph)
	n, pos := 0, 0
	have := ib.Get(ik)
	c := eb.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
		if have != nil && bytes.Equal(k, have) {
			pos = n
		}
	}
	if have != nil {
		if pos == 0 {
			return 0, false, errors.New("the list's index names a missing entry")
		}
		return pos, false, nil
	}
	if limit > 0 && n >= limit {
		return 0, false, ErrFull
	}
	seq, err := eb.NextSequence()
	if err != nil {
		return 0, false, err
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return 0, false, err
	}
	if err := eb.Put(seqKey(seq), raw); err != nil {
		return 0, false, err
	}
	if err := ib.Put(ik, seqKey(seq)); err != nil {
		return 0, false, err
	}
	return n + 1, true, nil
}

// Save implements Store.
func (s *boltStore) Save(ctx context.Context, conv string, e Entry) (pos int, added bool, err error) {
	e, err = prepareEntry(conv, e, s.now)
	if err != nil {
		return 0, false, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		cb, err := bucket(tx, bucketConvs).CreateBucketIfNotExists([]byte(conv))
		if err != nil {
			return err
		}
		pos, added, err = boltAppend(cb, recOf(e), MaxEntries)
		return err
	})
	if err != nil {
		return 0, false, s.wrap("save", err)
	}
	return pos, added, nil
}

// List implements Store.
func (s *boltStore) List(ctx context.Context, conv string) ([]Entry, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return nil, err
	}
	var out []Entry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		eb := entries(tx, conv)
		if eb == nil {
			return nil
		}
		return eb.ForEach(func(_, raw []byte) error {
			var r entryRec
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("%w: an entry cannot be read: %v", ErrDamaged, err)
			}
			out = append(out, r.entry())
			return nil
		})
	})
	if err != nil {
		return nil, s.wrap("list", err)
	}
	return out, nil
}

// Remove implements Store.
func (s *boltStore) Remove(ctx context.Context, conv string, pos int) (Entry, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return Entry{}, err
	}
	var out Entry
	err := s.update(ctx, func(tx *bolt.Tx) error {
		eb := entries(tx, conv)
		if eb == nil || pos < 1 {
			return ErrNoEntry
		}
		c := eb.Cursor()
		n := 0
		for k, raw := c.First(); k != nil; k, raw = c.Next() {
			if n++; n < pos {
				continue
			}
			var r entryRec
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("%w: an entry cannot be read: %v", ErrDamaged, err)
			}
			out = r.entry()
			if err := c.Delete(); err != nil {
				return err
			}
			cb := bucket(tx, bucketConvs).Bucket([]byte(conv))
			if ib := cb.Bucket(bucketI); ib != nil {
				if err := ib.Delete(indexKey(r.DocID, r.Paragraph)); err != nil {
					return err
				}
			}
			return nil
		}
		return ErrNoEntry
	})
	if err != nil {
		return Entry{}, s.wrap("remove", err)
	}
	return out, nil
}

// Clear implements Store.
func (s *boltStore) Clear(ctx context.Context, conv string) (int, error) {
	if err := checkKey("conversation key", conv); err != nil {
		return 0, err
	}
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		eb := entries(tx, conv)
		if eb == nil {
			return nil
		}
		n = eb.Stats().KeyN
		return bucket(tx, bucketConvs).DeleteBucket([]byte(conv))
	})
	if err != nil {
		return 0, s.wrap("clear", err)
	}
	return n, nil
}

// ClaimDaily implements Store.
func (s *boltStore) ClaimDaily(ctx context.Context, key, day, holder string, lease time.Duration) (bool, error) {
	if err := checkDaily(key, day, holder); err != nil {
		return false, err
	}
	if lease <= 0 {
		return false, fmt.Errorf("%w: the lease is not positive", ErrInvalid)
	}
	now := s.now()
	granted := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		kb, err := bucket(tx, bucketDaily).CreateBucketIfNotExists([]byte(key))
		if err != nil {
			return err
		}
		var r dailyRec
		if raw := kb.Get([]byte(day)); raw != nil {
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("%w: a daily record cannot be read: %v", ErrDamaged, err)
			}
			if r.Done || (r.Holder != holder && now.Before(r.Until)) {
				return nil
			}
		}
		raw, err := json.Marshal(dailyRec{Holder: holder, Until: now.Add(lease).UTC()})
		if err != nil {
			return err
		}
		if err := kb.Put([]byte(day), raw); err != nil {
			return err
		}
		granted = true
		return pruneDays(kb, day)
	})
	if err != nil {
		return false, s.wrap("claim the daily post", err)
	}
	return granted, nil
}

// pruneDays deletes the records of days more than keepDays before day.
func pruneDays(kb *bolt.Bucket, day string) error {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return err
	}
	cut := []byte(d.AddDate(0, 0, -keepDays).Format(time.DateOnly))
	c := kb.Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k, cut) < 0; k, _ = c.Next() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// DailyPosted implements Store.
func (s *boltStore) DailyPosted(ctx context.Context, key, day, holder string) error {
	if err := checkDaily(key, day, holder); err != nil {
		return err
	}
	now := s.now()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		kb, err := bucket(tx, bucketDaily).CreateBucketIfNotExists([]byte(key))
		if err != nil {
			return err
		}
		raw, err := json.Marshal(dailyRec{Holder: holder, Until: now.UTC(), Done: true})
		if err != nil {
			return err
		}
		return kb.Put([]byte(day), raw)
	})
	if err != nil {
		return s.wrap("mark the daily post", err)
	}
	return nil
}

// Close implements Store.
func (s *boltStore) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close state file %s: %w", s.path, err)
	}
	return nil
}

// wrap adds the operation and the file to an error that is not one of the
// caller's own (ErrFull, ErrNoEntry and context errors stay bare).
func (s *boltStore) wrap(op string, err error) error {
	switch {
	case errors.Is(err, ErrFull), errors.Is(err, ErrNoEntry), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, ErrDamaged) && strings.Contains(err.Error(), s.path):
		return err
	}
	return fmt.Errorf("state file %s: %s: %w", s.path, op, err)
}

// bucket is a top-level bucket that prepare created.
func bucket(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	if b == nil {
		panic(fmt.Sprintf("state: bucket %s is missing", name))
	}
	return b
}

// entries is conv's entries bucket, or nil.
func entries(tx *bolt.Tx, conv string) *bolt.Bucket {
	cb := bucket(tx, bucketConvs).Bucket([]byte(conv))
	if cb == nil {
		return nil
	}
	return cb.Bucket(bucketE)
}
