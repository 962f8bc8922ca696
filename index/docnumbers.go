package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The internal number of each document's record, read when the index
// opens (some 6 ms for 10,000 documents), so that pass one's own reader
// can be asked about the records of given documents without looking each
// id up in the index's term dictionary, which costs more than the
// question (about 13 µs an id, a few hundred ids a question). The
// numbers cannot be derived from those of a document's paragraphs: the
// builder's merges do not keep the order the records were indexed in.

// readDocNumbers maps the id of each document of bi to the internal
// number of its record.
func readDocNumbers(bi bleve.Index) (map[string]uint64, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("read document numbers: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("read document numbers: %w", err)
	}
	defer rd.Close()
	r, err := rd.TermFieldReader(context.Background(), []byte(kindDoc), fieldKind, false, false, false)
	if err != nil {
		return nil, fmt.Errorf("read document numbers: %w", err)
	}
	defer r.Close()
	nums := make(map[string]uint64, r.Count())
	d := &bleveindex.TermFieldDoc{}
	for {
		if d, err = r.Next(d); err != nil {
			return nil, fmt.Errorf("read document numbers: %w", err)
		}
		if d == nil {
			return nums, nil
		}
		id, err := rd.ExternalID(d.ID)
		if err != nil {
			return nil, fmt.Errorf("read document numbers: %w", err)
		}
		if docID, ok := strings.CutPrefix(id, docPrefix); ok {
			nums[docID] = d.ID.Value()
		}
	}
}

// docNumbers returns the internal numbers of the document records ids,
// ascending, once each; ok is false when one is not a document of the
// index.
func (ix *Index) docNumbers(ids []string) (nums []uint64, ok bool) {
	nums = make([]uint64, 0, len(ids))
	for _, id := range ids {
		docID, isDoc := strings.CutPrefix(id, docPrefix)
		n, known := ix.docNums[docID]
		if !isDoc || !known {
			return nil, false
		}
		nums = append(nums, n)
	}
	slices.Sort(nums)
	return slices.Compact(nums), true
}
