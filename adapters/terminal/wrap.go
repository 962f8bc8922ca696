package terminal

import (
	"strings"

	"github.com/rivo/uniseg"
)

// Wrap breaks each line of text wider than width terminal columns at
// spaces, never inside a word: a word wider than width gets a line of its
// own. Continuation lines keep the line's leading indentation (unless it
// leaves no room), one more column under a quotation's opening mark, and
// the spaces at a break are dropped. A width of 0 or
// less leaves text as it is.
func Wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = wrapLine(l, width)
	}
	return strings.Join(lines, "\n")
}

func wrapLine(l string, width int) string {
	if uniseg.StringWidth(l) <= width {
		return l
	}
	body := strings.TrimLeft(l, " \t")
	indent := l[:len(l)-len(body)]
	if strings.HasPrefix(body, "\u201c") {
		// A quotation's lines go on under its text, not its mark.
		indent += " "
	}
	if uniseg.StringWidth(indent) >= width/2 {
		indent = ""
	}
	var out strings.Builder
	first := l[:len(l)-len(body)]
	if uniseg.StringWidth(first) >= width/2 {
		first = ""
	}
	cur, curWidth := first, uniseg.StringWidth(first)
	started := false // cur holds a word
	spaces := ""     // the spaces between the last word and the next
	for _, word := range strings.Split(body, " ") {
		if word == "" {
			spaces += " "
			continue
		}
		gap := spaces + " "
		if !started {
			gap = ""
		}
		spaces = ""
		w := uniseg.StringWidth(word)
		if started && curWidth+uniseg.StringWidth(gap)+w > width {
			out.WriteString(cur)
			out.WriteByte('\n')
			cur, curWidth, gap = indent, uniseg.StringWidth(indent), ""
		}
		cur += gap + word
		curWidth += uniseg.StringWidth(gap) + w
		started = true
	}
	out.WriteString(cur)
	return out.String()
}
