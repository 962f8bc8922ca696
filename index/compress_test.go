package index

import (
	"errors"
	"reflect"
	"testing"

	"github.com/archivebot/archivebot/corpus"
)

func TestCompressedDocument(t *testing.T) {
	want := testDocs()[0]
	raw, err := compressDocument(&want)
	if err != nil {
		t.Fatal(err)
	}
	if plain := encodeDocument(&want); len(raw) >= len(plain) {
		t.Errorf("compressed %d bytes, plain %d", len(raw), len(plain))
	}
	got, err := decompressDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the document:\n got %+v\nwant %+v", got, want)
	}
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a zstd frame at all"),
		"truncated": raw[:len(raw)/2],
		"plain":     encodeDocument(&want),
	} {
		if _, err := decompressDocument(bad); !errors.Is(err, errCorrupt) {
			t.Errorf("%s: err = %v, want errCorrupt", name, err)
		}
	}
	var empty corpus.Document
	raw, err = compressDocument(&empty)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decompressDocument(raw); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("empty document: %+v, %v", got, err)
	}
}
