package corpus

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNamesExactly(t *testing.T) {
	tests := []struct {
		text      string
		spellings []string
		want      bool
	}{
		{"Minister Aldric Venn spoke.", []string{"Aldric Venn"}, true},
		{"minister aldric venn spoke.", []string{"Aldric Venn"}, true},
		{"Aldric Venn's aide", []string{"Aldric Venn"}, true},
		{"Aldric Venn Orlov spoke.", []string{"Aldric Venn"}, false},      // a longer name
		{"Aldric Venn-Orlov spoke.", []string{"Aldric Venn"}, false},      // a double surname
		{"Aldric Vennholm spoke.", []string{"Aldric Venn"}, false},        // a longer word
		{"Kaldric Venn spoke.", []string{"Aldric Venn"}, false},           // inside a word
		{"Venn and Kostel met.", []string{"Aldric Venn", "Kostel"}, true}, // any spelling
		{"Aldric Venn and others", nil, false},
		{"", []string{"Venn"}, false},
		// Letters whose lower case is wider or narrower: offsets in the
		// lowered text are not the text's.
		{"ȺȺȺ Smith", []string{"Smith"}, true},
		{"ȺȺȺ Smith Jones", []string{"Smith"}, false},
		{"ȾȾ met Venn", []string{"Venn"}, true},
		{"\u212a\u212a\u212a Venn Orlov", []string{"Venn"}, false},
		{"\u212a\u212a\u212a Venn and Orlov", []string{"Venn"}, true},
		{"\xff\xfe Venn Orlov", []string{"Venn"}, false},
		{"\xff\xfe Venn", []string{"Venn"}, true},
	}
	for _, tt := range tests {
		if got := NamesExactly(tt.text, tt.spellings); got != tt.want {
			t.Errorf("NamesExactly(%q, %q) = %v, want %v", tt.text, tt.spellings, got, tt.want)
		}
	}
}

func TestTypedForm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A. M. Puzanov", "A M Puzanov"},
		{"PALVASSKA V. R.", "PALVASSKA V R"},
		{"Kim Il-sung", "Kim Il-sung"},
		{"O'Brien, Ota", "O'Brien Ota"},
		{"  Ota   Zeman ", "Ota Zeman"},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := TypedForm(tt.in); got != tt.want {
			t.Errorf("TypedForm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNamesExactlyNeverPanics runs NamesExactly over texts mixing letters
// whose lower case is wider (Ⱥ, Ⱦ), narrower (the Kelvin sign, İ) and
// stray bytes with the spelling, at every place.
func TestNamesExactlyNeverPanics(t *testing.T) {
	parts := []string{"Ⱥ", "Ⱦ", "\u212a", "İ", "\xff", "ẞ", " ", "-", "Venn", "venn", "Orlov", "a", "É"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		text := b.String()
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("NamesExactly(%q) panicked: %v", text, p)
				}
			}()
			NamesExactly(text, []string{"Venn", "ⱥ Venn"})
		}()
	}
}

func TestNameAsWritten(t *testing.T) {
	tests := []struct {
		text      string
		spellings []string
		want      string
		ok        bool
	}{
		{"Talks with JAN ORAVEC in Lindmar", []string{"Jan Oravec"}, "JAN ORAVEC", true},
		{"Talks with Jan Oravecz", []string{"Jan Oravec"}, "", false},
		{"Talks with Jan Oravec Kostel", []string{"Jan Oravec"}, "", false},
		{"Note by Vrell, then by T. Vrell", []string{"T. Vrell", "Vrell"}, "T. Vrell", true},
		// "Ⱥ" lowers to a wider letter: the name is still cut from the text as written.
		{"Ⱥ note to TOMAS VRELL.", []string{"Tomas Vrell"}, "TOMAS VRELL", true},
	}
	for _, tt := range tests {
		got, ok := NameAsWritten(tt.text, tt.spellings)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NameAsWritten(%q, %q) = %q, %v; want %q, %v", tt.text, tt.spellings, got, ok, tt.want, tt.ok)
		}
	}
}
