package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// hostileDocument is a document whose body is one long paragraph of about
// size bytes, with an honorific and a name every 37 words or so, in the
// shapes names take in the archive: after a role, with initials, in
// apposition, in capitals, in a list, glossed by the editor.
func hostileDocument(size int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	given := []string{"Ivo", "Tomas", "Lena", "Pavel", "Marta", "Daniel", "Aurel", "Nikolai", "Kim", "Peng"}
	sur := []string{"Marsek", "Vrell", "Ostrova", "Ruzic", "Heller", "Okafor", "Castellan", "Dobrev", "Halas", "Sarel"}
	words := strings.Fields("the delegation discussed price of tungsten exports and schedule for dam with a visit by minister to " +
		"federation in spring while officials noted that trade would grow next year if both sides agreed on terms said")
	roles := []string{"Valdorian Trade Minister", "Ostland Foreign Ministry counselor", "Ambassador", "President", "CC Politburo member"}
	var b strings.Builder
	b.WriteString("**April 14, 1961**\n**Record of a Conversation**\n\n**Citation:**\n\n\"Record of a Conversation\", April 14, 1961, Wilson Center Digital Archive.\n<https://example.org/document/990001>\n\n**Contents:**\n\nTranslation - English\n\n")
	for b.Len() < size {
		for range 30 + r.IntN(14) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		g, s := given[r.IntN(len(given))], sur[r.IntN(len(sur))]
		switch r.IntN(8) {
		case 0:
			fmt.Fprintf(&b, "%s Cde. %s %s said, ", roles[r.IntN(len(roles))], g, s)
		case 1:
			fmt.Fprintf(&b, "Cde. %s. %s. %s, %s, ", g[:1], s[:1], strings.ToUpper(s), roles[r.IntN(len(roles))])
		case 2:
			fmt.Fprintf(&b, "Mr. %s %s, the %s, and ", g, s, roles[r.IntN(len(roles))])
		case 3:
			fmt.Fprintf(&b, "Comrade %s %s [%s] ", g, s, given[r.IntN(len(given))])
		case 4:
			fmt.Fprintf(&b, "Dr. %s %s%d %s. Present: %s %s, %s %s. ", g, s, r.IntN(1000), strings.ToUpper(sur[r.IntN(len(sur))]), g, s, given[r.IntN(len(given))], sur[r.IntN(len(sur))])
		case 5:
			fmt.Fprintf(&b, "Cdes. %s and %s %s%d ", g, given[r.IntN(len(given))], s, r.IntN(1000))
		default:
			fmt.Fprintf(&b, "Cde. %s %s%c%c ", g, s, 'a'+rune(r.IntN(26)), 'a'+rune(r.IntN(26)))
		}
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// parseTime is the least of three parses of data, to steady the clock on
// a busy machine.
func parseTime(t *testing.T, data []byte) time.Duration {
	t.Helper()
	best := time.Duration(math.MaxInt64)
	for range 3 {
		start := time.Now()
		if _, err := Parse("long.txt", data); err != nil {
			t.Fatalf("parse: %v", err)
		}
		best = min(best, time.Since(start))
	}
	return best
}

// longSentenceDocument is a document whose body is one sentence of about
// size bytes that never ends: a speaker, a date and a name again and again.
func longSentenceDocument(size int, _ uint64) []byte {
	var b strings.Builder
	b.WriteString("**April 14, 1961**\n**Record of a Conversation**\n\n**Contents:**\n\nTranslation - English\n\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "the delegation discussed the price of tungsten and the dam, and trade would grow next year if both sides agreed, and Trade Minister Cde. Ivo Marsek%d said ", i%500)
	}
	return []byte(b.String())
}

// TestParseGrowsLinearly reads long paragraphs at two sizes: sixteen times
// the text must cost about sixteen times the time, not 256 as when
// every name, speaker or date re-read the whole paragraph. No clock bound:
// only the ratio, with room for a noisy machine.
func TestParseGrowsLinearly(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("measures parse time")
	}
	tests := []struct {
		name     string
		generate func(size int, seed uint64) []byte
	}{
		{"names of many shapes", hostileDocument},
		{"one endless sentence", longSentenceDocument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			small, large := tt.generate(16<<10, 1), tt.generate(256<<10, 1)
			ts, tl := parseTime(t, small), parseTime(t, large)
			ratio := float64(tl) / float64(ts)
			t.Logf("16 KiB: %v, 256 KiB: %v, ratio %.1f", ts, tl, ratio)
			if ratio > 48 {
				t.Errorf("16x the text took %.1fx the time: parsing grows faster than the text", ratio)
			}
		})
	}
}
