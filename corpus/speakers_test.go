package corpus

import "testing"

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
