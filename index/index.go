package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/singleflight"

	"github.com/archivebot/archivebot/corpus"
)

// SchemaVersion is the version of the index layout this package writes and
// reads. Bump it whenever the mapping or the records change, so that an old
// index is rebuilt rather than misread.
const SchemaVersion = 14

// manifestKey is the bleve internal key the manifest is stored under.
const manifestKey = "archivebot.manifest"

// openTimeout bounds how long Open waits for the index's file lock, which a
// process writing to the same directory would hold.
const openTimeout = "2s"

// Errors returned by this package; test for them with errors.Is. The
// returned errors wrap them with the path or query and the cause.
var (
	// ErrNotFound means no document has the id asked for.
	ErrNotFound = errors.New("not found")
	// ErrNoIndex means there is no usable archivebot index at the path: it is
	// missing, empty, corrupt or not one of ours. Running `archivebot index`
	// builds one.
	ErrNoIndex = errors.New("no index")
	// ErrSchema means the index was built by another version of archivebot
	// with a different layout. Running `archivebot index` rebuilds it.
	ErrSchema = errors.New("index schema is out of date")
	// ErrBadQuery means a query is empty, too long or has too many terms, or
	// its paging or filters are invalid. The wrapping message says which.
	ErrBadQuery = errors.New("bad query")
	// ErrTimeout means a search ran past its context's deadline.
	ErrTimeout = errors.New("search timed out")
	// ErrEmpty means Build's source gave no documents; the old index, if
	// any, is kept.
	ErrEmpty = errors.New("no documents to index")
	// ErrPermission means the index, or a file or folder of it, may not be
	// read by this user: the message names the path whose owner and mode
	// to check. Rebuilding would not help.
	ErrPermission = errors.New("permission denied")
)

// accessError returns the ErrPermission error for err, naming the file
// the system refused (or the index at path when err does not say), or nil
// when err is no permission problem.
func accessError(path string, err error) error {
	if !errors.Is(err, fs.ErrPermission) {
		return nil
	}
	where := path
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path != "" {
		where = pe.Path
	}
	return fmt.Errorf("index at %s: %w: check the owner and mode of %s", path, ErrPermission, where)
}

// Manifest describes a built index. It is stored inside the index.
type Manifest struct {
	// SchemaVersion is the SchemaVersion of the archivebot that built it.
	SchemaVersion int `json:"schema_version"`
	// Fingerprint identifies the corpus content it was built from
	// (corpus.Report.Fingerprint).
	Fingerprint string `json:"fingerprint"`
	// Documents and Paragraphs count what was indexed.
	Documents  int `json:"documents"`
	Paragraphs int `json:"paragraphs"`
	// BuiltAt is when the build finished, in UTC.
	BuiltAt time.Time `json:"built_at"`
	// DocFormat identifies the stored form of the documents (DocFormat).
	DocFormat string `json:"doc_format"`
	// Checksums says that the build wrote the checksums of its files,
	// which Open verifies; an index built before they were written has
	// none, and is rebuilt.
	Checksums bool `json:"checksums,omitempty"`
}

// Index is an open, read-only archivebot index. It is safe for concurrent
// use. Close it when done.
type Index struct {
	bi        bleve.Index
	path      string
	manifest  Manifest
	lexicon   lexicon
	authority *corpus.Authority
	docs      *docCache
	results   resultCache
	// people is the person table (see Named).
	people *peopleTable
	// persons remembers what Person found for a name; personMemo counts
	// the names it remembers.
	persons    sync.Map
	personMemo atomic.Int64
	// searches and searchNS count the Bleve searches run and the time they
	// took, for SearchTime.
	searches, searchNS atomic.Int64
	// days lists the documents dated to the day (days.go).
	days days
	// exact finds documents by their whole title (exacttitles.go).
	exact exactTitles
	// docNums is the internal number of each document's record
	// (docnumbers.go).
	docNums map[string]uint64
	// prefetch loads the next page's documents; loading lets callers
	// that need one document at once share its loading (prefetch.go).
	prefetch *prefetcher
	loading  singleflight.Group
	// bleveOnly makes pass one ask Bleve's searchers even where its own
	// reader could answer (leaders.go): tests compare the two.
	bleveOnly bool
}

// SearchTime returns how many Bleve searches the index has run and the
// time they took, summed over all goroutines: the part of answering that
// is Bleve's own, for benchmarks.
func (ix *Index) SearchTime() (searches int64, total time.Duration) {
	return ix.searches.Load(), time.Duration(ix.searchNS.Load())
}

// Open opens the index at path read-only and checks that this version of
// archivebot can read it. It fails with ErrNoIndex when there is no usable
// index at path, with ErrSchema when the index has another schema version,
// and with ErrDamaged when a file of the index does not match the checksum
// the build wrote; the messages tell the user to run `archivebot index`.
//
// Verifying reads every file of the index once (a SHA-256 of some 50 MB
// for 10,000 documents, a fraction of a second), before Bleve maps any of
// them: a damaged segment can make a search loop, not just fail.
func Open(path string) (*Index, error) {
	// Verify and open the same build folder, even if a new build is
	// swapped in at path meanwhile.
	dir, err := filepath.EvalSymlinks(path)
	if aerr := accessError(path, err); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		dir = path // openBleve says what is wrong
	}
	verr := verifyChecksums(path, dir)
	if verr != nil && !errors.Is(verr, errNoChecksums) {
		return nil, verr
	}
	bi, m, err := openBleve(path, dir)
	if err != nil {
		return nil, err
	}
	if verr != nil { // no checksum file
		_ = bi.Close()
		if m.Checksums {
			return nil, fmt.Errorf("%w: index at %s: its checksum file is missing: rebuild it with `archivebot index`", ErrDamaged, path)
		}
		return nil, fmt.Errorf("%w: index at %s has no checksums (an older archivebot built it): rebuild it with `archivebot index`",
			ErrSchema, path)
	}
	if m.SchemaVersion != SchemaVersion {
		_ = bi.Close()
		return nil, fmt.Errorf("%w: index at %s has schema %d, this archivebot needs %d: rebuild it with `archivebot index`",
			ErrSchema, path, m.SchemaVersion, SchemaVersion)
	}
	if m.DocFormat != DocFormat {
		_ = bi.Close()
		return nil, fmt.Errorf("%w: index at %s stores documents in another form (%s, this archivebot reads %s): rebuild it with `archivebot index`",
			ErrSchema, path, m.DocFormat, DocFormat)
	}
	ix := &Index{bi: bi, path: path, manifest: m, docs: newDocCache(docCacheSize), results: newResultCache(resultCacheSize)}
	raw, err := bi.GetInternal([]byte(lexiconKey))
	if err == nil && raw != nil {
		err = json.Unmarshal(raw, &ix.lexicon)
	}
	if err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("%w at %s (run `archivebot index` to rebuild it): read lexicon: %w", ErrNoIndex, path, err)
	}
	ix.authority = corpus.NewAuthority(ix.lexicon.People)
	ix.exact = newExactTitles(ix.lexicon.Titles)
	if ix.docNums, err = readDocNumbers(bi); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("%w: index at %s: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	if ix.people, err = readPeopleTable(path, dir); err != nil {
		_ = bi.Close()
		return nil, err
	}
	ix.startPrefetch()
	return ix, nil
}

// ReadManifest reads the manifest of the index at path. It opens the index
// read-only and closes it again, which is cheap: segments are mapped, not
// read. Unlike Open it does not check the schema version, so that a caller
// can report what an out-of-date index holds.
func ReadManifest(path string) (Manifest, error) {
	bi, m, err := openBleve(path, path)
	if err != nil {
		return Manifest{}, err
	}
	if err := bi.Close(); err != nil {
		return Manifest{}, fmt.Errorf("close index %s: %w", path, err)
	}
	return m, nil
}

// openBleve opens the index in dir, which path names or links to,
// read-only and reads its manifest. Messages name path.
func openBleve(path, dir string) (bleve.Index, Manifest, error) {
	noIndex := func(cause error) error {
		return fmt.Errorf("%w at %s (run `archivebot index` to build it): %w", ErrNoIndex, path, cause)
	}
	if err := registerAnalyzer(); err != nil {
		return nil, Manifest{}, fmt.Errorf("open index %s: %w", path, err)
	}
	bi, err := bleve.OpenUsing(dir, map[string]any{
		"read_only":    true,
		"bolt_timeout": openTimeout,
	})
	if err != nil {
		if aerr := accessError(path, err); aerr != nil {
			return nil, Manifest{}, aerr
		}
		return nil, Manifest{}, noIndex(err)
	}
	raw, err := bi.GetInternal([]byte(manifestKey))
	if err == nil && raw == nil {
		err = errors.New("not an archivebot index: it has no manifest")
	}
	var m Manifest
	if err == nil {
		if jerr := json.Unmarshal(raw, &m); jerr != nil {
			err = fmt.Errorf("corrupt manifest: %w", jerr)
		}
	}
	if err != nil {
		_ = bi.Close()
		return nil, Manifest{}, noIndex(err)
	}
	return bi, m, nil
}

// Manifest returns the manifest of the open index.
func (ix *Index) Manifest() Manifest { return ix.manifest }

// Path returns the path the index was opened at.
func (ix *Index) Path() string { return ix.path }

// Close releases the index. Calls after Close fail.
func (ix *Index) Close() error {
	ix.stopPrefetch()
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", ix.path, err)
	}
	if err := ix.people.close(); err != nil {
		return fmt.Errorf("close index %s: %w", ix.path, err)
	}
	return nil
}

// Document returns the document with the given id, with its paragraphs and
// everything the corpus reader derived from it. It fails with ErrNotFound
// when no document has that id. Documents, here and in hits, share their
// slices and maps with other callers: read them, do not modify them.
func (ix *Index) Document(ctx context.Context, id string) (corpus.Document, error) {
	if err := ctx.Err(); err != nil {
		return corpus.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	return ix.loadDocument(id)
}

// loadDocument reads and decodes the stored form of document id, or takes
// it from the cache of recently loaded documents. The document shares its
// slices with other callers; nothing in archivebot modifies one.
func (ix *Index) loadDocument(id string) (corpus.Document, error) {
	if id == "" {
		return corpus.Document{}, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	if d, ok := ix.docs.get(id); ok {
		return d, nil
	}
	// Callers that need the document at once share one load.
	v, err, _ := ix.loading.Do(id, func() (any, error) {
		raw, err := storedField(ix.bi, docRecordID(id), fieldDoc)
		if err != nil {
			return corpus.Document{}, fmt.Errorf("document %s: %w", id, err)
		}
		d, err := decompressDocument(raw)
		if err != nil {
			return corpus.Document{}, fmt.Errorf("document %s: decode stored document: %w", id, err)
		}
		ix.docs.put(id, d)
		return d, nil
	})
	if err != nil {
		return corpus.Document{}, err
	}
	return v.(corpus.Document), nil
}

// storedField returns the stored value of one field of record id, or
// ErrNotFound when there is no such record.
func storedField(bi bleve.Index, id, field string) ([]byte, error) {
	doc, err := bi.Document(id)
	if err != nil {
		return nil, fmt.Errorf("load record %s: %w", id, err)
	}
	if doc == nil {
		return nil, ErrNotFound
	}
	var val []byte
	doc.VisitFields(func(f bleveindex.Field) {
		if val == nil && f.Name() == field {
			// Copy: the value may point into a memory-mapped segment.
			val = append([]byte{}, f.Value()...)
		}
	})
	if val == nil {
		return nil, fmt.Errorf("record %s has no stored %s field", id, field)
	}
	return val, nil
}
