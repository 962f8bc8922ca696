package discord

import (
	"errors"
	"strings"
	"testing"
)

func TestButtonIDs(t *testing.T) {
	s := newSigner("secret")
	tests := []struct {
		name string
		b    buttonState
	}{
		{"page", buttonState{action: actionPage, command: "quote tungsten page:2"}},
		{"share", buttonState{action: actionShare, command: `quote "friendly advice" from:1957`}},
		{"choice", buttonState{action: actionChoice, command: "cite 900001 mla ¶3"}},
		{"non-ASCII", buttonState{action: actionPage, command: "who Tomáš Vrell page:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := s.encode(tt.b)
			if !ok {
				t.Fatal("did not fit")
			}
			if length(id) > maxCustomID {
				t.Errorf("id is %d long", length(id))
			}
			got, err := s.decode(id)
			if err != nil || got != tt.b {
				t.Errorf("decode(encode(%+v)) = %+v, %v", tt.b, got, err)
			}
		})
	}
}

func TestButtonIDTooLong(t *testing.T) {
	s := newSigner("secret")
	cmd := "quote " + strings.Repeat("word ", 20) + "page:2"
	if id, ok := s.encode(buttonState{action: actionPage, command: cmd}); ok {
		t.Errorf("a %d-character command made an id: %q", len(cmd), id)
	}
	longest := "quote " + strings.Repeat("x", maxCustomID-2-sigLen-len("quote "))
	if _, ok := s.encode(buttonState{action: actionPage, command: longest}); !ok {
		t.Error("a command that just fits made no id")
	}
}

func TestStaleButtonIDs(t *testing.T) {
	s := newSigner("secret")
	id, _ := s.encode(buttonState{action: actionPage, command: "quote tungsten page:2"})
	other, _ := newSigner("another token").encode(buttonState{action: actionPage, command: "quote tungsten page:2"})
	tests := []struct{ name, id string }{
		{"command changed", strings.Replace(id, "page:2", "page:9", 1)},
		{"action changed", id[:1] + "s" + id[2:]},
		{"signature changed", id[:2] + "A" + id[3:]},
		{"signed with another key", other},
		{"older version", "0" + id[1:]},
		{"empty", ""},
		{"short", "1p"},
		{"someone else's", "next_page"},
		{"unknown action", "1x" + id[2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, err := s.decode(tt.id); !errors.Is(err, errStaleButton) {
				t.Errorf("decode(%q) = %+v, %v; want errStaleButton", tt.id, b, err)
			}
		})
	}
}
