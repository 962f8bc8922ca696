package corpus

import (
	"io/fs"
	"os"
	"syscall"
)

// Dir is a corpus folder on disk, for Walk. It reads through an os.Root,
// so a symbolic link that leads out of the folder is refused by the
// system, and it opens files without blocking, so a named pipe that takes
// the place of a document between the listing and the read cannot hold a
// build up.
type Dir struct {
	root *os.Root
	fsys fs.FS
}

// OpenDir opens the folder at path. Close it after use.
func OpenDir(path string) (*Dir, error) {
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	return &Dir{root: root, fsys: root.FS()}, nil
}

// Close closes the folder.
func (d *Dir) Close() error { return d.root.Close() }

// Open opens the named file for reading, without waiting for a writer.
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ReadDir lists the named folder, as fs.ReadDirFS does.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }

// Stat describes the named file, following links inside the folder.
func (d *Dir) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

// Lstat describes the named file without following a link.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.fsys, name) }

// ReadLink returns the target of the named symbolic link.
func (d *Dir) ReadLink(name string) (string, error) { return fs.ReadLink(d.fsys, name) }
