package index

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	unicodetokenizer "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// textAnalyzer is the analyzer of the text fields: Bleve's English
// analyzer ("en": Unicode words, possessives, lower case, stop words,
// Porter stems) with the accents of Latin letters folded after lower case
// (foldFilter), so that "Gomułka" finds "Gomulka" and "Göttling"
// "Gottling", either way round.
//
// While an index is built, the texts are analysed ahead by
// workers on every core (prepare), and the builder, which analyses its
// records one at a time when it writes a segment, takes their tokens as
// they are: Bleve only reads the tokens of an analysed field.
const textAnalyzer = "archivebot_en"

// While building, the tokens of texts of at least preparedMinBytes are
// kept from their analysis by a worker until the builder asks for them,
// for at most preparedTexts texts at a time (a builder batch and the
// pipeline hold fewer).
const (
	preparedMinBytes = 64
	preparedTexts    = 8192
)

// registerAnalyzer makes textAnalyzer and positionsAnalyzer known to
// Bleve, and sets its hooks for our segments (segmentcodec.go), once per
// process; Build and Open call it before Bleve needs them.
var registerAnalyzer = sync.OnceValue(func() error {
	if err := installSegmentHooks(); err != nil {
		return err
	}
	err := registry.RegisterAnalyzer(textAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		inner, err := foldingEnglish(cache)
		if err != nil {
			return nil, err
		}
		return &preparedAnalyzer{inner: inner}, nil
	})
	if err != nil {
		return fmt.Errorf("register analyzer: %w", err)
	}
	err = registry.RegisterAnalyzer(positionsAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		a, err := cache.AnalyzerNamed(textAnalyzer)
		if err != nil {
			return nil, err
		}
		pa, ok := a.(*preparedAnalyzer)
		if !ok {
			return nil, fmt.Errorf("analyzer %s is a %T", textAnalyzer, a)
		}
		return withoutOffsets{inner: pa}, nil
	})
	if err != nil {
		return fmt.Errorf("register analyzer: %w", err)
	}
	return nil
})

// foldingEnglish is Bleve's English analyzer with foldFilter after its
// lower case.
func foldingEnglish(cache *registry.Cache) (analysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(unicodetokenizer.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, "", en.StopName, porter.Name} {
		if name == "" {
			filters = append(filters, foldFilter{})
			continue
		}
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: filters}, nil
}

// foldFilter folds the accented Latin letters of each term to plain ASCII
// (Bleve's port of Lucene's ASCII folding: "ł" is "l", "ö" "o", "ß"
// "ss"). It folds terms, not the text, so a token keeps the offsets of
// its word as the text writes it.
type foldFilter struct{}

func (foldFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		if !isASCII(string(t.Term)) {
			t.Term = asciifolding.New().Filter(t.Term)
		}
	}
	return ts
}

// preparedAnalyzer runs inner, unless the text was analysed ahead
// (prepare) and its tokens are waiting. An index opened for queries never
// prepares anything, so it only runs inner. It is safe for concurrent use.
type preparedAnalyzer struct {
	inner analysis.Analyzer

	mu    sync.Mutex
	ready map[string]*preparedText
}

// preparedText is the tokens of a prepared text and how many times the
// builder will still ask for them (a summary is in two records).
type preparedText struct {
	tokens analysis.TokenStream
	wanted int
}

// prepare analyses text now, for the builder to take later.
func (a *preparedAnalyzer) prepare(text string) {
	if len(text) < preparedMinBytes {
		return
	}
	a.mu.Lock()
	if p, ok := a.ready[text]; ok {
		p.wanted++
		a.mu.Unlock()
		return
	}
	full := len(a.ready) >= preparedTexts
	a.mu.Unlock()
	if full {
		return
	}
	ts := a.inner.Analyze([]byte(text)) // a copy: analysis may change its input
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ready == nil {
		a.ready = make(map[string]*preparedText)
	}
	if p, ok := a.ready[text]; ok {
		p.wanted++ // another worker prepared it meanwhile
		return
	}
	a.ready[text] = &preparedText{tokens: ts, wanted: 1}
}

// forget drops what prepare kept.
func (a *preparedAnalyzer) forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ready = nil
}

func (a *preparedAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts, _ := a.take(input)
	return ts
}

// take returns the tokens of input: those prepared for it, if they are
// waiting, or its analysis now. shared says that the same tokens will be
// given out again (a summary is in two records).
func (a *preparedAnalyzer) take(input []byte) (ts analysis.TokenStream, shared bool) {
	if len(input) >= preparedMinBytes {
		a.mu.Lock()
		p, ok := a.ready[string(input)]
		if ok {
			if p.wanted--; p.wanted <= 0 {
				delete(a.ready, string(input))
			}
			shared = p.wanted > 0
		}
		a.mu.Unlock()
		if ok {
			return p.tokens, shared
		}
	}
	return a.inner.Analyze(input), false
}

// SearchWords counts the words of texts that a search looks up: all but
// the English stop words ("the", "of", "that"), which the text fields'
// analyzer drops, so that they cost a search nothing.
func SearchWords(texts ...string) int {
	stop := englishStopWords()
	n := 0
	for _, t := range texts {
		for _, w := range strings.Fields(strings.ToLower(t)) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if w != "" && !stop[w] {
				n++
			}
		}
	}
	return n
}

// englishStopWords is Bleve's list of the English stop words.
var englishStopWords = sync.OnceValue(func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(en.EnglishStopWords); err != nil {
		panic(fmt.Sprintf("english stop words: %v", err)) // the list is compiled in
	}
	return m
})
