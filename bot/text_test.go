package bot

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/corpus"
)

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("Filler words stand here. ", 30) + "The cotton sentence is here. " + strings.Repeat("More filler follows it. ", 30)
	at := strings.Index(long, "cotton")
	text, lead, trail := cut(long, excerpt(long, []span{{Start: at, End: at + 6}}, askedWords{}, 200))
	if !strings.Contains(text, "The cotton sentence is here.") || !lead || !trail || len(text) > 200 {
		t.Errorf("excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	if !strings.Contains(long, text) {
		t.Error("excerpt is not verbatim")
	}

	short := "A short paragraph about cotton."
	if text, lead, trail := cut(short, excerpt(short, nil, askedWords{}, 200)); text != short || lead || trail {
		t.Errorf("short paragraph was trimmed: %q", text)
	}

	// One sentence longer than the limit is cut at word boundaries around the match.
	sentence := strings.Repeat("word ", 100) + "cotton " + strings.Repeat("word ", 100) + "end."
	at = strings.Index(sentence, "cotton")
	text, lead, trail = cut(sentence, excerpt(sentence, []span{{Start: at, End: at + 6}}, askedWords{}, 120))
	if !strings.Contains(text, "cotton") || len(text) > 120 || !lead || !trail {
		t.Errorf("long sentence excerpt = %q lead=%v trail=%v", text, lead, trail)
	}
	i := strings.Index(sentence, text)
	if i < 0 || sentence[i-1] != ' ' || sentence[i+len(text)] != ' ' {
		t.Errorf("long sentence cut mid-word: %q", text)
	}
}

// TestExcerptShowsTheAskedWords: in a paragraph too long to quote whole,
// the excerpt shows the sentence holding the most of the asker's own
// words, not the one that only names the person or holds a synonym.
func TestExcerptShowsTheAskedWords(t *testing.T) {
	filler := strings.Repeat("The delegates spoke of the harvest at length. ", 8)
	text := "Castellan VARGA greeted the Ostland farmers warmly. " + filler +
		"The farmers have our confidence in every season. " + filler +
		"We trust Ostland farmers as ourselves."
	// The matches a search for "Varga trusts the Ostland farmers" gives,
	// with "confidence" as a synonym of "trusts".
	matches := wordSpans(text, "VARGA", "Ostland", "farmers", "confidence", "trust")
	tests := []struct {
		name  string
		asked askedWords
		want  string
	}{
		// Without the asker's words, the first sentence with the most
		// different matched words: the greeting (name, Ostland, farmers).
		{"no asked words", askedWords{}, "Castellan VARGA greeted"},
		// The person is not one of the asker's own words: the asker's
		// trust, Ostland and farmers lead over the greeting and over the
		// synonym.
		{"asked words", askedWords{own: map[string]bool{"trust": true, "ostland": true, "farmer": true}, people: map[string]bool{"varga": true}},
			"We trust Ostland farmers"},
		// With none of the asker's words known, the person's name still
		// does not pull the excerpt to the greeting.
		{"the person's name counts last", askedWords{people: map[string]bool{"varga": true}}, "We trust Ostland farmers"},
		// "Ostland envoy: farmers have our confidence": the words after
		// the colon are what was said, and lead over the rest.
		{"the words said lead", askedWords{own: map[string]bool{"ostland": true, "farmer": true, "confidence": true}, said: map[string]bool{"farmer": true, "confidence": true}},
			"The farmers have our confidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _ := cut(text, excerpt(text, matches, tt.asked, 200))
			if !strings.Contains(got, tt.want) || len(got) > 200 || !strings.Contains(text, got) {
				t.Errorf("excerpt = %q, want it to hold %q", got, tt.want)
			}
		})
	}
}

func TestSaidWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Brezhnev to Carter: arms limits must not hurt either side", []string{"arm", "either", "hurt", "limit", "must", "not", "side"}},
		{"Chou En-lai: Vietnam is the standard-bearer", []string{"is", "standard-bearer", "the", "vietnam"}},
		{"no colon in this question", nil},
		{"a colon at the end:", nil},
		{"one two three four five six seven eight nine ten eleven: late", nil},
		{`"Brezhnev:" arms`, nil},
	}
	for _, tt := range tests {
		a, err := parseArgs(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Sorted(maps.Keys(saidWords(a)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("saidWords(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMatchKey(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Cubans", "cuban"}, {"Cuban’s", "cuban"}, {"trust", "trust"}, {"trusts", "trust"},
		{"Congress", "congress"}, {"its", "its"}, {"MIKOYAN", "mikoyan"},
	} {
		if got := matchKey(tt.in); got != tt.want {
			t.Errorf("matchKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
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

// excerpt is the passage passageAsked quotes of text, without its speaker.
func excerpt(text string, matches []span, asked askedWords, limit int) span {
	ss := corpus.Sentences(text)
	return excerptAround(text, ss, bestSentence(text, ss, matches, asked, nil), matches, asked, limit)
}

// TestPassageSpeakerIsTheBestSentences: a passage is credited to who
// speaks the sentence that holds the most of the question, not to who
// speaks at its first match.
func TestPassageSpeakerIsTheBestSentences(t *testing.T) {
	text := "Ivo Marsek noted that Vasko had proved himself an unreliable partner. Odo Halvar, in his turn, said that Vasko is simply being idle."
	odo := strings.Index(text, "Odo Halvar")
	p := corpus.Paragraph{N: 7, Text: text, Speakers: []corpus.Speaker{
		{Name: "Ivo Marsek", Start: 0, End: odo}, {Name: "Odo Halvar", Start: odo, End: len(text)},
	}}
	first, last, idle := strings.Index(text, "Vasko"), strings.LastIndex(text, "Vasko"), strings.Index(text, "idle")
	matches := []span{{Start: first, End: first + 5}, {Start: last, End: last + 5}, {Start: idle, End: idle + 4}}
	asked := askedWords{own: map[string]bool{"idle": true}, people: map[string]bool{"vasko": true}}
	if got := passageAsked("900001", p, matches, asked, 600).Speaker; got != "Odo Halvar" {
		t.Errorf("speaker %q, want Odo Halvar", got)
	}
	if got := passageAsked("900001", p, matches[:1], askedWords{}, 600).Speaker; got != "Ivo Marsek" {
		t.Errorf("speaker of the first sentence's match %q, want Ivo Marsek", got)
	}
}

// TestExcerptShowsTheNamedSpeaker: of two sentences that hold as much of
// the question, the one the person it names speaks is shown.
func TestExcerptShowsTheNamedSpeaker(t *testing.T) {
	filler := strings.Repeat("The delegates spoke of the harvest at length. ", 8)
	first := "The Ostland farmers came early to the market. "
	spoken := "Ostland farmers, continued Marsek, are trusted by us."
	text := first + filler + spoken
	at := strings.Index(text, spoken)
	p := corpus.Paragraph{N: 3, Text: text, Speakers: []corpus.Speaker{{Name: "Ivo Marsek", Start: at, End: len(text)}}}
	matches := wordSpans(text, "Ostland", "farmers")
	asked := askedWords{own: map[string]bool{"ostland": true, "farmer": true}, people: map[string]bool{"marsek": true}}
	got := passageAsked("900001", p, matches, asked, 200)
	if !strings.Contains(got.Text, "are trusted by us") || got.Speaker != "Ivo Marsek" {
		t.Errorf("passage %q by %q, want Marsek's sentence", got.Text, got.Speaker)
	}
}

// wordSpans are the places of every occurrence of words in text, in
// order, as a search's matches would be.
func wordSpans(text string, words ...string) []span {
	var out []span
	for _, w := range words {
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			out = append(out, span{Start: from + i, End: from + i + len(w)})
			from += i + len(w)
		}
	}
	slices.SortFunc(out, func(a, b span) int { return a.Start - b.Start })
	return slices.Compact(out)
}

// TestExcerptHoldsMoreOfTheQuestion: when the question is spread over
// sentences away from the one that holds the most of it, the excerpt is
// the run that holds all that one holds and more; a run that holds more
// words but not all of the best sentence's is not taken.
func TestExcerptHoldsMoreOfTheQuestion(t *testing.T) {
	filler := strings.Repeat("The weather at the harbour was calm all week. ", 5)
	opening := "The Ostland farmers welcomed the delegation of the guild. "
	reply := "Odo Halvar, the head of the delegation, replied to the farmers. Ostland, continued Halvar, has no reason to be a poor neighbour."
	text := opening + filler + reply
	at := strings.Index(text, reply)
	p := corpus.Paragraph{N: 4, Text: text, Speakers: []corpus.Speaker{
		{Name: "Ivo Marsek", Start: 0, End: at}, {Name: "Odo Halvar", Start: at, End: len(text)},
	}}
	tests := []struct {
		name    string
		own     []string
		matched []string
		want    string
		speaker string
	}{
		// The opening holds the most of "head of the Ostland delegation
		// says farmers have no reason to be bad neighbours" (Ostland,
		// farmers, delegation); the reply holds those, and head, reason
		// and neighbour besides.
		{"the run holds more", []string{"head", "ostland", "delegation", "farmer", "reason", "neighbour"},
			[]string{"Ostland", "farmers", "delegation", "head", "reason", "neighbour"}, "no reason to be a poor neighbour", "Odo Halvar"},
		// The opening alone holds "guild": the reply holds more words,
		// but not all of the opening's.
		{"the best sentence's word is kept", []string{"guild", "head", "ostland", "delegation", "farmer", "reason", "neighbour"},
			[]string{"Ostland", "farmers", "delegation", "guild", "head", "reason", "neighbour"}, "delegation of the guild", "Ivo Marsek"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := askedWords{own: map[string]bool{}}
			for _, w := range tt.own {
				asked.own[w] = true
			}
			got := passageAsked("900001", p, wordSpans(text, tt.matched...), asked, 200)
			if !strings.Contains(got.Text, tt.want) || got.Speaker != tt.speaker || !strings.Contains(text, got.Text) {
				t.Errorf("passage %q by %q, want it to hold %q, by %q", got.Text, got.Speaker, tt.want, tt.speaker)
			}
		})
	}
}
