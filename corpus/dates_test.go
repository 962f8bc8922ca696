package corpus

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string // Date.String()
		precision Precision
		ok        bool
	}{
		{"November 13, 1957", "November 13, 1957", PrecisionDay, true},
		{"13 November 1957", "November 13, 1957", PrecisionDay, true},
		{"1957-11-13", "November 13, 1957", PrecisionDay, true},
		{"Nov. 13, 1957", "November 13, 1957", PrecisionDay, true},
		{"May 1975", "May 1975", PrecisionMonth, true},
		{"1958", "1958", PrecisionYear, true},
		{"c. 1950", "c. 1950", PrecisionApproximate, true},
		{"Undated", "undated", PrecisionNone, true},
		{"December 01, 1949", "December 1, 1949", PrecisionDay, true},
		{"1958 January 23", "January 23, 1958", PrecisionDay, true},
		{"1950-1953", "1950–1953", PrecisionYear, true},
		{"May 1975 - June 1975", "May 1975–June 1975", PrecisionMonth, true},
		{"1953-1950", "", PrecisionNone, false},
		{"February 30, 1957", "", PrecisionNone, false},
		{"1957-13-01", "", PrecisionNone, false},
		{"From the Journal of A. M. Puzanov", "", PrecisionNone, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := ParseDate(tt.in)
			if ok != tt.ok {
				t.Fatalf("ParseDate(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if !ok {
				return
			}
			if d.String() != tt.want || d.Precision != tt.precision || d.Text != tt.in {
				t.Errorf("ParseDate(%q) = %q %q text %q", tt.in, d.String(), d.Precision, d.Text)
			}
		})
	}
}

func TestFindDates(t *testing.T) {
	ref := Date{Time: time.Date(1957, 11, 13, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay}
	tests := []struct {
		name, text string
		want       []string // Text => String()
		corrected  bool
		relative   bool
	}{
		{"correction wins", "On 12 September [sic; November] 1957 a conversation was held", []string{"12 September [sic; November] 1957 => November 12, 1957"}, true, false},
		{"year with preposition", "they plan to visit the PRC in 1958.", []string{"1958 => 1958"}, false, false},
		{"month year", "before the August 1956 KWP CC plenum", []string{"August 1956 => August 1956"}, false, false},
		{"month day year", "on October 16, 1949 the republic", []string{"October 16, 1949 => October 16, 1949"}, false, false},
		{"last year", "who had gone to China last year had", []string{"last year => 1956"}, false, true},
		{"next year", "a visit next year", []string{"next year => 1958"}, false, true},
		{"last month name is the year before", "The visit last September by", []string{"last September => September 1956"}, false, true},
		{"next month name", "a visit next March", []string{"next March => March 1958"}, false, true},
		{"year month day", "the telegram of 1958 January 23 says", []string{"1958 January 23 => January 23, 1958"}, false, false},
		{"year supplied by the editor", "on 24 December [1965] the envoy", []string{"24 December [1965] => December 24, 1965"}, false, false},
		{"padded day", "dated December 01, 1949.", []string{"December 01, 1949 => December 1, 1949"}, false, false},
		{"day month year", "on 16 October 1949 the republic", []string{"16 October 1949 => October 16, 1949"}, false, false},
		{"day of this year", "since March 30 of this year", []string{"March 30 of this year => March 30, 1957"}, false, true},
		{"numbers are not years", "only 8,000 tons instead of the 12,000 tons and 100 million meters", nil, false, false},
		{"lowercase may is not a month", "we may 1958 not", []string{"1958 => 1958"}, false, false},
		{"day month year in figures", "on 12.03.1970 the talks", []string{"12.03.1970 => March 12, 1970"}, false, false},
		{"two figures each", "dispatched on 14.03.64 at noon", []string{"14.03.64 => March 14, 1964"}, false, false},
		{"four groups of figures are no date", "the address 10.12.64.1 and file 1.12.03.64", nil, false, false},
		{"an ordinal before a noun is no day", "on the 9th Plenum, by the 20th Congress", nil, false, false},
		{"a month in Roman numerals", "the record of 28.VIII.1962.", []string{"28.VIII.1962 => August 28, 1962"}, false, false},
		{"year first in figures", "report of 1976. 9. 28 on", []string{"1976. 9. 28 => September 28, 1976"}, false, false},
		{"a telegram's heading with a two-figure year", "LINDMAR, 80. 10. 02.", []string{"80. 10. 02. => October 2, 1980"}, false, false},
		{"numbered points are no date", "points 1. 2. 3. were", nil, false, false},
		{"a version number is no date", "version 10.10.10 of the code", nil, false, false},
		{"an abbreviated month glued to its day", "re: a Conversation with Mao, Dec.20, 1949", []string{"Dec.20, 1949 => December 20, 1949"}, false, false},
		{"a time of day alone is the record's day", "At 9:30 a.m. at the gates the guards were fired upon.", []string{"At 9:30 a.m. => November 13, 1957"}, false, true},
		{"a time beside a date is that date's", "the situation at 2 p.m. (Lindmar time) on November 12.", []string{"November 12 => November 12, 1957"}, false, true},
		{"a price is no time of day", "The price was 12.50 rubles at 12.50 per ton.", nil, false, false},
		{"an ordinal day of a month", "until the 31st of December 1949 when", []string{"31st of December 1949 => December 31, 1949"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindDates(tt.text, 3, ref)
			if len(got) != len(tt.want) {
				t.Fatalf("FindDates(%q) = %+v, want %v", tt.text, got, tt.want)
			}
			for i, m := range got {
				if s := m.Text + " => " + m.Date.String(); s != tt.want[i] {
					t.Errorf("mention %d = %q, want %q", i, s, tt.want[i])
				}
				if m.Corrected != tt.corrected || m.Relative != tt.relative || m.Paragraph != 3 {
					t.Errorf("mention %d flags = %+v", i, m)
				}
				if tt.text[m.Start:m.End] != m.Text {
					t.Errorf("offsets %d:%d give %q, want %q", m.Start, m.End, tt.text[m.Start:m.End], m.Text)
				}
			}
		})
	}
	if got := FindDates("they met last year", 1, Date{}); len(got) != 0 {
		t.Errorf("relative date resolved against an undated document: %+v", got)
	}
}

func TestFindEventDates(t *testing.T) {
	day := func(s string) Date {
		t.Helper()
		d, ok := ParseDate(s)
		if !ok {
			t.Fatalf("ParseDate(%q) failed", s)
		}
		return d
	}
	dec10 := day("December 10, 1968")
	tests := []struct {
		name, text string
		ref        Date
		want       []string // Text => String() and the flags set
	}{
		{"day month without year", "On 6 December the envoy came.", dec10, []string{"6 December => December 6, 1968 relative"}},
		{"yesterday before a stated day", "and yesterday, 7 December, the mill wrote", day("December 8, 1968"), []string{"yesterday, 7 December => December 7, 1968 relative"}},
		{"yesterday alone", "the mill wrote yesterday from Lindmar", dec10, []string{"yesterday => December 9, 1968 relative"}},
		{"today is the record's own day", "Today the mill reopened, and tonight the envoy leaves.", dec10, []string{"Today => December 10, 1968 relative", "tonight => December 10, 1968 relative"}},
		{"today before a stated day", "the mill wrote today, 10 December", dec10, []string{"today, 10 December => December 10, 1968 relative"}},
		{"today in a word is not a date", "the todays and tonightly", dec10, nil},
		{"last night is the day before", "Thank you for the telephone call late last night.", dec10, []string{"last night => December 9, 1968 relative"}},
		{"this evening is the record's day", "I met the envoy this evening; this morning he was ill.", dec10, []string{"this evening => December 10, 1968 relative", "this morning => December 10, 1968 relative"}},
		{"a night that is not the last", "On the last night of the talks; in this eveningwear", dec10, nil},
		{"month day list", "to be loaded on December 16 and 23, before the frost", dec10, []string{"December 16 and 23 => December 16, 1968 relative", "December 16 and 23 => December 23, 1968 relative"}},
		{"comma list ends with and", "on December 19, 20 and 24", dec10, []string{"December 19, 20 and 24 => December 19, 1968 relative", "December 19, 20 and 24 => December 20, 1968 relative", "December 19, 20 and 24 => December 24, 1968 relative"}},
		{"day month list", "the talks of 4 and 5 December", dec10, []string{"4 and 5 December => December 4, 1968 relative", "4 and 5 December => December 5, 1968 relative"}},
		{"range of days", "the session of 16-18 November", dec10, []string{"16-18 November => November 16, 1968–November 18, 1968 relative"}},
		{"a list with its year is not relative", "on December 19 and 24, 1957 the ships sailed", dec10, []string{"December 19 and 24, 1957 => December 19, 1957", "December 19 and 24, 1957 => December 24, 1957"}},
		{"count after a comma is not a day", "from July 2, 9 wagons a day", dec10, []string{"July 2 => July 2, 1968 relative"}},
		{"clock time after a comma", "Sent: July 2, 4 p.m.", dec10, []string{"July 2 => July 2, 1968 relative"}},
		{"a decimal after a day is no day", "the index stood at 2.5 on July 2.5 per cent", dec10, nil},
		{"a footnote's number after a day's full stop", "[describing the mill on the morning of December 8.12]", dec10, []string{"December 8 => December 8, 1968 relative editorial"}},
		{"a day of the previous year", "idle since 27 December", day("January 5, 1969"), []string{"27 December => December 27, 1968 relative"}},
		{"a day of the next year", "they return on 2 January", dec10, []string{"2 January => January 2, 1969 relative"}},
		{"a day without year needs a month", "On 6 December the envoy came.", day("1968"), nil},
		{"list of this year", "the notes of April 2 and July 21 of this year", dec10, []string{"April 2 and July 21 of this year => April 2, 1968 relative", "April 2 and July 21 of this year => July 21, 1968 relative"}},
		{"day month of this year", "On 6 October of this year the commission", dec10, []string{"6 October of this year => October 6, 1968 relative"}},
		{"month of last year", "a note sent in July of last year", dec10, []string{"July of last year => July 1967 relative"}},
		{"years ago", "Four years ago the dam was begun", day("May 15, 1958"), []string{"Four years ago => 1954 relative"}},
		{"about years ago is approximate", "about twenty years ago they met", day("May 15, 1958"), []string{"about twenty years ago => c. 1938 relative"}},
		{"months ago", "two months ago the mill closed", dec10, []string{"two months ago => October 1968 relative"}},
		{"a few years ago is not a count", "a few years ago they met", dec10, nil},
		{"anniversary", "the festivities for the seventh anniversary of the Valdorian republic (the envoy attended)", day("June 1, 1969"), []string{"seventh anniversary of the Valdorian republic => 1962 relative"}},
		{"the celebrations of an anniversary", "coming to the 15th anniversary celebrations of the establishment of the republic.", day("September 4, 1963"), []string{"15th anniversary celebrations of the establishment of the republic => 1948 relative"}},
		{"anniversary in digits ends before a clause", "the 25th anniversary of the academy was marked", day("November 13, 1957"), []string{"25th anniversary of the academy => 1932 relative"}},
		{"the coming year", "the harvest of the coming year", dec10, []string{"the coming year => 1969 relative"}},
		{"last year", "the strikes that began last year in the mills", day("March 23, 1966"), []string{"last year => 1965 relative"}},
		{"part of a month in the editor's brackets", "the regent left [in mid-March 1951], and the council", dec10, []string{"mid-March 1951 => March 1951 editorial"}},
		{"early in a year", "by early 1965 the dam stood", dec10, []string{"early 1965 => 1965"}},
		{"illegible month keeps its words", "the note of S(eptember 14, 1962 on the border", dec10, []string{"S(eptember 14, 1962 => 1962 illegible"}},
		{"an ordinary word before a day is no month", "See Article 12, 1957 edition", dec10, []string{"1957 => 1957"}},
		{"a decade is not a year", "in the 1950s the mill grew", dec10, nil},
		{"relative words in an undated document", "On 6 December, four years ago", Date{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range FindDates(tt.text, 2, tt.ref) {
				s := m.Text + " => " + m.Date.String()
				for _, f := range []struct {
					set  bool
					name string
				}{{m.Corrected, "corrected"}, {m.Relative, "relative"}, {m.Illegible, "illegible"}, {m.Editorial, "editorial"}} {
					if f.set {
						s += " " + f.name
					}
				}
				got = append(got, s)
				if tt.text[m.Start:m.End] != m.Text || m.Paragraph != 2 {
					t.Errorf("mention %+v does not point at its text", m)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("FindDates(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestDatesFixtures reads the fictional documents of testdata/dates: each
// shows one way records state event dates, tied to the document's date.
func TestDatesFixtures(t *testing.T) {
	want := map[string][]string{
		"010_politburo_days_without_year.txt": {
			"2 5 November 1968 => November 5, 1968 dateline",
			"3 2 November => November 2, 1968 relative",
			"3 yesterday, 4 November => November 4, 1968 relative",
			"4 November 12 and 19 => November 12, 1968 relative",
			"4 November 12 and 19 => November 19, 1968 relative",
			"4 30th of November => November 30, 1968 relative",
			"5 the coming year => 1969 relative",
			"5 July 2 => July 2, 1968 relative",
		},
		"020_january_letter.txt": {
			"2 27 December => December 27, 1968 relative",
			"2 2 February => February 2, 1969 relative",
		},
		"030_summary_date.txt": {
			"0 11 September => September 11, 1963 relative",
		},
		"040_relative_years.txt": {
			"1 four years ago => 1954 relative",
			"2 last year => 1957 relative",
			"2 February 3 and May 9 of this year => February 3, 1958 relative",
			"2 February 3 and May 9 of this year => May 9, 1958 relative",
			"2 April of this year => April 1958 relative",
			"3 fifth anniversary of the Valdorian land reform => 1953 relative",
			"4 mid-March 1949 => March 1949 editorial",
			"4 about twenty years ago => c. 1938 relative",
		},
		"050_journal_entry.txt": {
			"3 October 3, 1970 => October 3, 1970 dateline",
			"4 Today => October 3, 1970 relative",
			"5 21 September => September 21, 1970 relative",
		},
		"070_heading_time.txt": {
			"2 14 March 1971 => March 14, 1971 dateline",
			"3 3 and 4 March 1971 => March 3, 1971",
			"3 3 and 4 March 1971 => March 4, 1971",
			"3 8 – 10 April 1971 => April 8, 1971–April 10, 1971",
			"4 31st of January 1971 => January 31, 1971",
			"4 the 12th of this month => March 12, 1971 relative",
		},
		"090_days_of_the_month.txt": {
			"1 14.03.71 => March 14, 1971",
			"1 15.03.71 => March 15, 1971",
			"2 on the 21st => March 21, 1971 relative",
			"2 on the 22nd => March 22, 1971 relative",
			"2 the 27th ultimo => February 27, 1971 relative",
			"2 Since the 15th => March 15, 1971 relative",
			"2 on the 2nd => April 2, 1971 relative",
			"3 On Tuesday => March 23, 1971 relative",
			"3 22 I 1947 => January 22, 1947",
			"3 8. V 1950 => May 8, 1950",
		},
		"080_telegram_received.txt": {
			"1 March 20, 1971 => March 20, 1971",
		},
		"060_illegible_month.txt": {
			"3 September 8, 1961 => September 8, 1961 dateline",
			"4 o(ctober 3, 1960 => 1960 illegible",
		},
	}
	docs, rep, err := ReadAll(context.Background(), os.DirFS("testdata/dates"))
	if err != nil || len(rep.Skipped) > 0 {
		t.Fatalf("read testdata/dates: %v %+v", err, rep.Skipped)
	}
	if len(docs) != len(want) {
		t.Fatalf("read %d documents, want %d", len(docs), len(want))
	}
	for _, d := range docs {
		t.Run(d.Source, func(t *testing.T) {
			var got []string
			for _, m := range d.Dates {
				s := fmt.Sprintf("%d %s => %s", m.Paragraph, m.Text, m.Date)
				for _, f := range []struct {
					set  bool
					name string
				}{{m.Corrected, "corrected"}, {m.Relative, "relative"}, {m.Illegible, "illegible"}, {m.Editorial, "editorial"}, {m.Dateline, "dateline"}} {
					if f.set {
						s += " " + f.name
					}
				}
				got = append(got, s)
				text := d.Summary
				if m.Paragraph > 0 {
					text = d.Paragraphs[m.Paragraph-1].Text
				}
				if text[m.Start:m.End] != m.Text {
					t.Errorf("mention %+v does not point at its text", m)
				}
			}
			if w := want[d.Source]; strings.Join(got, "\n") != strings.Join(w, "\n") {
				t.Errorf("dates of %s\n got %q\nwant %q", d.Source, got, w)
			}
		})
	}
}

// TestDatelineReference shows that the days below a date line are read
// against it: "2 March" under a line of 28 December 1968 is March 2, 1969
// (nearest the entry), though the record is dated June 1969.
func TestDatelineReference(t *testing.T) {
	doc := Document{
		Date: Date{Time: time.Date(1969, 6, 30, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay},
		Paragraphs: []Paragraph{
			{N: 1, Text: "Lindmar, 28 December 1968"},
			{N: 2, Text: "The envoy will return on 2 March, and he left yesterday."},
		},
	}
	var got []string
	for _, m := range documentDates(doc) {
		got = append(got, fmt.Sprintf("%d %s => %s", m.Paragraph, m.Text, m.Date))
	}
	want := []string{"1 28 December 1968 => December 28, 1968", "2 2 March => March 2, 1969", "2 yesterday => December 27, 1968"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("dates = %q, want %q", got, want)
	}
}

// TestDatelineOfAJournal reads a journal entry's heading as its date line,
// though its keeper and number follow the date.
func TestDatelineOfAJournal(t *testing.T) {
	ref := Date{Time: time.Date(1977, 9, 14, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay}
	for text, want := range map[string]bool{
		"From the journal of 29 September 1977 Orlin, P.I. Original No. 354": true,
		"From the diary of 3 October 1970":                                   true,
		"The report of 29 September 1977 No. 354":                            false,
	} {
		_, got := dateline(text, FindDates(text, 1, ref))
		if got != want {
			t.Errorf("dateline(%q) = %v, want %v", text, got, want)
		}
	}
}
