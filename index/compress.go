package index

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/archivebot/archivebot/corpus"
)

// The stored form of a document is zstd-compressed: it is most of an
// index's size (about 1.2× the raw text encoded, 0.45× compressed), and
// decompressing a document takes some tens of microseconds, next to the
// decoding's thirty to fifty; the index keeps recently decoded documents
// anyway. Bleve's own compression of stored fields (snappy, per chunk)
// leaves about twice as much.
//
// Documents are compressed at zstd's "better" level: every answer
// decompresses a page of them, and at that level they decompress a
// quarter faster than at the default (47 against 62 µs for a 25 KB
// document on the benchmark machine), and are a little smaller, for
// twice the compression time at build (0.6 ms a document, on every core).
// S2 decompresses faster still, but leaves a third more to store.

// maxStoredDocument bounds a decompressed document: far above what the
// reader accepts (16 MiB of text and what it derives), so that a damaged
// or hostile index cannot make a query allocate without bound.
const maxStoredDocument = 256 << 20

var (
	zEncoder = sync.OnceValues(func() (*zstd.Encoder, error) {
		return zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(0))
	})
	zDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
		return zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxStoredDocument), zstd.WithDecoderConcurrency(0))
	})
)

// compressDocument returns the stored form of d: its encoding, compressed.
func compressDocument(d *corpus.Document) ([]byte, error) {
	enc, err := zEncoder()
	if err != nil {
		return nil, fmt.Errorf("compress document: %w", err)
	}
	return enc.EncodeAll(encodeDocument(d), nil), nil
}

// decompressDocument reads a document from its stored form.
func decompressDocument(raw []byte) (corpus.Document, error) {
	dec, err := zDecoder()
	if err != nil {
		return corpus.Document{}, fmt.Errorf("decompress document: %w", err)
	}
	// The decompressed bytes are garbage once decoded (decodeDocument
	// copies them into the document's strings), so their buffer is
	// reused: a query loads a page of documents, some 25 KB each.
	bp := plainBuffers.Get().(*[]byte)
	plain, err := dec.DecodeAll(raw, (*bp)[:0])
	defer func() {
		if cap(plain) <= maxPooledPlain {
			*bp = plain[:0]
			plainBuffers.Put(bp)
		}
	}()
	if err != nil {
		return corpus.Document{}, fmt.Errorf("%w: %w", errCorrupt, err)
	}
	return decodeDocument(plain)
}

// plainBuffers hold decompressed documents' buffers for reuse, up to
// maxPooledPlain bytes each.
var plainBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 64<<10)
	return &b
}}

const maxPooledPlain = 1 << 20
