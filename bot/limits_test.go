package bot

import (
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	type ask struct {
		user, channel string
		want          bool
		refusedBy     string
	}
	tests := []struct {
		name   string
		limits func(now func() time.Time) *Limits
		asks   []ask
	}{
		{
			name: "per user",
			limits: func(now func() time.Time) *Limits {
				return &Limits{User: clocked(NewLimiter(6, 2), now)}
			},
			asks: []ask{
				{"ann", "c1", true, ""}, {"ann", "c2", true, ""}, {"ann", "c3", false, ScopeUser},
				{"bob", "c1", true, ""},
			},
		},
		{
			name: "per channel",
			limits: func(now func() time.Time) *Limits {
				return &Limits{User: clocked(NewLimiter(60, 10), now), Channel: clocked(NewLimiter(6, 3), now)}
			},
			asks: []ask{
				{"ann", "c1", true, ""}, {"bob", "c1", true, ""}, {"cid", "c1", true, ""},
				{"dan", "c1", false, ScopeChannel}, // three people used the channel's burst
				{"dan", "c2", true, ""},            // another channel is free
			},
		},
		{
			name: "a refused user spends nothing of the channel's",
			limits: func(now func() time.Time) *Limits {
				return &Limits{User: clocked(NewLimiter(6, 1), now), Channel: clocked(NewLimiter(6, 2), now)}
			},
			asks: []ask{
				{"ann", "c1", true, ""}, {"ann", "c1", false, ScopeUser}, {"ann", "c1", false, ScopeUser},
				{"bob", "c1", true, ""}, // the channel still has one left
				{"cid", "c1", false, ScopeChannel},
			},
		},
		{
			name:   "no limiters",
			limits: func(func() time.Time) *Limits { return &Limits{} },
			asks:   []ask{{"ann", "c1", true, ""}, {"ann", "c1", true, ""}, {"ann", "c1", true, ""}},
		},
		{
			name: "empty keys are not limited",
			limits: func(now func() time.Time) *Limits {
				return &Limits{User: clocked(NewLimiter(6, 1), now), Channel: clocked(NewLimiter(6, 1), now)}
			},
			asks: []ask{{"", "", true, ""}, {"", "", true, ""}, {"ann", "", true, ""}, {"", "c1", true, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			l := tt.limits(func() time.Time { return now })
			var refused []string
			l.Refused = func(scope string) { refused = append(refused, scope) }
			for i, a := range tt.asks {
				refused = nil
				if got := l.Allow(a.user, a.channel); got != a.want {
					t.Errorf("ask %d (%s in %s): Allow = %v, want %v", i, a.user, a.channel, got, a.want)
				}
				want := []string(nil)
				if a.refusedBy != "" {
					want = []string{a.refusedBy}
				}
				if len(refused) != len(want) || (len(want) == 1 && refused[0] != want[0]) {
					t.Errorf("ask %d: refusals reported %v, want %v", i, refused, want)
				}
			}
		})
	}
}

func clocked(l *Limiter, now func() time.Time) *Limiter {
	l.Now = now
	return l
}

func TestChannelLimitRefills(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := &Limits{Channel: clocked(NewLimiter(6, 1), func() time.Time { return now })}
	if !l.Allow("ann", "c1") || l.Allow("bob", "c1") {
		t.Fatal("a channel limit of one at once allowed two or none")
	}
	now = now.Add(10 * time.Second)
	if !l.Allow("bob", "c1") {
		t.Error("after ten seconds the channel may ask once more")
	}
}

func TestAllowList(t *testing.T) {
	tests := []struct {
		name             string
		places, channels []string
		place, channel   string
		want             bool
	}{
		{"no lists", nil, nil, "g1", "c1", true},
		{"blank ids are no list", []string{" ", ""}, []string{""}, "g1", "c1", true},
		{"listed place", []string{"g1", "g2"}, nil, "g2", "c9", true},
		{"other place", []string{"g1"}, nil, "g3", "c1", false},
		{"direct message with places listed", []string{"g1"}, nil, "", "d1", false},
		{"listed channel", nil, []string{"c1"}, "g9", "c1", true},
		{"other channel", nil, []string{"c1"}, "g1", "c2", false},
		{"both lists, both listed", []string{"g1"}, []string{"c1"}, "g1", "c1", true},
		{"both lists, channel of another place", []string{"g1"}, []string{"c1"}, "g2", "c1", false},
		{"both lists, other channel", []string{"g1"}, []string{"c1"}, "g1", "c2", false},
		{"spaces around ids", []string{" g1 "}, []string{" c1"}, "g1", "c1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewAllowList(tt.places, tt.channels)
			if got := l.Allows(tt.place, tt.channel); got != tt.want {
				t.Errorf("Allows(%q, %q) = %v, want %v", tt.place, tt.channel, got, tt.want)
			}
		})
	}
	if r := NotHere(); r.Kind != KindUsage || !r.Private || r.Headline == "" {
		t.Errorf("NotHere = %+v", r)
	}
}

func TestLimiterCharge(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := &Limits{User: clocked(NewLimiter(60, 5), func() time.Time { return now })}
	if !l.Allow("ann", "") {
		t.Fatal("a first request was refused")
	}
	l.Charge("ann", Reply{Cost: TimeoutCost}) // four more, one burst left empty
	l.Charge("bob", Reply{})                  // an ordinary reply costs nothing more
	if l.Allow("ann", "") {
		t.Error("after a timed-out search, ann may ask again at once")
	}
	if !l.Allow("bob", "") {
		t.Error("bob was charged for an ordinary reply")
	}
	now = now.Add(time.Second)
	if !l.Allow("ann", "") {
		t.Error("a second later (a request a second) ann is still refused")
	}
	// A charge past the burst leaves a debt of at most one burst.
	for range 5 {
		l.Allow("cid", "")
	}
	l.Charge("cid", Reply{Cost: 100})
	now = now.Add(5 * time.Second)
	if l.Allow("cid", "") {
		t.Error("cid's debt was paid off in five seconds")
	}
	now = now.Add(time.Second)
	if !l.Allow("cid", "") {
		t.Error("cid still refused after six seconds")
	}
}
