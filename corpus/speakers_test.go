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
		{"In this connection, the head of the delegation comrade Ostrav V.I. replied that it was grateful.", "Ostrav V.I."},
		{"We stand, continued comrade Ostrav, for the strengthening of friendship.", "Ostrav"},
		{"The plan was drafted by N.S. replied the clerk.", ""},
		{"The CPSU said nothing.", ""},
		{"The Chinese friends said that they would help.", ""},
		{"We have pursued this in practice.", ""},
		{"Those Taking Part: Orlin, Vasko, Dremin.", ""},
		{"When Ambassador Orlin informed us, we agreed.", "Orlin"},
		{"Cde. Vasko—The Ostland cdes. have an incorrect impression of our relations.", "Vasko"},
		{"Comrade Aurel Castellan : We support the proposal of the Valdorian comrades.", "Aurel Castellan"},
		{"D[remin]: We will not accept such terms.", "Dremin"},
		{"Tomas Vrell[4]: The harvest is good this year.", "Tomas Vrell"},
		{"This meeting—said Cde. Orlin—was very useful for both sides.", "Orlin"},
		{"Pak Seong-il [Pak Song Il] said that the talks went well.", "Pak Seong-il"},
		{"The word [illegible] said nothing.", ""},
		{"F.ORLIN. My colleagues are aware of this.", "F.ORLIN"},
		{"F. ORLIN. My colleagues are aware of this.", "F. ORLIN"},
		{"U.S.A. Trade grew.", ""},
		{"Comrade Ivo Marsek – we should prepare the appeal.", "Ivo Marsek"},
		{"Ostland—the situation is grave.", ""},
		{"Control: 6596 Rec'd: June 18, 1953 4:20 p.m.", ""},
		{"Prime Minister Odo (hereafter, Odo): You spoke to me yesterday of two issues.", "Odo"},
		{"V.S. FEDENOV transmitted to the Ostland leaders cordial regards.", "V.S. FEDENOV"},
		{"Then Marsek spoke on Ostland-Valdorian relations.", "Marsek"},
		{"At the beginning of the reception Odo Halvar thanked the members of the delegation.", "Odo Halvar"},
		{"Many thanks to Comrade Vasko for the help.", ""},
		{"V.S. Fedenov: In such a case we could meet again in 9,999 years.", "V.S. Fedenov"},
		{"Ya.B. Kor'chin: We trust you.", "Ya.B. Kor'chin"},
		{"U.S.: No comment.", ""},
		{"DREMIN. This question is not listed on our agenda.", "DREMIN"},
		{"V. S. Fedenov. At the beginning of our conversation, we welcome you.", "V. S. Fedenov"},
		{"CPSU. The party's line is clear.", ""},
		{"Ostland. The river is high.", ""},
		{"MEMORANDUM. The commission met on the river.", ""},
		{"Ivo Marsek, in his turn, said that \u201cthe mill is simply being idle.\u201d", "Ivo Marsek"},
		{"In Lindmar, however, said the envoy, nothing moves.", ""},
		{"After the greetings Ivo Marsek, turning to the envoy, asks: may we begin?", "Ivo Marsek"},
		{"Odo Halvar, who had been silent, said that the mill is idle.", "Odo Halvar"},
		{"In Lindmar, at the mill, said the envoy, nothing moves.", ""},
		{"He joked about the characterization of him which Cde. Ivo Marsek expressed in his talk.", ""},
		{"Ivo Marsek informs the envoy at the beginning of the conversation that the mill has reopened.", "Ivo Marsek"},
		{"Unconfirmed reports state strikes continue at the mills.", ""},
		{"Ostland states are not reconciled to the reform.", ""},
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

// TestTurnsOfAFlattenedTranscript reads a transcript that lost its line
// breaks: the first label glued to the heading, reported speech inside a
// turn, and later turns inside the same paragraph.
func TestTurnsOfAFlattenedTranscript(t *testing.T) {
	text := "IVO MARSEK AND ODO HALVAR [1] Lindmar, 1 March 1965 Ivo Marsek: When the mill closed, we thought prices would change. " +
		"Vasko suggested that we sell the tungsten. I told him that each mill has its own position. " +
		"Second: we wait for the river. Odo Halvar: Then we wait with you. Vasko said nothing more. Cde. Dremin—We agree."
	at := func(s string) int { return strings.Index(text, s) }
	speakers, reported, err := speakersAndReported(t.Context(), text)
	if err != nil {
		t.Fatal(err)
	}
	p := Paragraph{N: 1, Text: text, Speakers: speakers}
	for pos, want := range map[int]string{
		0:                 "", // the heading
		at("When the"):    "Ivo Marsek",
		at("Vasko sugg"):  "Ivo Marsek", // reported within the turn
		at("I told him"):  "Ivo Marsek",
		at("Second:"):     "Ivo Marsek", // a word and a colon open no turn
		at("Odo Halvar:"): "Odo Halvar",
		at("Vasko said"):  "Odo Halvar",
		len(text) - 3:     "Dremin",
	} {
		if got := p.SpeakerAt(pos); got != want {
			t.Errorf("SpeakerAt(%d %q) = %q, want %q", pos, text[pos:min(len(text), pos+12)], got, want)
		}
	}
	if !slices.ContainsFunc(reported, func(s Speaker) bool { return s.Name == "Vasko" }) {
		t.Errorf("reported speakers %+v lack Vasko", reported)
	}
	plain := "In 1965 the mill closed: Prices fell."
	if _, name := gluedLabel(plain, Sentences(plain)[0]); name != "" {
		t.Errorf("a colon in running text read as a label of %q", name)
	}
}

// TestReportedSpeakersAreNamed: a person a turn's speaker reports
// speaking is one of the people the document names.
func TestReportedSpeakersAreNamed(t *testing.T) {
	raw := "**March 1, 1965**\n\n**Ivo Marsek Talking to Odo Halvar**\n\n" +
		"IVO MARSEK AND ODO HALVAR [1] Lindmar, 1 March 1965 Ivo Marsek: When the mill closed, we thought prices would change. " +
		"Vasko suggested that we sell the tungsten. I told him that each mill has its own position.\n"
	d, err := Parse("flat.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(d.People, func(m Mention) bool { return m.Name == "Vasko" }) {
		t.Errorf("people %+v lack Vasko", d.People)
	}
	if got := d.Paragraphs[0].SpeakerAt(strings.Index(d.Paragraphs[0].Text, "Vasko")); got != "Ivo Marsek" {
		t.Errorf("Vasko's sentence spoken by %q, want Ivo Marsek", got)
	}
}

// TestTurnsGoOnInTheParagraphsAfter: a turn that opens with its label goes
// on in the paragraphs after it that name no speaker, up to the next
// label or a footnote.
func TestTurnsGoOnInTheParagraphsAfter(t *testing.T) {
	raw := "**July 29, 1972**\n\n**Record of the Third Meeting of Ivo Marsek and Odo Halvar**\n\n" +
		"Ivo Marsek: Things do change after all.\n\n" +
		"Lindmar is very quick to catch the news. The mills should link their cables.\n\n" +
		"In making this request, the mills have the river in mind. Comrade Sabek assured them that the cables would come.\n\n" +
		"Odo Halvar: The press always wants to scoop the news.\n\n" +
		"Cde. Vasko replied that the cables were ready.\n\n" +
		"The cables were laid in May.\n\n" +
		"Ivo Marsek: We agree.\n\n" +
		"[1] The cables of the Lindmar mills.\n\n" +
		"After the greetings Odo Halvar, turning to the envoy, asks:\n\n" +
		"May we begin our talks on the cables?\n"
	endSpeakers(t, raw, map[string]string{
		"Ivo Marsek: Things":   "Ivo Marsek",
		"Lindmar is very":      "Ivo Marsek",
		"In making this":       "Ivo Marsek", // Sabek is reported, within the turn
		"Odo Halvar: The":      "Odo Halvar",
		"Cde. Vasko replied":   "Vasko",
		"The cables were laid": "", // a speaker named by a verb, not a label, does not go on
		"Ivo Marsek: We":       "Ivo Marsek",
		"[1] The cables":       "",
		"May we begin":         "Odo Halvar", // the speech after a colon
	})
}

// endSpeakers parses the document raw and checks who speaks at the end
// of each paragraph that starts as a key of want.
func endSpeakers(t *testing.T, raw string, want map[string]string) {
	t.Helper()
	d, err := Parse("speakers.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	for start, name := range want {
		i := slices.IndexFunc(d.Paragraphs, func(p Paragraph) bool { return strings.HasPrefix(p.Text, start) })
		if i < 0 {
			t.Fatalf("no paragraph starts %q", start)
		}
		if got := d.Paragraphs[i].SpeakerAt(len(d.Paragraphs[i].Text) - 2); got != name {
			t.Errorf("paragraph %q: speaker %q, want %q", start, got, name)
		}
	}
}

// TestSurnameLabels: a word alone and a full stop opens a turn when the
// document names a person of that surname or has the word in its title,
// and no other word does so.
func TestSurnameLabels(t *testing.T) {
	raw := "**May 15, 1958**\n\n**Record of a Conversation between Ivo Marsek and Ambassador Ines Tavora with the Regent of Ostland**\n\n" +
		"Yes. The turbines will come.\n\n" +
		"Shah. The river is high.\n\n" +
		"Tavora. We thank the commission for its work. Marsek said the same.\n\n" +
		"Marsek. The turbines will come in May.\n\n" +
		"They will be loaded in Lindmar.\n\n" +
		"Regent. The river is higher.\n"
	endSpeakers(t, raw, map[string]string{
		"Tavora.": "Tavora", "Marsek.": "Marsek", "They will": "Marsek", "Yes.": "", "Shah.": "", "Regent.": "Regent",
	})
}

// TestRoleSpeakers: "The Ambassador said" is the one person the document
// names in that role; the role's other words choose among several; a
// role nobody or several people hold names no speaker.
func TestRoleSpeakers(t *testing.T) {
	raw := "**July 3, 1951**\n\n**Memorandum of Conversation, 'Turbines for the Lindmar Dam'**\n\n" +
		"Participants: Ambassador Ines Tavora, Ostland Embassy; Mr. Ivo Marsek, Assistant Secretary; Foreign Minister Halvar Odo; Prime Minister Karel Vrell\n\n" +
		"The Ambassador said that the river was high.\n\n" +
		"Mr. Marsek spoke of the loans. The Ambassador replied that the turbines would come.\n\n" +
		"Odo said the dam was ready. The Prime Minister noted that the loans were late.\n\n" +
		"Vrell said nothing. The Minister stated that the roads were closed.\n\n" +
		"Marsek asked about the roads. The Governor added that the bridges were down.\n"
	endSpeakers(t, raw, map[string]string{
		"The Ambassador said": "Ines Tavora",
		"Mr. Marsek spoke":    "Ines Tavora",
		"Odo said":            "Karel Vrell",
		"Vrell said":          "Vrell",  // two ministers: the sentence stays with Vrell
		"Marsek asked":        "Marsek", // no governor
	})
}

// TestInitialsLabels: a transcript's "I.M.:" is the one person of the
// document with those initials; "U.S.:" and initials nobody has name
// nobody.
func TestInitialsLabels(t *testing.T) {
	raw := "**August 9, 1961**\n\n**Record of the Telephone Conversation between I. P. Marsek and H. Odo**\n\n" +
		"Start: 14.05\n\n" +
		"I.M.: Good day. The turbines are late.\n\n" +
		"H.O.: We know. The river is high.\n\n" +
		"Q.Z.: Nobody has these initials.\n\n" +
		"U.S.: No comment.\n"
	endSpeakers(t, raw, map[string]string{"I.M.:": "I. P. Marsek", "H.O.:": "H. Odo", "Start:": ""})
	d, err := Parse("initials.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Paragraphs {
		for _, sp := range p.Speakers {
			if strings.Contains(sp.Name, ".:") || sp.Name == "Q.Z." || sp.Name == "U.S." {
				t.Errorf("paragraph %q: speaker %q", p.Text, sp.Name)
			}
		}
	}
}
