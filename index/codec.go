package index

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// The stored copy of each document is written in a compact binary form
// rather than JSON: every answer loads the documents of its hits, and
// decoding JSON was most of the cost of a query (about 1 ms for a document
// of 25 paragraphs, against some 30 µs for this form). The form follows the
// Go type: fields in declaration order, integers as varints, strings and
// slices with their length first. It is derived from corpus.Document by
// reflection, so a field added there is stored without more code here; and
// the index records a fingerprint of the type (DocFormat), so that an index
// written for another shape of corpus.Document is rebuilt, not misread.
//
// Decoded strings share one copy of the stored bytes: a string kept from a
// document keeps all of it alive, so whatever outlives the document (a
// cache key, say) should be a clone.

// docCodec encodes and decodes corpus.Document.
var docCodec = newCodec(reflect.TypeFor[corpus.Document]())

// DocFormat identifies the stored form of documents this build of
// archivebot writes and reads: a hash of corpus.Document's shape.
var DocFormat = docCodec.format

// errCorrupt is returned for stored bytes that do not decode.
var errCorrupt = errors.New("corrupt stored document")

// encodeDocument returns the stored form of d.
func encodeDocument(d *corpus.Document) []byte {
	e := &encoder{buf: make([]byte, 0, 4096)}
	docCodec.enc(e, reflect.ValueOf(d).Elem())
	return e.buf
}

// decodeDocument reads a document from its stored form.
func decodeDocument(raw []byte) (corpus.Document, error) {
	var d corpus.Document
	dec := &decoder{s: string(raw)}
	if err := docCodec.dec(dec, reflect.ValueOf(&d).Elem()); err != nil {
		return corpus.Document{}, err
	}
	if dec.pos != len(dec.s) {
		return corpus.Document{}, fmt.Errorf("%w: %d bytes left over", errCorrupt, len(dec.s)-dec.pos)
	}
	return d, nil
}

type encoder struct{ buf []byte }

func (e *encoder) uvarint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }
func (e *encoder) varint(n int64)   { e.buf = binary.AppendVarint(e.buf, n) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.buf = append(e.buf, s...) }

// decoder reads from s; strings it returns are substrings of s.
type decoder struct {
	s   string
	pos int
}

func (d *decoder) uvarint() (uint64, error) {
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.pos >= len(d.s) {
			return 0, fmt.Errorf("%w: truncated", errCorrupt)
		}
		b := d.s[d.pos]
		d.pos++
		if b < 0x80 {
			return x | uint64(b)<<shift, nil
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, fmt.Errorf("%w: varint overflows", errCorrupt)
}

func (d *decoder) varint() (int64, error) {
	ux, err := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x, err
}

// length reads a length and checks that many items of at least min bytes
// each could follow.
func (d *decoder) length(min int) (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.s)-d.pos)/uint64(max(min, 1)) {
		return 0, fmt.Errorf("%w: length %d past the end", errCorrupt, n)
	}
	return int(n), nil
}

func (d *decoder) str() (string, error) {
	n, err := d.length(1)
	if err != nil {
		return "", err
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	return s, nil
}

// codec encodes and decodes values of one type.
type codec struct {
	enc    func(*encoder, reflect.Value)
	dec    func(*decoder, reflect.Value) error
	format string
}

var timeType = reflect.TypeFor[time.Time]()

// newCodec builds the codec of t. It panics on a type it cannot store
// (unexported fields, interfaces, channels, floats): corpus.Document has
// none, and a test encodes every field of it.
func newCodec(t reflect.Type) *codec {
	b := &codecBuilder{seen: map[reflect.Type]*codec{}, typed: true}
	c := b.build(t)
	sum := sha256.Sum256([]byte(b.shape.String()))
	c.format = hex.EncodeToString(sum[:8])
	return c
}

// codecBuilder builds codecs and writes the shape of the types it meets,
// which the format hash covers.
type codecBuilder struct {
	shape strings.Builder
	// seen holds the struct types met so far, so that a recursive type
	// (Date.Until is a *Date) refers to its own codec.
	seen map[reflect.Type]*codec
	// typed says to decode with the typed decoders where they apply
	// (codec_typed.go).
	typed bool
}

func (b *codecBuilder) build(t reflect.Type) *codec {
	if t == timeType {
		b.shape.WriteString("time")
		return &codec{enc: encTime, dec: decTime}
	}
	switch t.Kind() {
	case reflect.String:
		b.shape.WriteString("string")
		return &codec{
			enc: func(e *encoder, v reflect.Value) { e.str(v.String()) },
			dec: func(d *decoder, v reflect.Value) error {
				s, err := d.str()
				v.SetString(s)
				return err
			},
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.shape.WriteString("int")
		return &codec{
			enc: func(e *encoder, v reflect.Value) { e.varint(v.Int()) },
			dec: func(d *decoder, v reflect.Value) error {
				n, err := d.varint()
				if err == nil && v.OverflowInt(n) {
					err = fmt.Errorf("%w: %d overflows %s", errCorrupt, n, v.Type())
				}
				v.SetInt(n)
				return err
			},
		}
	case reflect.Bool:
		b.shape.WriteString("bool")
		return &codec{
			enc: func(e *encoder, v reflect.Value) {
				n := uint64(0)
				if v.Bool() {
					n = 1
				}
				e.uvarint(n)
			},
			dec: func(d *decoder, v reflect.Value) error {
				n, err := d.uvarint()
				v.SetBool(n == 1)
				return err
			},
		}
	case reflect.Pointer:
		b.shape.WriteString("*")
		elem := b.build(t.Elem())
		return &codec{
			enc: func(e *encoder, v reflect.Value) {
				if v.IsNil() {
					e.uvarint(0)
					return
				}
				e.uvarint(1)
				elem.enc(e, v.Elem())
			},
			dec: func(d *decoder, v reflect.Value) error {
				n, err := d.uvarint()
				if err != nil || n == 0 {
					return err
				}
				p := reflect.New(t.Elem())
				if err := elem.dec(d, p.Elem()); err != nil {
					return err
				}
				v.Set(p)
				return nil
			},
		}
	case reflect.Slice:
		b.shape.WriteString("[]")
		elem := b.build(t.Elem())
		c := &codec{
			// Lengths are stored plus one, so that nil and empty stay apart.
			enc: func(e *encoder, v reflect.Value) {
				if v.IsNil() {
					e.uvarint(0)
					return
				}
				e.uvarint(uint64(v.Len()) + 1)
				for i := range v.Len() {
					elem.enc(e, v.Index(i))
				}
			},
			dec: func(d *decoder, v reflect.Value) error {
				n, err := d.length(1)
				if err != nil || n == 0 {
					return err
				}
				s := reflect.MakeSlice(t, n-1, n-1)
				for i := range n - 1 {
					if err := elem.dec(d, s.Index(i)); err != nil {
						return err
					}
				}
				v.Set(s)
				return nil
			},
		}
		if typed, ok := typedSlice(t); ok && b.typed {
			c.dec = typed // the same bytes, read faster (codec_typed.go)
		}
		return c
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic("index: cannot store map key type " + t.Key().String())
		}
		b.shape.WriteString("map[string]")
		key := b.build(t.Key())
		elem := b.build(t.Elem())
		return &codec{
			enc: func(e *encoder, v reflect.Value) {
				if v.IsNil() {
					e.uvarint(0)
					return
				}
				e.uvarint(uint64(v.Len()) + 1)
				keys := v.MapKeys()
				slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
				for _, k := range keys {
					key.enc(e, k)
					elem.enc(e, v.MapIndex(k))
				}
			},
			dec: func(d *decoder, v reflect.Value) error {
				n, err := d.length(2)
				if err != nil || n == 0 {
					return err
				}
				m := reflect.MakeMapWithSize(t, n-1)
				for range n - 1 {
					k, val := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
					if err := key.dec(d, k); err != nil {
						return err
					}
					if err := elem.dec(d, val); err != nil {
						return err
					}
					m.SetMapIndex(k, val)
				}
				v.Set(m)
				return nil
			},
		}
	case reflect.Struct:
		if c, ok := b.seen[t]; ok {
			b.shape.WriteString(t.String())
			return c
		}
		c := &codec{}
		b.seen[t] = c
		b.shape.WriteString(t.String() + "{")
		var codecs []*codec
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				panic("index: cannot store unexported field " + t.String() + "." + f.Name)
			}
			b.shape.WriteString(f.Name + " ")
			codecs = append(codecs, b.build(f.Type))
			b.shape.WriteString(";")
		}
		b.shape.WriteString("}")
		c.enc = func(e *encoder, v reflect.Value) {
			for i, fc := range codecs {
				fc.enc(e, v.Field(i))
			}
		}
		c.dec = func(d *decoder, v reflect.Value) error {
			for i, fc := range codecs {
				if err := fc.dec(d, v.Field(i)); err != nil {
					return err
				}
			}
			return nil
		}
		return c
	}
	panic("index: cannot store type " + t.String())
}

// encTime stores a time as seconds and nanoseconds since 1970 and its
// zone: UTC, or a fixed offset.
func encTime(e *encoder, v reflect.Value) {
	t := v.Interface().(time.Time)
	switch {
	case t.IsZero():
		e.uvarint(0)
		return
	case t.Location() == time.UTC:
		e.uvarint(1)
	default:
		_, off := t.Zone()
		e.uvarint(2)
		e.varint(int64(off))
	}
	e.varint(t.Unix())
	e.uvarint(uint64(t.Nanosecond()))
}

func decTime(d *decoder, v reflect.Value) error {
	t, err := d.time()
	if err != nil {
		return err
	}
	// Set through its address (the codec decodes into addressable
	// values only), without boxing the time in an interface, which
	// allocates.
	*v.Addr().Interface().(*time.Time) = t
	return nil
}

// time reads what encTime wrote.
func (d *decoder) time() (time.Time, error) {
	kind, err := d.uvarint()
	if err != nil || kind == 0 {
		return time.Time{}, err
	}
	loc := time.UTC
	if kind == 2 {
		off, err := d.varint()
		if err != nil {
			return time.Time{}, err
		}
		loc = time.FixedZone("", int(off))
	} else if kind != 1 {
		return time.Time{}, fmt.Errorf("%w: time kind %d", errCorrupt, kind)
	}
	sec, err := d.varint()
	if err != nil {
		return time.Time{}, err
	}
	nsec, err := d.uvarint()
	if err != nil {
		return time.Time{}, err
	}
	if nsec >= 1e9 {
		return time.Time{}, fmt.Errorf("%w: %d nanoseconds", errCorrupt, nsec)
	}
	return time.Unix(sec, int64(nsec)).In(loc), nil
}
