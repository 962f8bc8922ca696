package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// textAnalyzer is the analyzer of the text fields: Bleve's English
// analyzer ("en": Unicode words, possessives, lower case, stop words,
// Porter stems). While an index is built it also hands each paragraph's
// tokens out a second time without analysing the text again.
//
// Every paragraph is analysed twice while building: as an element of its
// document's text and as its own record, in the same batch of the builder
// (in no particular order, since a batch is a map). That was a fifth of a
// build's CPU. The second analysis now reuses the first's tokens, which are
// the same since they depend on the text alone.
const textAnalyzer = "archivebot_en"

// While building, the tokens of paragraphs of at least recentMinBytes are
// kept from their first analysis to their second, for at most recentTexts
// paragraphs at a time (a builder batch holds fewer).
const (
	recentMinBytes = 100
	recentTexts    = 8192
)

// registerAnalyzer makes textAnalyzer known to Bleve, once per process;
// Build and Open call it before Bleve needs it.
var registerAnalyzer = sync.OnceValue(func() error {
	err := registry.RegisterAnalyzer(textAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		inner, err := cache.AnalyzerNamed(en.AnalyzerName)
		if err != nil {
			return nil, err
		}
		return &recentAnalyzer{inner: inner}, nil
	})
	if err != nil {
		return fmt.Errorf("register analyzer: %w", err)
	}
	return nil
})

// recentAnalyzer runs inner. While building, it is told which texts will
// be analysed twice (expect); it keeps the tokens of such a text from its
// first analysis and hands them out as they are for the second: Bleve only
// reads the tokens of an analysed field. An index opened for queries is
// never told anything, so it only runs inner. It is safe for concurrent use.
type recentAnalyzer struct {
	inner analysis.Analyzer

	mu       sync.Mutex
	expected map[string]bool                 // texts to be analysed twice
	first    map[string]analysis.TokenStream // tokens of expected texts analysed once
}

// expect says that text will be analysed twice.
func (a *recentAnalyzer) expect(text string) {
	if len(text) < recentMinBytes {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.expected == nil {
		a.expected = make(map[string]bool)
		a.first = make(map[string]analysis.TokenStream)
	}
	if len(a.expected) < recentTexts {
		a.expected[text] = true
	}
}

// forget drops what expect and Analyze kept.
func (a *recentAnalyzer) forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.expected, a.first = nil, nil
}

func (a *recentAnalyzer) Analyze(input []byte) analysis.TokenStream {
	if len(input) < recentMinBytes {
		return a.inner.Analyze(input)
	}
	a.mu.Lock()
	expected := a.expected[string(input)]
	ts, second := a.first[string(input)]
	if second {
		delete(a.first, string(input))
		delete(a.expected, string(input))
	}
	a.mu.Unlock()
	if second {
		return ts
	}
	if !expected {
		return a.inner.Analyze(input)
	}
	key := string(input) // before analysis, which may lower-case input in place
	ts = a.inner.Analyze(input)
	a.mu.Lock()
	if a.first != nil {
		a.first[key] = ts
	}
	a.mu.Unlock()
	return ts
}
