package terminal

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/bot"
	"github.com/rivo/uniseg"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width int
		want  string
	}{
		{"fits", "a short line", 20, "a short line"},
		{"no width", "a line that would be wrapped", 0, "a line that would be wrapped"},
		{"at a space", "the quick brown fox jumps", 10, "the quick\nbrown fox\njumps"},
		{"exactly the width", "0123456789 abc", 10, "0123456789\nabc"},
		{"indent kept", "  We will not sell the tungsten", 14, "  We will not\n  sell the\n  tungsten"},
		{"quote hangs", "  “We will not sell the tungsten", 14, "  “We will not\n   sell the\n   tungsten"},
		{"long word alone", "see https://example.org/a/very/long/path now", 12, "see\nhttps://example.org/a/very/long/path\nnow"},
		{"lines apart", "one two three\n\nfour five six", 9, "one two\nthree\n\nfour five\nsix"},
		{"double spaces kept inside", "a  b c d e f", 6, "a  b c\nd e f"},
		{"wide characters", "日本語 日本語 日本語", 14, "日本語 日本語\n日本語"},
		{"indent wider than the width", "          word word", 4, "word\nword"},
		{"trailing spaces dropped at a break", "aaaa    bbbb", 6, "aaaa\nbbbb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.text, tt.width)
			if got != tt.want {
				t.Errorf("Wrap(%q, %d) =\n%s\nwant\n%s", tt.text, tt.width, got, tt.want)
			}
			if tt.width <= 0 {
				return
			}
			// Never inside a word: the words are the same, in order.
			if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(tt.text), " ") {
				t.Errorf("the words changed: %q", got)
			}
			for _, l := range strings.Split(got, "\n") {
				if uniseg.StringWidth(l) > tt.width && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("line %q is wider than %d", l, tt.width)
				}
			}
		})
	}
}

// TestRenderWidth: answers are wrapped to the width, the citation for
// copying is not.
func TestRenderWidth(t *testing.T) {
	long := "Agreement on deliveries of tungsten concentrate and of other ores between the two countries, with annexes and a protocol, signed in the capital city"
	r := bot.Reply{Kind: bot.KindAnswer, Command: "cite", Headline: "Citation for " + long,
		Citations: []bot.Citation{{DocID: "900001", Style: "chicago", Formatted: long + ". https://archive.example.org/document/900001"}}}
	for _, width := range []int{0, 40} {
		var out bytes.Buffer
		if err := RenderWidth(&out, r, width); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), long+". https://") {
			t.Errorf("width %d: the citation was wrapped:\n%s", width, out.String())
		}
		headlineWrapped := !strings.Contains(out.String(), "Citation for "+long)
		if headlineWrapped != (width > 0) {
			t.Errorf("width %d: headline wrapped %v:\n%s", width, headlineWrapped, out.String())
		}
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("  “We will not sell the tungsten at that price,” said Cde. Ivo Marsek.", 12)
	f.Add("日本語 日本語\n\n  a  b", 3)
	f.Fuzz(func(t *testing.T, text string, width int) {
		width %= 200
		got := Wrap(text, width)
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("Wrap(%q, %d) changed the words: %q", text, width, got)
		}
		if width <= 0 && got != text {
			t.Fatalf("Wrap(%q, %d) = %q, want it unchanged", text, width, got)
		}
	})
}
