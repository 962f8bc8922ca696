package corpus

import "testing"

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
