package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/corpus"
)

// fill sets every field of v, recursively, to a value that is not its
// zero value, so that a field the codec forgot shows up in a diff.
func fill(v reflect.Value, n *int, depth int) {
	*n++
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(1900+*n, 1, 2, 3, 4, 5, *n, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d é \x00 \"", *n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n) * -1000)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if depth > 2 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n, depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n, depth)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n, depth)
			fill(e, n, depth)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n, depth)
		}
	default:
		panic("fill: " + v.Type().String())
	}
}

// TestCodecEveryField stores a document with every field set: a field
// added to corpus.Document (or any type inside it) that the codec cannot
// store panics, and one it drops shows in the diff.
func TestCodecEveryField(t *testing.T) {
	var d corpus.Document
	n := 0
	fill(reflect.ValueOf(&d).Elem(), &n, 0)
	got, err := decodeDocument(encodeDocument(&d))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Nil and empty stay apart; a zero time stays zero; an offset survives.
	d = corpus.Document{Paragraphs: []corpus.Paragraph{}, Sections: map[string]string{},
		Date: corpus.Date{Time: time.Date(1957, 11, 13, 0, 0, 0, 0, time.FixedZone("", 3*3600))}}
	got, err = decodeDocument(encodeDocument(&d))
	if err != nil {
		t.Fatal(err)
	}
	if got.Paragraphs == nil || got.Sections == nil || got.People != nil || !got.Date.Time.Equal(d.Date.Time) || got.Date.Time.Format(time.RFC3339) != "1957-11-13T00:00:00+03:00" {
		t.Errorf("round trip of empty fields: %+v", got)
	}
}

// TestCodecLikeJSON checks that documents read from the sample and the test
// archive come back from the stored form as they came back from JSON, which
// the index stored before.
func TestCodecLikeJSON(t *testing.T) {
	docs := append(readDir(t, "../corpus/testdata/archive"), testDocs()...)
	if len(docs) < 5 {
		t.Fatalf("only %d documents", len(docs))
	}
	for _, d := range docs {
		raw, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var viaJSON corpus.Document
		if err := json.Unmarshal(raw, &viaJSON); err != nil {
			t.Fatal(err)
		}
		got, err := decodeDocument(encodeDocument(&d))
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		if diff := cmp.Diff(d, got); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", d.ID, diff)
		}
		if diff := cmp.Diff(viaJSON, got, cmp.Comparer(func(a, b []corpus.Paragraph) bool {
			return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
		})); diff != "" {
			t.Errorf("%s: differs from JSON (-json +got):\n%s", d.ID, diff)
		}
	}
}

func TestCodecCorrupt(t *testing.T) {
	d := testDocs()[0]
	raw := encodeDocument(&d)
	for _, bad := range [][]byte{nil, raw[:len(raw)/2], append(raw[:len(raw):len(raw)], 0), {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		if _, err := decodeDocument(bad); !errors.Is(err, errCorrupt) {
			t.Errorf("decode of %d bytes: %v, want errCorrupt", len(bad), err)
		}
	}
}

func BenchmarkDecodeDocument(b *testing.B) {
	docs := readDir(b, "../corpus/testdata/archive")
	raws := make([][]byte, len(docs))
	for i := range docs {
		raws[i] = encodeDocument(&docs[i])
	}
	i := 0
	for b.Loop() {
		if _, err := decodeDocument(raws[i%len(raws)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// readDir reads the documents of a corpus folder and the sample.
func readDir(t testing.TB, dir string) []corpus.Document {
	t.Helper()
	var docs []corpus.Document
	for _, fsys := range []fs.FS{corpus.Sample(), os.DirFS(dir)} {
		ds, _, err := corpus.ReadAll(context.Background(), fsys)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	return docs
}
