package discord

import (
	"strings"

	"github.com/archivebot/archivebot/bot"
)

// Discord's limits on a message, in characters. The library enforces none
// of them; a message over any of them is rejected whole.
const (
	maxContent      = 2000
	maxEmbeds       = 10
	maxEmbedTotal   = 6000
	maxTitle        = 256
	maxDescription  = 4096
	maxFields       = 25
	maxFieldName    = 256
	maxFieldValue   = 1024
	maxFooter       = 2048
	maxAuthor       = 256
	maxCustomID     = 100
	maxButtonLabel  = 80
	maxButtonsInRow = 5
	maxRows         = 5
	maxChoiceText   = 100
	maxChoices      = 25
	maxCommandDesc  = 100
)

// ellipsis marks text left out.
const ellipsis = "…"

// zwsp (a zero-width space) breaks a mention without changing how the text reads.
const zwsp = "\u200b"

// length counts s the way Discord's limits count it. Discord's clients
// count UTF-16 code units, never fewer than the characters, so a text that
// fits by this count fits by either.
func length(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// prefixLen is the byte length of the longest prefix of s that is at most
// max units long by length.
func prefixLen(s string, max int) int {
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return i
		}
		n += w
	}
	return len(s)
}

// shorten cuts s to at most max units the way the bot cuts text (see
// bot.Trim): after the last whole sentence that fits, else after the last
// whole word, never inside a word. It reports whether it cut anything; the
// caller marks the cut.
func shorten(s string, max int) (string, bool) {
	if length(s) <= max {
		return s, false
	}
	// bot.Trim counts bytes, which are never fewer than units, and adds a
	// mark, which is taken off again. The first limit is the bytes of the
	// longest prefix that fits; if Trim finds the whole text short enough
	// by that count, a smaller one makes it cut.
	const mark = " " + ellipsis
	for limit := prefixLen(s, max) + len(mark); limit > len(mark); limit -= len(mark) {
		cut, _ := bot.Trim(s, limit)
		if cut = strings.TrimSuffix(cut, mark); length(cut) <= max {
			if length(cut) >= max/3 {
				return strings.TrimRight(cut, " ,;:"), true
			}
			break // a sentence ending this early leaves too little: cut at a word
		}
	}
	end := prefixLen(s, max)
	if s[end] != ' ' {
		if i := strings.LastIndexByte(s[:end], ' '); i > 0 {
			end = i
		}
	}
	return strings.TrimRight(s[:end], " ,;:"), true
}

// neutralise breaks everything in s that Discord would read as a mention:
// @everyone, @here, <@user>, <@&role>, <#channel> and </command:id>. The
// text reads the same. Allowed mentions stop the pings anyway; this also
// stops the highlighting. Bidirectional controls are replaced too (see
// unbidi): every text the bot shows passes through here or unbidi.
func neutralise(s string) string {
	s = unbidi(s)
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		b.WriteByte(c)
		rest := s[i+1:]
		switch c {
		case '@':
			if hasPrefixFold(rest, "everyone") || hasPrefixFold(rest, "here") {
				b.WriteString(zwsp)
			}
		case '<':
			if rest != "" && strings.IndexByte("@#/:", rest[0]) >= 0 {
				b.WriteString(zwsp)
			}
		}
	}
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// escape makes archive or user text safe in Discord markdown: it cannot
// ping, and cannot turn into bold, links, quotes, headings or code.
func escape(s string) string {
	s = neutralise(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	lineStart := true
	for i, r := range s {
		switch {
		case strings.ContainsRune("\\*_~`|", r):
			b.WriteByte('\\')
		case lineStart && strings.ContainsRune(">#-+", r):
			b.WriteByte('\\')
		case r == '(' && i > 0 && s[i-1] == ']':
			b.WriteByte('\\')
		case r == '[' || r == ']':
			// Brackets are kept as they are (editorial brackets are common in
			// archive text); "](" is broken above so no link can form.
		}
		b.WriteRune(r)
		switch {
		case r == '\n':
			lineStart = true
		case r != ' ' && r != '\t':
			lineStart = false
		}
	}
	return b.String()
}

// escapeLinkText escapes s for the text of a masked link, where a bracket
// would end the link early.
func escapeLinkText(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(escape(s))
}

// escapeKeepCode escapes s except inside `code spans`, which the bot uses
// for commands to type. Inside a span nothing renders as markdown, so the
// text is left as written, but for mentions: runs of backticks ("```")
// may open a span where Discord sees none, so a mention is broken there
// too (an invisible change).
func escapeKeepCode(s string) string {
	if strings.Count(s, "`")%2 != 0 {
		return escape(s)
	}
	parts := strings.Split(s, "`")
	for i := range parts {
		if i%2 == 0 {
			parts[i] = escape(parts[i])
		} else {
			parts[i] = neutralise(parts[i])
		}
	}
	return strings.Join(parts, "`")
}

// plain makes text safe where Discord shows it without markdown (footers,
// author names, button labels): only mentions need breaking.
func plain(s string) string { return neutralise(s) }

// codeBlock puts s in a fenced block, which Discord shows with a copy
// button. A fence inside s is broken so it cannot close the block early.
func codeBlock(s string) string {
	return "```\n" + strings.ReplaceAll(unbidi(s), "```", "`"+zwsp+"`"+zwsp+"`") + "\n```"
}

// unbidi replaces the bidirectional controls in s (bot.IsBidiControl) with
// U+FFFD, as the other adapters replace control characters: one in archive
// text could reverse how the rest of a message reads.
func unbidi(s string) string {
	if strings.IndexFunc(s, bot.IsBidiControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bot.IsBidiControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// safeURL returns u if it is an http(s) URL that can stand in a masked
// link, with the characters that would end the link encoded, or "". A
// URL with a bidirectional control (which could disguise where it leads)
// is no link either.
func safeURL(u string) string {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	if length(u) > 512 || strings.ContainsAny(u, " \n\t<>\"") || strings.IndexFunc(u, bot.IsBidiControl) >= 0 {
		return ""
	}
	return strings.NewReplacer(")", "%29", "(", "%28").Replace(u)
}

// fit returns text, escaped by esc, in at most max units, shortened at a
// sentence (or a word) and marked with an ellipsis when it is too long,
// and reports whether it was shortened.
func fit(text string, max int, esc func(string) string) (string, bool) {
	if out := esc(text); length(out) <= max {
		return out, false
	}
	tail := " " + ellipsis
	budget := max - length(tail)
	for range 8 {
		if budget <= 0 {
			break
		}
		cut, _ := shorten(text, budget)
		out := esc(cut) + tail
		n := length(out)
		if n <= max {
			return out, true
		}
		budget -= n - max + 8 // escaping added characters: ask for fewer
	}
	// Escaping that doubles the text can defeat the loop above; a cut of
	// the escaped text at a space is the last resort.
	cut, _ := shorten(esc(text), max-length(tail))
	return strings.TrimRight(cut, `\`) + tail, true
}

// verbatim leaves text as it is, for code blocks, where nothing renders,
// but for its bidirectional controls (see unbidi).
func verbatim(s string) string { return unbidi(s) }
