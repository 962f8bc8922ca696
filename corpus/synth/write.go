package synth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// ManifestFile is the file in an archive folder that records what Write
// put there. The corpus reader does not read it (it is not .txt or .md).
const ManifestFile = "synth.json"

// Manifest describes a synthetic archive written to a folder.
type Manifest struct {
	// Version is the generator Version that wrote the archive.
	Version int    `json:"version"`
	Seed    uint64 `json:"seed"`
	// Docs counts the documents, one file each.
	Docs int `json:"docs"`
	// Bytes is the size of all document files together.
	Bytes int64 `json:"bytes"`
}

// Matches reports whether m describes the archive of n documents that g
// writes with this version of the generator.
func (m Manifest) Matches(g *Generator, n int) bool {
	return m.Version == Version && m.Seed == g.seed && m.Docs == n
}

// ReadManifest reads the manifest of the archive in dir.
func ReadManifest(dir string) (Manifest, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return Manifest{}, fmt.Errorf("read archive manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return Manifest{}, fmt.Errorf("read archive manifest %s: %w", dir, err)
	}
	return m, nil
}

// Ensure returns the archive of n documents in dir, writing it first unless
// dir already holds it (by its manifest). reused says whether it did.
func Ensure(ctx context.Context, dir string, g *Generator, n int) (m Manifest, reused bool, err error) {
	if m, err := ReadManifest(dir); err == nil && m.Matches(g, n) {
		return m, true, nil
	}
	m, err = Write(ctx, dir, g, n)
	return m, false, err
}

// Write writes documents 0 to n-1 into dir, one file each, and the
// manifest last, so that a folder with a manifest is complete. dir is
// created if needed; other document files already in it are removed
// first, so that the folder holds this archive and nothing else.
func Write(ctx context.Context, dir string, g *Generator, n int) (Manifest, error) {
	if n < 0 {
		return Manifest{}, fmt.Errorf("write archive: negative document count %d", n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("write archive: %w", err)
	}
	if err := clearDir(dir); err != nil {
		return Manifest{}, fmt.Errorf("write archive: %w", err)
	}
	var (
		mu    sync.Mutex
		bytes int64
		first error
		wg    sync.WaitGroup
	)
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				data := g.Document(i)
				err := os.WriteFile(filepath.Join(dir, g.FileName(i)), data, 0o644)
				mu.Lock()
				bytes += int64(len(data))
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	var err error
	for i := range n {
		if err = ctx.Err(); err != nil {
			break
		}
		mu.Lock()
		err = first
		mu.Unlock()
		if err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err == nil {
		err = first
	}
	if err != nil {
		return Manifest{}, fmt.Errorf("write archive: %w", err)
	}
	m := Manifest{Version: Version, Seed: g.seed, Docs: n, Bytes: bytes}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("write archive: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), append(raw, '\n'), 0o644); err != nil {
		return Manifest{}, fmt.Errorf("write archive: %w", err)
	}
	return m, nil
}

// clearDir removes the manifest and the .txt files directly in dir.
func clearDir(dir string) error {
	if err := os.Remove(filepath.Join(dir, ManifestFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".txt" {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
