package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/bot/bottest"
)

// TestWhoPeopleFixtures asks who on the fictional records of
// corpus/testdata/people: spellings in other romanisations, a surname
// alone, roles as written, and the date of every document.
func TestWhoPeopleFixtures(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/people")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	tests := []struct {
		name, ask string
		want      []string // in the headline or details
		wantNot   []string
	}{
		{"a surname nobody in the archive has", "who Dobrowsky",
			nil, nil},
		{"another romanisation of a known surname", "who Dobrowolsky",
			[]string{"Konstantin Dobrowolski in 2 documents", "Valdorian Marshal Konstantin Dobrowolski (March 3, 1958)", "March 3, 1958", "June 9, 1959"}, nil},
		{"given name and surname for initials and surname", "who Vladimir Fedyonov",
			[]string{"in 2 documents", "March 3, 1958", "June 9, 1959"}, nil},
		{"a role after the name", "who Tomas Vrell",
			[]string{"Tomas Vrell, Minister of Trade of Valdoria (March 3, 1958)"}, nil},
		{"two people with one surname stay apart", "who Ivan Holub",
			[]string{"[Defense Minister] Ivan HOLUB"}, []string{"Marek"}},
		{"an office is no name", "who Ambassador", nil, nil},
		{"a label is no name", "who Those Taking Part", nil, nil},
		{"a surname two people have says so", "who Holub",
			[]string{"Several people are called Holub: Ivan HOLUB, Marek HOLUB"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			text := r.Headline
			for _, d := range r.Details {
				text += "\n" + d.Label + ": " + d.Value
			}
			for _, m := range r.Mentions {
				text += "\n" + m.Name
			}
			if tt.want == nil {
				if r.Kind != KindNotFound {
					t.Errorf("%s: %s %q, want nothing found", tt.ask, r.Kind, r.Headline)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: %q missing from\n%s", tt.ask, w, text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("%s: %q in\n%s", tt.ask, w, text)
				}
			}
		})
	}
}

func TestSomeMentions(t *testing.T) {
	ms := []Mention{
		{Name: "A", Where: "title"}, {Name: "A", Where: "summary"},
		{Name: "A", Where: "body", Paragraph: 1}, {Name: "A", Where: "body", Paragraph: 2, Role: "Minister"},
		{Name: "A. B.", Where: "signature", Role: "AMBASSADOR"},
	}
	got := someMentions(ms, 3)
	var where []string
	for _, m := range got {
		where = append(where, fmt.Sprintf("%s/%d/%s", m.Where, m.Paragraph, m.Role))
	}
	want := "title/0/ body/2/Minister signature/0/AMBASSADOR"
	if strings.Join(where, " ") != want {
		t.Errorf("someMentions = %v, want %s", where, want)
	}
}
