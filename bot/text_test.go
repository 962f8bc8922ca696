package bot

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("Filler words stand here. ", 30) + "The cotton sentence is here. " + strings.Repeat("More filler follows it. ", 30)
	at := strings.Index(long, "cotton")
	text, lead, trail := cut(long, excerpt(long, []span{{Start: at, End: at + 6}}, 200))
	if !strings.Contains(text, "The cotton sentence is here.") || !lead || !trail || len(text) > 200 {
		t.Errorf("excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	if !strings.Contains(long, text) {
		t.Error("excerpt is not verbatim")
	}

	short := "A short paragraph about cotton."
	if text, lead, trail := cut(short, excerpt(short, nil, 200)); text != short || lead || trail {
		t.Errorf("short paragraph was trimmed: %q", text)
	}

	// One sentence longer than the limit is cut at word boundaries around the match.
	sentence := strings.Repeat("word ", 100) + "cotton " + strings.Repeat("word ", 100) + "end."
	at = strings.Index(sentence, "cotton")
	text, lead, trail = cut(sentence, excerpt(sentence, []span{{Start: at, End: at + 6}}, 120))
	if !strings.Contains(text, "cotton") || len(text) > 120 || !lead || !trail {
		t.Errorf("long sentence excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	i := strings.Index(sentence, text)
	if i < 0 || sentence[i-1] != ' ' || sentence[i+len(text)] != ' ' {
		t.Errorf("long sentence cut mid-word: %q", text)
	}
}

// cut returns the text of a span and whether text was left out before and after it.
func cut(text string, s span) (string, bool, bool) {
	return text[s.Start:s.End], s.Start > 0, s.End < len(text)
}

func TestTrim(t *testing.T) {
	text := "The first sentence is short. The second one is a good deal longer than the first. Third."
	tests := []struct {
		limit int
		want  string
		cut   bool
	}{
		{200, text, false},
		{60, "The first sentence is short. …", true},
		{20, "The first …", true}, // " …" takes four bytes
		{3, "", true},
	}
	for _, tt := range tests {
		got, cut := Trim(text, tt.limit)
		if got != tt.want || cut != tt.cut || len(got) > tt.limit {
			t.Errorf("Trim(%d) = %q %v, want %q %v", tt.limit, got, cut, tt.want, tt.cut)
		}
	}
}

func TestCheck(t *testing.T) {
	b := New(testArchive, Options{})
	for text, ok := range map[string]bool{
		"quote tungsten page:2": true, "cite 115932 bibtex": true, "help": true,
		"frobnicate": false, "quote": false, "quote x from:soon": false, "quote \x00x": false, "quote \xff": false,
	} {
		if err := b.Check(text); (err == nil) != ok {
			t.Errorf("Check(%q) = %v, want ok=%v", text, err, ok)
		}
	}
}
