package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/corpus"
)

// openPeopleFixture builds and opens the fictional records of
// corpus/testdata/people.
func openPeopleFixture(t *testing.T) (*Index, string) {
	t.Helper()
	fsys := os.DirFS("../corpus/testdata/people")
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Walk(ctx, fsys, fn)
	}
	path := filepath.Join(t.TempDir(), "idx")
	if _, _, err := Build(context.Background(), path, src, BuildOptions{}); err != nil {
		t.Fatalf("Build: %v", err)
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix, path
}

// docIDs lists the ids of named documents.
func docIDs(n Named) []string {
	var ids []string
	for _, d := range n.Docs {
		ids = append(ids, d.DocID)
	}
	return ids
}

func TestNamedOnPeopleFixture(t *testing.T) {
	ix, _ := openPeopleFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		person string
		q      Query
		ids    []string
		// firstWord is the word the first match of each document is.
		firstWord []string
		// companion is the first companion and its counts.
		companion Companion
	}{
		{"two documents, oldest first, by every spelling", "Konstantin Dobrowolski", Query{},
			[]string{"900201", "900202"}, []string{"Dobrowolski", "Dobrowolsky"}, Companion{"Ota Zeman", 2, 3}},
		{"from: keeps the later document and counts its companions", "Konstantin Dobrowolski", Query{From: day(1959, 1, 1)},
			[]string{"900202"}, []string{"Dobrowolsky"}, Companion{"D. F. YURCHENKO", 1, 2}},
		{"to: keeps the earlier", "Konstantin Dobrowolski", Query{To: day(1959, 1, 1)},
			[]string{"900201"}, []string{"Dobrowolski"}, Companion{"V. S. Fedenov", 1, 3}},
		{"doc: keeps that document", "Ota Zeman", Query{DocID: "900202"},
			[]string{"900202"}, []string{"Zeman"}, Companion{"D. F. YURCHENKO", 1, 2}},
		{"a language no document has", "Ota Zeman", Query{Language: "Klingon"}, nil, nil, Companion{}},
		{"a surname alone names one person", "Nikolai Brandt", Query{},
			[]string{"900201"}, []string{"Nikolai"}, Companion{"Konstantin Dobrowolski", 1, 3}},
		{"nobody by that name", "Nobody Atall", Query{}, nil, nil, Companion{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ix.Named(ctx, tt.person, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.ids, docIDs(n)); diff != "" {
				t.Fatalf("documents (-want +got):\n%s", diff)
			}
			for i, d := range n.Docs {
				doc, err := ix.Document(ctx, d.DocID)
				if err != nil {
					t.Fatal(err)
				}
				if d.Date != doc.Date.String() {
					t.Errorf("%s: date %q, want %q", d.DocID, d.Date, doc.Date.String())
				}
				p, ok := paragraph(doc, d.First)
				if !ok {
					t.Fatalf("%s: no paragraph %d", d.DocID, d.First)
				}
				if got := p.Text[d.Match.Start:d.Match.End]; got != tt.firstWord[i] {
					t.Errorf("%s paragraph %d: first match %q, want %q", d.DocID, d.First, got, tt.firstWord[i])
				}
			}
			if tt.ids == nil {
				if len(n.Companions) != 0 {
					t.Errorf("companions %+v for no document", n.Companions)
				}
				return
			}
			if len(n.Companions) == 0 || n.Companions[0] != tt.companion {
				t.Errorf("companions %+v, want %+v first", n.Companions, tt.companion)
			}
			if len(n.Companions) > NamedCompanions {
				t.Errorf("%d companions, want at most %d", len(n.Companions), NamedCompanions)
			}
		})
	}
}

// TestNamedMatchesAsWhoSearched checks which documents the table lists on
// records made for it: a name run on into a longer one is not the person,
// a spelling written without a mention read is, and the first paragraph is
// the first the name matches as a phrase (a possessive too).
func TestNamedMatchesAsWhoSearched(t *testing.T) {
	date := func(y int) corpus.Date {
		return corpus.Date{Time: day(y, time.March, 1), Precision: corpus.PrecisionDay, Text: fmt.Sprintf("March 1, %d", y)}
	}
	docs := []corpus.Document{
		{ID: "a1", Title: "Talks with Mira Kostel", Date: date(1961),
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "Nothing of note."}, {N: 2, Text: "Then Kostel's aide, Mira KOSTEL herself, spoke."}},
			People:     []corpus.Mention{{Name: "Mira Kostel", Where: corpus.InTitle}, {Name: "Aldric Venn", Where: corpus.InBody, Paragraph: 1}}},
		// Names her in the text only, where the reader found no mention.
		{ID: "a2", Title: "Minutes", Date: date(1960),
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "Present: mira kostel and others."}},
			People:     []corpus.Mention{{Name: "Aldric Venn", Where: corpus.InBody, Paragraph: 1}}},
		// Mira Kostel Orlov is someone else.
		{ID: "a3", Title: "A Letter", Date: date(1962),
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "Signed by Mira Kostel Orlov."}},
			People:     []corpus.Mention{{Name: "Mira Kostel Orlov", Where: corpus.InSignature, Paragraph: 1}}},
		{ID: "a4", Title: "Undated note on Mira Kostel", Summary: "Mira Kostel is named in the title and here only.",
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "The note says nothing more."}},
			People:     []corpus.Mention{{Name: "Mira Kostel", Where: corpus.InTitle}}},
	}
	ix := openIndex(t, docs)
	n, err := ix.Named(context.Background(), "Mira Kostel", Query{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []NamedDoc{
		{DocID: "a2", Date: docs[1].Date.String(), First: 1, Match: Span{Start: 9, End: 13}},
		{DocID: "a1", Date: docs[0].Date.String(), First: 2, Match: Span{Start: 5, End: 13}},
		{DocID: "a4", Date: docs[3].Date.String()},
	}
	if diff := cmp.Diff(want, n.Docs); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Companion{{"Aldric Venn", 2, 2}}, n.Companions); diff != "" {
		t.Errorf("companions (-want +got):\n%s", diff)
	}

	// Pages: the documents of the page, the dates of the others.
	pages := []struct {
		q      Query
		others int
		ids    []string
		dates  []string
	}{
		{Query{Limit: 1}, 5, []string{"a2"}, []string{want[1].Date, want[2].Date}},
		// Unfiltered, the entries after the next page and the other
		// dates asked for are not read, and the total is still all.
		{Query{Limit: 1}, 1, []string{"a2"}, []string{want[1].Date}},
		{Query{Limit: 1}, 2, []string{"a2"}, []string{want[1].Date, want[2].Date}},
		{Query{Limit: 1}, 0, []string{"a2"}, nil},
		{Query{Offset: 1, Limit: 1}, 5, []string{"a1"}, []string{want[0].Date, want[2].Date}},
		{Query{Offset: 1, Limit: 1}, 1, []string{"a1"}, []string{want[0].Date}},
		{Query{Offset: 2, Limit: 5}, 5, []string{"a4"}, []string{want[0].Date, want[1].Date}},
		{Query{Offset: 3, Limit: 5}, 0, nil, nil},
		{Query{Limit: 5, From: day(1961, 1, 1)}, 5, []string{"a1"}, nil},
	}
	for _, pg := range pages {
		n, err := ix.Named(context.Background(), "Mira Kostel", pg.q, pg.others)
		if err != nil {
			t.Fatal(err)
		}
		wantTotal := 3
		if !pg.q.From.IsZero() {
			wantTotal = 1
		}
		if n.Total != wantTotal || !cmp.Equal(docIDs(n), pg.ids) || !cmp.Equal(n.Others, pg.dates) {
			t.Errorf("%+v, %d others: total %d, documents %v, others %q; want %d, %v, %q", pg.q, pg.others, n.Total, docIDs(n), n.Others, wantTotal, pg.ids, pg.dates)
		}
	}
}

func TestPeopleTableRoundTrip(t *testing.T) {
	ix, path := openPeopleFixture(t)
	raw := ix.people.encode()
	// Built again, on however many CPUs, the table is the same.
	dir, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tt := range ix.lexicon.Titles {
		ids = append(ids, tt.DocID)
	}
	again, err := buildPeopleTable(context.Background(), dir, ids, ix.lexicon.People)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.encode(), raw) {
		t.Errorf("a second build of the table differs from the first")
	}
	got, err := decodePeopleTable(raw)
	if err != nil {
		t.Fatal(err)
	}
	read := *ix.people
	if read.mapped == nil {
		t.Errorf("the opened index read its person table into the heap; it maps it")
	}
	read.mapped = nil // the file's mapping, not the table's content
	if !reflect.DeepEqual(got, &read) {
		t.Errorf("decoded table differs from the one encoded")
	}
	if len(got.persons) == 0 || len(got.docs) != 4 {
		t.Errorf("%d people and %d documents, want some and 4", len(got.persons), len(got.docs))
	}
}

// TestPeopleTableDamaged checks that a damaged table is refused with a
// clear error, by the decoder and by Open, and never panics.
func TestPeopleTableDamaged(t *testing.T) {
	ix, path := openPeopleFixture(t)
	raw := ix.people.encode()
	for n := 0; n < len(raw); n++ {
		if _, err := decodePeopleTable(raw[:n]); !errors.Is(err, errBadTable) {
			t.Fatalf("truncated to %d of %d bytes: %v, want errBadTable", n, len(raw), err)
		}
	}
	for i := range raw { // no panic, whatever the byte
		bad := []byte(string(raw))
		bad[i] ^= 0xff
		if tab, err := decodePeopleTable(bad); err == nil {
			damaged := &Index{people: tab}
			for _, p := range tab.persons {
				_, _ = damaged.Named(context.Background(), p.name, Query{}, 5)
				_, _ = damaged.Named(context.Background(), p.name, Query{Language: "x"}, 5)
			}
		}
	}
	// A person's entries are checked when first read.
	tab, err := decodePeopleTable(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := &tab.persons[tab.byName["Konstantin Dobrowolski"]]
	tab.raw = tab.raw[:p.at] + strings.Repeat("\xff", p.end-p.at) + tab.raw[p.end:]
	if _, err := (&Index{people: tab}).Named(context.Background(), p.name, Query{}, 5); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "archivebot index") {
		t.Errorf("Named over damaged entries: %v, want ErrDamaged saying how to rebuild", err)
	}
	if _, err := decodePeopleTable(append([]byte(string(raw)), 0)); !errors.Is(err, errBadTable) {
		t.Errorf("a byte too many: %v, want errBadTable", err)
	}
	dir, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, peopleFile)
	tests := []struct {
		name      string
		damage    func() error
		rechecked bool // the checksums are written again after the damage
		want      string
	}{
		{"truncated", func() error { return os.WriteFile(file, raw[:len(raw)/2], 0o644) }, false, "does not match"},
		{"truncated, checksums rewritten", func() error { return os.WriteFile(file, raw[:len(raw)/2], 0o644) }, true, "person table is corrupt"},
		{"missing, checksums rewritten", func() error { return os.Remove(file) }, true, "read the person table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.damage(); err != nil {
				t.Fatal(err)
			}
			if tt.rechecked {
				if err := os.Remove(filepath.Join(dir, checksumFile)); err != nil {
					t.Fatal(err)
				}
				if err := writeChecksums(dir); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Open(path)
			if err == nil {
				_ = got.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "archivebot index") {
				t.Errorf("Open: %v, want ErrDamaged saying %q and how to rebuild", err, tt.want)
			}
		})
	}
}

func TestNamedDoneContext(t *testing.T) {
	ix, _ := openPeopleFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Named(ctx, "Ota Zeman", Query{}, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("Named with a done context: %v", err)
	}
}

// TestPersonTableStringsAreCopies checks that what Named hands out, and
// the names the table keeps, are not parts of the mapped table file:
// those would point at unmapped memory once the index is closed.
func TestPersonTableStringsAreCopies(t *testing.T) {
	docs := testDocs()
	ix, err := Open(buildIndex(t, docs, BuildOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	file := ix.people.raw
	if file == "" {
		t.Fatal("the table holds no file")
	}
	var kept []string
	for _, p := range ix.people.persons {
		kept = append(kept, p.name)
		n, err := ix.Named(context.Background(), p.name, Query{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range n.Docs {
			kept = append(kept, d.DocID, d.Date)
		}
		kept = append(kept, n.Others...)
		for _, c := range n.Companions {
			kept = append(kept, c.Name)
		}
	}
	for _, d := range ix.people.docs {
		kept = append(kept, d.id, d.date, d.lang)
	}
	if len(kept) < 10 {
		t.Fatalf("only %d strings to check", len(kept))
	}
	for _, s := range kept {
		if sharesText(s, file) {
			t.Errorf("%q is a part of the mapped table file", s)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix.people.mapped != nil || ix.people.raw != "" {
		t.Error("Close left the table's file mapped")
	}
}

// TestNamedRoles gives the roles of every document that names a person,
// in the documents' order, from the table as the index reads it, whatever
// the page asked for; a filtered query gets none.
func TestNamedRoles(t *testing.T) {
	ix, _ := openPeopleFixture(t)
	ctx := context.Background()
	n, err := ix.Named(ctx, "Konstantin Dobrowolski", Query{Limit: 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []NamedRole{
		{Phrase: "Valdorian Marshal Konstantin Dobrowolski", First: "March 3, 1958", Last: "March 3, 1958"},
		{Phrase: "Marshal Dobrowolsky", First: "June 9, 1959", Last: "June 9, 1959"},
	}
	if diff := cmp.Diff(want, n.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	f, err := ix.Named(ctx, "Konstantin Dobrowolski", Query{From: day(1959, 1, 1)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Roles != nil {
		t.Errorf("filtered: roles %+v, want none (the page's documents give them)", f.Roles)
	}
}
