package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// KeywordBaseline is the plain keyword script the evaluation compares
// archivebot with: each file is split into blank-line paragraphs, a
// question's paragraphs are scored by the question words they share, and
// the answer is the best three paragraphs with their file's header date
// and its Citation section, verbatim. It reads the files as text and knows
// nothing of the archive's format beyond the bold header and the Citation
// label.
type KeywordBaseline struct {
	paras []kwPara
}

type kwPara struct {
	file, date, citation, text string
	words                      map[string]bool
}

var (
	kwBold     = regexp.MustCompile(`^\*\*(.+?)\*\*\s*$`)
	kwYear     = regexp.MustCompile(`\b1[89]\d\d\b|\b20\d\d\b`)
	kwLabel    = regexp.MustCompile(`^\*\*[A-Z][A-Za-z ]+:\*\*`)
	kwStop     = map[string]bool{"the": true, "and": true, "of": true, "to": true, "in": true, "a": true, "on": true, "for": true, "with": true, "by": true, "as": true, "is": true, "that": true, "an": true, "at": true, "be": true, "from": true, "was": true, "his": true, "their": true, "them": true, "it": true, "its": true, "who": true, "when": true, "did": true, "what": true, "me": true}
	kwParaSepr = regexp.MustCompile(`\n\s*\n`)
)

// NewKeywordBaseline reads every .md and .txt file under the folders.
func NewKeywordBaseline(folders []string) (*KeywordBaseline, error) {
	kb := &KeywordBaseline{}
	for _, dir := range folders {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !(strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".txt")) {
				return nil
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			kb.add(filepath.Base(path), string(raw))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("keyword baseline: %w", err)
		}
	}
	return kb, nil
}

func (kb *KeywordBaseline) add(file, text string) {
	var date, citation string
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if m := kwBold.FindStringSubmatch(l); m != nil && date == "" && kwYear.MatchString(m[1]) {
			date = m[1]
		}
		if strings.HasPrefix(l, "**Citation:**") {
			var b []string
			if rest := strings.TrimSpace(strings.TrimPrefix(l, "**Citation:**")); rest != "" {
				b = append(b, rest)
			}
			for _, n := range lines[i+1:] {
				if kwLabel.MatchString(n) {
					break
				}
				b = append(b, n)
			}
			citation = strings.TrimSpace(strings.Join(b, "\n"))
		}
	}
	for _, p := range kwParaSepr.Split(text, -1) {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		kb.paras = append(kb.paras, kwPara{file: file, date: date, citation: citation, text: p, words: kwWords(p)})
	}
}

func kwWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !kwStop[w] {
			out[w] = true
		}
	}
	return out
}

// Answer scores every paragraph by the question words it holds. Fewer than
// half the words in the best paragraph is "nothing found".
func (kb *KeywordBaseline) Answer(_ context.Context, q Question) (string, bool, error) {
	want := kwWords(q.Input)
	type scored struct {
		i, n int
	}
	var hits []scored
	for i, p := range kb.paras {
		n := 0
		for w := range want {
			if p.words[w] {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, scored{i, n})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].n > hits[b].n })
	if len(hits) == 0 || 2*hits[0].n < len(want) {
		return "Nothing found.", true, nil
	}
	var b strings.Builder
	for _, h := range hits[:min(3, len(hits))] {
		p := kb.paras[h.i]
		fmt.Fprintf(&b, "%s (%s)\n%s\nCitation: %s\n\n", p.file, p.date, p.text, p.citation)
	}
	return b.String(), false, nil
}
