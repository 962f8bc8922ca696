package index

import (
	"context"
	"path/filepath"
	"testing"
)

func TestBaseline(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "baseline")
	st, err := BuildBaseline(ctx, dir, sliceSource(testDocs()))
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 4 || st.Paragraphs != 8 || st.Build <= 0 {
		t.Errorf("stats %+v", st)
	}
	b, err := OpenBaseline(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for words, want := range map[string]int{"grain exports": 4, "weather": 1, "nothing-like-this": 0} {
		n, err := b.Match(ctx, words)
		if err != nil || n != want {
			t.Errorf("Match(%q) = %d, %v; want %d", words, n, err, want)
		}
	}
}
