package corpus

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestSpeakerIn(t *testing.T) {
	tests := []struct{ sentence, want string }{
		{"Cde. Kim Il Sung replied to this, \"We don't need these people\".", "Kim Il Sung"},
		{"Mao Zedong said that the visit was useful.", "Mao Zedong"},
		{"In response to this Cde. Kim Il Sung said they have also discussed this issue.", "Kim Il Sung"},
		{"The conversation with Cde. Mao Zedong, said Kim Il Sung, was very warm.", "Kim Il Sung"},
		{"In reply to this comment by Cde. Mao Zedong Cde. Kim Il Sung said that some comrades objected.", "Kim Il Sung"},
		{"Cde. Kim Il Sung also reported that he had held a conversation.", "Kim Il Sung"},
		{"Kim Il Sung informed Cde. Mao Zedong about the situation.", "Kim Il Sung"},
		{"Speaking of the conversation with Cde. N. S. Khrushchev Cde. Kim Il Sung said that they want to inform.", "Kim Il Sung"},
		{"Ivo Marsek: We will not sell at that price.", "Ivo Marsek"},
		{"\"We will not sell the tungsten at that price,\" said Cde. Ivo Marsek.", "Ivo Marsek"},
		{"The CPSU said nothing.", ""},
		{"The Chinese friends said that they would help.", ""},
		{"We have pursued this in practice.", ""},
		{"Those Taking Part: Orlin, Vasko, Dremin.", ""},
		{"When Ambassador Orlin informed us, we agreed.", "Orlin"},
		{"Cde. Vasko—The Ostland cdes. have an incorrect impression of our relations.", "Vasko"},
		{"Comrade Ivo Marsek – we should prepare the appeal.", "Ivo Marsek"},
		{"Ostland—the situation is grave.", ""},
		{"Control: 6596 Rec'd: June 18, 1953 4:20 p.m.", ""},
		{"Action: Embassy Lindmar.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			if got := speakerIn(tt.sentence); got != tt.want {
				t.Errorf("speakerIn = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindSpeakersCarriesWithinParagraph(t *testing.T) {
	text := "Cde. Mao Zedong then proposed returning the group. Cde. Kim Il Sung replied to this, \"We don't need these people\". We have pursued this in practice."
	p := Paragraph{N: 1, Text: text, Speakers: findSpeakers(text)}
	for pos, want := range map[int]string{
		0:                           "Mao Zedong",
		len("Cde. Mao Zedong then"): "Mao Zedong",
		len(text) - 5:               "Kim Il Sung",
	} {
		if got := p.SpeakerAt(pos); got != want {
			t.Errorf("SpeakerAt(%d) = %q, want %q", pos, got, want)
		}
	}
	if got := findSpeakers("Nobody is named here. Nor here."); len(got) != 0 {
		t.Errorf("speakers in a paragraph that names none: %+v", got)
	}
}

// TestSpeakerLabelsOnTheirOwnLine reads a transcript whose speakers'
// labels stand alone before their speech (corpus/testdata/retrieval).
func TestSpeakerLabelsOnTheirOwnLine(t *testing.T) {
	raw, err := os.ReadFile("testdata/retrieval/310_transcript_labels.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse("310_transcript_labels.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		starts, want string
	}{
		{"(Begin", ""},
		{"Odo Halvar:", ""}, // the label itself
		{"I welcome you", "Odo Halvar"},
		{"Our two parties", "Odo Halvar"},
		{"Thank you.", "Ines Tavora"},
		{"Odo Halvar: We agree.", "Odo Halvar"},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(d.Paragraphs, func(p Paragraph) bool { return strings.HasPrefix(p.Text, tt.starts) })
		if i < 0 {
			t.Fatalf("no paragraph starts %q", tt.starts)
		}
		if got := d.Paragraphs[i].SpeakerAt(0); got != tt.want {
			t.Errorf("paragraph %q: speaker %q, want %q", tt.starts, got, tt.want)
		}
	}
	p := d.Paragraphs[slices.IndexFunc(d.Paragraphs, func(p Paragraph) bool { return strings.HasPrefix(p.Text, "Thank you.") })]
	if got := p.SpeakerAt(len(p.Text) - 2); got != "Varga" && got != "Ines Tavora" {
		t.Errorf("end of a labelled turn: speaker %q", got)
	}
}
