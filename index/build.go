package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/gofrs/flock"

	"github.com/archivebot/archivebot/corpus"
)

// DefaultBatchSize is how many documents Build indexes between progress
// reports and context checks when BuildOptions.BatchSize is zero.
const DefaultBatchSize = 500

// Source feeds documents to Build, calling fn once per document, and returns
// the report of what it read. It must stop and return fn's error when fn
// fails. corpus.Walk partially applied fits it:
//
//	func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
//		return corpus.Walk(ctx, fsys, fn)
//	}
type Source func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error)

// BuildOptions tunes Build. The zero value is ready to use.
type BuildOptions struct {
	// BatchSize is how many documents (each with its paragraphs) Build
	// indexes between calls to Progress and checks of ctx; 0 means
	// DefaultBatchSize. Memory use does not grow with it: records go to
	// disk in segments of a fixed number of records.
	BatchSize int
	// Progress, when set, is called after each batch with the number of
	// documents indexed so far.
	Progress func(docs int)
	// Logger receives progress and swap messages; nil discards them.
	Logger *slog.Logger
	// Now is the clock for Manifest.BuiltAt; nil means time.Now.
	Now func() time.Time

	// schemaVersion overrides SchemaVersion in the manifest; tests use it
	// to build an index from "another version" of archivebot.
	schemaVersion int
}

// Build reads every document from src into a new index and swaps it in at
// path, returning the new index's manifest and src's report.
//
// The index is written into a fresh sibling directory named
// "<base>.<unix-nanoseconds>" and closed; then path is made a symbolic link
// to it by renaming a temporary link over path, which is atomic, so a reader
// opening path never sees half an index. The link target is relative, so the
// parent folder can be moved or copied whole. Afterwards the directory the
// old link pointed to is removed (processes that still have it open keep
// reading it until they close it, on Unix).
//
// Builds of the same path take turns: each holds a lock on the file
// "<path>.lock" (with the builder's process id in it) while it runs, and a
// second build waits for the first, until ctx is done. The lock goes with
// the process, however it ends. Holding it, a build first removes the
// build directories of path that the link does not point at: no build is
// writing them, so a killed build left them.
//
// path must not exist or be a link an earlier Build made: Build refuses to
// replace a real file or directory, or a link it did not make, rather than
// delete user data. On any error the new directory is removed and the old
// index is left as it was. A source that gives no documents is an error
// (ErrEmpty), so a mistyped corpus path cannot replace a good index with an
// empty one.
func Build(ctx context.Context, path string, src Source, opts BuildOptions) (Manifest, corpus.Report, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path = filepath.Clean(path)
	if _, err := previousTarget(path); err != nil {
		return Manifest{}, corpus.Report{}, err
	}
	unlock, err := lockBuild(ctx, path, log)
	if err != nil {
		return Manifest{}, corpus.Report{}, err
	}
	defer unlock()
	removeAbandoned(path, log)

	dir, err := makeBuildDir(path)
	if err != nil {
		return Manifest{}, corpus.Report{}, err
	}
	log.Debug("building index", "path", path, "dir", dir)
	m, rep, err := buildInto(ctx, dir, src, opts, log)
	if err == nil {
		err = swap(path, dir, log)
	}
	if err != nil {
		if rerr := os.RemoveAll(dir); rerr != nil {
			log.Warn("could not remove unfinished index", "dir", dir, "error", rerr)
		}
		return Manifest{}, rep, err
	}
	log.Info("index built", "path", path, "documents", m.Documents, "paragraphs", m.Paragraphs)
	return m, rep, nil
}

// lockRetry is how often a build waiting for another one tries the lock.
const lockRetry = 100 * time.Millisecond

// lockBuild takes the build lock of the index at path, waiting until ctx
// is done for another build of it to finish, and returns the function that
// releases it.
func lockBuild(ctx context.Context, path string, log *slog.Logger) (unlock func(), err error) {
	lockPath := path + ".lock"
	fl := flock.New(lockPath, flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("build index: lock %s: %w", lockPath, err)
	}
	if !ok {
		pid, _ := os.ReadFile(lockPath)
		holder := strings.TrimSpace(string(pid))
		log.Info("waiting for another build of the same index to finish", "path", path, "pid", holder)
		if _, err := fl.TryLockContext(ctx, lockRetry); err != nil {
			return nil, fmt.Errorf("build index: waiting for the build of %s by process %s: %w", path, holder, err)
		}
	}
	// Through another descriptor: the lock stays with fl's.
	if err := os.WriteFile(lockPath, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		log.Debug("could not write the builder's pid", "path", lockPath, "error", err)
	}
	return func() {
		if err := fl.Unlock(); err != nil {
			log.Warn("could not release the build lock", "path", lockPath, "error", err)
		}
	}, nil
}

// removeAbandoned removes what killed builds of the index at path left:
// build directories the link does not point at, and temporary links. The
// caller holds the build lock, so no build is writing them.
func removeAbandoned(path string, log *slog.Logger) {
	parent, base := filepath.Dir(path), filepath.Base(path)
	current, err := previousTarget(path)
	if err != nil {
		return // Build has checked it; nothing is removed on doubt
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		log.Warn("could not look for abandoned index builds", "dir", parent, "error", err)
		return
	}
	for _, e := range entries {
		name := e.Name()
		full := filepath.Join(parent, name)
		var err error
		switch {
		case isBuildDirName(base, name) && e.IsDir() && full != current:
			err = os.RemoveAll(full)
		case e.Type()&fs.ModeSymlink != 0 && isBuildDirName(base, strings.TrimSuffix(name, ".link")) && strings.HasSuffix(name, ".link"):
			err = os.Remove(full)
		default:
			continue
		}
		if err != nil {
			log.Warn("could not remove an abandoned index build", "path", full, "error", err)
			continue
		}
		log.Info("removed an abandoned index build", "path", full)
	}
}

// makeBuildDir creates the empty sibling directory a build writes into.
func makeBuildDir(path string) (string, error) {
	for range 10 {
		dir := path + "." + strconv.FormatInt(time.Now().UnixNano(), 10)
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("build index: %w", err)
		}
	}
	return "", fmt.Errorf("build index: cannot find a free directory name beside %s", path)
}

// buildInto writes a complete index into the empty directory dir.
//
// It uses bleve's offline builder, which writes segments of
// builderBatchRecords records to disk as it goes and merges them into one
// when closed, leaving an index of a single segment and nothing else. An
// index built with bleve.New instead merges in the background and, closed
// right after, keeps the merged-away segment files on disk; and an index
// opened read-only never merges at all.
func buildInto(ctx context.Context, dir string, src Source, opts BuildOptions, log *slog.Logger) (Manifest, corpus.Report, error) {
	batchSize := opts.BatchSize
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	if err := registerAnalyzer(); err != nil {
		return Manifest{}, corpus.Report{}, fmt.Errorf("create index in %s: %w", dir, err)
	}
	if err := claimSegments(dir); err != nil {
		return Manifest{}, corpus.Report{}, fmt.Errorf("create index in %s: %w", dir, err)
	}
	im := newMapping()
	b, err := bleve.NewBuilder(dir, im, map[string]any{
		// Temporary segments go inside dir, not to os.TempDir: the last one
		// is renamed into place, which fails across file systems.
		"buildPathPrefix": dir,
		"batchSize":       builderBatchRecords,
	})
	if err != nil {
		return Manifest{}, corpus.Report{}, fmt.Errorf("create index in %s: %w", dir, err)
	}

	var (
		m       = Manifest{SchemaVersion: SchemaVersion, DocFormat: DocFormat, Checksums: true}
		pending int                             // documents since the last progress report
		seen    = make(map[string]string, 1024) // id -> source file
		lex     lexiconBuilder
	)
	report := func() error {
		if pending == 0 {
			return nil
		}
		m.Documents += pending
		pending = 0
		log.Debug("indexed documents", "documents", m.Documents, "paragraphs", m.Paragraphs)
		if opts.Progress != nil {
			opts.Progress(m.Documents)
		}
		return ctx.Err()
	}
	add := func(j *job) error {
		d, doc, paras := j.d, j.doc, j.paras
		if j.err != nil {
			return fmt.Errorf("document %s: %w", d.ID, j.err)
		}
		if d.ID == "" {
			return fmt.Errorf("document from %q has no id", d.Source)
		}
		if first, dup := seen[d.ID]; dup {
			return fmt.Errorf("document %s from %q: id already used by %q", d.ID, d.Source, first)
		}
		// Copies: d's strings share its file's text, which they would keep.
		seen[strings.Clone(d.ID)] = strings.Clone(d.Source)
		if err := b.Index(docRecordID(d.ID), doc); err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
		for _, p := range paras {
			if err := b.Index(paraRecordID(d.ID, p.N), p); err != nil {
				return fmt.Errorf("document %s paragraph %d: %w", d.ID, p.N, err)
			}
		}
		for _, e := range j.events {
			if err := b.Index(eventRecordID(d.ID, e.N, e.paragraph(d)), e); err != nil {
				return fmt.Errorf("document %s date %d: %w", d.ID, e.N, err)
			}
		}
		m.Paragraphs += len(d.Paragraphs)
		lex.add(d)
		pending++
		if pending >= batchSize {
			return report()
		}
		return nil
	}

	// The source (reading and parsing files) runs in its own goroutine, a
	// few documents ahead of the indexing, so that the two share the CPUs;
	// documents are still indexed one at a time, in the source's order.
	var (
		docs   = make(chan corpus.Document, pipelineDocs)
		stop   = make(chan struct{}) // closed when indexing fails
		done   = make(chan struct{})
		rep    corpus.Report
		srcErr error
	)
	go func() {
		defer close(done)
		defer close(docs)
		rep, srcErr = src(ctx, func(d corpus.Document) error {
			select {
			case docs <- d:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	// Workers on every core make each document's records and analyse
	// their texts ahead (see textAnalyzer), while the builder indexes the
	// records one document at a time, in the source's order, so that a
	// build is reproducible (equal scores rank in index order).
	prepare := func(string) {}
	if a, ok := im.AnalyzerNamed(textAnalyzer).(*preparedAnalyzer); ok {
		prepare = a.prepare
		defer a.forget()
	}
	work, ordered := make(chan *job, pipelineDocs), make(chan *job, pipelineDocs)
	go func() {
		defer close(ordered)
		defer close(work)
		for d := range docs {
			j := &job{d: d, ready: make(chan struct{})}
			work <- j
			ordered <- j
		}
	}()
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			for j := range work {
				j.doc, j.paras, j.err = records(j.d)
				j.events = eventRecords(j.d, j.doc.Date, j.doc.Lang)
				for _, e := range j.events {
					for _, t := range e.Text {
						prepare(t)
					}
				}
				for _, t := range j.doc.Context {
					prepare(t)
				}
				for _, p := range j.paras {
					prepare(p.Text)
				}
				close(j.ready)
			}
		})
	}
	var addErr error // the first error of add; src gets errStopped after it
	for j := range ordered {
		<-j.ready
		if addErr != nil {
			continue // the source may not stop at once
		}
		if addErr = add(j); addErr != nil {
			close(stop)
		}
	}
	workers.Wait()
	<-done
	err = srcErr
	if addErr != nil {
		err = addErr
	}
	if err == nil {
		err = report()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && m.Documents == 0 {
		err = ErrEmpty
	}
	if err != nil {
		// The builder has no abort: Build removes dir with its temporary segments.
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	if err := b.Close(); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: write segments: %w", err)
	}

	m.Fingerprint = rep.Fingerprint
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	m.BuiltAt = now().UTC()
	if opts.schemaVersion != 0 {
		m.SchemaVersion = opts.schemaVersion
	}
	lexRaw, err := lex.encode()
	if err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	ids := make([]string, len(lex.titles))
	for i, t := range lex.titles {
		ids[i] = t.DocID
	}
	tableStart := time.Now()
	if err := writePeopleTable(ctx, dir, ids, lex.people); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	log.Debug("person table written", "dir", dir, "seconds", time.Since(tableStart).Seconds())
	if err := writeInternal(dir, m, lexRaw); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	// Merging the segments ignores ctx: a build cancelled meanwhile is
	// still not swapped in.
	if err := ctx.Err(); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	if err := shareModes(dir); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	// Last, once no file will change: the checksums Open verifies.
	if err := writeChecksums(dir); err != nil {
		return Manifest{}, rep, fmt.Errorf("build index: %w", err)
	}
	return m, rep, nil
}

// shareModes makes the files and folders under dir as readable as the
// umask allows (0644 and 0755 before it), the modes of the folder
// makeBuildDir created, so that an index one user builds another may
// serve. Bleve creates its folders 0700 and its files 0600 whatever the
// umask, and offers no option to change that. The checksums cover the
// content only, so they are not affected.
func shareModes(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("file modes: %w", err)
	}
	dirMode := info.Mode().Perm() // 0o755 less the umask
	fileMode := dirMode &^ 0o111
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Chmod(p, dirMode)
		case d.Type().IsRegular():
			return os.Chmod(p, fileMode)
		}
		return nil // writeChecksums refuses anything else
	})
	if err != nil {
		return fmt.Errorf("file modes: %w", err)
	}
	return nil
}

// job is one document on its way to the builder: a worker makes its
// records and closes ready.
type job struct {
	d     corpus.Document
	doc   docRecord
	paras []paraRecord
	// events are the document's dated-event records (see events.go).
	events []eventRecord
	err    error
	ready  chan struct{}
}

// pipelineDocs is how many parsed documents may wait to be indexed.
const pipelineDocs = 32

// errStopped is what the source's callback returns once indexing failed.
var errStopped = errors.New("indexing stopped")

// builderBatchRecords is how many records (documents and paragraphs) the
// builder holds in memory before it writes them out as a segment.
const builderBatchRecords = 2000

// writeInternal stores the manifest m and the encoded lexicon in the index
// at dir. bleve.NewBuilder replaces any internal values it is given with
// the mapping, so this opens the finished index for writing once.
func writeInternal(dir string, m Manifest, lexicon []byte) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	bi, err := bleve.Open(dir)
	if err != nil {
		return fmt.Errorf("store manifest: %w", err)
	}
	if err := bi.SetInternal([]byte(lexiconKey), lexicon); err != nil {
		_ = bi.Close()
		return fmt.Errorf("store lexicon: %w", err)
	}
	if err := bi.SetInternal([]byte(manifestKey), raw); err != nil {
		_ = bi.Close()
		return fmt.Errorf("store manifest: %w", err)
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("store manifest: %w", err)
	}
	return nil
}

// previousTarget checks that Build may replace path and returns the
// directory its link points at, or "" when path does not exist.
func previousTarget(path string) (string, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("build index: %w", err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", fmt.Errorf("build index: %s exists and is not an index link made by `archivebot index`; move it away or choose another path", path)
	}
	target, err := os.Readlink(path)
	if err != nil {
		return "", fmt.Errorf("build index: %w", err)
	}
	if !isBuildDirName(filepath.Base(path), target) {
		return "", fmt.Errorf("build index: %s is a link to %s, not to an index made by `archivebot index`; move it away or choose another path", path, target)
	}
	return filepath.Join(filepath.Dir(path), target), nil
}

// isBuildDirName reports whether name is a build directory name for an
// index link named base: "<base>.<digits>", with no directory part.
func isBuildDirName(base, name string) bool {
	digits, ok := strings.CutPrefix(name, base+".")
	if !ok || digits == "" {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// swap points the link at path to dir atomically, then removes the
// directory the link pointed to before.
func swap(path, dir string, log *slog.Logger) error {
	old, err := previousTarget(path) // again: path may have changed while building
	if err != nil {
		return err
	}
	tmp := dir + ".link"
	if err := os.Symlink(filepath.Base(dir), tmp); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("build index: swap in new index: %w", err)
	}
	syncDir(filepath.Dir(path), log)
	log.Debug("swapped in new index", "path", path, "dir", filepath.Base(dir))
	if old != "" && old != dir {
		if err := os.RemoveAll(old); err != nil {
			// The new index is in place; a leftover directory only costs space.
			log.Warn("could not remove previous index", "dir", old, "error", err)
		}
	}
	return nil
}

// syncDir flushes a directory entry change to disk, best effort.
func syncDir(dir string, log *slog.Logger) {
	f, err := os.Open(dir)
	if err == nil {
		err = f.Sync()
		_ = f.Close()
	}
	if err != nil {
		log.Debug("could not sync directory", "dir", dir, "error", err)
	}
}
