package index

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/corpus"
)

// reflectiveCodec is docCodec without the typed decoders.
func reflectiveCodec() *codec {
	b := &codecBuilder{seen: map[reflect.Type]*codec{}}
	return b.build(reflect.TypeFor[corpus.Document]())
}

// TestCodecTyped: every typed decoder is in use (a field added to a type
// it reads takes it out of use, and fails here), and reads what the
// reflective decoder reads, from whole documents and from broken ones.
func TestCodecTyped(t *testing.T) {
	for elem := range typedLists {
		if _, ok := typedSlice(reflect.SliceOf(elem)); !ok {
			t.Errorf("the typed decoder of []%s is not in use: its types' fields are %q; update codec_typed.go", elem, fieldsOf(elem))
		}
	}
	slow := reflectiveCodec()
	decodeWith := func(c *codec, raw []byte) (corpus.Document, error) {
		var d corpus.Document
		dec := &decoder{s: string(raw)}
		err := c.dec(dec, reflect.ValueOf(&d).Elem())
		return d, err
	}
	var full corpus.Document
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n, 0)
	docs := append(readDir(t, "../corpus/testdata/archive"), testDocs()...)
	docs = append(docs, full, corpus.Document{Paragraphs: []corpus.Paragraph{{N: 1, Speakers: []corpus.Speaker{}}}, People: []corpus.Mention{}, Dates: []corpus.DateMention{}})
	for _, d := range docs {
		raw := encodeDocument(&d)
		want, err := decodeWith(slow, raw)
		if err != nil {
			t.Fatalf("%s: reflective decoder: %v", d.ID, err)
		}
		got, err := decodeDocument(raw)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: typed decoders differ from the reflective (-reflective +typed):\n%s", d.ID, diff)
		}
		if !reflect.DeepEqual(want, got) { // nil and empty apart, too
			t.Errorf("%s: typed decoders differ from the reflective in nil and empty lists", d.ID)
		}
		// Cut short anywhere, both fail, as corrupt.
		for cut := 0; cut < len(raw); cut += 1 + len(raw)/200 {
			_, errSlow := decodeWith(slow, raw[:cut])
			_, errTyped := decodeWith(docCodec, raw[:cut])
			if (errSlow == nil) != (errTyped == nil) || (errTyped != nil && !errors.Is(errTyped, errCorrupt)) {
				t.Fatalf("%s cut at %d: reflective %v, typed %v", d.ID, cut, errSlow, errTyped)
			}
		}
	}
}

func BenchmarkDecodeDocumentReflective(b *testing.B) {
	docs := readDir(b, "../corpus/testdata/archive")
	raws := make([][]byte, len(docs))
	for i := range docs {
		raws[i] = encodeDocument(&docs[i])
	}
	slow := reflectiveCodec()
	i := 0
	for b.Loop() {
		var d corpus.Document
		if err := slow.dec(&decoder{s: string(raws[i%len(raws)])}, reflect.ValueOf(&d).Elem()); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
