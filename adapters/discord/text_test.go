package discord

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLength(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"né", 2},
		{"“quoted”", 8},
		{"\U0001F600", 2}, // outside the BMP: two UTF-16 units
	}
	for _, tt := range tests {
		if got := length(tt.s); got != tt.want {
			t.Errorf("length(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		name string
		s    string
		max  int
		want string
		cut  bool
	}{
		{"fits", "One sentence.", 20, "One sentence.", false},
		{"at a sentence", "First one here. Second one is longer and goes on.", 30, "First one here.", true},
		{"not after an initial", "He met N. S. Khrushchev in Moscow. They talked.", 40, "He met N. S. Khrushchev in Moscow.", true},
		{"not after Cde.", "It was Cde. Kim who spoke at length about it all.", 20, "It was Cde. Kim who", true},
		{"at a word when no sentence fits", "a very long sentence without any full stop at all", 20, "a very long sentence", true},
		{"never inside a word", "tungsten concentrate", 12, "tungsten", true},
		{"a decimal is no sentence end", "It costs 3.5 million roubles in all.", 15, "It costs 3.5", true},
		{"closing quote kept", `He said, "No." Then he left the room for good.`, 20, `He said, "No."`, true},
		{"one long word", "Donaudampfschifffahrtsgesellschaft", 10, "Donaudampf", true},
		{"dangling comma dropped", "apples, pears, plums and more fruit", 15, "apples, pears", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := shorten(tt.s, tt.max)
			if got != tt.want || cut != tt.cut {
				t.Errorf("shorten(%q, %d) = %q, %v; want %q, %v", tt.s, tt.max, got, cut, tt.want, tt.cut)
			}
			if length(got) > tt.max {
				t.Errorf("result is %d long, over %d", length(got), tt.max)
			}
		})
	}
}

// TestShortenNeverCutsMidWord cuts a long text at every length: the result
// is always a prefix that ends where a word ends.
func TestShortenNeverCutsMidWord(t *testing.T) {
	text := "On 12 March [sic; April] 1961 I visited Valdorian Trade Minister Tomas Vrell at the Ministry. " +
		"Cde. Marsek replied that the price fixed on October 16, 1960 had been calculated before the flooding. " +
		`"We will not sell the tungsten at that price," said Cde. Ivo Marsek. Vrell answered — at length — that he would study it.`
	for max := 12; max < length(text); max++ {
		got, cut := shorten(text, max)
		if !cut || !strings.HasPrefix(text, got) || length(got) > max {
			t.Fatalf("shorten(_, %d) = %q", max, got)
		}
		// The cut is at a space, or at punctuation dropped before the ellipsis.
		next, _ := utf8.DecodeRuneInString(text[len(got):])
		if next != ' ' && !strings.ContainsRune(",;:—–-", next) {
			t.Fatalf("shorten(_, %d) cut inside a word: %q|%q", max, got, text[len(got):min(len(text), len(got)+10)])
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "The conversation lasted one hour.", "The conversation lasted one hour."},
		{"everyone", "to @everyone here", "to @\u200beveryone here"},
		{"here, any case", "@Here and @HERE", "@\u200bHere and @\u200bHERE"},
		{"user mention", "note <@123456789012345678>", "note <\u200b@123456789012345678>"},
		{"role and channel", "<@&42> in <#77>", "<\u200b@&42> in <\u200b#77>"},
		{"bold and italic", "**urgent** and _filed_", `\*\*urgent\*\* and \_filed\_`},
		{"code and spoilers", "`x` ||secret||", "\\`x\\` \\|\\|secret\\|\\|"},
		{"strike", "~~gone~~", `\~\~gone\~\~`},
		{"masked link", "[click](https://example.org)", `[click]\(https://example.org)`},
		{"editorial brackets stay", "12 March [sic; April] 1961", "12 March [sic; April] 1961"},
		{"quote and heading at line start", "> quoted\n# heading\n- item", "\\> quoted\n\\# heading\n\\- item"},
		{"not mid-line", "a > b, c # d, e - f", "a > b, c # d, e - f"},
		{"backslash", `a\b`, `a\\b`},
		{"bidirectional controls", "exe.\u202etxt \u2067x\u2069", "exe.\uFFFDtxt \uFFFDx\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEscapeKeepCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Try `search cotton` now.", "Try `search cotton` now."},
		{"**x** `quote *y*`", "\\*\\*x\\*\\* `quote *y*`"},
		{"odd ` count **", "odd \\` count \\*\\*"},
		{"@everyone `@everyone`", "@\u200beveryone `@\u200beveryone`"},
		// Three backticks may open a block where the split sees a span.
		{"```@everyone`", "``" + "`@\u200beveryone`"},
	}
	for _, tt := range tests {
		if got := escapeKeepCode(tt.in); got != tt.want {
			t.Errorf("escapeKeepCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFit(t *testing.T) {
	long := strings.Repeat("The keeper asked for more lamps. ", 40)
	tests := []struct {
		name string
		text string
		max  int
		esc  func(string) string
		cut  bool
	}{
		{"fits", "short", 10, escape, false},
		{"sentences", long, 100, escape, true},
		{"escaping grows the text", strings.Repeat("**bold** ", 100), 120, escape, true},
		{"all markdown", strings.Repeat("*", 300), 50, escape, true},
		{"tiny budget", long, 3, escape, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := fit(tt.text, tt.max, tt.esc)
			if cut != tt.cut || length(got) > tt.max {
				t.Errorf("fit = %q (%d long), cut %v; want at most %d, cut %v", got, length(got), cut, tt.max, tt.cut)
			}
			if cut && !strings.HasSuffix(got, ellipsis) {
				t.Errorf("a cut text does not end with an ellipsis: %q", got)
			}
		})
	}
}

func TestCodeBlock(t *testing.T) {
	got := codeBlock("a ``` b")
	if strings.Count(got, "```") != 2 {
		t.Errorf("a fence inside the text survived: %q", got)
	}
	for _, f := range []func(string) string{codeBlock, plain, verbatim} {
		if got := f("gpj.\u202eexe"); strings.ContainsRune(got, '\u202e') {
			t.Errorf("a right-to-left override survived: %q", got)
		}
	}
}
