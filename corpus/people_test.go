package corpus

import (
	"context"
	"os"
	"slices"
	"strings"
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
		{"an office after an honorific is no name", "The delegation was welcomed by Mr. Ambassador and Mr. President.", nil},
		{"a heading before initials is no name", "TOP SECRET A. P. LUTSK Copy no. 4",
			[]Mention{{Name: "A. P. LUTSK", Where: InBody, Paragraph: 9}}},
		{"initials before a name in capitals belong to it", "BETWEEN K. ORLIN, N. A. VASKO AND A. I. DREMIN",
			[]Mention{{Name: "K. ORLIN", Where: InBody, Paragraph: 9}, {Name: "N. A. VASKO", Where: InBody, Paragraph: 9}, {Name: "A. I. DREMIN", Where: InBody, Paragraph: 9}}},
		{"an acronym is no initial", "the DPRK A.M. Orlin arrived with the U.S. Navy",
			[]Mention{{Name: "A.M. Orlin", Where: InBody, Paragraph: 9}}},
		{"a role in apposition, to the clause end", "Pavel Orlin, Ostland Ambassador to Valdoria. He left.",
			[]Mention{{Name: "Pavel Orlin", Role: "Ostland Ambassador to Valdoria", Phrase: "Pavel Orlin, Ostland Ambassador to Valdoria", Where: InBody, Paragraph: 9}}},
		{"a place the editor glosses is no person", "we met in the Hall of Sarelka [Veldgrad] at noon", nil},
		{"a pseudonym the editor glosses is", "the reply of Orlando [Orlin] came",
			[]Mention{{Name: "Orlando", Alias: "Orlin", Where: InBody, Paragraph: 9}}},
		{"a hyphenated given name the editor glosses", "the reply of Pak Tae-il [Pak Thae Il] came",
			[]Mention{{Name: "Pak Tae-il", Alias: "Pak Thae Il", Where: InBody, Paragraph: 9}}},
		{"a role never takes in the next name", "present were Cde. Ota Zeman, Minister of Trade Jan Miksa, and others",
			[]Mention{{Name: "Ota Zeman", Where: InBody, Paragraph: 9}}},
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

// TestPeopleFixtures reads the fictional records of testdata/people, each
// written to show one way real records name people, and checks the
// mentions read from them.
func TestPeopleFixtures(t *testing.T) {
	docs, rep, err := ReadAll(context.Background(), os.DirFS("testdata/people"))
	if err != nil || len(rep.Skipped) > 0 {
		t.Fatalf("read testdata/people: %v %+v", err, rep.Skipped)
	}
	bySource := map[string]Document{}
	for _, d := range docs {
		bySource[d.Source] = d
	}
	type want struct {
		name, role, phrase string
		where              Where
	}
	tests := []struct {
		name, file string
		want       []want
	}{
		{"initials and surname without an honorific, in title and body", "201_dam_commission_1958.txt", []want{
			{name: "V. Fedenov", where: InTitle}, {name: "K. Dobrowolski", where: InTitle}, {name: "A. A. Grel", where: InTitle},
			{name: "A. Ya. Kor'chin", where: InBody},
		}},
		{"a list after a label", "201_dam_commission_1958.txt", []want{
			{name: "Orlin", where: InBody}, {name: "Vasko", where: InBody}, {name: "Dremin", where: InBody}, {name: "Sabek", where: InBody},
			{name: "V. S. Fedenov", where: InBody}, {name: "B. P. Lutsk", where: InBody},
		}},
		{"role before a name in a summary, kept as written", "201_dam_commission_1958.txt", []want{
			{name: "Konstantin Dobrowolski", role: "Valdorian Marshal", phrase: "Valdorian Marshal Konstantin Dobrowolski", where: InSummary},
		}},
		{"a role before a given name and a known surname", "201_dam_commission_1958.txt", []want{
			{name: "Orlin", role: "Ostland Ambassador to Upper Valdoria", phrase: "Ostland Ambassador to Upper Valdoria Pyotr Orlin", where: InSummary},
		}},
		{"a surname alone repeats the summary's full name", "201_dam_commission_1958.txt", []want{
			{name: "Dobrowolski", where: InBody},
		}},
		{"role in apposition after the name", "201_dam_commission_1958.txt", []want{
			{name: "Tomas Vrell", role: "Minister of Trade of Valdoria", phrase: "Tomas Vrell, Minister of Trade of Valdoria", where: InBody},
		}},
		{"name in apposition after the role", "201_dam_commission_1958.txt", []want{
			{name: "Ota Zeman", role: "First Deputy Chairman of the State Council", where: InBody},
		}},
		{"the editor's bracketed role and given name", "201_dam_commission_1958.txt", []want{
			{name: "Brandt", role: "Head of Planning", phrase: "[Head of Planning Nikolai] Brandt", where: InBody},
			{name: "Hradek", role: "Chief Engineer", phrase: "[Chief Engineer Pavel] Hradek", where: InBody},
		}},
		{"given name and surname in capitals", "201_dam_commission_1958.txt", []want{
			{name: "Marek HOLUB", where: InBody}, {name: "Ivan HOLUB", role: "Defense Minister", phrase: "[Defense Minister] Ivan HOLUB", where: InBody},
			{name: "Jan MIKSA", where: InBody},
		}},
		{"a signature in capitals", "201_dam_commission_1958.txt", []want{{name: "V. FEDENOV", where: InSignature}}},
		{"an office in apposition before the name, across an honorific", "202_turbines_letter_1959.txt", []want{
			{name: "D. F. YURCHENKO", role: "Ambassador", phrase: "Ambassador, Cde. D. F. YURCHENKO", where: InBody},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := bySource[tt.file]
			for _, w := range tt.want {
				i := slices.IndexFunc(d.People, func(m Mention) bool { return m.Name == w.name && m.Where == w.where })
				if i < 0 {
					t.Errorf("%s: no mention of %q in the %s; have %+v", tt.file, w.name, w.where, d.People)
					continue
				}
				m := d.People[i]
				if w.role != "" && m.Role != w.role {
					t.Errorf("%s: %q has the role %q, want %q", tt.file, w.name, m.Role, w.role)
				}
				if w.phrase != "" && m.Phrase != w.phrase {
					t.Errorf("%s: %q is written %q, want %q", tt.file, w.name, m.Phrase, w.phrase)
				}
			}
		})
	}
	// Never a person: headings, notes, offices, labels.
	for _, d := range docs {
		for _, m := range d.People {
			for _, bad := range []string{"Those Taking Part", "Working Notes", "President", "Control", "TOP SECRET", "Present", "Holub"} {
				if m.Name == bad || strings.HasPrefix(m.Name, bad+" ") {
					t.Errorf("%s: %q read as a person (%s)", d.Source, m.Name, m.Where)
				}
			}
		}
	}
	// The authority merges romanisations across the records, and keeps two
	// people with one surname apart.
	ab := NewAuthorityBuilder()
	for _, d := range docs {
		ab.Add(d)
	}
	a := ab.Build()
	for _, tt := range []struct{ query, want string }{
		{"Dobrowolsky", "Konstantin Dobrowolski"},
		{"Konstantin Dobrovsky", ""}, // another surname
		{"Vladimir Fedyonov", "V. S. Fedenov"},
		{"Dmitri Iurchenko", "D. F. YURCHENKO"},
		{"Holub", ""}, // two Holubs
	} {
		p, ok := a.Lookup(tt.query)
		if tt.want == "" && ok || tt.want != "" && p.Name != tt.want {
			t.Errorf("Lookup(%q) = %q %v, want %q", tt.query, p.Name, ok, tt.want)
		}
	}
}

func TestIsName(t *testing.T) {
	tests := []struct {
		text         string
		asRead, user bool // isPersonName of the text as read; IsName as typed
	}{
		{"Ambassador", false, false},
		{"Those Taking Part", false, false},
		{"those taking part", false, false},
		{"Working Notes", false, false},
		{"DPRK A.M.", false, true},
		{"SECRET A. P.", false, true},
		{"Mr. President", false, false},
		{"Prime Minister", false, false},
		{"First Secretary", false, false},
		{"Pavel", true, true},
		{"P. F. YURIN", true, true},
		{"Konstantin Dobrowski", true, true},
		{"S H T Y K A L O V", true, true},
		{"dobrovsky", false, true},
		{"Kádár", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isPersonName(tt.text); got != tt.asRead {
				t.Errorf("isPersonName(%q) = %v, want %v", tt.text, got, tt.asRead)
			}
			if got := IsName(tt.text); got != tt.user {
				t.Errorf("IsName(%q) = %v, want %v", tt.text, got, tt.user)
			}
		})
	}
}
