package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// benchWords is the vocabulary of generated documents.
var benchWords = strings.Fields(`minister ambassador grain exports steel treaty border
	talks delegation harvest railway coal tractors credit loan factory plan
	committee congress party comrade army navy fleet port canal river bridge
	valdoria ostland venn kostel ruske marsh lindqvist the of and to in that was
	would said replied proposed agreed noted stressed asked answered`)

// genDocs makes n deterministic documents of about ten paragraphs each.
func genDocs(n int) []corpus.Document {
	r := rand.New(rand.NewPCG(1, 2))
	sentence := func(words int) string {
		w := make([]string, words)
		for i := range w {
			w[i] = benchWords[r.IntN(len(benchWords))]
		}
		return strings.ToUpper(w[0][:1]) + strings.Join(w, " ")[1:] + "."
	}
	langs := []string{"Valdorian", "Ostlandic", "English"}
	docs := make([]corpus.Document, n)
	for i := range docs {
		paras := make([]corpus.Paragraph, 5+r.IntN(10))
		for j := range paras {
			var b strings.Builder
			for range 2 + r.IntN(5) {
				b.WriteString(sentence(8+r.IntN(15)) + " ")
			}
			paras[j] = corpus.Paragraph{N: j + 1, Text: strings.TrimSpace(b.String())}
		}
		date := day(1945+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		docs[i] = corpus.Document{
			ID:               fmt.Sprint(1000 + i),
			Title:            sentence(6),
			Date:             corpus.Date{Time: date, Precision: corpus.PrecisionDay, Text: date.Format("January 2, 2006")},
			Summary:          sentence(20),
			OriginalLanguage: langs[r.IntN(len(langs))],
			Paragraphs:       paras,
			Source:           fmt.Sprintf("gen/%d.txt", i),
		}
	}
	return docs
}

func BenchmarkBuild(b *testing.B) {
	docs := genDocs(300)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		path := filepath.Join(dir, fmt.Sprint("idx", i))
		if _, _, err := Build(context.Background(), path, sliceSource(docs), BuildOptions{BatchSize: 100}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs)), "docs/op")
}

func BenchmarkParagraphs(b *testing.B) {
	ix := openIndex(b, genDocs(300))
	queries := []Query{
		{Words: []string{"grain", "exports"}},
		{Words: []string{"minister"}, Phrases: []string{"border treaty"}},
		{Words: []string{"steel", "coal", "railway"}, From: day(1950, 1, 1), To: day(1970, 1, 1)},
		{Words: []string{"harvest"}, Language: "ostlandic", Offset: 10, Limit: 20},
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := ix.Paragraphs(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
