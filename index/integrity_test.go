package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildTarget builds the test documents and returns the link and the
// build folder it points at.
func buildTarget(t *testing.T) (path, target string) {
	t.Helper()
	path = buildIndex(t, testDocs(), BuildOptions{})
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, target
}

// segmentFile returns the path of the index's one segment file.
func segmentFile(t *testing.T, target string) string {
	t.Helper()
	zaps, err := filepath.Glob(filepath.Join(target, "store", "*.zap"))
	if err != nil || len(zaps) != 1 {
		t.Fatalf("want one segment, found %v (%v)", zaps, err)
	}
	return zaps[0]
}

// flipByte inverts one bit of the byte at the middle of a file, as a
// failing disk or a bad copy would.
func flipByte(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x04
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesADamagedIndex(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, target string)
	}{
		{"a bit flipped in the segment", func(t *testing.T, target string) { flipByte(t, segmentFile(t, target)) }},
		{"a bit flipped in the root file", func(t *testing.T, target string) { flipByte(t, filepath.Join(target, "store", "root.bolt")) }},
		{"a bit flipped in the metadata", func(t *testing.T, target string) {
			file := filepath.Join(target, "index_meta.json")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// Still valid JSON: a space becomes a tab.
			if err := os.WriteFile(file, []byte(strings.Replace(string(data), " ", "\t", 1)+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a truncated segment", func(t *testing.T, target string) {
			seg := segmentFile(t, target)
			info, err := os.Stat(seg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(seg, info.Size()-1); err != nil {
				t.Fatal(err)
			}
		}},
		{"no checksum file", func(t *testing.T, target string) {
			if err := os.Remove(filepath.Join(target, checksumFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a garbled checksum file", func(t *testing.T, target string) {
			if err := os.WriteFile(filepath.Join(target, checksumFile), []byte("garbage\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, target := buildTarget(t)
			tt.damage(t, target)
			ix, err := Open(path)
			if err == nil {
				ix.Close()
				t.Fatal("a damaged index opened")
			}
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v, want ErrDamaged", err)
			}
			if !strings.Contains(err.Error(), "archivebot index") {
				t.Errorf("the error does not say how to rebuild: %v", err)
			}
		})
	}
}

// TestReadingLeavesTheChecksumsValid: opening, searching and closing an
// index read-only, as serving does, changes none of the files the
// checksums cover, so that a served index still verifies on the next start
// or reload.
func TestReadingLeavesTheChecksumsValid(t *testing.T) {
	path, _ := buildTarget(t)
	for range 3 {
		ix, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Document(context.Background(), "101"); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	live, err := OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := live.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatalf("after being served: %v", err)
	}
	ix.Close()
}

// TestReloadRefusesADamagedIndex: SIGHUP after a bit-flipped build was
// swapped in must keep the old index serving.
func TestReloadRefusesADamagedIndex(t *testing.T) {
	path, target := buildTarget(t)
	live, err := OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	held, release := live.Acquire()
	release()

	// A copy of the build, one bit flipped, swapped in at the path.
	copyDir := path + ".999"
	err = filepath.WalkDir(target, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(target, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(copyDir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(copyDir, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	flipByte(t, segmentFile(t, copyDir))
	link := path + ".tmp-link"
	if err := os.Symlink(filepath.Base(copyDir), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(link, path); err != nil {
		t.Fatal(err)
	}

	if err := live.Reload(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Reload: %v, want ErrDamaged", err)
	}
	ix, rel := live.Acquire()
	defer rel()
	if ix != held {
		t.Error("a failed reload replaced the index")
	}
	if _, err := ix.Document(context.Background(), testDocs()[0].ID); err != nil {
		t.Errorf("the old index stopped answering: %v", err)
	}
}
