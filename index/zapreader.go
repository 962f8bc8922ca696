package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// Reading a term's postings straight from the segment.
//
// Zap's postings iterator, under scorch's term reader, moves to a record
// (Advance) by stepping through every posting before it, one at a time,
// to keep its place in the frequencies: zap stores them in chunks of
// records, each read from its start. A common word's reader, moved from
// one rare word's record to the next, so steps through nearly all its
// postings. Where the index is one zap segment without deletions (what
// Build writes), termReader instead reads the segment's postings itself
// and, before moving to a record in a later chunk, jumps the iterator's
// postings bitmap to that chunk's first record, so that only that chunk
// is stepped through. The chunk size is zap's own rule (chunkSize); what
// the reader returns is what scorch's returns, and
// TestDirectReaderIsScorchs compares the two on every kind of field, so
// a zap whose chunks differ fails it.

// termReader opens the postings of term in field, with frequencies and
// norms when scored and term vectors when vectors.
func termReader(ctx context.Context, rd bleveindex.IndexReader, term, field string, scored, vectors bool) (bleveindex.TermFieldReader, error) {
	if r, ok := directReader(rd, term, field, scored, vectors); ok {
		return r, nil
	}
	return rd.TermFieldReader(ctx, []byte(term), field, scored, scored, vectors)
}

// directReader is termReader's reader on the segment, if rd allows it.
func directReader(rd bleveindex.IndexReader, term, field string, scored, vectors bool) (*segmentReader, bool) {
	only, ok := onlySegment(rd)
	if !ok {
		return nil, false
	}
	seg, ok := only.(*zap.Segment)
	if !ok {
		return nil, false
	}
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, false
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, false
	}
	r := &segmentReader{pl: pl, count: pl.Count(), scored: scored, vectors: vectors}
	if scored {
		r.chunk = chunkSize(seg.ChunkMode(), r.count, seg.NumDocs())
	}
	r.start()
	return r, true
}

// onlySegment returns the segment of rd when rd is a scorch snapshot of
// one segment without deleted records, as an index Build writes is.
func onlySegment(rd bleveindex.IndexReader) (segment.Segment, bool) {
	snap, ok := rd.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false
	}
	segs := snap.Segments()
	if len(segs) != 1 || (segs[0].Deleted() != nil && !segs[0].Deleted().IsEmpty()) {
		return nil, false
	}
	return segs[0].Segment(), true
}

// chunkSize is the number of records per chunk of the frequencies of a
// term in count of numDocs records, as zap chooses it (its getChunkSize),
// or 0 for a chunk mode this does not know, which turns the jumps off.
func chunkSize(mode uint32, count, numDocs uint64) uint64 {
	switch {
	case mode == 0:
		return 0
	case mode <= 1024:
		return uint64(mode)
	case mode == 1025:
		if count <= 1024 {
			return numDocs
		}
		return 1024
	case mode == 1026:
		return numDocs / (count/1024 + 1)
	}
	return 0
}

// segmentReader is a term's postings read from a zap segment; it
// implements bleveindex.TermFieldReader for one segment of one snapshot.
type segmentReader struct {
	pl    segment.PostingsList
	it    *zap.PostingsIterator // nil after the last posting
	count uint64
	// chunk is the records per chunk of the frequencies (0: no jumps);
	// last is the number of the last record returned, when started.
	chunk           uint64
	last            uint64
	started         bool
	scored, vectors bool
}

// start puts the reader before the term's first record.
func (r *segmentReader) start() {
	// A term absent from the segment has zap's empty iterator, which
	// returns nothing; an iterator of another type reads as no postings.
	r.it, _ = r.pl.Iterator(r.scored, r.scored, r.vectors, nil).(*zap.PostingsIterator)
	r.last, r.started = 0, false
}

// Next returns the next record of the term, or nil after the last.
func (r *segmentReader) Next(pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	if r.it == nil {
		return nil, nil
	}
	p, err := r.it.Next()
	return r.found(p, err, pre)
}

// Advance returns the first record at or after id, or nil.
func (r *segmentReader) Advance(id bleveindex.IndexInternalID, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	if len(id) != 8 {
		return nil, fmt.Errorf("advance postings: record number of %d bytes", len(id))
	}
	at := id.Value()
	if r.started && at <= r.last {
		r.start() // back: from the start again, as scorch's reader does
	}
	if r.it == nil {
		return nil, nil
	}
	// In a later chunk, the postings before it need no reading: the
	// iterator's own walk would only count them. The walk then starts at
	// the chunk's first record, whose frequency comes first in its chunk.
	if r.chunk > 0 && r.it.Actual != nil {
		c := at / r.chunk
		if !r.started || c > r.last/r.chunk {
			r.it.Actual.AdvanceIfNeeded(uint32(c * r.chunk))
		}
	}
	p, err := r.it.Advance(at)
	return r.found(p, err, pre)
}

// found turns the iterator's posting into a TermFieldDoc, as scorch's
// reader does.
func (r *segmentReader) found(p segment.Posting, err error, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	if p == nil {
		r.it = nil
		return nil, nil
	}
	rv := pre
	if rv == nil {
		rv = &bleveindex.TermFieldDoc{}
	}
	r.last, r.started = p.Number(), true
	rv.ID = bleveindex.NewIndexInternalID(rv.ID, r.last)
	if r.scored {
		rv.Freq, rv.Norm = p.Frequency(), p.Norm()
	}
	if r.vectors {
		locs := p.Locations()
		if cap(rv.Vectors) < len(locs) {
			rv.Vectors = make([]*bleveindex.TermFieldVector, len(locs))
			backing := make([]bleveindex.TermFieldVector, len(locs))
			for i := range backing {
				rv.Vectors[i] = &backing[i]
			}
		}
		rv.Vectors = rv.Vectors[:len(locs)]
		for i, l := range locs {
			*rv.Vectors[i] = bleveindex.TermFieldVector{
				Field: l.Field(), ArrayPositions: l.ArrayPositions(),
				Pos: l.Pos(), Start: l.Start(), End: l.End(),
			}
		}
	}
	return rv, nil
}

// Count is the number of records that hold the term.
func (r *segmentReader) Count() uint64 { return r.count }

// Close releases nothing: the segment belongs to the snapshot.
func (r *segmentReader) Close() error { return nil }

// Size is not tracked.
func (r *segmentReader) Size() int { return 0 }
