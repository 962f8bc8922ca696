package synth

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/corpus"
)

// TestDocumentsParse reads a few hundred generated documents with the
// corpus reader: none may be skipped or read with a warning, and each must
// come back with the id, title and paragraphs it was written with.
func TestDocumentsParse(t *testing.T) {
	g := New(1)
	people := map[string]bool{}
	stats := struct{ dates, speakers, signatures, distributions, sic, relative int }{}
	for i := range 300 {
		data, sh := g.document(i)
		name := g.FileName(i)
		d, err := corpus.Parse(name, data)
		if err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, data)
		}
		if len(d.Notes) > 0 {
			t.Errorf("document %d: reader notes %+v", i, d.Notes)
		}
		if d.ID != DocID(i) {
			t.Errorf("document %d: id %q, want %q", i, d.ID, DocID(i))
		}
		if d.Title != sh.title || d.Citation.Title != sh.title {
			t.Errorf("document %d: title %q, citation title %q, want %q", i, d.Title, d.Citation.Title, sh.title)
		}
		if len(d.Paragraphs) != sh.paragraphs {
			t.Errorf("document %d: %d paragraphs, want %d (a page break not joined, or a paragraph joined to its neighbour)", i, len(d.Paragraphs), sh.paragraphs)
		}
		if d.Date.IsZero() || d.Citation.Archive == "" || d.Citation.Reference == "" || d.Citation.Translator == "" || d.URL == "" || d.Summary == "" {
			t.Errorf("document %d: incomplete header: date %+v, citation %+v, summary %q", i, d.Date, d.Citation, d.Summary)
		}
		if d.OriginalLanguage == "" || d.TextKind != "Translation" || d.TextLanguage != "English" {
			t.Errorf("document %d: language %q, contents %q", i, d.OriginalLanguage, d.Contents)
		}
		for _, p := range d.Paragraphs {
			if n := len(strings.Fields(p.Text)); n > 2*maxWords {
				t.Errorf("document %d paragraph %d: %d words, two paragraphs joined?", i, p.N, n)
			}
			stats.speakers += len(p.Speakers)
		}
		for _, m := range d.People {
			people[m.Name] = true
			switch m.Where {
			case corpus.InSignature:
				stats.signatures++
			case corpus.InDistribution:
				stats.distributions++
			}
		}
		for _, dm := range d.Dates {
			stats.dates++
			if dm.Corrected {
				stats.sic++
			}
			if dm.Relative {
				stats.relative++
			}
		}
	}
	t.Logf("%d spellings of names; %+v", len(people), stats)
	if len(people) < 300 {
		t.Errorf("only %d distinct names found, want a few hundred people", len(people))
	}
	for what, n := range map[string]int{"dates": stats.dates, "speakers": stats.speakers, "signatures": stats.signatures,
		"distribution entries": stats.distributions, "corrected dates": stats.sic, "relative dates": stats.relative} {
		if n == 0 {
			t.Errorf("no %s in 300 documents", what)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(7), New(7)
	for _, i := range []int{0, 1, 99, 5000} {
		if !bytes.Equal(a.Document(i), b.Document(i)) || a.FileName(i) != b.FileName(i) {
			t.Errorf("document %d differs between two generators of one seed", i)
		}
	}
	if bytes.Equal(New(7).Document(3), New(8).Document(3)) {
		t.Error("seeds 7 and 8 give the same document")
	}
}

func TestShape(t *testing.T) {
	g := New(1)
	var paras, words []int
	freq := map[string]int{}
	for i := range 100 {
		d, err := corpus.Parse("x.txt", g.Document(i))
		if err != nil {
			t.Fatal(err)
		}
		paras = append(paras, len(d.Paragraphs))
		for _, p := range d.Paragraphs {
			ws := strings.Fields(p.Text)
			words = append(words, len(ws))
			for _, w := range ws {
				freq[strings.ToLower(strings.Trim(w, ".,\"[]"))]++
			}
		}
	}
	slices.Sort(words)
	if median := words[len(words)/2]; median < minWords || median > maxWords {
		t.Errorf("median paragraph of %d words", median)
	}
	// Content words fall off like Zipf's law: the 10th most frequent is
	// far more common than the 100th, which is far more common than the
	// 1,000th.
	vocab := g.Vocabulary()
	if f10, f100, f1000 := freq[vocab[9]], freq[vocab[99]], freq[vocab[999]]; f10 < 5*f100 || f100 < 5*f1000 {
		t.Errorf("frequencies of the 10th, 100th and 1,000th words: %d, %d, %d", f10, f100, f1000)
	}
	if lo, hi := minMax(paras); lo < minParagraphs || hi > maxParagraphs+14 { // headings, signature block and distribution list besides the body
		t.Errorf("paragraphs per document from %d to %d", lo, hi)
	}
	if len(g.Vocabulary()) != vocabularySize || len(g.People()) != NumPeople {
		t.Errorf("%d words, %d people", len(g.Vocabulary()), len(g.People()))
	}
}

func minMax(xs []int) (int, int) {
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

func TestEnsure(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	g := New(3)
	m, reused, err := Ensure(ctx, dir, g, 20)
	if err != nil || reused {
		t.Fatalf("Ensure: %v, reused %v", err, reused)
	}
	if m.Docs != 20 || m.Bytes == 0 {
		t.Errorf("manifest %+v", m)
	}
	if _, reused, err = Ensure(ctx, dir, g, 20); err != nil || !reused {
		t.Errorf("second Ensure: %v, reused %v", err, reused)
	}
	if _, reused, err = Ensure(ctx, dir, g, 10); err != nil || reused {
		t.Errorf("Ensure with fewer documents: %v, reused %v", err, reused)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 10 {
		t.Errorf("%d files after rewriting 10 documents", len(files))
	}
	docs, rep, err := corpus.ReadAll(ctx, os.DirFS(dir))
	if err != nil || len(docs) != 10 || len(rep.Skipped) != 0 {
		t.Errorf("ReadAll: %d documents, %v, %v", len(docs), rep, err)
	}
}
