package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/archivebot/archivebot/corpus"
)

// This file is a benchmark helper, not part of the bot: it indexes the same
// paragraphs as Build with Bleve's defaults, so that cmd/archivebench can
// compare this package's index with what a first attempt would give. It
// lives here because only this package imports bleve.

// baselineBatch is how many paragraphs BuildBaseline sends in one batch, as
// Bleve's documentation suggests for bulk loads.
const baselineBatch = 1000

// baselineParagraph is the record BuildBaseline indexes for one paragraph.
// Bleve's default dynamic mapping indexes and stores every field, with term
// vectors, and copies them into the composite _all field.
type baselineParagraph struct {
	DocID string `json:"doc_id"`
	N     int    `json:"n"`
	Text  string `json:"text"`
}

// BaselineStats describes an index BuildBaseline built.
type BaselineStats struct {
	Documents  int `json:"documents"`
	Paragraphs int `json:"paragraphs"`
	// Build is the wall time from creating the index to closing it.
	Build time.Duration `json:"build_ns"`
}

// BuildBaseline indexes every body paragraph src gives into a new Bleve
// index at dir with Bleve's defaults: bleve.NewIndexMapping() (dynamic
// mapping, everything stored, term vectors and _all on), bleve.New, and
// batches of 1,000 paragraphs. dir must not exist yet. It is a benchmark
// baseline, not an index Open can read.
func BuildBaseline(ctx context.Context, dir string, src Source) (BaselineStats, error) {
	// Bleve's hooks are set before it may read them (they leave this
	// index's segments as zap writes them).
	if err := installSegmentHooks(); err != nil {
		return BaselineStats{}, fmt.Errorf("baseline index: %w", err)
	}
	start := time.Now()
	bi, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		return BaselineStats{}, fmt.Errorf("baseline index: %w", err)
	}
	var st BaselineStats
	batch := bi.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := bi.Batch(batch); err != nil {
			return err
		}
		batch.Reset()
		return ctx.Err()
	}
	_, err = src(ctx, func(d corpus.Document) error {
		st.Documents++
		for _, p := range d.Paragraphs {
			if err := batch.Index(paraRecordID(d.ID, p.N), baselineParagraph{DocID: d.ID, N: p.N, Text: p.Text}); err != nil {
				return err
			}
			st.Paragraphs++
			if batch.Size() >= baselineBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, fmt.Errorf("baseline index: %w", err)
	}
	st.Build = time.Since(start)
	return st, nil
}

// Baseline is an index BuildBaseline built, open for reading.
type Baseline struct {
	bi bleve.Index
}

// OpenBaseline opens the baseline index at dir read-only.
func OpenBaseline(dir string) (*Baseline, error) {
	if err := installSegmentHooks(); err != nil {
		return nil, fmt.Errorf("open baseline index %s: %w", dir, err)
	}
	bi, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("open baseline index %s: %w", dir, err)
	}
	return &Baseline{bi: bi}, nil
}

// Match runs words as a plain match query (Bleve's default field and
// operator, the first ten hits, no stored fields) and returns how many
// paragraphs match.
func (b *Baseline) Match(ctx context.Context, words string) (int, error) {
	res, err := b.bi.SearchInContext(ctx, bleve.NewSearchRequest(bleve.NewMatchQuery(words)))
	if err != nil {
		return 0, fmt.Errorf("baseline search: %w", err)
	}
	return int(res.Total), nil
}

// Count returns how many records (paragraphs) the baseline holds.
func (b *Baseline) Count() (int, error) {
	n, err := b.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("baseline count: %w", err)
	}
	return int(n), nil
}

// Close closes the baseline index.
func (b *Baseline) Close() error { return b.bi.Close() }
