package corpus

import (
	"math/rand/v2"
	"testing"
)

// editDistance is the plain edit distance, the reference for levenshteinWithin.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func TestLevenshteinWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		const letters = "abcdeñé"
		rs := []rune(letters)
		out := make([]rune, r.IntN(12))
		for i := range out {
			out[i] = rs[r.IntN(len(rs))]
		}
		return string(out)
	}
	for range 5000 {
		a, b, limit := word(), word(), r.IntN(6)
		want := editDistance(a, b)
		d, ok := levenshteinWithin([]rune(a), b, limit)
		if ok != (want <= limit) || ok && d != want {
			t.Fatalf("levenshteinWithin(%q, %q, %d) = %d, %v; distance %d", a, b, limit, d, ok, want)
		}
	}
}
