package state_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivebot/archivebot/state"
)

// boltFile makes a bbolt file at path with fn's buckets, as another
// program (or an older archivebot) would.
func boltFile(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func put(tx *bolt.Tx, bucket, key, value string) error {
	b, err := tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	return b.Put([]byte(key), []byte(value))
}

// ourFile is a state file of ours with a few entries.
func ourFile(t *testing.T, path string) {
	t.Helper()
	st, err := state.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		e := entry("valdoria-1921-03", i)
		e.Note = strings.Repeat("a long note about the Ostland border ", 7)
		if _, _, err := st.Save(context.Background(), "c", e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBoltRefusesWhatIsNotOurs(t *testing.T) {
	garbage := make([]byte, 3*4096)
	for i := range garbage {
		garbage[i] = byte(i*131 + i/7)
	}
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
		says string
	}{
		{"garbage bytes", func(t *testing.T, path string) { write(t, path, garbage) }, state.ErrDamaged, "not a bbolt database"},
		{"a text file", func(t *testing.T, path string) { write(t, path, []byte("Valdoria ledger\n")) }, state.ErrDamaged, ""},
		{"empty", func(t *testing.T, path string) { write(t, path, nil) }, state.ErrDamaged, "empty"},
		{"truncated", func(t *testing.T, path string) {
			ourFile(t, path)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			write(t, path, raw[:3*4096])
		}, state.ErrDamaged, "truncated"},
		{"meta pages overwritten", func(t *testing.T, path string) {
			ourFile(t, path)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			copy(raw[:2*4096], garbage)
			write(t, path, raw)
		}, state.ErrDamaged, ""},
		{"data pages overwritten", func(t *testing.T, path string) {
			ourFile(t, path)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for off := 2 * 4096; off+len(garbage) <= len(raw); off += len(garbage) {
				copy(raw[off:], garbage)
			}
			write(t, path, raw)
		}, state.ErrDamaged, ""},
		{"another program's bbolt", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bolt.Tx) error { return put(tx, "users", "ana", "{}") })
		}, state.ErrDamaged, "not an archivebot state file"},
		{"our bucket without the marker", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bolt.Tx) error { return put(tx, "archivebot", "schema", "1") })
		}, state.ErrDamaged, "marker"},
		{"a schema that is not a number", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bolt.Tx) error {
				if err := put(tx, "archivebot", "app", "archivebot state"); err != nil {
					return err
				}
				return put(tx, "archivebot", "schema", "two")
			})
		}, state.ErrDamaged, "schema version"},
		{"a newer schema", func(t *testing.T, path string) {
			boltFile(t, path, func(tx *bolt.Tx) error {
				if err := put(tx, "archivebot", "app", "archivebot state"); err != nil {
					return err
				}
				return put(tx, "archivebot", "schema", "2")
			})
		}, state.ErrNewerSchema, "schema 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "state.db")
			c.make(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			st, err := state.Open(context.Background(), path)
			if err == nil {
				_ = st.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, c.want) {
				t.Errorf("Open: %v, want %v", err, c.want)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("the message %q does not name the file or say %q", err, c.says)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the file was changed")
			}
			if names := dirNames(t, dir); len(names) != 1 {
				t.Errorf("the folder holds %v, want only the file", names)
			}
		})
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestBoltCreates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cache", "archivebot", "state.db")
	st := open(t, path, nil)
	if _, _, err := st.Save(context.Background(), "c", entry("a", 0)); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}

	// A bbolt file with no buckets at all (made, then the maker stopped)
	// is taken as new.
	bare := filepath.Join(dir, "bare.db")
	boltFile(t, bare, func(*bolt.Tx) error { return nil })
	open(t, bare, nil)

	// A folder where the file should be.
	if _, err := state.Open(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Open(a folder): %v", err)
	}
}

// TestBoltMigrates: a schema-0 file is backed up to <file>.bak-0, byte for
// byte, then migrated, keeping its lists in order.
func TestBoltMigrates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	list := func(es ...state.Entry) string {
		var recs []map[string]any
		for _, e := range es {
			recs = append(recs, map[string]any{"doc": e.DocID, "para": e.Paragraph, "note": e.Note, "by": e.SavedBy, "at": e.SavedAt})
		}
		b, err := json.Marshal(recs)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	boltFile(t, path, func(tx *bolt.Tx) error {
		if err := put(tx, "archivebot", "app", "archivebot state"); err != nil {
			return err
		}
		if err := put(tx, "lists", "chan:1", list(entry("ostland-1899-11", 2), entry("valdoria-1921-03", 0), entry("ostland-1899-11", 2))); err != nil {
			return err
		}
		return put(tx, "lists", "chan:\x00two", list(entry("valdoria-1921-03", 5)))
	})
	v0 := filepath.Join(t.TempDir(), "v0.db")
	copyFile(t, path, v0)
	// An earlier backup is never overwritten.
	write(t, path+".bak-0", []byte("an older backup"))

	st := open(t, path, newClock())
	if got := docIDs(t, st, "chan:1"); !equal(got, "ostland-1899-11", "valdoria-1921-03") {
		t.Errorf("chan:1 after the migration: %v", got)
	}
	if got := docIDs(t, st, "chan:\x00two"); !equal(got, "valdoria-1921-03") {
		t.Errorf("chan:\\x00two after the migration: %v", got)
	}
	if pos, added, err := st.Save(context.Background(), "chan:1", entry("valdoria-1921-03", 0)); pos != 2 || added || err != nil {
		t.Errorf("Save of a migrated entry = %d, %v, %v; want 2, false, nil", pos, added, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak-0-2"); err != nil {
		t.Fatalf("no backup: %v (folder: %v)", err, dirNames(t, dir))
	}
	old, err := os.ReadFile(path + ".bak-0")
	if err != nil || string(old) != "an older backup" {
		t.Errorf("the earlier backup changed: %q, %v", old, err)
	}
	// The backup is the version-0 file: the same buckets, keys and values
	// (bbolt's WriteTo copies the pages in use, not the file's free tail).
	if got, want := dump(t, path+".bak-0-2"), dump(t, v0); got != want {
		t.Errorf("the backup holds\n%s\nthe version-0 file held\n%s", got, want)
	}

	// Opening the migrated file makes no further backup.
	open(t, path, nil)
	if names := dirNames(t, dir); len(names) != 3 {
		t.Errorf("after a second open the folder holds %v", names)
	}
}

func equal(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// TestBoltLocked: a second Store on a held file (bbolt's flock, which
// conflicts between two opens in one process as between two processes)
// gets ErrBusy within its context's deadline, not a hang; once the first
// closes, it opens and sees the first one's saves.
func TestBoltLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	first, err := state.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.Save(context.Background(), "c", entry("a", 0)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	second, err := state.Open(ctx, path)
	if err == nil {
		_ = second.Close()
		t.Fatal("a second Open of a held file succeeded")
	}
	if !errors.Is(err, state.ErrBusy) || !strings.Contains(err.Error(), path) {
		t.Errorf("second Open: %v, want ErrBusy naming the file", err)
	}
	if _, err := state.Open(context.Background(), path, state.WithLockTimeout(50*time.Millisecond)); !errors.Is(err, state.ErrBusy) {
		t.Errorf("Open with a lock timeout: %v, want ErrBusy", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	st := open(t, path, nil)
	if got := docIDs(t, st, "c"); !equal(got, "a") {
		t.Errorf("after the first closed: %v", got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, b)
}

// dump lists a bbolt file's keys and values, buckets nested, one a line.
func dump(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sb strings.Builder
	var walk func(prefix string, b *bolt.Bucket) error
	walk = func(prefix string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(prefix+strconv.Quote(string(k))+"/", b.Bucket(k))
			}
			fmt.Fprintf(&sb, "%s%q = %q\n", prefix, k, v)
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return walk(strconv.Quote(string(name))+"/", b)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

// holdEnv names the file TestBoltHeldByAnotherProcess's child holds.
const holdEnv = "ARCHIVEBOT_STATE_TEST_HOLD"

// TestBoltHeldByAnotherProcess: a child process (this test binary again)
// opens the file and saves; while it holds the file, Open here gets
// ErrBusy; once it exits, Open works and sees its save.
func TestBoltHeldByAnotherProcess(t *testing.T) {
	if path := os.Getenv(holdEnv); path != "" {
		holdFile(path)
		return
	}
	path := filepath.Join(t.TempDir(), "state.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBoltHeldByAnotherProcess$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("the child said %q, %v", line, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if st, err := state.Open(ctx, path); !errors.Is(err, state.ErrBusy) {
		if err == nil {
			_ = st.Close()
		}
		t.Fatalf("Open while another process holds the file: %v, want ErrBusy", err)
	}
	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the child: %v", err)
	}
	st := open(t, path, nil)
	if got := docIDs(t, st, "c"); !equal(got, "ostland-1899-11") {
		t.Errorf("the child's save: %v", got)
	}
}

// holdFile is the child's part: open, save, say so, hold until stdin
// closes.
func holdFile(path string) {
	st, err := state.Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, _, err := st.Save(context.Background(), "c", entry("ostland-1899-11", 0)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("held")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	if err := st.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
