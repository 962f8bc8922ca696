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
