package corpus

import (
	"os"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	data, _ := os.ReadFile("sample/000_b36a1d6c43dd1486.txt")
	for b.Loop() {
		if _, err := Parse("x.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}
