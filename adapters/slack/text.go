package slack

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/archivebot/archivebot/bot"
)

// Slack's limits on a message, in characters (UTF-16 code units).
const (
	maxText     = 3000 // a text object: a section's text, a context element
	maxField    = 2000 // one field of a section
	maxFields   = 10   // fields in one section
	maxBlocks   = 50   // blocks in one message
	maxElements = 10   // elements in one context block
	maxButton   = 75   // the label of a button
	maxValue    = 2000 // the value of a button
)

// Our own budgets, which keep a message readable and well inside Slack's
// limits.
const (
	maxContent   = 12000       // the text of all a message's blocks
	maxFallback  = 300         // the plain-text fallback: notifications show less
	maxHeadline  = 600         // the headline
	maxEvidence  = 600         // the sentence a date comes from
	maxSummary   = 600         // a search result's summary
	longDetail   = 300         // a fact longer than this gets a section of its own
	maxURL       = 1000        // a longer URL is shown as its label, not linked
	maxCodeBlock = maxText - 6 // room for the ``` fences
	ellipsis     = "…"         // marks text left out
	wordJoiner   = "\u2060"    // invisible; breaks @here apart
)

// textLen is the length of s as Slack counts it: UTF-16 code units, so a
// character outside the Basic Multilingual Plane counts twice. Counting
// this way never undercounts. An invalid byte counts as the U+FFFD that
// replaces it.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

var (
	escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	// broadcast matches the plain-text forms of Slack's group mentions,
	// which Slack may turn into a notification when it parses text.
	broadcast = regexp.MustCompile(`(?i)@(channel|here|everyone)\b`)
)

// esc makes text from the archive or from a user safe to put in a mrkdwn
// text object: Slack's control characters &, < and > are escaped, so
// nothing in it can form <!channel>, <!here>, <!everyone>, <@U123> or a
// link; the plain @channel, @here and @everyone get an invisible word
// joiner after the @, so that no parser can take them for a mention; and
// control characters other than newline and tab, and bidirectional
// controls, are replaced.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == utf8.RuneError || bot.IsBidiControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	s = escaper.Replace(s)
	return broadcast.ReplaceAllString(s, "@"+wordJoiner+"$1")
}

// fit escapes raw and, when the result is longer than limit, cuts raw at
// the last sentence end (failing that, the last space) that lets the
// escaped text and a trailing ellipsis fit. It reports whether it cut.
func fit(raw string, limit int) (string, bool) {
	head, rest := split(raw, limit)
	if rest == "" {
		return head, false
	}
	return head, true
}

// split is fit that also returns the text left over, so that a long text
// can be laid out over several blocks. The head ends with an ellipsis when
// there is a rest. A limit too small for any text gives just the ellipsis.
func split(raw string, limit int) (head, rest string) {
	raw = strings.TrimSpace(raw)
	if e := esc(raw); textLen(e) <= limit {
		return e, ""
	}
	room := limit - textLen(" "+ellipsis)
	fits := func(end int) bool { return textLen(esc(strings.TrimSpace(raw[:end]))) <= room }
	end := -1
	// A sentence end, unless the last that fits would waste half the room;
	// else a space; else, in one enormous word, any character.
	if cuts := sentenceEnds(raw); len(cuts) > 0 {
		if i := lastFitting(cuts, fits); i >= 0 && textLen(esc(raw[:cuts[i]])) >= room/2 {
			end = cuts[i]
		}
	}
	for _, cuts := range [][]int{spaces(raw), runeStarts(raw)} {
		if end >= 0 {
			break
		}
		if i := lastFitting(cuts, fits); i >= 0 {
			end = cuts[i]
		}
	}
	if end < 0 {
		return ellipsis, raw
	}
	return esc(strings.TrimSpace(raw[:end])) + " " + ellipsis, strings.TrimSpace(raw[end:])
}

// lastFitting finds by binary search the last cut for which fits holds;
// fits must hold for a prefix of cuts. It returns -1 when none fits.
func lastFitting(cuts []int, fits func(int) bool) int {
	lo, hi := 0, len(cuts) // invariant: cuts[:lo] fit, cuts[hi:] do not
	for lo < hi {
		mid := (lo + hi) / 2
		if fits(cuts[mid]) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

// sentenceEnds lists the byte offsets just after each sentence-ending
// punctuation mark (with any closing quotes or brackets) that a space
// follows. A full stop after a short capitalised word is taken for an
// abbreviation or an initial (Cde. Kim, A. M. Puzanov), not an end.
func sentenceEnds(s string) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && s[i] != '?' && s[i] != '!' {
			continue
		}
		if s[i] == '.' && abbreviated(s[:i]) {
			continue
		}
		end := i + 1
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if !strings.ContainsRune(`"')]”’»`, r) {
				break
			}
			end += size
		}
		if end < len(s) && (s[end] == ' ' || s[end] == '\n') {
			out = append(out, end)
		}
	}
	return out
}

// abbreviated reports whether the word that ends before looks like an
// abbreviation: one to three letters, the first a capital.
func abbreviated(before string) bool {
	word := before[strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) })+1:]
	n := utf8.RuneCountInString(word)
	first, _ := utf8.DecodeRuneInString(word)
	return n >= 1 && n <= 3 && unicode.IsUpper(first)
}

// spaces lists the byte offsets of the spaces in s.
func spaces(s string) []int {
	var out []int
	for i, r := range s {
		if unicode.IsSpace(r) && i > 0 {
			out = append(out, i)
		}
	}
	return out
}

// runeStarts lists the byte offsets of every character after the first,
// the last resort for a text with no spaces.
func runeStarts(s string) []int {
	var out []int
	for i := range s {
		if i > 0 {
			out = append(out, i)
		}
	}
	return out
}

// neutralCode makes text safe inside a ``` code block: escaped, and with
// no run of three backticks that would close the block early.
func neutralCode(s string) string {
	return strings.ReplaceAll(s, "```", "`\u200b`\u200b`")
}

// link formats a URL from the archive as a Slack link labelled with the
// escaped label. A URL that is not plain http(s), or is very long, is
// left out and the label shown alone.
func link(raw, label string) string {
	return linkEscaped(raw, esc(label))
}

// linkEscaped is link for a label that is already escaped.
func linkEscaped(raw, label string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(raw) > maxURL {
		return label
	}
	s := strings.NewReplacer("|", "%7C", " ", "%20").Replace(u.String())
	return "<" + escaper.Replace(s) + "|" + label + ">"
}

// userMention formats a Slack user id as a mention, if it looks like one.
func userMention(id string) string {
	if !slackID.MatchString(id) {
		return ""
	}
	return "<@" + id + ">"
}

var slackID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// Incoming text: what Slack sends has &, < and > escaped, and mentions,
// channels and links in angle brackets.
var (
	leadingMentions = regexp.MustCompile(`^(\s*<@[^<>]*>[\s,:]*)+`)
	slackMarkup     = regexp.MustCompile(`<([^<>]*)>`)
	unescaper       = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// commandText turns the text of a Slack message or slash command into the
// plain text of a command: a leading mention of the app is dropped, links
// become their URL (so "cite <https://...>" works), other mentions become
// their label, and Slack's escapes are undone.
func commandText(s string) string {
	s = leadingMentions.ReplaceAllString(s, "")
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		target, label, _ := strings.Cut(m[1:len(m)-1], "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return ""
		case strings.HasPrefix(target, "#"):
			if label != "" {
				return "#" + label
			}
			return ""
		case strings.HasPrefix(target, "!"):
			return label
		}
		return target
	})
	return strings.TrimSpace(unescaper.Replace(s))
}
