package corpus

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNamesIn(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Mention
	}{
		{"role before name", "The visit to the DPRK last September by CPC CC Politburo member Cde. Peng Dehuai could be assessed",
			[]Mention{{Name: "Peng Dehuai", Role: "CPC CC Politburo member", Phrase: "CPC CC Politburo member Cde. Peng Dehuai", Where: InBody, Paragraph: 9}}},
		{"initials", "the upcoming conversation with Cde. N. S. Khrushchev.",
			[]Mention{{Name: "N. S. Khrushchev", Where: InBody, Paragraph: 9}}},
		{"two honorifics in a row", "by Cde. Mao Zedong Cde. Kim Il Sung said",
			[]Mention{{Name: "Mao Zedong", Where: InBody, Paragraph: 9}, {Name: "Kim Il Sung", Where: InBody, Paragraph: 9}}},
		{"possessive", "talk about Cde. N. S. Khrushchev's report",
			[]Mention{{Name: "N. S. Khrushchev", Where: InBody, Paragraph: 9}}},
		{"no role without a role noun", "Right now Cde. Zhou Enlai, and I",
			[]Mention{{Name: "Zhou Enlai", Where: InBody, Paragraph: 9}}},
		{"lowercase after honorific", "said Cde. the ambassador", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := namesIn(tt.text, InBody, 9)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("namesIn(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestSamplePeople(t *testing.T) {
	data := []byte("**May 1960**\n\n**A Test**\n\n**Citation:**\n\n\"A Test\", May 1960, Wilson Center Digital Archive, F. 1.\n\n**Contents:**\n\nTranslation - English\n\nWe met Cde. Ivo Marsek.\n\nOSTLAND AMBASSADOR IN VALDORIA\n\n[signature] (A. DOBREV)\n\n1 - Cde. Halas\n")
	d, err := Parse("test.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Mention{
		{Name: "Ivo Marsek", Where: InBody, Paragraph: 1},
		{Name: "A. DOBREV", Role: "OSTLAND AMBASSADOR IN VALDORIA", Where: InSignature, Paragraph: 3},
		{Name: "Halas", Where: InDistribution, Paragraph: 4},
	}
	if diff := cmp.Diff(want, d.People); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
}
