package index

import (
	"os"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus/synth"
)

func TestZZLoad(t *testing.T) {
	path := os.Getenv("SCRATCH_INDEX")
	if path == "" {
		t.Skip()
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var tStored, tDec, tDecode time.Duration
	var raw, plainN int
	for i := 0; i < 500; i++ {
		id := synth.DocID(i * 17 % 10000)
		st := time.Now()
		r, err := storedField(ix.bi, docRecordID(id), fieldDoc)
		if err != nil {
			t.Fatal(err)
		}
		tStored += time.Since(st)
		st = time.Now()
		dec, _ := zDecoder()
		plain, err := dec.DecodeAll(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		tDec += time.Since(st)
		st = time.Now()
		if _, err := decodeDocument(plain); err != nil {
			t.Fatal(err)
		}
		tDecode += time.Since(st)
		raw += len(r)
		plainN += len(plain)
	}
	t.Logf("per doc: stored %v, zstd %v, decode %v; compressed %d B, plain %d B", tStored/500, tDec/500, tDecode/500, raw/500, plainN/500)
}
