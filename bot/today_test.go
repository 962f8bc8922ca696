package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestToday(t *testing.T) {
	tests := []struct {
		name, text string
		now        time.Time
		kind       Kind
		headline   string
		docs       []string
	}{
		{"this day", "today", clock, KindAnswer, "On this day, November 13: 1 document", []string{"115932"}},
		{"a day and month", "today 13 November", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), KindAnswer, "November 13", []string{"115932"}},
		{"month first", "today November 13", clock, KindAnswer, "November 13", []string{"115932"}},
		{"a full date reads as its day and month", "today 1999-04-14", clock, KindAnswer, "April 14", []string{"900001"}},
		{"yesterday", "today yesterday", time.Date(2026, 11, 14, 8, 0, 0, 0, time.UTC), KindAnswer, "November 13", []string{"115932"}},
		{"none: the nearest", "today 14 November", clock, KindAnswer, "No document is dated November 14; the nearest", []string{"115932"}},
		{"nearest across the new year", "today 31 December", clock, KindAnswer, "nearest", []string{"900004"}}, // January 9, not December 12
		{"nearest, after the turn", "today 2 January", clock, KindAnswer, "nearest", []string{"900004"}},
		{"leap day", "today 29 February", clock, KindAnswer, "nearest", []string{"900008"}}, // March 3, not February 12
		{"only earlier years", "today", time.Date(1957, 11, 13, 0, 0, 0, 0, time.UTC), KindNotFound, "in an earlier year", nil},
		{"not a day", "today March 1957", clock, KindUsage, "day and a month", nil},
		{"nonsense", "today banana", clock, KindUsage, "day and a month", nil},
		{"no such day", "today 31 February", clock, KindUsage, "day and a month", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(testArchive, Options{Now: func() time.Time { return tt.now }})
			r := b.Handle(context.Background(), Request{Text: tt.text, Platform: "test"})
			if r.Kind != tt.kind || !strings.Contains(r.Headline, tt.headline) {
				t.Fatalf("%s: %s %q, want %s containing %q", tt.text, r.Kind, r.Headline, tt.kind, tt.headline)
			}
			if tt.docs != nil && strings.Join(citedIDs(r), ",") != strings.Join(tt.docs, ",") {
				t.Errorf("cited %v, want %v", citedIDs(r), tt.docs)
			}
			for _, p := range r.Passages {
				d, _ := testArchive.Document(context.Background(), p.DocID)
				text := d.Summary
				if !p.FromSummary() {
					text = d.Paragraphs[p.Paragraph-1].Text
				}
				if !strings.HasPrefix(text, p.Text) || p.Trailing != (len(p.Text) < len(text)) || p.Leading {
					t.Errorf("passage %q is not the opening sentence of %q", p.Text, text)
				}
			}
			if r.Kind == KindAnswer && len(r.Passages) != len(r.Citations) {
				t.Errorf("%d passages for %d documents", len(r.Passages), len(r.Citations))
			}
		})
	}
}
