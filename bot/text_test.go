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
