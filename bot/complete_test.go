package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	b := New(testArchive, Options{})
	tests := []struct {
		command, typed string
		wantValue      string // must be among the suggestions
		wantNone       bool
	}{
		{"who", "peng", "Peng Dehuai", false},
		{"who", "Deh", "Peng Dehuai", false},
		{"who", "marsek", "Ivo Marsek", false},
		{"cite", "puzanov", "115932", false},
		{"doc", "115932", "115932", false},
		{"doc", "lighthouse", "090_no_url_year_only", false},
		{"save", "puzanov", "115932", false},
		{"who", "zzzz", "", true},
		{"quote", "cot", "", true},
		{"who", strings.Repeat("x", 200), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.typed[:min(len(tt.typed), 10)], func(t *testing.T) {
			got := b.Complete(tt.command, tt.typed)
			if tt.wantNone {
				if len(got) != 0 {
					t.Errorf("got %+v, want none", got)
				}
				return
			}
			found := false
			for _, s := range got {
				found = found || s.Value == tt.wantValue
				if utf8.RuneCountInString(s.Label) > 100 || utf8.RuneCountInString(s.Value) > 100 {
					t.Errorf("suggestion over 100 characters: %+v", s)
				}
			}
			if !found || len(got) > MaxSuggestions {
				t.Errorf("suggestions %+v lack %q", got, tt.wantValue)
			}
		})
	}
	if got := b.Complete("cite", ""); len(got) != 17 { // every test document, fewer than MaxSuggestions
		t.Errorf("empty prefix gives %d titles, want all 17", len(got))
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 40)
	got := clip(long, 50)
	if utf8.RuneCountInString(got) > 50 || !strings.HasSuffix(got, "…") || strings.Contains(got, "wor…") {
		t.Errorf("clip = %q", got)
	}
	if clip("short", 50) != "short" {
		t.Error("a short string was clipped")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(6, 2) // one every ten seconds, bursts of two
	l.Now = func() time.Time { return now }
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "ann", true}, {0, "ann", true}, {0, "ann", false}, // burst used up
		{0, "bob", true},                // keys are independent
		{5 * time.Second, "ann", false}, // not yet refilled
		{5 * time.Second, "ann", true},  // ten seconds: one more
		{0, "ann", false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.Allow(s.key); got != s.want {
			t.Errorf("step %d: Allow(%s) = %v, want %v", i, s.key, got, s.want)
		}
	}
	if r := SlowDown(); r.Kind != KindUsage || !r.Private {
		t.Errorf("SlowDown = %+v", r)
	}
}
