package index

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/archivebot/archivebot/corpus"
)

// sharesText reports whether s is stored inside big's memory.
func sharesText(s, big string) bool {
	if s == "" || big == "" {
		return false
	}
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(big)))
	return p >= b && p < b+uintptr(len(big))
}

// TestBuildKeepsNoDocumentText checks that what a build keeps of each
// document until its end (the lexicon, the names, the person table) are
// copies: a document's strings share the text it was read from, and
// keeping one would keep the whole text, for every document.
func TestBuildKeepsNoDocumentText(t *testing.T) {
	// One "file": every string of the document is a part of it, as the
	// reader and the stored form's decoder make them.
	file := strings.Repeat("x", 4096) + "|doc-7|A Letter on Grain|ostlandic|Mira Kostel|Kostel|Mira Kostel spoke."
	part := func(s string) string {
		i := strings.Index(file, s)
		return file[i : i+len(s)]
	}
	d := corpus.Document{
		ID: part("doc-7"), Source: part("doc-7"), Title: part("A Letter on Grain"), OriginalLanguage: part("ostlandic"),
		Paragraphs: []corpus.Paragraph{{N: 1, Text: part("Mira Kostel spoke.")}},
		People:     []corpus.Mention{{Name: part("Mira Kostel"), Where: corpus.InBody}, {Name: part("Kostel"), Where: corpus.InBody}},
	}
	var lb lexiconBuilder
	lb.add(d)
	if _, err := lb.encode(); err != nil {
		t.Fatal(err)
	}
	kept := map[string]string{"title entry id": lb.titles[0].DocID, "title entry title": lb.titles[0].Title}
	for _, p := range lb.people {
		kept["person "+p.Name] = p.Name
		for _, v := range p.Variants {
			kept["spelling "+v] = v
		}
	}
	tb, err := newTableBuilder(lb.people)
	if err != nil {
		t.Fatal(err)
	}
	r := tb.newScanner().scan(d)
	if len(r.persons) == 0 {
		t.Fatalf("the scan found nobody in %+v", d)
	}
	kept["table document id"], kept["table document language"] = r.doc.id, r.doc.lang
	for what, s := range kept {
		if sharesText(s, file) {
			t.Errorf("%s %q is the document's text, not a copy", what, s)
		}
	}
}
