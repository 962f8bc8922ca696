package index

import (
	"slices"
	"testing"
	"time"
)

func TestRangeTerms(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"one day", day(1957, 11, 13), day(1957, 11, 14), []string{"d19571113"}},
		{"a month", day(1957, 11, 1), day(1957, 12, 1), []string{"M195711"}},
		{"a year", day(1957, 1, 1), day(1958, 1, 1), []string{"Y1957"}},
		{"a decade", day(1950, 1, 1), day(1960, 1, 1), []string{"D195"}},
		{"days, a month, a year", day(1956, 11, 29), day(1958, 1, 1), []string{"d19561129", "d19561130", "M195612", "Y1957"}},
		{"a bound inside a day starts the next", day(1957, 11, 13).Add(time.Hour), day(1957, 11, 15), []string{"d19571114"}},
		{"an end inside a day keeps that day", day(1957, 11, 13), day(1957, 11, 13).Add(time.Hour), []string{"d19571113"}},
		{"empty", day(1957, 11, 13), day(1957, 11, 13), nil},
		{"open start", time.Time{}, day(1680, 3, 1), []string{"Y1678", "Y1679", "M168001", "M168002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rangeTerms(tt.from, tt.to); !slices.Equal(got, tt.want) {
				t.Errorf("rangeTerms = %v, want %v", got, tt.want)
			}
		})
	}
	open := rangeTerms(time.Time{}, time.Time{})
	if len(open) > 80 {
		t.Errorf("an open range takes %d terms", len(open))
	}
	// Every indexed date falls in exactly the ranges around it.
	for _, d := range []time.Time{day(1678, 1, 1), day(1957, 11, 13), day(2000, 2, 29), day(2261, 12, 31)} {
		in := func(terms []string) bool {
			for _, dt := range dateTerms(d) {
				if slices.Contains(terms, dt) {
					return true
				}
			}
			return false
		}
		if !in(rangeTerms(d, d.AddDate(0, 0, 1))) || !in(rangeTerms(time.Time{}, time.Time{})) || !in(rangeTerms(d.AddDate(-3, 0, 0), d.AddDate(0, 0, 1))) {
			t.Errorf("%s: not found in a range holding it", d.Format(time.DateOnly))
		}
		if in(rangeTerms(d.AddDate(0, 0, 1), time.Time{})) || in(rangeTerms(time.Time{}, d)) {
			t.Errorf("%s: found in a range without it", d.Format(time.DateOnly))
		}
	}
}
