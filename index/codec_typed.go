package index

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// Typed decoders for the lists most of a stored document is made of.
//
// The reflective decoder spends some 50 ns a field. A document of the
// benchmark's archive holds some 65 mentions of people, 23 dates and 47
// speakers' turns, of 3 to 11 fields each: the mentions and dates alone
// were 26 of the 42 µs a document took to decode, and every answer
// decodes a page of documents.
// These decoders read the same bytes in plain Go. The encoder stays
// reflective, and so does the format's fingerprint (DocFormat).
//
// Each is used only while every type it reads has the fields it was
// written for (typedFields): a field added to one of them makes the
// codec fall back to reflection, and TestCodecTyped fail, to say that
// the typed decoder needs the field too.

// typedFields are the fields the typed decoders read, by type, as
// fieldsOf writes them.
var typedFields = map[reflect.Type]string{
	reflect.TypeFor[corpus.Paragraph]():   "N int; Text string; Speakers []corpus.Speaker",
	reflect.TypeFor[corpus.Speaker]():     "Name string; Start int; End int",
	reflect.TypeFor[corpus.Mention]():     "Name string; Role string; Phrase string; Alias string; Where corpus.Where; Paragraph int",
	reflect.TypeFor[corpus.Date]():        "Time time.Time; Precision corpus.Precision; Text string; Until *corpus.Date",
	reflect.TypeFor[corpus.DateMention](): "Text string; Date corpus.Date; Corrected bool; Relative bool; EntryDated bool; Illegible bool; Editorial bool; Dateline bool; Paragraph int; Start int; End int",
}

// typedLists are the typed decoders of slices, by their element type,
// with every type each reads.
var typedLists = map[reflect.Type]struct {
	reads []reflect.Type
	dec   func(*decoder, reflect.Value) error
}{
	reflect.TypeFor[corpus.Paragraph](): {
		reads: []reflect.Type{reflect.TypeFor[corpus.Paragraph](), reflect.TypeFor[corpus.Speaker]()},
		dec:   listDecoder(readParagraph),
	},
	reflect.TypeFor[corpus.Mention](): {
		reads: []reflect.Type{reflect.TypeFor[corpus.Mention]()},
		dec:   listDecoder(readMention),
	},
	reflect.TypeFor[corpus.DateMention](): {
		reads: []reflect.Type{reflect.TypeFor[corpus.DateMention](), reflect.TypeFor[corpus.Date]()},
		dec:   listDecoder(readDateMention),
	},
}

// typedSlice is the typed decoder of slice type t, if there is one and
// the types it reads have the fields it was written for.
func typedSlice(t reflect.Type) (func(*decoder, reflect.Value) error, bool) {
	typed, ok := typedLists[t.Elem()]
	if !ok || t != reflect.SliceOf(t.Elem()) {
		return nil, false
	}
	for _, r := range typed.reads {
		if fieldsOf(r) != typedFields[r] {
			return nil, false
		}
	}
	return typed.dec, true
}

// fieldsOf is the names and types of struct type t's fields.
func fieldsOf(t reflect.Type) string {
	parts := make([]string, t.NumField())
	for i := range parts {
		f := t.Field(i)
		parts[i] = f.Name + " " + f.Type.String()
	}
	return strings.Join(parts, "; ")
}

// fieldReader reads fields in the codec's order, and keeps the first
// error: after it, every read gives the zero value.
type fieldReader struct {
	d   *decoder
	err error
}

func (r *fieldReader) str() string {
	if r.err != nil {
		return ""
	}
	s, err := r.d.str()
	r.err = err
	return s
}

func (r *fieldReader) int() int {
	if r.err != nil {
		return 0
	}
	n, err := r.d.varint()
	if err == nil && int64(int(n)) != n {
		err = fmt.Errorf("%w: %d overflows int", errCorrupt, n)
	}
	r.err = err
	return int(n)
}

func (r *fieldReader) bool() bool {
	if r.err != nil {
		return false
	}
	n, err := r.d.uvarint()
	r.err = err
	return n == 1
}

func (r *fieldReader) time() time.Time {
	if r.err != nil {
		return time.Time{}
	}
	t, err := r.d.time()
	r.err = err
	return t
}

// present reads a pointer's mark: false for nil.
func (r *fieldReader) present() bool {
	if r.err != nil {
		return false
	}
	n, err := r.d.uvarint()
	r.err = err
	return err == nil && n != 0
}

// readList reads a slice as the reflective codec writes it: its length
// plus one (0 for nil), then each element.
func readList[T any](r *fieldReader, one func(*fieldReader, *T)) []T {
	if r.err != nil {
		return nil
	}
	n, err := r.d.length(1)
	if err != nil || n == 0 {
		r.err = err
		return nil
	}
	s := make([]T, n-1)
	for i := range s {
		if one(r, &s[i]); r.err != nil {
			return nil
		}
	}
	return s
}

// listDecoder is the codec's decoder of a slice whose elements one reads.
func listDecoder[T any](one func(*fieldReader, *T)) func(*decoder, reflect.Value) error {
	return func(d *decoder, v reflect.Value) error {
		r := fieldReader{d: d}
		s := readList(&r, one)
		if r.err != nil {
			return r.err
		}
		if s != nil {
			v.Set(reflect.ValueOf(s))
		}
		return nil
	}
}

func readParagraph(r *fieldReader, p *corpus.Paragraph) {
	p.N = r.int()
	p.Text = r.str()
	p.Speakers = readList(r, readSpeaker)
}

func readSpeaker(r *fieldReader, s *corpus.Speaker) {
	s.Name = r.str()
	s.Start = r.int()
	s.End = r.int()
}

func readMention(r *fieldReader, m *corpus.Mention) {
	m.Name = r.str()
	m.Role = r.str()
	m.Phrase = r.str()
	m.Alias = r.str()
	m.Where = corpus.Where(r.str())
	m.Paragraph = r.int()
}

func readDate(r *fieldReader, d *corpus.Date) {
	d.Time = r.time()
	d.Precision = corpus.Precision(r.str())
	d.Text = r.str()
	if r.present() {
		d.Until = &corpus.Date{}
		readDate(r, d.Until)
	}
}

func readDateMention(r *fieldReader, m *corpus.DateMention) {
	m.Text = r.str()
	readDate(r, &m.Date)
	m.Corrected = r.bool()
	m.Relative = r.bool()
	m.EntryDated = r.bool()
	m.Illegible = r.bool()
	m.Editorial = r.bool()
	m.Dateline = r.bool()
	m.Paragraph = r.int()
	m.Start = r.int()
	m.End = r.int()
}
