package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
	"github.com/archivebot/archivebot/state"
	"github.com/schollz/progressbar/v3"
)

// openBot opens the index the source names, building it in the cache first
// when the source is a corpus, and returns a bot over it, keeping its
// bibliographies in st and reporting to o, and its closer.
func (e env) openBot(ctx context.Context, src *source, o *ops, st state.Store) (*bot.Bot, func(), error) {
	drain, err := e.drainTimeout()
	if err != nil {
		return nil, nil, err
	}
	liveOpts := index.LiveOptions{DrainTimeout: drain, Logger: e.log}
	path := src.indexPath
	if path == "" {
		if path, err = e.cachedIndex(ctx, src); err != nil {
			return nil, nil, err
		}
	}
	live, err := index.OpenLiveWith(path, liveOpts)
	if err != nil && src.indexPath == "" && (errors.Is(err, index.ErrDamaged) || errors.Is(err, index.ErrSchema)) {
		// The cache's own index: build it again rather than ask the user to.
		e.log.Warn("the cached index cannot be used; building it again", "index", path, "err", err)
		if path, err = e.cachedIndexRebuilt(ctx, src); err != nil {
			return nil, nil, err
		}
		live, err = index.OpenLiveWith(path, liveOpts)
	}
	if err != nil {
		return nil, nil, openFailure(path, err)
	}
	e.log.Debug("index open", "path", path, "documents", live.Manifest().Documents)
	opts := bot.Options{Logger: e.log, Observe: o.observe, State: st}
	if e.clock != nil {
		opts.Now = e.clock.Now
	}
	b := bot.NewLive(live, opts)
	o.serveIndex(live)
	stopReload := e.reloadOnHangup(ctx, live, o)
	return b, func() {
		stopReload()
		o.serveIndex(nil)
		if err := live.Close(); err != nil {
			e.log.Warn("close index: stopping anyway", "err", err)
		}
	}, nil
}

// reloadOnHangup reopens the index when the process gets SIGHUP, after
// `archivebot index` has swapped a new build in at its path. A new index
// that cannot be opened is logged and the old one keeps serving.
func (e env) reloadOnHangup(ctx context.Context, live *index.Live, o *ops) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-hup:
				if !ok {
					return
				}
				err := live.Reload()
				if errors.Is(err, index.ErrDrainTimeout) {
					// The new index serves; the old one closes later.
					o.reloaded(nil)
					e.log.Warn("index reloaded, but searches still held the old one", "err", err)
					continue
				}
				o.reloaded(err)
				if err != nil {
					e.log.Error("reload index: keeping the old one", "err", err)
					continue
				}
				m := live.Manifest()
				e.log.Info("index reloaded", "documents", m.Documents, "built_at", m.BuiltAt)
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(hup)
		<-done
	}
}

// drainTimeout reads ARCHIVEBOT_DRAIN_TIMEOUT: how long a reload or the
// shutdown waits for the searches still using an index.
func (e env) drainTimeout() (time.Duration, error) {
	v := strings.TrimSpace(e.getenv("ARCHIVEBOT_DRAIN_TIMEOUT"))
	if v == "" {
		return index.DefaultDrainTimeout, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, usageErr("ARCHIVEBOT_DRAIN_TIMEOUT=%q: use a duration such as 10s", v)
	}
	return d, nil
}

// openFailure explains an index that cannot be opened.
func openFailure(path string, err error) error {
	switch {
	case errors.Is(err, index.ErrPermission):
		// Names the path to check; rebuilding would not help.
		return &exitError{code: exitFailure, msg: err.Error()}
	case errors.Is(err, index.ErrSchema):
		return &exitError{code: exitFailure, msg: err.Error()}
	case errors.Is(err, index.ErrDamaged):
		return &exitError{code: exitFailure, msg: fmt.Sprintf("%v; e.g. archivebot index --corpus DIR --index %s", err, path)}
	case errors.Is(err, index.ErrNoIndex) && isRegularFile(path):
		return &exitError{code: exitFailure, msg: fmt.Sprintf("%s is a file, not an index: give the path of an index built by archivebot index", path)}
	case errors.Is(err, index.ErrNoIndex):
		return &exitError{code: exitFailure, msg: fmt.Sprintf("no usable index at %s (%v); build one with: archivebot index --corpus DIR --index %s", path, err, path)}
	}
	return &exitError{code: exitFailure, msg: fmt.Sprintf("open index %s: %v", path, err)}
}

// isRegularFile reports whether path names a plain file (through a
// symbolic link, if it is one).
func isRegularFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// cacheFolder is the folder of archivebot's cache: ARCHIVEBOT_CACHE_DIR,
// or archivebot in the user's cache folder (os.UserCacheDir), or in the
// temporary folder when there is none. It holds the cached indexes and
// the prompt's history.
func (s *source) cacheFolder() string {
	if s.cacheDir != "" {
		return s.cacheDir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "archivebot")
}

// cachedIndex returns the path of an up-to-date index of the source's
// corpus in the cache, building it when the corpus is new or has changed.
func (e env) cachedIndex(ctx context.Context, src *source) (string, error) {
	return e.cachedIndexBuild(ctx, src, false)
}

// cachedIndexRebuilt builds the cached index of the source's corpus again,
// whatever is in the cache.
func (e env) cachedIndexRebuilt(ctx context.Context, src *source) (string, error) {
	return e.cachedIndexBuild(ctx, src, true)
}

func (e env) cachedIndexBuild(ctx context.Context, src *source, force bool) (string, error) {
	fsys, label := corpus.Sample(), "sample"
	if src.corpusDir != "" {
		abs, err := filepath.Abs(src.corpusDir)
		if err != nil {
			return "", usageErr("--corpus %s: %v", src.corpusDir, err)
		}
		sum := sha256.Sum256([]byte(abs))
		dir, err := corpus.OpenDir(abs)
		if err != nil {
			return "", usageErr("--corpus %s: %v", src.corpusDir, err)
		}
		defer dir.Close()
		// A corpus.Dir follows a symbolic link only inside the folder and
		// opens no file that could block.
		fsys, label = dir, filepath.Base(abs)+"-"+hex.EncodeToString(sum[:4])
	}
	fp, err := corpus.Fingerprint(ctx, fsys)
	if err != nil {
		return "", &exitError{code: exitFailure, msg: err.Error()}
	}
	path := filepath.Join(src.cacheFolder(), "indexes", label)
	// The cached index is kept while the corpus is the same and this
	// archivebot stores indexes and documents the same way: a new binary
	// of the same schema and document format reuses it. An index of
	// another schema is built again here, or by openBot when Open says so.
	why := "indexing the corpus for first use"
	if force {
		why = "indexing the corpus again"
	} else if m, err := index.ReadManifest(path); err == nil {
		switch {
		case m.SchemaVersion != index.SchemaVersion || m.DocFormat != index.DocFormat:
			why = "indexing the corpus again: this archivebot stores indexes differently"
		case m.Fingerprint != fp:
			why = "indexing the corpus again: it has changed"
		default:
			return path, nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", &exitError{code: exitFailure, msg: fmt.Sprintf("create cache folder: %v", err)}
	}
	e.log.Info(why, "corpus", label, "index", path)
	_, rep, err := buildIndex(ctx, e, fsys, path, isTerminal(e.stderr))
	for _, s := range rep.Skipped {
		e.log.Warn("skipped document", "file", s.File, "line", s.Line, "reason", s.Reason) // slog escapes the name
	}
	if errors.Is(err, index.ErrEmpty) && src.corpusDir != "" {
		return "", &exitError{code: exitFailure, msg: noDocuments(fsys, src.corpusDir)}
	}
	if err != nil {
		return "", &exitError{code: exitFailure, msg: err.Error()}
	}
	return path, nil
}

// buildIndex indexes fsys at path, with a progress bar when asked for.
func buildIndex(ctx context.Context, e env, fsys fs.FS, path string, progress bool) (index.Manifest, corpus.Report, error) {
	opts := index.BuildOptions{Logger: e.log}
	if progress {
		total, err := corpus.CountFiles(fsys)
		if err != nil {
			total = -1
		}
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			// Keep the finished bar, on its own line: a small corpus is
			// done in one step, and a cleared bar would never be seen.
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(e.stderr) }),
		)
		opts.Progress = func(n int) { _ = bar.Set(n) }
		defer func() { _ = bar.Finish() }()
	}
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Walk(ctx, fsys, fn)
	}
	m, rep, err := index.Build(ctx, path, src, opts)
	if err != nil {
		return m, rep, fmt.Errorf("build index at %s: %w", path, err)
	}
	return m, rep, nil
}
