package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// noURLDoc is a small document without a URL: its id is its file name's.
const noURLDoc = "**1963**\n**Inventory of the Cape Morrow Lighthouse**\n\n**Contents:**\n\nTranslation - English\n\nThe lighthouse was handed over with its lamp.\n"

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// walkDone walks fsys, failing the test rather than hanging when the walk
// blocks.
func walkDone(t *testing.T, fsys fs.FS) ([]Document, Report) {
	t.Helper()
	type result struct {
		docs []Document
		rep  Report
		err  error
	}
	done := make(chan result, 1)
	go func() {
		docs, rep, err := ReadAll(context.Background(), fsys)
		done <- result{docs, rep, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("ReadAll: %v", r.err)
		}
		return r.docs, r.rep
	case <-time.After(10 * time.Second):
		t.Fatal("the walk blocks")
	}
	return nil, Report{}
}

func skippedFor(rep Report, file string) *ParseError {
	for _, s := range rep.Skipped {
		if s.File == file {
			return s
		}
	}
	return nil
}

// TestSymbolicLinks reads a corpus with links in and out of it, through
// os.DirFS and through an os.Root: a link is followed only to a document
// inside the folder, and every other is reported.
func TestSymbolicLinks(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.txt"), strings.Replace(noURLDoc, "lamp", "secret", 1))
	writeFile(t, filepath.Join(outside, "folder", "more.txt"), noURLDoc)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), noURLDoc)
	writeFile(t, filepath.Join(dir, "sub", "c.txt"), noURLDoc)
	symlink(t, "a.txt", filepath.Join(dir, "inside.txt"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "absolute.txt"))
	rel, err := filepath.Rel(dir, filepath.Join(outside, "secret.txt"))
	if err != nil {
		t.Fatal(err)
	}
	symlink(t, rel, filepath.Join(dir, "climbs.txt"))
	symlink(t, "/dev/zero", filepath.Join(dir, "zero.txt"))
	symlink(t, "sub", filepath.Join(dir, "linked"))
	writeFile(t, filepath.Join(dir, ".git", "d.txt"), noURLDoc)
	symlink(t, ".git", filepath.Join(dir, "hidden"))
	symlink(t, filepath.Join(outside, "folder"), filepath.Join(dir, "away"))
	symlink(t, filepath.Join(outside), filepath.Join(dir, "out"))
	symlink(t, "out/secret.txt", filepath.Join(dir, "through.txt"))
	symlink(t, "missing.txt", filepath.Join(dir, "broken.txt"))

	for name, fsys := range folderViews(t, dir) {
		t.Run(name, func(t *testing.T) {
			docs, rep := walkDone(t, fsys)
			ids := map[string]bool{}
			for _, d := range docs {
				ids[d.ID] = true
				for _, p := range d.Paragraphs {
					if strings.Contains(p.Text, "secret") {
						t.Errorf("%s: a document from outside the corpus was read", d.Source)
					}
				}
			}
			for _, id := range []string{"a", "inside", "sub/c"} {
				if !ids[id] {
					t.Errorf("document %q not read; read %v", id, ids)
				}
			}
			want := map[string]string{
				"absolute.txt": "outside the corpus folder",
				"climbs.txt":   "outside the corpus folder",
				"zero.txt":     "outside the corpus folder",
				"away":         "outside the corpus folder",
				"out":          "outside the corpus folder",
				"through.txt":  "outside the corpus folder",
				"linked":       "linked folder not followed: its documents are read in sub",
				"hidden":       "linked folder not followed: it leads into a hidden folder",
				"broken.txt":   "broken symbolic link",
			}
			for file, reason := range want {
				s := skippedFor(rep, file)
				if s == nil || !strings.Contains(s.Reason, reason) {
					t.Errorf("%s: skipped as %v, want a reason with %q", file, s, reason)
				}
			}
			if len(rep.Skipped) != len(want) {
				t.Errorf("skipped %v, want %d files", rep.Skipped, len(want))
			}
		})
	}
}

// endlessFS holds one file that claims to be small and never ends, as a
// device does; it fails the read after far more than the limit.
type endlessFS struct{}

func (endlessFS) Open(name string) (fs.File, error) {
	switch name {
	case ".":
		return fstest.MapFS{"big.txt": {Data: []byte("x")}}.Open(".")
	case "big.txt":
		return &endlessFile{}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type endlessFile struct{ n int }

func (f *endlessFile) Stat() (fs.FileInfo, error) {
	info, err := fs.Stat(fstest.MapFS{"big.txt": {Data: []byte("x")}}, "big.txt")
	return info, err
}

func (f *endlessFile) Read(p []byte) (int, error) {
	if f.n > 4*MaxFileSize {
		return 0, errors.New("read far past the limit")
	}
	clear(p)
	f.n += len(p)
	return len(p), nil
}

func (f *endlessFile) Close() error { return nil }

// TestReadLimitWhateverStatSays reads a file whose size says one byte and
// whose content never ends: it is reported as too large after the limit.
func TestReadLimitWhateverStatSays(t *testing.T) {
	_, rep := walkDone(t, endlessFS{})
	s := skippedFor(rep, "big.txt")
	if s == nil || !strings.Contains(s.Reason, "larger than 16 MiB") {
		t.Fatalf("skipped %v, want big.txt as larger than 16 MiB", rep.Skipped)
	}
}

// TestWideEncodings gives UTF-16 and UTF-32 text, with and without a byte
// order mark, the reason that says what to do.
func TestWideEncodings(t *testing.T) {
	text := "**1963**\n**Inventory**\n\nThe lighthouse.\n"
	utf16 := func(bigEndian bool) []byte {
		var b bytes.Buffer
		for _, c := range []byte(text) {
			if bigEndian {
				b.Write([]byte{0, c})
			} else {
				b.Write([]byte{c, 0})
			}
		}
		return b.Bytes()
	}
	utf32 := func(bigEndian bool) []byte {
		var b bytes.Buffer
		for _, c := range []byte(text) {
			if bigEndian {
				b.Write([]byte{0, 0, 0, c})
			} else {
				b.Write([]byte{c, 0, 0, 0})
			}
		}
		return b.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"UTF-16LE with BOM", append([]byte{0xff, 0xfe}, utf16(false)...), "UTF-16 text: save it as UTF-8"},
		{"UTF-16BE with BOM", append([]byte{0xfe, 0xff}, utf16(true)...), "UTF-16 text: save it as UTF-8"},
		{"UTF-16LE", utf16(false), "UTF-16 text: save it as UTF-8"},
		{"UTF-16BE", utf16(true), "UTF-16 text: save it as UTF-8"},
		{"UTF-32LE with BOM", append([]byte{0xff, 0xfe, 0, 0}, utf32(false)...), "UTF-32 text: save it as UTF-8"},
		{"UTF-32BE with BOM", append([]byte{0, 0, 0xfe, 0xff}, utf32(true)...), "UTF-32 text: save it as UTF-8"},
		{"UTF-32LE", utf32(false), "UTF-32 text: save it as UTF-8"},
		{"UTF-32BE", utf32(true), "UTF-32 text: save it as UTF-8"},
		{"binary", []byte("**1963**\n**Inventory**\n\nThe\x00 lighthouse.\n"), "binary file: NUL byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("wide.txt", tt.data)
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Reason != tt.want {
				t.Errorf("Parse = %v, want the reason %q", err, tt.want)
			}
		})
	}
}

// TestFileNamesShownEscaped reads files whose names hold control
// characters: reports and ids show them escaped, never raw.
func TestFileNamesShownEscaped(t *testing.T) {
	fsys := fstest.MapFS{
		"red\x1b[31m.txt":      {Data: []byte("\n")},
		"turn\u202eabc.txt":    {Data: []byte(noURLDoc)},
		"bell\a/plain name.md": {Data: []byte("not a document\n")},
	}
	docs, rep := walkDone(t, fsys)
	for _, s := range rep.Skipped {
		if msg := s.Error(); strings.ContainsAny(msg, "\x1b\a\u202e") {
			t.Errorf("report shows a raw control character: %q", msg)
		}
	}
	if s := skippedFor(rep, "red\x1b[31m.txt"); s == nil || !strings.HasPrefix(s.Error(), `"red\x1b[31m.txt":1: `) {
		t.Errorf("report = %v, want the name quoted with escapes", s)
	}
	if len(docs) != 1 || docs[0].ID != `turn\u202eabc` {
		t.Errorf("documents %+v, want one with the id turn\\u202eabc", docs)
	}
}

// TestSameNameInDifferentFolders gives documents without a URL that share
// a file name ids of their own, qualified by their folders.
func TestSameNameInDifferentFolders(t *testing.T) {
	fsys := fstest.MapFS{
		"note.txt":          {Data: []byte(noURLDoc)},
		"1962/note.txt":     {Data: []byte(noURLDoc)},
		"1963/note.md":      {Data: []byte(noURLDoc)},
		"x/1962/note.txt":   {Data: []byte(noURLDoc)},
		"with/url.txt":      {Data: []byte(strings.Replace(noURLDoc, "**Contents:**", "**Citation:**\n\n\"Inventory\", 1963. <https://example.org/document/1962/note>\n\n**Contents:**", 1))},
		"other/900001.txt":  {Data: []byte(noURLDoc)},
		"z/900001/copy.txt": {Data: []byte(noURLDoc)},
	}
	docs, rep := walkDone(t, fsys)
	got := map[string]string{}
	for _, d := range docs {
		got[d.Source] = d.ID
	}
	want := map[string]string{
		"note.txt":          "note",
		"1962/note.txt":     "1962/note",
		"1963/note.md":      "1963/note",
		"x/1962/note.txt":   "x/1962/note",
		"other/900001.txt":  "other/900001",
		"z/900001/copy.txt": "z/900001/copy",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ids by file (-want +got):\n%s", diff)
	}
	if s := skippedFor(rep, "with/url.txt"); s == nil || !strings.Contains(s.Reason, "duplicate document id note, already read from note.txt") {
		t.Errorf("a URL's id that another document took: skipped %v, want a duplicate", rep.Skipped)
	}
}

// TestWalkStopsBetweenFiles cancels the walk at its first document: it
// reads no other.
func TestWalkStopsBetweenFiles(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 20 {
		fsys[fmt.Sprintf("doc%02d.txt", i)] = &fstest.MapFile{Data: []byte(noURLDoc)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	_, err := Walk(ctx, fsys, func(Document) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Walk read %d documents and returned %v, want 1 and context.Canceled", n, err)
	}
}

// TestWalkStopsInsideALongParse cancels the walk, and a parse alone,
// while they read one long document: they stop within the parse, long
// before it would end, and hand on no document.
func TestWalkStopsInsideALongParse(t *testing.T) {
	data := hostileDocument(4<<20, 2)
	tests := []struct {
		name string
		read func(ctx context.Context) error
	}{
		{"Walk", func(ctx context.Context) error {
			_, err := Walk(ctx, fstest.MapFS{"long.txt": {Data: data}}, func(d Document) error {
				t.Errorf("document %s handed on after the cancel", d.ID)
				return nil
			})
			return err
		}},
		{"ParseContext", func(ctx context.Context) error {
			_, err := ParseContext(ctx, "long.txt", data)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled atomic.Int64
			time.AfterFunc(100*time.Millisecond, func() {
				cancelled.Store(time.Now().UnixNano())
				cancel()
			})
			err := tt.read(ctx)
			stopped := time.Since(time.Unix(0, cancelled.Load()))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("returned %v, want context.Canceled", err)
			}
			t.Logf("stopped %v after the cancel", stopped)
			// Not a speed test: the promise is that SIGTERM stops a build
			// within 2 s, and the checks come every few kilobytes.
			if stopped > 2*time.Second {
				t.Errorf("stopped %v after the cancel, want within 2s", stopped)
			}
		})
	}
}

// folderViews opens dir the three ways a corpus folder may come to Walk:
// os.DirFS, an os.Root and OpenDir. They close when the test ends.
func folderViews(t *testing.T, dir string) map[string]fs.FS {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return map[string]fs.FS{"DirFS": os.DirFS(dir), "Root": root.FS(), "Dir": d}
}
