package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/klauspost/compress/zstd"
)

// Bleve's segments (zap) write the postings' frequencies, norms and
// positions as plain varints, in chunks of about a thousand records per
// term: a norm alone is a float's five bytes, the same few values over and
// over. Zap hands every piece it writes to a hook (bleve_index_api's
// WriterHook, meant for compression or encryption) and every piece it
// reads to another (ReaderHook); the segment records which hook wrote it.
// Our indexes' segments are written through a codec of ours, which
// compresses each piece with zstd, except:
//
//   - a term's set of records (a roaring bitmap), which a query reads for
//     every term it looks up, and the terms' dictionaries (vellum FSTs),
//     which stay mapped rather than decompressed onto the heap: both keep
//     their bytes as written, so that they are read in place;
//   - pieces under segmentMinCompressed bytes, or that compression would
//     not make an eighth smaller (the stored documents, compressed
//     already).
//
// Every piece starts with one byte that says which it is, so a piece is
// read right whichever way it was written.
//
// The hooks are Bleve's process-wide settings. The writer's acts only on
// the segments of the folders Build claims (claimSegments), and the
// reader's only on segments the codec wrote: an index
// written with Bleve's defaults in the same process (the benchmark's
// baseline) is written and read as zap writes it.
const (
	segmentCodecID       = "archivebot-zstd-1"
	segmentMinCompressed = 128
)

// The first byte of every piece the codec writes.
const (
	piecePlain byte = iota
	pieceZstd
)

var errSegmentPiece = errors.New("corrupt segment piece")

// segmentDirs are the folders claimed by claimSegments, each ending in a
// separator.
var segmentDirs sync.Map

// installSegmentHooks sets Bleve's hooks, once per process.
var installSegmentHooks = sync.OnceValue(func() error {
	enc, err := segmentEncoder()
	if err != nil {
		return fmt.Errorf("segment codec: %w", err)
	}
	bleveindex.WriterHook = func(context []byte) (string, func([]byte) []byte, error) {
		if !claimed(string(context)) {
			return "", nil, nil
		}
		return segmentCodecID, func(data []byte) []byte { return encodePiece(enc, data) }, nil
	}
	bleveindex.ReaderHook = func(id string, _ []byte) (func([]byte) ([]byte, error), error) {
		switch id {
		case "":
			return nil, nil
		case segmentCodecID:
			return decodePiece, nil
		}
		return nil, fmt.Errorf("segment written by unknown codec %q", id)
	}
	return nil
})

// segmentLevel is zstd's fastest level. Its default level, with pieces
// from 64 bytes, left an index of 1.30× the raw text at 10,000 documents
// against this one's 1.39×, for more time at build, where every merge
// writes every piece again.
var segmentLevel = zstd.SpeedFastest

// segmentEncoder compresses the pieces of segments. One piece is written
// at a time (zap's writers are single goroutines), but several indexes
// may be built at once.
var segmentEncoder = sync.OnceValues(func() (*zstd.Encoder, error) {
	return zstd.NewWriter(nil, zstd.WithEncoderLevel(segmentLevel))
})

// claimSegments makes the segments written under dir from now on
// compressed (see segmentCodecID).
func claimSegments(dir string) error {
	if err := installSegmentHooks(); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("segment codec: %w", err)
	}
	// Bleve names the segments from dir as given.
	for _, d := range []string{dir, abs} {
		segmentDirs.Store(filepath.Clean(d)+string(filepath.Separator), struct{}{})
	}
	return nil
}

// claimed says whether path lies in a claimed folder.
func claimed(path string) bool {
	found := false
	segmentDirs.Range(func(dir, _ any) bool {
		found = strings.HasPrefix(path, dir.(string))
		return !found
	})
	return found
}

// encodePiece is what the codec writes for data.
func encodePiece(enc *zstd.Encoder, data []byte) []byte {
	if len(data) >= segmentMinCompressed && !readInPlace(data) {
		out := enc.EncodeAll(data, []byte{pieceZstd})
		if len(out) < len(data)-len(data)/8 {
			return out
		}
	}
	out := make([]byte, 0, len(data)+1)
	return append(append(out, piecePlain), data...)
}

// decodePiece reads back what encodePiece wrote.
func decodePiece(data []byte) ([]byte, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty", errSegmentPiece)
	}
	switch data[0] {
	case piecePlain:
		return data[1:], nil
	case pieceZstd:
		dec, err := zDecoder()
		if err != nil {
			return nil, fmt.Errorf("segment codec: %w", err)
		}
		out, err := dec.DecodeAll(data[1:], nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errSegmentPiece, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: kind %d", errSegmentPiece, data[0])
}

// Roaring bitmaps open with one of two cookies, and vellum FSTs with
// their version (1) and type (0) as two little-endian uint64s.
const (
	roaringCookieNoRuns = 12346
	roaringCookie       = 12347
)

var vellumHeader = []byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// readInPlace says whether data is a roaring bitmap or an FST, which a
// reader uses where it lies (see segmentCodecID). A varint chunk that
// happened to look like one would only be left uncompressed.
func readInPlace(data []byte) bool {
	if len(data) >= 4 && (binary.LittleEndian.Uint32(data) == roaringCookieNoRuns || binary.LittleEndian.Uint16(data) == roaringCookie) {
		return true
	}
	return bytes.HasPrefix(data, vellumHeader)
}
