package index

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestDirectReaderIsScorchs reads terms of every frequency both ways,
// by Next and by Advance to records far apart, near and behind, and
// requires the same records with the same frequencies, norms and term
// vectors from the segment reader as from scorch's.
func TestDirectReaderIsScorchs(t *testing.T) {
	docs := synthDocs(t, 150)
	ix := openIndex(t, docs)
	ctx := context.Background()
	type field struct {
		name    string
		vectors bool
	}
	fields := []field{{fieldText, true}, {fieldText, false}, {fieldEventText, true}, {fieldTitle, false}, {fieldDate, false}, {fieldKind, false}, {fieldLang, false}}
	maxChunks := 0
	err := ix.withReader(ctx, func(rd bleveindex.IndexReader) error {
		for _, f := range fields {
			dict, err := rd.FieldDict(f.name)
			if err != nil {
				return err
			}
			var terms []string
			for e, err := dict.Next(); e != nil; e, err = dict.Next() {
				if err != nil {
					return err
				}
				// Every common term, and one in five of the others.
				if e.Count > 200 || len(terms)%5 == 0 {
					terms = append(terms, e.Term)
				}
			}
			if err := dict.Close(); err != nil {
				return err
			}
			terms = append(terms, "nosuchtermanywhere")
			for i, term := range terms {
				scored := f.vectors || i%2 == 0
				d, ok := directReader(rd, term, f.name, scored, f.vectors)
				if !ok {
					t.Fatalf("no segment reader for %q in %s", term, f.name)
				}
				if n, _ := rd.DocCount(); d.chunk > 0 {
					maxChunks = max(maxChunks, int((n+d.chunk-1)/d.chunk))
				}
				compareReaders(t, rd, term, f.name, scored, f.vectors, uint64(i))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The jumps between chunks need terms of several chunks.
	if maxChunks < 3 {
		t.Errorf("the commonest term spans %d chunks; want 3 or more", maxChunks)
	}
}

// compareReaders reads term both ways with moves chosen by seed.
func compareReaders(t *testing.T, rd bleveindex.IndexReader, term, field string, scored, vectors bool, seed uint64) {
	t.Helper()
	open := func() (scorchs, direct bleveindex.TermFieldReader) {
		s, err := rd.TermFieldReader(context.Background(), []byte(term), field, scored, scored, vectors)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := directReader(rd, term, field, scored, vectors)
		if !ok {
			t.Fatalf("no segment reader for %q", term)
		}
		return s, d
	}
	s, d := open()
	if s.Count() != d.Count() {
		t.Fatalf("%s:%q: count %d, scorch's %d", field, term, d.Count(), s.Count())
	}
	// Every record by Next.
	var all []uint64
	for {
		want, err1 := s.Next(nil)
		got, err2 := d.Next(nil)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s:%q: Next: %v, scorch's %v", field, term, err2, err1)
		}
		if !sameDoc(got, want) {
			t.Fatalf("%s:%q: Next gave %+v, scorch's %+v", field, term, got, want)
		}
		if want == nil {
			break
		}
		all = append(all, want.ID.Value())
	}
	if len(all) == 0 {
		return
	}
	// Advances, reusing each reader's TermFieldDoc as pass one does.
	rng := rand.New(rand.NewPCG(seed, 7))
	last := all[len(all)-1]
	for round := range 3 {
		s, d = open()
		ws, gd := &bleveindex.TermFieldDoc{}, &bleveindex.TermFieldDoc{}
		var at uint64
		for step := 0; at <= last+1 && step < 400; step++ {
			switch {
			case round == 1 && step%5 == 4:
				at -= min(at, uint64(rng.IntN(50))) // back, or to the same record
			case rng.IntN(3) == 0:
				at += uint64(rng.IntN(2000)) // far: other chunks
			default:
				at += uint64(1 + rng.IntN(30))
			}
			id := bleveindex.NewIndexInternalID(nil, at)
			want, err1 := s.Advance(id, ws)
			got, err2 := d.Advance(id, gd)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s:%q: Advance(%d): %v, scorch's %v", field, term, at, err2, err1)
			}
			if !sameDoc(got, want) {
				t.Fatalf("%s:%q: Advance(%d) gave %+v, scorch's %+v", field, term, at, got, want)
			}
			if want == nil {
				break
			}
			// Sometimes on from there by Next.
			if rng.IntN(4) == 0 {
				want, err1 = s.Next(ws)
				got, err2 = d.Next(gd)
				if err1 != nil || err2 != nil || !sameDoc(got, want) {
					t.Fatalf("%s:%q: Next after Advance(%d) gave %+v (%v), scorch's %+v (%v)", field, term, at, got, err2, want, err1)
				}
				if want == nil {
					break
				}
				at = want.ID.Value()
			}
		}
	}
	if !slices.IsSorted(all) {
		t.Fatalf("%s:%q: records out of order", field, term)
	}
}

// sameDoc compares what a reader gave: both nil, or the same record,
// frequency, norm and vectors.
func sameDoc(a, b *bleveindex.TermFieldDoc) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if !a.ID.Equals(b.ID) || a.Freq != b.Freq || a.Norm != b.Norm || len(a.Vectors) != len(b.Vectors) {
		return false
	}
	for i := range a.Vectors {
		if !reflect.DeepEqual(*a.Vectors[i], *b.Vectors[i]) {
			return false
		}
	}
	return true
}
