package corpus

import (
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
