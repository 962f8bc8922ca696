package corpus

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, name := range []string{"sample/000_b36a1d6c43dd1486.txt", "testdata/archive/010_complete.txt", "testdata/layouts/050_single_line.txt", "testdata/layouts/010_no_labels_summary_after.txt"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("**May 1975**\n\n**T**\n\n**Contents:**\n\nTranslation - English\n\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.txt", data)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if d.ID == "" || d.Title == "" {
			t.Fatalf("a document without id or title: %+v", d)
		}
		for i, p := range d.Paragraphs {
			if p.N != i+1 || p.Text == "" || !utf8.ValidString(p.Text) {
				t.Fatalf("paragraph %d: %+v", i+1, p)
			}
			for _, s := range p.Speakers {
				if s.Start < 0 || s.End > len(p.Text) || s.Start >= s.End {
					t.Fatalf("speaker span %+v outside paragraph of %d bytes", s, len(p.Text))
				}
			}
		}
		for _, m := range d.Dates {
			text := d.Summary
			if m.Paragraph > 0 {
				text = d.Paragraphs[m.Paragraph-1].Text
			}
			if text[m.Start:m.End] != m.Text {
				t.Fatalf("date mention %+v does not point at its text", m)
			}
		}
	})
}

func FuzzDates(f *testing.F) {
	for _, s := range []string{"November 13, 1957", "12 September [sic; November] 1957", "1958 January 23", "24 December [1965]",
		"March 30 of this year", "last September", "in 1958", "1950-1953", "May 1975 - June 1975", "c. 1950", "Undated", "31 February 1950",
		"yesterday, 7 November", "November 12, 19 and 26", "16-18 November", "four years ago", "the fifth anniversary of the reform",
		"o(ctober 3, 1960", "[in mid-March 1949]", "February 3 and May 9 of this year", "July 2, 9 wagons"} {
		f.Add(s)
	}
	ref := Date{Precision: PrecisionDay}
	ref, _ = ParseDate("November 13, 1957")
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseDate(s); ok && !d.IsZero() {
			if d.End().Before(d.Time) || d.String() == "" {
				t.Fatalf("ParseDate(%q) = %+v", s, d)
			}
		}
		if !utf8.ValidString(s) {
			return
		}
		for _, m := range FindDates(s, 1, ref) {
			if m.Start < 0 || m.End > len(s) || s[m.Start:m.End] != m.Text || m.Date.IsZero() {
				t.Fatalf("FindDates(%q) gave %+v", s, m)
			}
		}
	})
}

func FuzzNames(f *testing.F) {
	for _, s := range []string{"Kim Il Sung", "Kim Il-sung", "N. S. Khrushchev", "S H T Y K O V", "PUZANOV A. M.", "Pak Heon- yeong", "Mao Tse-tung", "Peng"} {
		f.Add(s, "Kim Il")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if NameKey(a) != NameKey(strings.ToUpper(a)) && utf8.ValidString(a) && strings.ToUpper(strings.ToLower(a)) == strings.ToUpper(a) {
			t.Fatalf("NameKey(%q) depends on case", a)
		}
		ab := NewAuthorityBuilder()
		ab.Add(Document{ID: "1", People: []Mention{{Name: a}, {Name: b}}})
		auth := ab.Build()
		for _, n := range []string{a, b} {
			if NameKey(n) == "" {
				continue
			}
			if _, ok := auth.Lookup(n); !ok {
				t.Fatalf("Lookup(%q) finds nobody, though the corpus names it", n)
			}
		}
		auth.Closest(a, 3)
	})
}
