package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

//go:embed sample/*.txt
var sample embed.FS

// Sample returns the sample corpus shipped inside the binary.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder exists
	}
	return sub
}

// MaxFileSize is the largest document file read; larger files are skipped
// with a reason, not read into memory.
const MaxFileSize = 16 << 20

// Report summarises a read of a corpus folder.
type Report struct {
	// Read counts the documents read.
	Read int `json:"read"`
	// Skipped lists the files that could not be read, each with its reason.
	Skipped []*ParseError `json:"skipped,omitempty"`
	// Warnings list what was set aside or read unusually in files that were read.
	Warnings []*ParseError `json:"warnings,omitempty"`
	// Fingerprint identifies the corpus content: the SHA-256 of every
	// document file's path and bytes, in path order.
	Fingerprint string `json:"fingerprint"`
}

// String is a one-line summary, e.g. "read 12 documents, skipped 2".
func (r Report) String() string {
	noun := "documents"
	if r.Read == 1 {
		noun = "document"
	}
	return fmt.Sprintf("read %d %s, skipped %d", r.Read, noun, len(r.Skipped))
}

// IsDocumentFile reports whether a file name is read as a document (.txt or .md).
func IsDocumentFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".md":
		return true
	}
	return false
}

// Walk reads every .txt and .md document under fsys, recursively and in
// path order, and calls fn with each one that reads. A file that cannot be
// read is recorded in the report with its reason and the walk goes on; so
// is a document whose id another file already took. An error from fn or
// from ctx stops the walk, between files or within a long document.
//
// Only regular files are opened, and no more than MaxFileSize of any is
// read. A symbolic link is followed only to a document inside fsys: one
// that leads out (or is absolute), to a folder or to a special file is
// reported and not read. Links are resolved through fs.ReadLinkFS where
// fsys has it; read a folder on disk through a Dir (OpenDir), so that the
// system refuses escaping links as well and no open can block.
func Walk(ctx context.Context, fsys fs.FS, fn func(Document) error) (Report, error) {
	var rep Report
	seen := map[string]string{} // id -> file
	// Files are read in path order and parsed by workers on every core;
	// their documents (or the reasons they were skipped) are taken in the
	// same order, so a walk's report and calls are those of a walk on
	// one core.
	type file struct {
		name string
		data []byte
		doc  Document
		err  error
		skip *ParseError // set when the file could not be read
		done chan struct{}
	}
	var (
		workers = runtime.GOMAXPROCS(0)
		jobs    = make(chan *file, workers)
		ordered = make(chan *file, 2*workers)
		stop    = make(chan struct{}) // closed when fn fails
		taken   = make(chan struct{}) // closed when take ends
		fnErr   error
	)
	take := func(f *file) error {
		<-f.done
		if err := ctx.Err(); err != nil {
			return err // files parsed ahead are not handed over after a cancel
		}
		if f.skip != nil {
			rep.Skipped = append(rep.Skipped, f.skip)
			return nil
		}
		name, data, doc, err := f.name, f.data, f.doc, f.err
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				rep.Skipped = append(rep.Skipped, pe)
				return nil
			}
			return err
		}
		if first, dup := seen[doc.ID]; dup {
			line := 1
			if i := bytes.Index(data, []byte(doc.URL)); doc.URL != "" && i >= 0 {
				line = lineAt(data, i)
			}
			rep.Skipped = append(rep.Skipped, &ParseError{File: name, Line: line, Reason: fmt.Sprintf("duplicate document id %s, already read from %s", doc.ID, showName(first))})
			return nil
		}
		seen[doc.ID] = name
		rep.Read++
		for _, n := range doc.Notes {
			rep.Warnings = append(rep.Warnings, &ParseError{File: name, Line: n.Line, Reason: n.Text})
		}
		return fn(doc)
	}
	go func() {
		defer close(taken)
		for f := range ordered {
			if fnErr != nil {
				continue // the reader may not stop at once
			}
			if fnErr = take(f); fnErr != nil {
				close(stop)
			}
		}
	}()
	var parsers sync.WaitGroup
	for range workers {
		parsers.Go(func() {
			for f := range jobs {
				f.doc, f.err = parseWithin(ctx, f.name, f.data)
				close(f.done)
			}
		})
	}
	send := func(f *file) error {
		for _, ch := range []chan *file{ordered, jobs} {
			if ch == jobs && f.skip != nil {
				break
			}
			select {
			case ch <- f:
			case <-stop:
				return errWalkStopped
			}
		}
		return nil
	}
	fp, err := eachFile(ctx, fsys, func(pe *ParseError) {
		done := make(chan struct{})
		close(done)
		_ = send(&file{skip: pe, done: done}) // after a stop, nothing more is reported
	}, func(name string, data []byte) error {
		return send(&file{name: name, data: data, done: make(chan struct{})})
	})
	close(jobs)
	parsers.Wait()
	close(ordered)
	<-taken
	if fnErr != nil {
		err = fnErr
	}
	rep.Fingerprint = fp
	if err != nil {
		return rep, fmt.Errorf("read corpus: %w", err)
	}
	return rep, nil
}

// errWalkStopped is what stops reading files once fn failed; Walk
// returns fn's error instead.
var errWalkStopped = errors.New("walk stopped")

// parseWithin is ParseContext, returning as soon as ctx is done even from
// the parts of a parse that do not look at ctx (the dates and speakers of
// one enormous paragraph): the parse is left to finish on its own and its
// result dropped, so that a build stops at once when it is told to.
func parseWithin(ctx context.Context, name string, data []byte) (Document, error) {
	type result struct {
		doc Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := ParseContext(ctx, name, data)
		done <- result{doc, err}
	}()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-ctx.Done():
		return Document{}, ctx.Err()
	}
}

// Fingerprint identifies a corpus's content without parsing it: the same
// value Walk reports, at the cost of reading the files once.
func Fingerprint(ctx context.Context, fsys fs.FS) (string, error) {
	fp, err := eachFile(ctx, fsys, func(*ParseError) {}, func(string, []byte) error { return nil })
	if err != nil {
		return "", fmt.Errorf("fingerprint corpus: %w", err)
	}
	return fp, nil
}

// eachFile calls fn with the name and content of every document file under
// fsys, in path order, reports files it cannot read to skip, and returns
// the fingerprint of all it read. It opens regular files only, reads no
// more than MaxFileSize of any, and follows a symbolic link only to a file
// inside fsys (see Walk).
func eachFile(ctx context.Context, fsys fs.FS, skip func(*ParseError), fn func(name string, data []byte) error) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return err
			}
			skip(&ParseError{File: name, Line: 0, Reason: "cannot read: " + pathErrorText(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // hidden folders such as .git
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		target := name
		if d.Type()&fs.ModeSymlink != 0 {
			var reason string
			if target, reason = followLink(fsys, name); reason != "" {
				skip(&ParseError{File: name, Line: 0, Reason: reason})
			}
			if target == "" {
				return nil
			}
		} else if !IsDocumentFile(name) {
			return nil
		} else if !d.Type().IsRegular() {
			skip(&ParseError{File: name, Line: 0, Reason: notRegular(d.Type())})
			return nil
		}
		data, reason := readDocument(fsys, target)
		if reason != "" {
			skip(&ParseError{File: name, Line: 1, Reason: reason})
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		return fn(name, data)
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// readDocument reads the regular file at name, or says why not. It reads at
// most one byte past MaxFileSize, whatever the file's size claims.
func readDocument(fsys fs.FS, name string) ([]byte, string) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, "cannot read: " + pathErrorText(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, "cannot read: " + pathErrorText(err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	tooLarge := fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20)
	if info.Size() > MaxFileSize {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, "cannot read: " + pathErrorText(err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge
	}
	return data, ""
}

// followLink resolves the symbolic link at name and returns the path of
// the document it leads to, or the reason it is not read: a link that
// leads out of fsys, to a folder, or to anything but a regular file. A link
// that is not named as a document and leads to a file inside gives
// neither: it is ignored, as such files are.
func followLink(fsys fs.FS, name string) (target, reason string) {
	target = name
	if lfs, ok := fsys.(fs.ReadLinkFS); ok {
		var err error
		if target, err = resolveLink(lfs, name); err != nil {
			if errors.Is(err, errOutside) {
				return "", "symbolic link leads outside the corpus folder: not followed"
			}
			if !IsDocumentFile(name) {
				return "", ""
			}
			return "", "broken symbolic link: " + pathErrorText(err)
		}
	}
	info, err := fs.Stat(fsys, target)
	switch {
	case err != nil && errors.Is(err, fs.ErrNotExist) && !IsDocumentFile(name):
		return "", "" // a broken link to something else than a document
	case err != nil:
		// An fs.FS that keeps links inside, such as an os.Root's, refuses
		// the others here.
		return "", "symbolic link not followed: " + pathErrorText(err)
	case info.IsDir() && isHidden(target):
		return "", "linked folder not followed: it leads into a hidden folder"
	case info.IsDir():
		return "", fmt.Sprintf("linked folder not followed: its documents are read in %s", showName(target))
	case !IsDocumentFile(name):
		return "", "" // a link to something else than a document: ignored, as such files are
	case !info.Mode().IsRegular():
		return "", notRegular(info.Mode())
	}
	return target, ""
}

// isHidden reports whether a path in the corpus is, or is inside, a
// hidden file or folder, which Walk does not read.
func isHidden(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

// errOutside is a symbolic link that leads out of the corpus folder.
var errOutside = errors.New("symbolic link leads outside the folder")

// resolveLink follows the symbolic link at name, and every link its target
// passes through, inside fsys, and returns the path it leads to. A target
// that is absolute or climbs above the root is errOutside.
func resolveLink(fsys fs.ReadLinkFS, name string) (string, error) {
	resolved := "" // the part resolved so far: no links in it; "" is the root
	rest := strings.Split(name, "/")
	for hops := 0; len(rest) > 0; {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if resolved == "" {
				return "", errOutside
			}
			if resolved = path.Dir(resolved); resolved == "." {
				resolved = ""
			}
			continue
		}
		next := path.Join(resolved, c)
		info, err := fsys.Lstat(next)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		if hops++; hops > 40 {
			return "", fmt.Errorf("%s: too many levels of symbolic links", showName(next))
		}
		link, err := fsys.ReadLink(next)
		if err != nil {
			return "", err
		}
		link = filepath.ToSlash(link)
		if path.IsAbs(link) || filepath.IsAbs(link) || filepath.VolumeName(link) != "" {
			return "", errOutside
		}
		rest = append(strings.Split(link, "/"), rest...)
	}
	if resolved == "" {
		return ".", nil
	}
	return resolved, nil
}

// notRegular says what a file that is not a regular file is.
func notRegular(m fs.FileMode) string {
	kind := "a special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return "not a regular file (" + kind + "): not read"
}

// pathErrorText is an error without the path a *fs.PathError repeats, which
// the report already shows, escaped.
func pathErrorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// ReadAll reads a whole corpus into memory. Prefer Walk for large corpora.
func ReadAll(ctx context.Context, fsys fs.FS) ([]Document, Report, error) {
	var docs []Document
	rep, err := Walk(ctx, fsys, func(d Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, rep, err
}

// CountFiles counts the document files under fsys, for progress reporting.
func CountFiles(fsys fs.FS) (int, error) {
	n := 0
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && name != "." && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && IsDocumentFile(name) {
			n++
		}
		return nil
	})
	return n, err
}
