//go:build unix

package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs fn with the process's umask set to mask. The umask is the
// whole process's: these tests do not run in parallel.
func withUmask(t *testing.T, mask int, fn func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	fn()
}

// TestBuildModesFollowTheUmask: an index is as readable as the umask lets
// a new file be (0644 and 0755 before it), whatever modes bleve creates
// its files with, so that one user can serve an index another built.
func TestBuildModesFollowTheUmask(t *testing.T) {
	tests := []struct {
		umask             int
		wantDir, wantFile fs.FileMode
	}{
		{0o022, 0o755, 0o644},
		{0o002, 0o755, 0o644},
		{0o027, 0o750, 0o640},
		{0o077, 0o700, 0o600},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("umask %04o", tt.umask), func(t *testing.T) {
			var path string
			withUmask(t, tt.umask, func() { path = buildIndex(t, testDocs(), BuildOptions{}) })
			dir, err := filepath.EvalSymlinks(path)
			if err != nil {
				t.Fatal(err)
			}
			var files int
			err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				want := tt.wantFile
				if d.IsDir() {
					want = tt.wantDir
				} else {
					files++
				}
				if got := info.Mode().Perm(); got != want {
					rel, _ := filepath.Rel(dir, p)
					t.Errorf("%s: mode %04o, want %04o", rel, got, want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if files < 3 {
				t.Fatalf("only %d files in the index", files)
			}
			// The modes are no part of the checksums: the index still opens.
			ix, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			ix.Close()
		})
	}
}

// TestOpenPermissionDenied: an index the user may not read is reported as
// a permission problem, naming the path to check, not as a missing or
// damaged index to rebuild.
func TestOpenPermissionDenied(t *testing.T) {
	denied := func(t *testing.T, err error, wantPath string) {
		t.Helper()
		if err == nil {
			t.Fatal("opened an index the user may not read")
		}
		if !errors.Is(err, ErrPermission) || errors.Is(err, ErrNoIndex) || errors.Is(err, ErrDamaged) {
			t.Errorf("error %q: want ErrPermission alone", err)
		}
		want := "permission denied: check the owner and mode of " + wantPath
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
		if strings.Contains(err.Error(), "rebuild") || strings.Contains(err.Error(), "archivebot index") {
			t.Errorf("error %q advises a rebuild", err)
		}
	}

	// The message, from the errors the file system gives, as any user.
	t.Run("errors", func(t *testing.T) {
		for _, tt := range []struct {
			name, wantPath string
			err            error
		}{
			{"a file", "/idx.1/store/root.bolt", &fs.PathError{Op: "open", Path: "/idx.1/store/root.bolt", Err: syscall.EACCES}},
			{"wrapped", "/idx.1/index_meta.json", fmt.Errorf("read: %w", &fs.PathError{Op: "open", Path: "/idx.1/index_meta.json", Err: syscall.EPERM})},
			{"no path in the error", "/idx", fmt.Errorf("bolt: %w", os.ErrPermission)},
		} {
			t.Run(tt.name, func(t *testing.T) { denied(t, accessError("/idx", tt.err), tt.wantPath) })
		}
		if err := accessError("/idx", fs.ErrNotExist); err != nil {
			t.Errorf("a missing file is no permission problem: %v", err)
		}
	})

	// A real file the user may not read.
	t.Run("file mode 000", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads any file; the second-user test below covers it")
		}
		path := buildIndex(t, testDocs(), BuildOptions{})
		dir, _ := filepath.EvalSymlinks(path)
		file := filepath.Join(dir, "store", "root.bolt")
		if err := os.Chmod(file, 0); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(file, 0o644)
		_, err := Open(path)
		denied(t, err, file)
	})

	// Another user: root builds, nobody reads, then may not read a file.
	t.Run("second user", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to run as another user; the mode 000 test covers it")
		}
		const nobody = 65534
		var path string
		withUmask(t, 0o022, func() { path = buildIndex(t, testDocs(), BuildOptions{}) })
		// t.TempDir's folders and the test binary's are private: open
		// the way to the index and copy the binary beside it.
		for p := filepath.Dir(path); p != filepath.Dir(p) && strings.HasPrefix(p, os.TempDir()+"/"); p = filepath.Dir(p) {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		bin := filepath.Join(filepath.Dir(path), "index.test")
		copyFile(t, os.Args[0], bin, 0o755)

		openAs := func(uid uint32) (string, error) {
			cmd := exec.Command(bin, "-test.run=^TestHelperOpen$")
			cmd.Env = append(os.Environ(), "ARCHIVEBOT_TEST_OPEN="+path)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		if out, err := openAs(nobody); err != nil || !strings.Contains(out, "opened") {
			t.Fatalf("another user cannot open an index built with umask 022: %v\n%s", err, out)
		}
		dir, _ := filepath.EvalSymlinks(path)
		file := filepath.Join(dir, "store", "root.bolt")
		if err := os.Chmod(file, 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := openAs(nobody)
		if want := "permission denied: check the owner and mode of " + file; !strings.Contains(out, want) || strings.Contains(out, "rebuild") {
			t.Errorf("another user, a file of mode 0600: %s\nwant %q and no advice to rebuild", out, want)
		}
	})
}

// TestHelperOpen opens the index ARCHIVEBOT_TEST_OPEN names, for
// TestOpenPermissionDenied's second user; it does nothing otherwise.
func TestHelperOpen(t *testing.T) {
	path := os.Getenv("ARCHIVEBOT_TEST_OPEN")
	if path == "" {
		t.Skip("run by TestOpenPermissionDenied")
	}
	ix, err := Open(path)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	ix.Close()
	fmt.Println("opened")
}

func copyFile(t *testing.T, from, to string, mode fs.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
