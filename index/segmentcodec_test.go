package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	zap "github.com/blevesearch/zapx/v17"
)

func TestSegmentPieces(t *testing.T) {
	if err := installSegmentHooks(); err != nil {
		t.Fatal(err)
	}
	enc, err := segmentEncoder()
	if err != nil {
		t.Fatal(err)
	}
	varints := make([]byte, 0, 4096)
	for i := range 600 {
		varints = binary.AppendUvarint(varints, uint64(i%7))
		varints = binary.AppendUvarint(varints, uint64(0x3e000000+i%3))
	}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rand.N(256))
	}
	roaring := binary.LittleEndian.AppendUint32(nil, roaringCookieNoRuns)
	roaring = append(roaring, bytes.Repeat([]byte{0}, 400)...)
	fst := append(append([]byte(nil), vellumHeader...), bytes.Repeat([]byte("ab"), 300)...)
	tests := []struct {
		name string
		data []byte
		kind byte
	}{
		{"varints", varints, pieceZstd},
		{"short", varints[:segmentMinCompressed-1], piecePlain},
		{"incompressible", random, piecePlain},
		{"roaring bitmap", roaring, piecePlain},
		{"dictionary", fst, piecePlain},
		{"empty", nil, piecePlain},
	}
	for _, tt := range tests {
		piece := encodePiece(enc, tt.data)
		if piece[0] != tt.kind {
			t.Errorf("%s: written as kind %d, want %d", tt.name, piece[0], tt.kind)
		}
		if tt.kind == pieceZstd && len(piece) >= len(tt.data)/2 {
			t.Errorf("%s: %d bytes compressed to %d", tt.name, len(tt.data), len(piece))
		}
		got, err := decodePiece(piece)
		if err != nil || !bytes.Equal(got, tt.data) {
			t.Errorf("%s: read back %d bytes, %v; wrote %d", tt.name, len(got), err, len(tt.data))
		}
	}
	for _, bad := range [][]byte{nil, {7, 1, 2}, {pieceZstd, 1, 2, 3}} {
		if _, err := decodePiece(bad); !errors.Is(err, errSegmentPiece) {
			t.Errorf("decodePiece(%v) = %v, want errSegmentPiece", bad, err)
		}
	}
}

// TestSegmentsCompressed: Build writes its segments through the codec; an
// index with Bleve's defaults, written in the same process, is written as
// zap writes it; both read back.
func TestSegmentsCompressed(t *testing.T) {
	ix := openIndex(t, testDocs())
	got := segmentCodecs(t, ix.Path())
	if len(got) == 0 {
		t.Fatal("no segments found")
	}
	for _, id := range got {
		if id != segmentCodecID {
			t.Errorf("our segment written by %q, want %q", id, segmentCodecID)
		}
	}
	res, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain", "exports"}})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search the compressed index: %v, %d hits", err, len(res.Hits))
	}

	dir := filepath.Join(t.TempDir(), "baseline")
	if _, err := BuildBaseline(context.Background(), dir, sliceSource(testDocs())); err != nil {
		t.Fatal(err)
	}
	b, err := OpenBaseline(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, err := b.Match(context.Background(), "grain exports"); err != nil || n == 0 {
		t.Errorf("baseline: %d, %v", n, err)
	}
	for _, id := range segmentCodecs(t, dir) {
		if id != "" {
			t.Errorf("baseline segment written by %q", id)
		}
	}
}

// segmentCodecs are the codecs that wrote the segments under dir.
func segmentCodecs(t *testing.T, dir string) []string {
	t.Helper()
	var ids []string
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || filepath.Ext(path) != ".zap" {
			return err
		}
		seg, err := (&zap.ZapPlugin{}).Open(path)
		if err != nil {
			return err
		}
		defer seg.Close()
		ids = append(ids, seg.(interface{ CallbackId() string }).CallbackId())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
