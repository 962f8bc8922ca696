package corpus

import (
	"context"
	"slices"
	"testing"
)

func TestShadowText(t *testing.T) {
	tests := []struct{ in, shadow string }{
		{"Comrade János Kádár said", "Comrade Jaanos Kaadaar said"},
		{"KÁDÁR and Ádám", "KAADAAR and Aadaam"},
		{"Cde. Władysław Gomułka", "Cde. Wlladysllaw Gomullka"},
		{"Ceaușescu, Dubček, Straße", "Ceaussescu, Dubccek, Strasse"},
		{"plain ASCII stays", "plain ASCII stays"},
		{"quotes “and” dashes — stay", "quotes “and” dashes — stay"},
	}
	for _, tt := range tests {
		words := map[string]string{}
		got := shadowText(tt.in, words)
		if got != tt.shadow {
			t.Errorf("shadowText(%q) = %q, want %q", tt.in, got, tt.shadow)
		}
		if len(got) != len(tt.in) {
			t.Errorf("shadowText(%q) is %d bytes, want %d: offsets must hold", tt.in, len(got), len(tt.in))
		}
		if back := unshadow(got, words); back != tt.in {
			t.Errorf("unshadow(%q) = %q, want %q", got, back, tt.in)
		}
	}
}

// TestNamesWithDiacritics reads names and speakers written with the
// letters of Central European languages, as the same names in ASCII are.
func TestNamesWithDiacritics(t *testing.T) {
	tests := []struct {
		text    string
		people  []string // Name|Role
		speaker string
	}{
		{"Comrade Halász Ferenc, head of the trade section, informed me that the treaty was ready.", []string{"Halász Ferenc|head"}, "Halász Ferenc"},
		{"Comrade János Kádár said that the grain deliveries would be late.", []string{"János Kádár|"}, "János Kádár"},
		{"Cde. Władysław Gomułka said that the treaty was ready.", []string{"Władysław Gomułka|"}, "Władysław Gomułka"},
		{"Comrade Dubček: We agree with the proposal.", []string{"Dubček|"}, "Dubček"},
		{"The café on the square was closed.", nil, ""},
	}
	for _, tt := range tests {
		d := Document{ID: "900300", Title: "Record", Paragraphs: []Paragraph{{N: 1, Text: tt.text}}}
		if err := derive(context.Background(), &d); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range d.People {
			got = append(got, m.Name+"|"+m.Role)
		}
		if !slices.Equal(got, tt.people) {
			t.Errorf("%q: people %q, want %q", tt.text, got, tt.people)
		}
		speaker := ""
		if sp := d.Paragraphs[0].Speakers; len(sp) > 0 {
			speaker = sp[0].Name
			if sp[0].End > len(tt.text) {
				t.Errorf("%q: speaker's span %+v outside the text", tt.text, sp[0])
			}
		}
		if speaker != tt.speaker {
			t.Errorf("%q: speaker %q, want %q", tt.text, speaker, tt.speaker)
		}
	}
}
