package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// MaxRequestChars is the longest request the bot reads.
const MaxRequestChars = 500

// maxPage bounds paging so a request cannot ask the index for deep pages.
const maxPage = 50

// token is a plain word or a "quoted phrase" of a request.
type token struct {
	text   string
	phrase bool
}

// args are a command's arguments: words, quoted phrases and filters
// (from:YEAR to:YEAR year:YEAR lang:LANGUAGE page:N).
type args struct {
	tokens   []token
	from, to int // years, 0 when open
	lang     string
	page     int
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
			if key, val, ok := strings.Cut(t.text, ":"); ok && isFilter(key) {
				if err := a.setFilter(strings.ToLower(key), val); err != nil {
					return a, err
				}
				continue
			}
			t.text = strings.TrimFunc(t.text, func(r rune) bool {
				return unicode.IsPunct(r) && r != '\'' && r != '¶' && r != '-' && r != '/' && r != '[' && r != ']'
			})
			if t.text == "" {
				continue
			}
		}
		a.tokens = append(a.tokens, t)
	}
	if a.from != 0 && a.to != 0 && a.from > a.to {
		return a, usagef("from:%d comes after to:%d.", a.from, a.to)
	}
	return a, nil
}

func isFilter(key string) bool {
	switch strings.ToLower(key) {
	case "from", "to", "year", "lang", "language", "page":
		return true
	}
	return false
}

func (a *args) setFilter(key, val string) error {
	year := func() (int, error) {
		y, err := strconv.Atoi(val)
		if err != nil || y < 1000 || y > 2999 {
			return 0, usagef("%s: needs a year, like %s:1957.", key, key)
		}
		return y, nil
	}
	var err error
	switch key {
	case "from":
		a.from, err = year()
	case "to":
		a.to, err = year()
	case "year":
		a.from, err = year()
		a.to = a.from
	case "lang", "language":
		if val == "" {
			return usagef("lang: needs a language, like lang:russian.")
		}
		a.lang = val
	case "page":
		n, convErr := strconv.Atoi(val)
		if convErr != nil || n < 1 || n > maxPage {
			return usagef("page: needs a number from 1 to %d.", maxPage)
		}
		a.page = n
	}
	return err
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
	parts := []string{name, a.quoted()}
	if a.from != 0 && a.from == a.to {
		parts = append(parts, fmt.Sprintf("year:%d", a.from))
	} else {
		if a.from != 0 {
			parts = append(parts, fmt.Sprintf("from:%d", a.from))
		}
		if a.to != 0 {
			parts = append(parts, fmt.Sprintf("to:%d", a.to))
		}
	}
	if a.lang != "" {
		parts = append(parts, "lang:"+a.lang)
	}
	if page > 1 {
		parts = append(parts, fmt.Sprintf("page:%d", page))
	}
	return strings.Join(parts, " ")
}

// after returns the arguments that follow a leading plain word, as in
// "who said ...", and whether there are any.
func (a args) after(word string) (args, bool) {
	if len(a.tokens) < 2 || a.tokens[0].phrase || !strings.EqualFold(a.tokens[0].text, word) {
		return a, false
	}
	a.tokens = a.tokens[1:]
	return a, true
}

// dropLeading removes leading filler words, as in "who was Peng Dehuai".
func (a *args) dropLeading(filler ...string) {
	for len(a.tokens) > 1 && !a.tokens[0].phrase && slices.Contains(filler, strings.ToLower(a.tokens[0].text)) {
		a.tokens = a.tokens[1:]
	}
}
