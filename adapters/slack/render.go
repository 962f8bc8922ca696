package slack

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/archivebot/archivebot/bot"
)

// message is a Slack message: Block Kit blocks, and the plain-text
// fallback Slack shows in notifications and to screen readers.
type message struct {
	Text   string
	Blocks []slackapi.Block
}

// view says how a reply is shown, beyond what the reply itself says.
type view struct {
	// command is the request the reply answers, for the Share button.
	command string
	// share adds a "Share in channel" button (ephemeral slash answers).
	share bool
	// paging adds Previous and Next buttons when the reply has pages.
	paging bool
	// slash writes the commands in hints and help as slash commands, for
	// someone who asked with one.
	slash bool
	// sharedBy is the user who shared the reply into the channel.
	sharedBy string
}

// Action ids of the buttons. Every button's value is a complete command,
// so that whichever replica receives the press can answer it.
const (
	actionPrev   = "archivebot_prev"
	actionNext   = "archivebot_next"
	actionShare  = "archivebot_share"
	actionChoice = "archivebot_choice_" // followed by the choice's index
)

// tailBlocks is the room kept for the blocks that end every message: a
// note that something was left out, the hint, the page line, the buttons,
// the archive's source.
const tailBlocks = 5

// builder collects blocks within Slack's limits and our content budget.
type builder struct {
	blocks  []slackapi.Block
	chars   int
	omitted bool
}

// add appends a content block of about chars characters, unless the
// message is full; it reports whether it did.
func (b *builder) add(block slackapi.Block, chars int) bool {
	if !b.room(1, chars) {
		return false
	}
	b.blocks = append(b.blocks, block)
	b.chars += chars
	return true
}

// room reports whether blocks more blocks of chars characters in all
// fit, and marks the message as cut short if not.
func (b *builder) room(blocks, chars int) bool {
	if b.omitted || len(b.blocks)+blocks > maxBlocks-tailBlocks || b.chars+chars > maxContent {
		b.omitted = true
		return false
	}
	return true
}

// tail appends one of the blocks that end a message, in the room kept
// for them.
func (b *builder) tail(block slackapi.Block) {
	b.blocks = append(b.blocks, block)
}

// tailContext appends a context line at the end of the message.
func (b *builder) tailContext(text string) {
	b.tail(slackapi.NewContextBlock("", md(text)))
}

// section adds a section of mrkdwn text that is already escaped and fits.
func (b *builder) section(text string) bool {
	if text == "" {
		return true
	}
	return b.add(slackapi.NewSectionBlock(md(text), nil, nil), textLen(text))
}

// context adds a context line of mrkdwn text that is already escaped.
func (b *builder) context(text string) bool {
	if text == "" {
		return true
	}
	return b.add(slackapi.NewContextBlock("", md(text)), textLen(text))
}

// lines adds text lines as few sections as hold them, each line kept
// whole when it fits in one section.
func (b *builder) lines(lines []string) {
	var cur strings.Builder
	flush := func() bool {
		ok := b.section(cur.String())
		cur.Reset()
		return ok
	}
	for _, l := range lines {
		if cur.Len() > 0 && textLen(cur.String())+1+textLen(l) > maxText {
			if !flush() {
				return
			}
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	flush()
}

func md(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, true)
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, true, false)
}

// render lays a reply out in Block Kit: the headline, each quote in a
// section with a context line naming its document, date, paragraph and
// link, the citations in code blocks, and buttons for paging, choices and
// sharing. Every text from the archive or the user is escaped, and every
// limit of Slack's is kept: long text is cut at a sentence with a pointer
// to the doc command.
func render(r bot.Reply, v view) message {
	var b builder
	if m := userMention(v.sharedBy); m != "" {
		b.context(m + " shared this answer from the archive.")
	}
	headline, _ := fit(r.Headline, maxHeadline)
	if r.Kind == bot.KindFailure {
		headline = ":warning: " + headline
	}
	b.section("*" + headline + "*")

	titles := map[string]bot.Citation{}
	for _, c := range r.Citations {
		titles[c.DocID] = c
	}
	for _, p := range r.Passages {
		passage(&b, p, titles[p.DocID], r.Command, v)
	}
	if len(r.Mentions) > 0 {
		b.lines(mentionLines(r.Mentions, titles))
	}
	if len(r.Timeline) > 0 {
		b.lines(timelineLines(r.Timeline, titles))
	}
	if len(r.Bibliography) > 0 {
		b.lines(bibliographyLines(r.Bibliography, titles))
	}
	details(&b, r.Details)
	choices(&b, r.Choices, v)
	commands(&b, r.Commands, v)
	if len(r.Choices) == 0 && len(r.Bibliography) == 0 {
		for _, c := range r.Citations {
			citation(&b, c, v)
		}
	}
	if f := r.Attachment; f != nil {
		if inlineFile(f) {
			b.section("*" + esc(f.Name) + "*\n```" + neutralCode(esc(strings.TrimRight(string(f.Content), "\n"))) + "```")
		} else {
			b.context("The file " + esc(f.Name) + " is posted in this conversation.")
		}
	}

	// The tail: what was left out, the hint, the page, the buttons.
	if b.omitted {
		b.tailContext("Slack can show only part of this answer. Narrow it with more words or a filter such as `from:1957`.")
	}
	if r.Hint != "" {
		h, _ := fit(r.Hint, maxText)
		b.tailContext(commandsIn(h, v))
	}
	var buttons []slackapi.BlockElement
	if p := r.Page; p != nil {
		b.tailContext(fmt.Sprintf("Page %d of %d · %s", p.Number, p.Of, plural(p.Total, "result")))
		if v.paging {
			if c, ok := buttonValue(p.Prev); ok {
				buttons = append(buttons, slackapi.NewButtonBlockElement(actionPrev, c, plain("Previous")))
			}
			if c, ok := buttonValue(p.Next); ok {
				buttons = append(buttons, slackapi.NewButtonBlockElement(actionNext, c, plain("Next")))
			}
		}
	}
	if c, ok := buttonValue(v.command); ok && v.share && r.Kind == bot.KindAnswer && !r.Private {
		buttons = append(buttons, slackapi.NewButtonBlockElement(actionShare, c, plain("Share in channel")).WithStyle(slackapi.StylePrimary))
	}
	if len(buttons) > 0 {
		b.tail(slackapi.NewActionBlock("", buttons...))
	}
	if src := r.Source.Line(); src != "" {
		line, _ := fit(src, maxText)
		b.tailContext(line)
	}
	return message{Text: fallback(r), Blocks: b.blocks}
}

// maxInlineFile is the longest file shown in a code block instead of
// being uploaded: a short export reads better in the conversation.
const maxInlineFile = 1500

// inlineFile reports whether a reply's file is shown as a code block (it
// is short and holds no code fence) rather than uploaded.
func inlineFile(f *bot.Attachment) bool {
	text := string(f.Content)
	return textLen(text) <= maxInlineFile && textLen(esc(text)) <= maxCodeBlock-len(f.Name)-4 && !strings.Contains(text, "```")
}

// bibliographyLines are the lines of a saved list: number, the document's
// short citation, paragraph, note, and who saved it when. Notes and names
// are escaped: no saved text can mention anyone.
func bibliographyLines(es []bot.BibEntry, titles map[string]bot.Citation) []string {
	var lines []string
	for _, e := range es {
		s := fmt.Sprintf("*%d.* ", e.Position)
		if e.Title != "" {
			title, _ := fit(e.Title, 300)
			s += "*" + linkEscaped(titles[e.DocID].URL, title) + "* · " + short(e.Date)
		} else {
			s += "_no longer in the archive_"
		}
		if e.Paragraph > 0 {
			s += fmt.Sprintf(" · ¶%d", e.Paragraph)
		}
		s += " · `doc " + short(e.DocID) + "`"
		if e.Note != "" {
			note, _ := fit(e.Note, 320)
			s += "\n" + quote(note)
		}
		by := "saved"
		if e.SavedBy != "" {
			by += " by " + short(e.SavedBy)
		}
		if !e.SavedAt.IsZero() {
			by += " " + e.SavedAt.UTC().Format("2006-01-02 15:04") + " UTC"
		}
		lines = append(lines, s+"\n_"+by+"_")
	}
	return lines
}

// passage adds a quotation: the text as a block quote, over as many
// sections as it needs up to three, and a context line with its source.
// A quotation that does not fit whole is left out.
func passage(b *builder, p bot.Passage, c bot.Citation, command string, v view) {
	text := p.Text
	if p.Leading {
		text = ellipsis + " " + text
	}
	if p.Trailing {
		text += " " + ellipsis
	}
	const maxSections = 3
	var sections []string
	rest := text
	for len(sections) < maxSections && rest != "" {
		var q string
		q, rest = quoteSplit(rest)
		sections = append(sections, q)
	}
	title := c.Title
	if title == "" {
		title = "document " + p.DocID
	}
	doc := linkEscaped(c.URL, short(title))
	if p.Speaker != "" {
		doc = short(p.Speaker) + ", in " + doc
	}
	source := []string{doc}
	if c.Date != "" {
		source = append(source, short(c.Date))
	}
	source = append(source, p.Place())
	whole := "doc " + p.DocID + " " + strconv.Itoa(p.Paragraph)
	if p.FromSummary() {
		whole = "doc " + p.DocID
	}
	if c := p.Closeness(); c != "" {
		source = append(source, c)
	}
	line := strings.Join(source, " · ")
	if rest != "" {
		if command == "doc" {
			line += " · the paragraph is too long for Slack: read it whole in the archive"
		} else {
			line += " · read the whole paragraph: " + commandsIn("`"+short(whole)+"`", v)
		}
	}
	chars := textLen(line)
	for _, q := range sections {
		chars += textLen(q)
	}
	if !b.room(len(sections)+1, chars) {
		return
	}
	for _, q := range sections {
		b.section(q)
	}
	b.context(line)
}

// quoteSplit takes as much of text as fits in one section as a block
// quote, and returns the quote and the text left over.
func quoteSplit(text string) (string, string) {
	limit := maxText
	for range 8 {
		head, rest := split(text, limit)
		q := quote(head)
		if over := textLen(q) - maxText; over > 0 && limit > over {
			limit -= over // the "> " of each line took the room
			continue
		}
		return q, rest
	}
	head, rest := split(text, maxText/2)
	return quote(head), rest
}

// quote formats escaped text as a mrkdwn block quote.
func quote(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

func mentionLines(ms []bot.Mention, titles map[string]bot.Citation) []string {
	var out []string
	for _, m := range ms {
		name, _ := fit(m.Name, 200)
		line := "• *" + name + "*"
		if m.Role != "" {
			role, _ := fit(m.Role, 500)
			line += " — " + role
		}
		where := m.Where
		if m.Paragraph > 0 {
			where += ", paragraph " + strconv.Itoa(m.Paragraph)
		}
		w, _ := fit(where, 100)
		line += " (" + w + " of " + docName(m.DocID, titles) + ")"
		out = append(out, line)
	}
	return out
}

func timelineLines(es []bot.Event, titles map[string]bot.Citation) []string {
	var out []string
	for _, e := range es {
		var line string
		if e.Source == "document" {
			line = "*" + short(e.Date) + "* — date of the document: " + docName(e.DocID, titles)
			if e.Evidence != "" {
				ev, _ := fit(e.Evidence, maxEvidence)
				line += "\n      its date line, " + e.Place() + ": “" + ev + "”"
			}
		} else {
			note := ""
			if n := e.Reading(); n != "" {
				note = ", " + n
			}
			line = fmt.Sprintf("*%s* — “%s”%s (%s of %s)", short(e.Date), short(e.Stated), note, e.Place(), docName(e.DocID, titles))
			if e.Evidence != "" {
				ev, _ := fit(e.Evidence, maxEvidence)
				line += "\n      " + ev
			}
		}
		out = append(out, line)
	}
	return out
}

// docName names a document for a list, escaped: its title, else its id.
func docName(id string, titles map[string]bot.Citation) string {
	if c, ok := titles[id]; ok && c.Title != "" {
		return short(c.Title)
	}
	return short("document " + id)
}

// short escapes a short text (a name, a date, a title), cut to a length
// that leaves room for the rest of a line.
func short(s string) string {
	t, _ := fit(s, 300)
	return t
}

// details adds labelled facts: short ones as the fields of sections, ten
// to a section, and long ones (a summary) each in a section of its own.
func details(b *builder, ds []bot.Detail) {
	var fields []*slackapi.TextBlockObject
	chars := 0
	flush := func() {
		if len(fields) > 0 {
			b.add(slackapi.NewSectionBlock(nil, fields, nil), chars)
		}
		fields, chars = nil, 0
	}
	for _, d := range ds {
		label := "*" + esc(d.Label) + "*\n"
		value := detailValue(d.Value)
		if textLen(value) > longDetail {
			flush()
			v, _ := fit(d.Value, maxText-textLen(label))
			b.section(label + v)
			continue
		}
		fields = append(fields, md(label+value))
		chars += textLen(label + value)
		if len(fields) == maxFields {
			flush()
		}
	}
	flush()
}

// detailValue escapes a value, linking it when it is a URL.
func detailValue(v string) string {
	if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
		if l := link(v, v); strings.HasPrefix(l, "<") && textLen(l) <= longDetail {
			return l
		}
	}
	return esc(v)
}

// choices lists the commands the user may have meant, with a button each.
func choices(b *builder, cs []bot.Choice, v view) {
	if len(cs) == 0 {
		return
	}
	var lines []string
	var buttons []slackapi.BlockElement
	for i, c := range cs {
		label, _ := fit(c.Label, maxText/4)
		lines = append(lines, "• "+label+" — "+commandsIn("`"+esc(c.Command)+"`", v))
		if value, ok := buttonValue(c.Command); ok && len(buttons) < 20 {
			buttons = append(buttons, slackapi.NewButtonBlockElement(actionChoice+strconv.Itoa(i), value, plain(label75(c.Label))))
		}
	}
	b.lines(lines)
	if len(buttons) > 0 {
		b.add(slackapi.NewActionBlock("", buttons...), 0)
	}
}

// label75 makes a button's label, cut to the 75 characters a label may
// have. A label is plain text, which Slack does not parse for mentions;
// all the same, angle brackets become look-alikes and group mentions get
// a word joiner, so that no reading of it can notify anyone.
func label75(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || r == utf8.RuneError || bot.IsBidiControl(r):
			return ' '
		case r == '<':
			return '‹'
		case r == '>':
			return '›'
		}
		return r
	}, s)
	s = broadcast.ReplaceAllString(strings.Join(strings.Fields(s), " "), "@"+wordJoiner+"$1")
	if textLen(s) <= maxButton {
		return s
	}
	r := []rune(s)
	r = r[:min(len(r), maxButton)]
	for textLen(string(r))+1 > maxButton {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + ellipsis
}

// commands describes commands, for help, in the form the user asked in.
func commands(b *builder, cs []bot.CommandHelp, v view) {
	for _, c := range cs {
		summary, _ := fit(c.Summary, 1000)
		usage, _ := fit(c.Usage, 500)
		var s strings.Builder
		fmt.Fprintf(&s, "*%s* — %s\n%s", short(c.Name), summary, commandsIn("`"+usage+"`", v))
		var ex []string
		for _, e := range c.Examples[:min(len(c.Examples), 4)] {
			ex = append(ex, commandsIn("`"+short(e)+"`", v))
		}
		if len(ex) > 0 {
			s.WriteString("\nFor example: " + strings.Join(ex, " · "))
		}
		b.section(s.String())
	}
	if len(cs) > 1 {
		if v.slash {
			b.context("Type `" + EntryCommand + " &lt;command&gt;`, mention me in a channel (`@archivebot quote cotton`), or send me a direct message.")
		} else {
			b.context("Mention me in a channel (`@archivebot quote cotton`), send me a direct message, or use `" + EntryCommand + " &lt;command&gt;`.")
		}
	}
}

// citation adds one document's citation: for a search result, its title,
// date and summary; otherwise the citation a historian can paste, in a
// code block.
func citation(b *builder, c bot.Citation, v view) {
	if c.Summary != "" {
		title, _ := fit(c.Title, 500)
		facts, _ := fit(strings.Join(nonEmpty(c.Date, c.Archive, c.Reference), " · "), 500)
		summary, _ := fit(c.Summary, maxSummary)
		b.section("*" + linkEscaped(c.URL, title) + "*\n" + facts + "\n" + summary)
		id := short(c.DocID)
		b.context(commandsIn("`cite "+id+"` · `doc "+id+"`", v))
		return
	}
	text, _ := fit(citationLine(c), maxCodeBlock)
	b.section("```" + neutralCode(text) + "```")
}

// citationLine is the citation a historian can paste: the archive's own
// text where the document has one.
func citationLine(c bot.Citation) string {
	if c.Text != "" {
		return c.Text
	}
	out := strings.Join(nonEmpty("\u201c"+c.Title+"\u201d", c.Date, c.Archive, c.Reference), ", ") + "."
	switch {
	case c.Translator != "" && c.TranslatedFor != "":
		out += " Translated for " + c.TranslatedFor + " by " + c.Translator + "."
	case c.Translator != "":
		out += " Translated by " + c.Translator + "."
	}
	if c.URL != "" {
		out += " " + c.URL
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fallback is the plain text of the message for notifications: the
// headline and the beginning of the first quote.
func fallback(r bot.Reply) string {
	text := r.Headline
	if len(r.Passages) > 0 {
		text += "\n\u201c" + r.Passages[0].Text + "\u201d"
	}
	t, _ := fit(text, maxFallback)
	if t == "" {
		return "archivebot"
	}
	return t
}

// botCommand matches a command in backticks in escaped text, e.g. `doc 115932 15`.
var botCommand = regexp.MustCompile("`(quote|who|when|cite|search|doc|today|save|bibliography|help)((?: [^`]*)?)`")

// commandsIn rewrites the commands in backticks in escaped text as slash
// commands, when the user asked with one: `doc 115932` becomes
// `/doc 115932`, or `/archive who Peng` for a command with no slash
// command of its own.
func commandsIn(text string, v view) string {
	if !v.slash {
		return text
	}
	return botCommand.ReplaceAllStringFunc(text, func(m string) string {
		sub := botCommand.FindStringSubmatch(m)
		return "`" + slashFor(sub[1]) + sub[2] + "`"
	})
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
