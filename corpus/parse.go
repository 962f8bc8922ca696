package corpus

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The labelled sections this reader models. Labels are matched without regard to case.
const (
	labelCitation         = "citation"
	labelSummary          = "summary"
	labelCredits          = "credits"
	labelOriginalLanguage = "original language"
	labelContents         = "contents"
)

var (
	// boldLabel is a section label line: "**Citation:**", optionally with text after it.
	boldLabel = regexp.MustCompile(`^\*\*([A-Za-z][A-Za-z &/'-]{0,60}):\*\*\s*(.*)$`)
	// plainLabel is a known label written without bold: "Summary: ...".
	plainLabel = regexp.MustCompile(`^(?i)(citation|summary|credits|original language|contents):\s*(.*)$`)
	// boldSpan finds bold text, possibly over several lines.
	boldSpan = regexp.MustCompile(`(?s)\*\*(.+?)\*\*`)
	// contentsItem is a line of the Contents section: "Translation - English", "Original Scan".
	contentsItem = regexp.MustCompile(`^(?i)(translation|transcription|transcript|original scan|original|scan)(?:\s*[-–—:]\s*(.+))?$`)
	// separator is a line that only draws a rule: underscores, dashes, asterisks.
	separator = regexp.MustCompile(`^[\s_*=~-]{3,}$`)
	// listItem starts an item of a numbered or lettered list: "1. ", "2) ", "a. ".
	listItem = regexp.MustCompile(`^(?:\d{1,3}|[a-z])[.)]\s`)
	// pageMarker is a paragraph that only marks a page: "(p. 2)", "- 3 -", "[page 4]".
	pageMarker = regexp.MustCompile(`^(?i)(?:\(\s*p(?:age|\.)?\s*\d+\s*\)|\[\s*p(?:age|\.)?\s*\d+\s*\]|-\s*\d+\s*-)$`)
	// urlText finds a URL, with or without markdown's angle brackets.
	urlText = regexp.MustCompile(`<?(https?://[^\s<>]+?)>?(?:\s|$)`)
	// docIDFromURL takes the trailing number or slug of a document URL.
	docIDFromURL = regexp.MustCompile(`/([A-Za-z0-9][A-Za-z0-9_-]*)/?$`)
)

// trailingSections end the body when they appear after it, as on some archive pages.
var trailingSections = map[string]bool{
	"associated people & organizations": true,
	"associated people":                 true,
	"subjects discussed":                true,
	"keywords":                          true,
	"associated places":                 true,
	"associated topics":                 true,
	"related documents":                 true,
	"original archive":                  true,
	"document information":              true,
	"rights":                            true,
	"source":                            true,
}

// block is a run of non-blank lines.
type block struct {
	line  int // 1-based line number of the first line
	lines []string
}

func (b block) last() int { return b.line + len(b.lines) - 1 }

// Parse reads one archive document. name is the file name, used for the id
// when the document has no URL and in errors.
func Parse(name string, data []byte) (Document, error) {
	return ParseContext(context.Background(), name, data)
}

// ParseContext is Parse, given up when ctx is done: a long document is
// checked between its paragraphs and between the pieces of a long one.
// It then returns ctx's error, not a *ParseError.
func ParseContext(ctx context.Context, name string, data []byte) (Document, error) {
	fail := func(line int, format string, args ...any) (Document, error) {
		return Document{}, &ParseError{File: name, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	if enc := wideEncoding(data); enc != "" {
		return fail(1, "%s text: save it as UTF-8", enc)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(1, "empty file")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fail(lineAt(data, i), "binary file: NUL byte")
	}
	if !utf8.Valid(data) {
		return fail(lineAt(data, firstInvalidUTF8(data)), "not valid UTF-8 text")
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if isSingleLine(text) {
		text = unflatten(text)
	}
	blocks := splitBlocks(strings.Split(text, "\n"))

	doc := Document{Source: name}
	var (
		body      []block
		sawLabel  bool
		sawTitle  bool
		trailing  bool // past the body, in the sections some pages put after it
		hasSumLbl bool
	)
	// The header: bold date and bold title, at the top. Text before it
	// belongs to another page and is set aside, with a note.
	i := headerStart(blocks)
	if i > 0 {
		doc.Notes = append(doc.Notes, Note{blocks[0].line, "text before the date line set aside as not part of this document"})
	}
	for ; i < len(blocks) && isBoldHeader(blocks[i]); i++ {
		for _, s := range boldSpan.FindAllStringSubmatch(strings.Join(blocks[i].lines, "\n"), -1) {
			t := joinLines(strings.Split(s[1], "\n"))
			if d, ok := ParseDate(t); ok && doc.Date.Text == "" && !sawTitle {
				doc.Date = d
				continue
			}
			if !sawTitle {
				doc.Title = t
				sawTitle = true
			}
		}
	}
	for ; i < len(blocks); i++ {
		b := blocks[i]
		label, inline, ok := parseLabel(b.lines[0], !sawLabel || len(body) == 0)
		if !ok && len(body) > 0 && len(b.lines) == 1 {
			label, ok = trailingLabel(b.lines[0])
		}
		if ok {
			if len(body) > 0 && !trailingSections[label] && !trailing {
				// A bold line that looks like a label inside the body is body text.
				body = append(body, b)
				continue
			}
			if len(body) > 0 && trailingSections[label] {
				trailing = true
			}
			sawLabel = true
			hasSumLbl = hasSumLbl || label == labelSummary
			var content []block
			if inline != "" || len(b.lines) > 1 {
				rest := b.lines[1:]
				if inline != "" {
					rest = append([]string{inline}, rest...)
				}
				content = append(content, block{line: b.line, lines: rest})
			} else if i+1 < len(blocks) && !isLabel(blocks[i+1].lines[0]) && !isTrailingLabel(blocks[i+1]) {
				i++
				content = append(content, blocks[i])
				if label == labelContents {
					for i+1 < len(blocks) && allContentsItems(blocks[i+1]) {
						i++
						content = append(content, blocks[i])
					}
				}
			}
			if label == labelContents && len(content) > 0 && !allContentsItems(content[0]) {
				// "Contents:" followed directly by the body.
				body = append(body, content...)
				content = nil
			}
			setSection(&doc, label, content)
			continue
		}
		if trailing {
			doc.Notes = append(doc.Notes, Note{b.line, "text after the closing sections set aside"})
			continue
		}
		if !sawLabel && doc.Summary == "" && len(body) == 0 && (sawTitle || doc.Date.Text != "") {
			// An unlabelled paragraph between the title and the first label is the summary.
			if i+1 < len(blocks) && isLabel(blocks[i+1].lines[0]) {
				doc.Summary = joinLines(b.lines)
				continue
			}
		}
		body = append(body, b)
	}
	// Pages with no labels at all put the summary after the body, just
	// before the closing sections ("Associated Places", "Source", "Rights").
	if trailing && !sawSummary(doc, hasSumLbl) && !hasLabelledHeader(doc) && len(body) >= 2 {
		last := body[len(body)-1]
		doc.Summary = joinLines(last.lines)
		body = body[:len(body)-1]
		doc.Notes = append(doc.Notes, Note{last.line, "the paragraph before the closing sections read as the summary"})
	}

	if doc.Citation.Text != "" {
		parseCitation(&doc.Citation)
	}
	if doc.Title == "" {
		doc.Title = doc.Citation.Title
	}
	if doc.Date.IsZero() && doc.Date.Text == "" && doc.Citation.Date != "" {
		if d, ok := ParseDate(doc.Citation.Date); ok {
			doc.Date = d
		}
	}
	doc.URL = doc.Citation.URL
	if doc.URL == "" {
		if m := urlText.FindStringSubmatch(text + "\n"); m != nil && len(body) == 0 {
			doc.URL = m[1]
		}
	}
	doc.ID = idFor(name, doc.URL)

	last := 1
	if n := len(blocks); n > 0 {
		last = blocks[n-1].last()
	}
	if !sawLabel && !sawTitle && doc.Date.Text == "" {
		return fail(1, "not an archive document: no date, title or labelled sections")
	}
	if doc.Title == "" {
		return fail(1, "no title: expected a bold title or a quoted title in the citation")
	}
	doc.Paragraphs = bodyParagraphs(body)
	if len(doc.Paragraphs) == 0 && (doc.Summary == "" || doc.Contents != "") {
		// A page that is only a summary and a source is a document; one
		// whose contents promise a translation that is not there is not.
		return fail(last, "no body text after the header")
	}
	if err := derive(ctx, &doc); err != nil {
		return Document{}, err
	}
	roleSpeakers(doc.Paragraphs, doc.People)
	if err := surnameTurns(ctx, doc.Paragraphs, doc.People, doc.Title); err != nil {
		return Document{}, err
	}
	if err := carrySpeakerLabels(ctx, doc.Paragraphs); err != nil {
		return Document{}, err
	}
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	doc.Dates = documentDates(doc)
	return doc, nil
}

// wideEncoding names the encoding of text written in UTF-16 or UTF-32,
// which this reader does not read, from its byte order mark or, without
// one, from the zero bytes that such text of Latin letters has in every
// second or fourth place; "" for anything else.
func wideEncoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return "UTF-16"
	}
	n := min(len(data), 4096) &^ 3
	if n < 8 {
		return ""
	}
	var zeros [4]int // zero bytes at each place modulo 4
	for i, b := range data[:n] {
		if b == 0 {
			zeros[i%4]++
		}
	}
	units := n / 4
	mostly := func(c int) bool { return c*10 >= units*9 }
	rarely := func(c int) bool { return c*10 <= units }
	switch {
	case mostly(zeros[1]) && mostly(zeros[2]) && mostly(zeros[3]) && rarely(zeros[0]),
		mostly(zeros[0]) && mostly(zeros[1]) && mostly(zeros[2]) && rarely(zeros[3]):
		return "UTF-32"
	case mostly(zeros[1]) && mostly(zeros[3]) && rarely(zeros[0]) && rarely(zeros[2]),
		mostly(zeros[0]) && mostly(zeros[2]) && rarely(zeros[1]) && rarely(zeros[3]):
		return "UTF-16"
	}
	return ""
}

// headerStart finds the block where the document starts: the first bold
// block that is not a section label, when it opens the page or follows a
// little stray text; 0 otherwise.
func headerStart(blocks []block) int {
	for i, b := range blocks {
		if i > 2 {
			break
		}
		if isBoldHeader(b) {
			return i
		}
		if isLabel(b.lines[0]) {
			break
		}
	}
	return 0
}

// isBoldHeader reports whether a block is part of the bold date-and-title
// header.
func isBoldHeader(b block) bool {
	first := strings.TrimSpace(b.lines[0])
	return strings.HasPrefix(first, "**") && !isLabel(first) && boldSpan.MatchString(strings.Join(b.lines, "\n"))
}

// trailingLabel recognises a closing section's label written on its own
// line without bold or colon: "Associated Places", "Rights".
func trailingLabel(line string) (string, bool) {
	t := strings.Trim(strings.TrimSpace(line), "*: ")
	if len(t) > 4*longestTrailingSection {
		// Every character lowers to a byte or more, and none takes more
		// than four: a line this long lowers to no label, and is not
		// lowered.
		return "", false
	}
	l := strings.ToLower(t)
	return l, trailingSections[l]
}

// longestTrailingSection is the length of the longest trailingSections label.
var longestTrailingSection = func() int {
	n := 0
	for l := range trailingSections {
		n = max(n, len(l))
	}
	return n
}()

func isTrailingLabel(b block) bool {
	_, ok := trailingLabel(b.lines[0])
	return len(b.lines) == 1 && ok
}

func sawSummary(d Document, labelled bool) bool { return labelled || d.Summary != "" }

// hasLabelledHeader reports whether the page had the usual labelled
// sections before its body.
func hasLabelledHeader(d Document) bool {
	return d.Citation.Text != "" || d.Contents != "" || d.OriginalLanguage != "" || d.Credits != ""
}

// isSingleLine reports whether a page came with all its text on one line.
func isSingleLine(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n == 1 && strings.Count(text, "**") >= 4
}

// unflatten lays a one-line page out again: every bold span (date, title,
// label) on its own paragraph, and the contents line apart from the body
// that follows it.
func unflatten(text string) string {
	text = boldSpan.ReplaceAllString(strings.TrimSpace(text), "\n\n**$1**\n\n")
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if m := contentsLead.FindStringSubmatch(para); m != nil {
			out = append(out, m[1], m[2])
			continue
		}
		out = append(out, para)
	}
	return strings.Join(out, "\n\n")
}

// contentsLead is a contents line run together with the body: "Translation - English The road ...".
var contentsLead = regexp.MustCompile(`^((?:Translation|Transcript|Transcription|Original Scan)(?: - [A-Z][a-z]+)?) ([A-Z"“\[].*)$`)

// isLabel reports whether line is a bold section label.
func isLabel(line string) bool {
	_, _, ok := parseLabel(line, false)
	return ok
}

// parseLabel recognises a section label line and returns its lower-case
// label and any text after it. Plain (not bold) known labels count only when
// plainOK is set, that is, in the header.
func parseLabel(line string, plainOK bool) (label, inline string, ok bool) {
	line = strings.TrimSpace(line)
	if m := boldLabel.FindStringSubmatch(line); m != nil {
		return strings.ToLower(strings.TrimSpace(m[1])), strings.TrimSpace(m[2]), true
	}
	if plainOK {
		if m := plainLabel.FindStringSubmatch(line); m != nil {
			return strings.ToLower(m[1]), strings.TrimSpace(m[2]), true
		}
	}
	return "", "", false
}

func allContentsItems(b block) bool {
	for _, l := range b.lines {
		if !contentsItem.MatchString(strings.TrimSpace(l)) {
			return false
		}
	}
	return true
}

// setSection stores a labelled section's content in the document.
func setSection(doc *Document, label string, content []block) {
	var parts []string
	for _, b := range content {
		parts = append(parts, joinLines(b.lines))
	}
	text := strings.Join(parts, "\n\n")
	switch label {
	case labelCitation:
		doc.Citation.Text = text
	case labelSummary:
		doc.Summary = text
	case labelCredits:
		doc.Credits = text
	case labelOriginalLanguage:
		doc.OriginalLanguage = text
	case labelContents:
		var lines []string
		for _, b := range content {
			for _, l := range b.lines {
				lines = append(lines, strings.TrimSpace(l))
			}
		}
		doc.Contents = strings.Join(lines, "; ")
		if len(lines) > 0 {
			if m := contentsItem.FindStringSubmatch(lines[0]); m != nil {
				doc.TextKind = m[1]
				doc.TextLanguage = strings.TrimSpace(m[2])
			}
		}
	default:
		if doc.Sections == nil {
			doc.Sections = map[string]string{}
		}
		doc.Sections[label] = text
	}
}

// splitBlocks groups lines into runs of non-blank lines.
func splitBlocks(lines []string) []block {
	var out []block
	var cur *block
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, block{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.lines = append(cur.lines, l)
	}
	return out
}

// joinLines re-flows hard-wrapped lines into one line: each line is trimmed
// (markdown's two-space hard break included) and joined by one space.
func joinLines(lines []string) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// bodyParagraphs turns body blocks into numbered paragraphs: separator lines
// are dropped, pipe tables and lists keep their lines, other blocks are
// re-flowed, and a paragraph that a page break split is joined again.
func bodyParagraphs(blocks []block) []Paragraph {
	type para struct {
		text       string
		structured bool // a table or list: never joined with a neighbour
	}
	var ps []para
	for _, b := range blocks {
		if len(b.lines) == 1 && separator.MatchString(b.lines[0]) {
			continue
		}
		switch {
		case isTable(b):
			lines := make([]string, len(b.lines))
			for i, l := range b.lines {
				lines[i] = strings.TrimSpace(l)
			}
			ps = append(ps, para{text: strings.Join(lines, "\n"), structured: true})
		case listItem.MatchString(strings.TrimSpace(b.lines[0])) && len(b.lines) > 1:
			var items []string
			for _, l := range b.lines {
				t := strings.TrimSpace(l)
				if listItem.MatchString(t) || len(items) == 0 {
					items = append(items, t)
				} else {
					items[len(items)-1] += " " + t
				}
			}
			ps = append(ps, para{text: strings.Join(items, "\n"), structured: len(items) > 1})
		default:
			ps = append(ps, para{text: joinLines(b.lines)})
		}
	}
	// Join paragraphs split by a page break, with or without a page marker between.
	var joined []para
	for i := 0; i < len(ps); i++ {
		cur := ps[i]
		for !cur.structured && i+1 < len(ps) {
			next, skip := i+1, ""
			if pageMarker.MatchString(ps[next].text) && next+1 < len(ps) {
				skip, next = ps[next].text, next+1
			}
			if ps[next].structured || !splitAcrossPage(cur.text, ps[next].text) {
				break
			}
			if skip != "" {
				cur.text += " " + skip
			}
			cur.text += " " + ps[next].text
			i = next
		}
		joined = append(joined, cur)
	}
	out := make([]Paragraph, len(joined))
	for i, p := range joined {
		out[i] = Paragraph{N: i + 1, Text: p.text}
	}
	return out
}

// splitAcrossPage reports whether a ends mid-sentence and b continues it.
func splitAcrossPage(a, b string) bool {
	last, _ := utf8.DecodeLastRuneInString(a)
	if strings.ContainsRune(".!?:;\"”’')]}…", last) || unicode.IsDigit(last) {
		return false
	}
	if strings.ToUpper(a) == a { // a heading or signature line
		return false
	}
	first, _ := utf8.DecodeRuneInString(b)
	return unicode.IsLower(first)
}

func isTable(b block) bool {
	if len(b.lines) < 2 {
		return false
	}
	for _, l := range b.lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "|") {
			return false
		}
	}
	return true
}

// idFor takes the document id from the URL's trailing number or slug, else
// from the file name.
func idFor(name, url string) string {
	if id, ok := urlID(url); ok {
		return id
	}
	return fileID(name)
}

// urlID takes a document id from the URL's trailing number or slug.
func urlID(url string) (string, bool) {
	if url == "" {
		return "", false
	}
	if m := docIDFromURL.FindStringSubmatch(strings.TrimRight(url, "/")); m != nil {
		return m[1], true
	}
	return "", false
}

// fileID is the id a document without a URL takes from its file name: the
// name without its extension, after the folders it stands in ("1962/note"
// for 1962/note.txt), so that files of one name in different folders keep
// apart, with characters that cannot be shown escaped.
func fileID(name string) string {
	name = path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "/"))
	return escapeName(strings.TrimSuffix(name, path.Ext(name)))
}

// escapeName writes control and other unprintable characters of a file
// name, and bytes that are not UTF-8, as Go escapes ("\x1b", "\u202e"),
// so that a name never moves a terminal's cursor or turns text around.
func escapeName(name string) string {
	clean := true
	for _, r := range name {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' || r == '\\' {
			clean = false
			break
		}
	}
	if clean {
		return name
	}
	q := strconv.Quote(name)
	return q[1 : len(q)-1]
}

// showName is a file name as reports show it: as it is, or quoted with Go
// escapes when it holds anything that cannot be shown.
func showName(name string) string {
	if escapeName(name) == name {
		return name
	}
	return strconv.Quote(name)
}

func lineAt(data []byte, offset int) int {
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func countWords(s string) int { return len(strings.Fields(s)) }
