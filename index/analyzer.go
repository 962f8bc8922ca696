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
// Porter stems), which also remembers its last results for long texts.
//
// Every paragraph is analysed twice while building: as an element of its
// document's text and as its own record, one right after the other. That
// was a fifth of a build's CPU; the second analysis now reuses the first's
// tokens, which are the same since they depend on the text alone.
const textAnalyzer = "archivebot_en"

// Analysis results are remembered for texts of at least recentMinBytes
// (paragraphs, not the words of a query), the last recentTexts of them.
const (
	recentMinBytes = 100
	recentTexts    = 256
)

// registerAnalyzer makes textAnalyzer known to Bleve, once per process;
// Build and Open call it before Bleve needs it.
var registerAnalyzer = sync.OnceValue(func() error {
	err := registry.RegisterAnalyzer(textAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		inner, err := cache.AnalyzerNamed(en.AnalyzerName)
		if err != nil {
			return nil, err
		}
		return &recentAnalyzer{inner: inner, tokens: make(map[string]analysis.TokenStream, recentTexts)}, nil
	})
	if err != nil {
		return fmt.Errorf("register analyzer: %w", err)
	}
	return nil
})

// recentAnalyzer runs inner and remembers the token streams of the last
// long texts it analysed. A remembered stream is handed out again as it is:
// Bleve only reads the tokens of an analysed field. It is safe for
// concurrent use.
type recentAnalyzer struct {
	inner analysis.Analyzer

	mu     sync.Mutex
	tokens map[string]analysis.TokenStream
	order  []string // keys of tokens, oldest first
}

func (a *recentAnalyzer) Analyze(input []byte) analysis.TokenStream {
	if len(input) < recentMinBytes {
		return a.inner.Analyze(input)
	}
	a.mu.Lock()
	ts, ok := a.tokens[string(input)]
	a.mu.Unlock()
	if ok {
		return ts
	}
	key := string(input) // before analysis, which may lower-case input in place
	ts = a.inner.Analyze(input)
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.tokens[key]; !ok {
		if len(a.order) >= recentTexts {
			delete(a.tokens, a.order[0])
			a.order = a.order[1:]
		}
		a.tokens[key] = ts
		a.order = append(a.order, key)
	}
	return ts
}
