package index

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// checksumFile is the file, inside a build folder, that lists the SHA-256
// of every other file of the index, one "<hex>  <path>" a line as
// sha256sum prints them, so that `sha256sum -c` can check it too. Build
// writes it last, once the index is complete and closed.
//
// It covers every file a build leaves: the segment (store/*.zap), which
// nothing ever rewrites, and bleve's root file (store/root.bolt) and
// index_meta.json, which only a writer changes. This package opens indexes
// read-only, and a read-only open, search and close leave all three as
// they were, byte for byte (TestReadingLeavesTheChecksumsValid checks it),
// so a served index still verifies on the next start or reload. An index
// opened for writing by another tool would change the root file and fail
// the check: such an index is not one `archivebot index` built.
const checksumFile = "archivebot.sha256"

// maxChecksumFile bounds the checksum file: an index has a few files.
const maxChecksumFile = 64 << 10

// ErrDamaged means a file of the index does not match the checksum
// written when it was built, or the checksums are missing: the index was
// damaged on disk or in a copy. Running `archivebot index` rebuilds it.
var ErrDamaged = errors.New("index is damaged")

// writeChecksums hashes every file under dir and writes the list to
// checksumFile in dir, durably: written to a temporary file, synced,
// renamed into place.
func writeChecksums(dir string) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	sort.Strings(files)
	var buf bytes.Buffer
	for _, rel := range files {
		sum, err := hashFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("checksums: %w", err)
		}
		fmt.Fprintf(&buf, "%s  %s\n", sum, rel)
	}
	tmp := filepath.Join(dir, checksumFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("checksums: %w", err)
	}
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, checksumFile))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("checksums: %w", err)
	}
	syncDir(dir, slog.New(slog.DiscardHandler))
	return nil
}

// hashFile returns the hex SHA-256 of a file's content.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// errNoChecksums is what verifyChecksums returns, wrapped, when dir has
// no checksum file: Open then tells an index built before checksums from
// one that lost its file.
var errNoChecksums = errors.New("no checksum file")

// verifyChecksums checks every file the checksum file in dir lists against
// its checksum. A mismatch, a missing file or an unreadable list is
// ErrDamaged; a missing list is errNoChecksums; a file or folder this user
// may not read is ErrPermission. path names the index in
// messages.
func verifyChecksums(path, dir string) error {
	damaged := func(format string, a ...any) error {
		return fmt.Errorf("%w: index at %s: %s: rebuild it with `archivebot index`", ErrDamaged, path, fmt.Sprintf(format, a...))
	}
	info, err := os.Stat(dir)
	if aerr := accessError(path, err); aerr != nil {
		return aerr
	}
	if err != nil || !info.IsDir() {
		return errNoChecksums // not an index at all: openBleve says so
	}
	f, err := os.Open(filepath.Join(dir, checksumFile))
	if errors.Is(err, fs.ErrNotExist) {
		return errNoChecksums
	}
	if aerr := accessError(path, err); aerr != nil {
		return aerr
	}
	if err != nil {
		return damaged("read checksums: %v", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxChecksumFile+1))
	if err != nil {
		return damaged("read checksums: %v", err)
	}
	if len(raw) > maxChecksumFile {
		return damaged("the checksum file is too big")
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		want, rel, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(want) != sha256.Size*2 || rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) {
			return damaged("the checksum file is garbled")
		}
		got, err := hashFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return damaged("%s is missing", rel)
			}
			if aerr := accessError(path, err); aerr != nil {
				return aerr
			}
			return damaged("%v", err)
		}
		if got != want {
			return damaged("%s does not match its checksum", rel)
		}
		n++
	}
	if n == 0 {
		return damaged("the checksum file is empty")
	}
	return nil
}
