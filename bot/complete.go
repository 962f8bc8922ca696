package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxSuggestions is the most suggestions Complete returns (Discord's limit).
const MaxSuggestions = 25

// maxSuggestionChars bounds a suggestion's label and value (Discord's limit).
const maxSuggestionChars = 100

// Suggestion completes what a user is typing: Label is shown, Value is
// what the command receives.
type Suggestion struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Complete suggests values for a command's argument as it is typed: known
// people for who, document titles (with their ids as values) for cite,
// doc and save. Other commands get none. It reads an in-memory list, so it is fast
// enough for every keystroke.
func (b *Bot) Complete(command, typed string) []Suggestion {
	if utf8.RuneCountInString(typed) > maxSuggestionChars {
		return nil
	}
	archive, release := b.acquire()
	defer release()
	var out []Suggestion
	switch strings.ToLower(command) {
	case "who":
		for _, n := range archive.Names(typed, MaxSuggestions) {
			label := fmt.Sprintf("%s (%s)", n.Name, plural(n.Documents, "document"))
			out = append(out, Suggestion{Label: clip(label, maxSuggestionChars), Value: clip(n.Name, maxSuggestionChars)})
		}
	case "cite", "doc", "save":
		for _, t := range archive.Titles(typed, MaxSuggestions) {
			suffix := " (" + t.Date + ")"
			label := clip(t.Title, maxSuggestionChars-utf8.RuneCountInString(suffix)) + suffix
			out = append(out, Suggestion{Label: label, Value: clip(t.DocID, maxSuggestionChars)})
		}
	}
	return out
}

// clip shortens s to at most n runes, at a word boundary where it can, and
// marks the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
