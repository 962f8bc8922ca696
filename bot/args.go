package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// MaxRequestChars is the longest request the bot reads.
const MaxRequestChars = 500

// maxPage bounds paging so a request cannot ask the index for deep pages.
const maxPage = 50

// token is a plain word or a "quoted phrase" of a request.
type token struct {
	text   string
	phrase bool
	// colon is set when the word was written with a colon after it, as
	// a speaker before what they say ("Brezhnev: the Poles want ...").
	colon bool
}

// args are a command's arguments: words, quoted phrases and filters
// (from:DATE to:DATE year:YEAR lang:LANGUAGE doc:ID page:N, where a DATE
// is a year, a month or a day: 1956, 1958-06, 1957-11-13).
type args struct {
	tokens []token
	// filters are the filters as typed, page aside, to rebuild the command.
	filters []string
	// from and to bound the document date to [from, to); zero when open.
	from, to time.Time
	lang     string
	docID    string
	page     int
}

// filterHelp names the filters and the forms their values take.
const filterHelp = "Narrow any command with from:DATE to:DATE (a year, month or day: 1956, 1958-06, 1957-11-13), year:YEAR, lang:LANGUAGE, doc:ID and page:N."

// filterDate reads a filter date, "1956", "1958-06" or "1957-11-13", as the
// period it names: [start, end).
var filterDate = regexp.MustCompile(`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$`)

func periodOf(key, val string) (time.Time, time.Time, error) {
	bad := usagef("%s: takes a year, a month or a day, like %s:1956, %s:1958-06 or %s:1957-11-13.", key, key, key, key)
	m := filterDate.FindStringSubmatch(val)
	if m == nil {
		return time.Time{}, time.Time{}, bad
	}
	y, _ := strconv.Atoi(m[1])
	mon, day := 1, 1
	if m[2] != "" {
		mon, _ = strconv.Atoi(m[2])
	}
	if m[3] != "" {
		day, _ = strconv.Atoi(m[3])
	}
	start := time.Date(y, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	if y < 1000 || mon < 1 || mon > 12 || start.Day() != day || start.Month() != time.Month(mon) {
		return time.Time{}, time.Time{}, bad
	}
	switch {
	case m[3] != "":
		return start, start.AddDate(0, 0, 1), nil
	case m[2] != "":
		return start, start.AddDate(0, 1, 0), nil
	}
	return start, start.AddDate(1, 0, 0), nil
}

// usageError is a mistake in a request, with a message safe to show.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// parseArgs splits a command's argument text into words, phrases and filters.
func parseArgs(s string) (args, error) {
	a := args{page: 1}
	for _, t := range tokenize(s) {
		if !t.phrase {
			punct := func(r rune) bool {
				return unicode.IsPunct(r) && r != '\'' && r != '¶' && r != '-' && r != '/' && r != '[' && r != ']'
			}
			if key, val, ok := strings.Cut(strings.TrimLeftFunc(t.text, punct), ":"); ok && isFilter(key) {
				if err := a.setFilter(strings.ToLower(key), strings.TrimRightFunc(val, punct)); err != nil {
					return a, err
				}
				continue
			}
			t.colon = strings.Contains(t.text[len(strings.TrimRightFunc(t.text, punct)):], ":")
			if t.text = strings.TrimFunc(t.text, punct); t.text == "" {
				continue
			}
		}
		a.tokens = append(a.tokens, t)
	}
	if !a.from.IsZero() && !a.to.IsZero() && !a.from.Before(a.to) {
		return a, usagef("The from: date comes after the to: date.")
	}
	return a, nil
}

func isFilter(key string) bool {
	switch strings.ToLower(key) {
	case "from", "to", "year", "lang", "language", "doc", "page":
		return true
	}
	return false
}

func (a *args) setFilter(key, val string) error {
	switch key {
	case "from":
		start, _, err := periodOf(key, val)
		if err != nil {
			return err
		}
		a.from = start
	case "to":
		_, end, err := periodOf(key, val)
		if err != nil {
			return err
		}
		a.to = end
	case "year":
		start, end, err := periodOf(key, val)
		if err != nil || len(val) != 4 {
			return usagef("year: takes a year, like year:1957.")
		}
		a.from, a.to = start, end
	case "lang", "language":
		if val == "" {
			return usagef("lang: takes the original language, like lang:russian.")
		}
		a.lang = val
	case "doc":
		if val == "" || len(val) > 100 {
			return usagef("doc: takes a document id, like doc:115932.")
		}
		a.docID = val
	case "page":
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > maxPage {
			return usagef("page: takes a number from 1 to %d.", maxPage)
		}
		a.page = n
		return nil
	}
	a.filters = append(a.filters, key+":"+val)
	return nil
}

// tokenize splits text into words and quoted phrases. Straight and curly
// double quotes both delimit phrases; an unclosed quote runs to the end.
func tokenize(s string) []token {
	var out []token
	var cur strings.Builder
	inQuote := false
	flush := func(phrase bool) {
		t := strings.TrimSpace(cur.String())
		cur.Reset()
		if t == "" {
			return
		}
		if phrase {
			out = append(out, token{text: strings.Join(strings.Fields(t), " "), phrase: true})
			return
		}
		for _, w := range strings.Fields(t) {
			out = append(out, token{text: w})
		}
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			flush(inQuote)
			inQuote = !inQuote
		case !inQuote && unicode.IsSpace(r):
			flush(false)
		default:
			cur.WriteRune(r)
		}
	}
	flush(inQuote)
	return out
}

// words and phrases return the plain words and the quoted phrases.
func (a args) words() []string {
	var out []string
	for _, t := range a.tokens {
		if !t.phrase {
			out = append(out, t.text)
		}
	}
	return out
}

func (a args) phrases() []string {
	var out []string
	for _, t := range a.tokens {
		if t.phrase {
			out = append(out, t.text)
		}
	}
	return out
}

// text is the argument text without filters, phrases unquoted.
func (a args) text() string {
	parts := make([]string, len(a.tokens))
	for i, t := range a.tokens {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

// echo is the argument text as a reply may repeat it: clipped short.
func (a args) echo() string { return clip(a.text(), 80) }

// quoted is the argument text without filters, phrases in quotes, as a
// user would type it.
func (a args) quoted() string {
	parts := make([]string, len(a.tokens))
	for i, t := range a.tokens {
		parts[i] = t.text
		if t.phrase {
			parts[i] = `"` + t.text + `"`
		}
	}
	return strings.Join(parts, " ")
}

// command rebuilds a full command for another page of the same request.
func (a args) command(name string, page int) string {
	parts := append([]string{name, a.quoted()}, a.filters...)
	if page > 1 {
		parts = append(parts, fmt.Sprintf("page:%d", page))
	}
	return strings.Join(parts, " ")
}

// wordCount counts the words of a's words and phrases that a search
// looks up: stop words ("the", "of") are not counted.
func (a args) wordCount() int {
	texts := make([]string, len(a.tokens))
	for i, t := range a.tokens {
		texts[i] = t.text
	}
	return index.SearchWords(texts...)
}

// filtered reports whether any filter narrows the request.
func (a args) filtered() bool { return len(a.filters) > 0 }

// after returns the arguments that follow a leading plain word, as in
// "who said ...", and whether there are any.
func (a args) after(word string) (args, bool) {
	if len(a.tokens) < 2 || a.tokens[0].phrase || !strings.EqualFold(a.tokens[0].text, word) {
		return a, false
	}
	a.tokens = a.tokens[1:]
	return a, true
}

// dropTitles removes the titles and honorifics before a name ("Marshal
// Sokolovsky", "Prime Minister Nehru"), and reports whether there were
// any. The last word stays.
func (a *args) dropTitles() bool {
	n := len(a.tokens)
	for len(a.tokens) > 1 && !a.tokens[0].phrase && corpus.IsTitleWord(a.tokens[0].text) {
		a.tokens = a.tokens[1:]
	}
	return len(a.tokens) < n
}

// swapped is a with its two words in the other order ("Ferenc Halász"
// for "Halász Ferenc"); ok is false unless a is two plain words.
func (a args) swapped() (args, bool) {
	if len(a.tokens) != 2 || a.tokens[0].phrase || a.tokens[1].phrase {
		return a, false
	}
	a.tokens = []token{a.tokens[1], a.tokens[0]}
	return a, true
}

// dropLeading removes leading filler words, as in "who was Peng Dehuai".
func (a *args) dropLeading(filler ...string) {
	for len(a.tokens) > 1 && !a.tokens[0].phrase && slices.Contains(filler, strings.ToLower(a.tokens[0].text)) {
		a.tokens = a.tokens[1:]
	}
}
