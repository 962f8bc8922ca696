package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
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
	return fmt.Sprintf("read %d documents, skipped %d", r.Read, len(r.Skipped))
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
// from ctx stops the walk.
func Walk(ctx context.Context, fsys fs.FS, fn func(Document) error) (Report, error) {
	var rep Report
	seen := map[string]string{} // id -> file
	fp, err := eachFile(ctx, fsys, func(pe *ParseError) { rep.Skipped = append(rep.Skipped, pe) }, func(name string, data []byte) error {
		doc, err := Parse(name, data)
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
			rep.Skipped = append(rep.Skipped, &ParseError{File: name, Line: line, Reason: fmt.Sprintf("duplicate document id %s, already read from %s", doc.ID, first)})
			return nil
		}
		seen[doc.ID] = name
		rep.Read++
		for _, n := range doc.Notes {
			rep.Warnings = append(rep.Warnings, &ParseError{File: name, Line: n.Line, Reason: n.Text})
		}
		return fn(doc)
	})
	rep.Fingerprint = fp
	if err != nil {
		return rep, fmt.Errorf("read corpus: %w", err)
	}
	return rep, nil
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
// the fingerprint of all it read.
func eachFile(ctx context.Context, fsys fs.FS, skip func(*ParseError), fn func(name string, data []byte) error) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "." {
				return err
			}
			skip(&ParseError{File: name, Line: 0, Reason: fmt.Sprintf("cannot read: %v", err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // hidden folders such as .git
			}
			return ctx.Err()
		}
		if !IsDocumentFile(name) || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() > MaxFileSize {
			skip(&ParseError{File: name, Line: 1, Reason: fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20)})
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			skip(&ParseError{File: name, Line: 0, Reason: fmt.Sprintf("cannot read: %v", err)})
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		return fn(name, data)
	})
	return hex.EncodeToString(h.Sum(nil)), err
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
