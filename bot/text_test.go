package bot

import (
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"initials and honorifics", "The conversation with Cde. N. S. Khrushchev was long. He left.", []string{"The conversation with Cde. N. S. Khrushchev was long.", "He left."}},
		{"quote closes a sentence", `He said, "We don't need these people." Then he left.`, []string{`He said, "We don't need these people."`, "Then he left."}},
		{"lowercase after a stop", "weapons, ammunitions, etc. to supply the army. Next.", []string{"weapons, ammunitions, etc. to supply the army.", "Next."}},
		{"archival reference", "See AVPRF F. 0102, Op. 13, Delo 5. Then more.", []string{"See AVPRF F. 0102, Op. 13, Delo 5.", "Then more."}},
		{"question", "So, will you accept and invite [me]? We will.", []string{"So, will you accept and invite [me]?", "We will."}},
		{"no stop at all", "SOVIET AMBASSADOR IN THE DPRK", []string{"SOVIET AMBASSADOR IN THE DPRK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range sentences(tt.text) {
				got = append(got, tt.text[s.start:s.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sentences = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("Filler words stand here. ", 30) + "The cotton sentence is here. " + strings.Repeat("More filler follows it. ", 30)
	at := strings.Index(long, "cotton")
	text, lead, trail := excerpt(long, []span{{at, at + 6}}, 200)
	if !strings.Contains(text, "The cotton sentence is here.") || !lead || !trail || len(text) > 200 {
		t.Errorf("excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	if !strings.Contains(long, text) {
		t.Error("excerpt is not verbatim")
	}

	short := "A short paragraph about cotton."
	if text, lead, trail := excerpt(short, nil, 200); text != short || lead || trail {
		t.Errorf("short paragraph was trimmed: %q", text)
	}

	// One sentence longer than the limit is cut at word boundaries around the match.
	sentence := strings.Repeat("word ", 100) + "cotton " + strings.Repeat("word ", 100) + "end."
	at = strings.Index(sentence, "cotton")
	text, lead, trail = excerpt(sentence, []span{{at, at + 6}}, 120)
	if !strings.Contains(text, "cotton") || len(text) > 120 || !lead || !trail {
		t.Errorf("long sentence excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	i := strings.Index(sentence, text)
	if i < 0 || sentence[i-1] != ' ' || sentence[i+len(text)] != ' ' {
		t.Errorf("long sentence cut mid-word: %q", text)
	}
}
