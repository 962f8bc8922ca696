package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/index"
)

// flipSegmentByte flips one bit in the middle of the segment of the index
// at path, as a failing disk would.
func flipSegmentByte(t *testing.T, path string) {
	t.Helper()
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	zaps, err := filepath.Glob(filepath.Join(target, "store", "*.zap"))
	if err != nil || len(zaps) != 1 {
		t.Fatalf("want one segment, found %v (%v)", zaps, err)
	}
	data, err := os.ReadFile(zaps[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x10
	if err := os.WriteFile(zaps[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedIndex(t *testing.T) {
	t.Run("given with --index: refused, with advice", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "idx")
		if r := runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/archive", "--index", path); r.code != 0 {
			t.Fatalf("index: %s", r.stderr)
		}
		flipSegmentByte(t, path)
		r := runMain(t, nil, "", "ask", "--index", path, "cite 115932")
		if r.code != exitFailure {
			t.Errorf("exit %d, want %d", r.code, exitFailure)
		}
		for _, want := range []string{"damaged", "archivebot index --corpus DIR --index " + path} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
		}
	})
	t.Run("in the cache: built again", func(t *testing.T) {
		env := map[string]string{"ARCHIVEBOT_CACHE_DIR": t.TempDir()}
		if r := runMain(t, env, "", "ask", "cite 115932"); r.code != 0 {
			t.Fatalf("first ask: exit %d: %s", r.code, r.stderr)
		}
		flipSegmentByte(t, filepath.Join(env["ARCHIVEBOT_CACHE_DIR"], "indexes", "sample"))
		r := runMain(t, env, "", "ask", "cite 115932")
		if r.code != 0 || !strings.Contains(r.stdout, "AVPRF F. 0102") {
			t.Errorf("exit %d, want an answer:\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "building it again") {
			t.Errorf("the rebuild was not logged:\n%s", r.stderr)
		}
	})
}

// TestOpenFailureMessages: each way an index fails to open gets its own
// advice; a permission problem names the path to check, never a rebuild.
func TestOpenFailureMessages(t *testing.T) {
	const path = "/srv/idx"
	tests := []struct {
		name      string
		err       error
		want, not string
	}{
		{"permission", fmt.Errorf("reload index: index at %s: %w: check the owner and mode of /srv/idx.1/store/root.bolt", path, index.ErrPermission),
			"permission denied: check the owner and mode of /srv/idx.1/store/root.bolt", "open index " + path},
		{"damaged", fmt.Errorf("%w: index at %s", index.ErrDamaged, path), "archivebot index --corpus DIR --index " + path, "permission"},
		{"missing", fmt.Errorf("%w at %s", index.ErrNoIndex, path), "build one with: archivebot index --corpus DIR --index " + path, "permission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := openFailure(path, tt.err).Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, tt.not) {
				t.Errorf("%q: want %q, and not %q", msg, tt.want, tt.not)
			}
		})
	}
}
