package corpus

import (
	"context"
	"os"
	"testing"

	"github.com/archivebot/archivebot/corpus/synth"
)

func BenchmarkParse(b *testing.B) {
	data, _ := os.ReadFile("sample/000_b36a1d6c43dd1486.txt")
	for b.Loop() {
		if _, err := Parse("x.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSynthetic parses the first 200 synthetic documents, the
// mix an archive-scale build reads; one op is all 200.
func BenchmarkParseSynthetic(b *testing.B) {
	const n = 200
	g := synth.New(1)
	names, docs := make([]string, n), make([][]byte, n)
	for i := range n {
		names[i], docs[i] = g.FileName(i), g.Document(i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for i := range n {
			if _, err := ParseContext(ctx, names[i], docs[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
