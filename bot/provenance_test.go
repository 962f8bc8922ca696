package bot

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/index"
)

func TestReplySource(t *testing.T) {
	m := testArchive.Manifest()
	tests := []struct {
		text       string
		kind       Kind
		wantSource bool
	}{
		{"quote cotton", KindAnswer, true},
		{"quote zzzqxv", KindNotFound, true},
		{"frobnicate", KindUsage, false},
		{"help", KindUsage, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := ask(t, tt.text)
			if r.Kind != tt.kind {
				t.Fatalf("kind = %q, want %q (%s)", r.Kind, tt.kind, r.Headline)
			}
			if !tt.wantSource {
				if r.Source != nil {
					t.Errorf("a %s reply carries a source: %+v", r.Kind, r.Source)
				}
				return
			}
			if r.Source == nil {
				t.Fatal("no source on the reply")
			}
			if m.Fingerprint == "" || m.Documents == 0 {
				t.Fatalf("the test index's manifest is empty: %+v", m)
			}
			if r.Source.Documents != m.Documents || r.Source.Fingerprint != m.Fingerprint || !r.Source.BuiltAt.Equal(m.BuiltAt) {
				t.Errorf("source = %+v, want the manifest's %d documents, %q, %v", *r.Source, m.Documents, m.Fingerprint, m.BuiltAt)
			}
			if r.Source.BuiltAt.Location() != time.UTC {
				t.Errorf("built at %v, not in UTC", r.Source.BuiltAt)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"source":{"built_at":`) || !strings.Contains(string(b), `"fingerprint":"`+m.Fingerprint+`"`) {
				t.Errorf("json lacks the source: %s", b)
			}
		})
	}
}

func TestSourceLine(t *testing.T) {
	built := time.Date(2026, 11, 29, 22, 3, 41, 0, time.FixedZone("x", 3600))
	tests := []struct {
		name string
		src  *Source
		want string
	}{
		{"nil", nil, ""},
		{"full", &Source{BuiltAt: built, Documents: 27, Fingerprint: "1a2b3c4d5e6f7a8b9c0d"}, "Archive: 27 documents, built 2026-11-29 21:03 UTC, corpus 1a2b3c4d5e6f"},
		{"one", &Source{BuiltAt: built, Documents: 1, Fingerprint: "abc"}, "Archive: 1 document, built 2026-11-29 21:03 UTC, corpus abc"},
		{"no time or fingerprint", &Source{Documents: 3}, "Archive: 3 documents"},
		{"markup in fingerprint", &Source{Documents: 3, Fingerprint: "ab*<@here>"}, "Archive: 3 documents, corpus ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.src.Line(); got != tt.want {
				t.Errorf("Line() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReplySourceFollowsReload: a bot on a live index names the index each
// command read, before and after a rebuilt one is loaded.
func TestReplySourceFollowsReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "live")
	ctx := context.Background()
	if _, _, err := index.Build(ctx, path, versionSource("a1"), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := index.OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	b := NewLive(live, Options{})
	for _, want := range []string{"a1", "b2"} {
		if want != "a1" {
			if _, _, err := index.Build(ctx, path, versionSource(want), index.BuildOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := live.Reload(); err != nil {
				t.Fatal(err)
			}
		}
		r := b.Handle(ctx, Request{Text: "quote grain"})
		if r.Kind != KindAnswer || r.Source == nil {
			t.Fatalf("%s: %s reply, source %+v", want, r.Kind, r.Source)
		}
		if r.Source.Fingerprint != want || r.Source.Documents != 20 || !r.Source.BuiltAt.Equal(live.Manifest().BuiltAt) {
			t.Errorf("source = %+v, want fingerprint %q, 20 documents, built %v", *r.Source, want, live.Manifest().BuiltAt)
		}
	}
}
