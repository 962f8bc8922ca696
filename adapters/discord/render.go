package discord

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// message is a rendered reply, before it becomes one of the request types
// of discordgo (an interaction response, a follow-up, an edit, a channel
// message). It always fits Discord's limits.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
	// File is sent as an attachment of the message.
	File *bot.Attachment
}

// maxInlineFile is the longest file shown in a code block instead of being
// attached: a short export reads better in the channel.
const maxInlineFile = 1500

// view says how a reply is to be shown.
type view struct {
	// command is the command that produced the reply; the Share button
	// runs it again.
	command string
	// ephemeral shows the reply to the asker alone (interactions only).
	ephemeral bool
}

// renderer turns replies into messages.
type renderer struct {
	signer signer
	// commands are the bot's command names, so that a `command` in a hint
	// can be shown as the slash command to type.
	commands map[string]bool
}

// Embed colours by kind of reply.
const (
	colorAnswer   = 0x2B6CB0
	colorNotFound = 0x718096
	colorUsage    = 0xD69E2E
	colorFailure  = 0xC53030
)

func color(k bot.Kind) int {
	switch k {
	case bot.KindNotFound:
		return colorNotFound
	case bot.KindUsage:
		return colorUsage
	case bot.KindFailure:
		return colorFailure
	}
	return colorAnswer
}

// render lays a reply out as embeds and buttons. Long text is shortened
// at sentences to fit Discord's limits; if the whole is still over the
// 6000 characters Discord allows a message's embeds, it is laid out again
// with smaller budgets, down to a short notice that always fits.
func (r renderer) render(reply bot.Reply, v view) message {
	for _, scale := range []int{100, 70, 50, 35, 20, 10} {
		if m := r.build(reply, v, scale); embedTotal(m.Embeds) <= maxEmbedTotal {
			return m
		}
	}
	return r.minimal(reply, v)
}

// layout builds one message with text budgets at scale percent.
type layout struct {
	r     renderer
	reply bot.Reply
	v     view
	scale int
	cites map[string]bot.Citation
}

// budget scales a limit, never above it and never below a readable minimum.
func (l layout) budget(limit int) int {
	return min(limit, max(limit*l.scale/100, 120))
}

func (r renderer) build(reply bot.Reply, v view, scale int) message {
	l := layout{r: r, reply: reply, v: v, scale: scale, cites: map[string]bot.Citation{}}
	for _, c := range reply.Citations {
		l.cites[c.DocID] = c
	}
	m := message{Ephemeral: v.ephemeral}
	m.Embeds = append(m.Embeds, l.header())
	for _, p := range reply.Passages {
		if len(m.Embeds) >= maxEmbeds-1 {
			break
		}
		m.Embeds = append(m.Embeds, l.passage(p))
	}
	if e := l.sources(); e != nil {
		m.Embeds = append(m.Embeds, e)
	}
	if f := reply.Attachment; f != nil {
		if text := string(f.Content); length(text) <= maxInlineFile && !strings.Contains(text, "```") {
			m.Embeds = append(m.Embeds, &discordgo.MessageEmbed{
				Title: first(fit(f.Name, maxTitle, escape)), Description: codeBlock(strings.TrimRight(text, "\n")), Color: color(reply.Kind),
			})
		} else {
			m.File = f
			m.Embeds[0].Footer = &discordgo.MessageEmbedFooter{Text: first(fit("Attached: "+f.Name, maxFooter, plain))}
		}
	}
	sourceFooter(m.Embeds[len(m.Embeds)-1], reply.Source)
	m.Components = l.buttons()
	return m
}

// sourceFooter adds the line naming the archive a reply came from to the
// footer of an embed (the last of a message), after any footer it has.
// The line is short and counts toward the message's budget like any text.
func sourceFooter(e *discordgo.MessageEmbed, src *bot.Source) {
	line := src.Line()
	if line == "" {
		return
	}
	if e.Footer != nil && e.Footer.Text != "" {
		line = e.Footer.Text + "\n" + line
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: first(fit(line, maxFooter, plain))}
}

// single is the one document a reply is about (cite, doc), if it is.
func (l layout) single() (bot.Citation, bool) {
	if len(l.reply.Details) > 0 && len(l.reply.Citations) == 1 && len(l.reply.Passages) == 0 {
		return l.reply.Citations[0], true
	}
	return bot.Citation{}, false
}

// header is the first embed: the headline, what the reply lists, the
// details, the hint.
func (l layout) header() *discordgo.MessageEmbed {
	reply := l.reply
	e := &discordgo.MessageEmbed{
		Title: first(fit(reply.Headline, maxTitle, escapeKeepCode)),
		Color: color(reply.Kind),
	}
	doc, single := l.single()
	if single {
		e.URL = safeURL(doc.URL)
	}
	d := newBlock(l.budget(maxDescription))
	if len(reply.Choices) > 0 {
		d.list(len(reply.Choices), func(i int) string {
			c := reply.Choices[i]
			return fmt.Sprintf("**%d.** %s \u2014 `/%s`", i+1, escape(c.Label), c.Command)
		}, "")
	}
	if len(reply.Mentions) > 0 {
		d.list(len(reply.Mentions), func(i int) string { return l.mention(reply.Mentions[i]) }, "")
	}
	if len(reply.Timeline) > 0 {
		d.list(len(reply.Timeline), func(i int) string { return l.event(reply.Timeline[i]) }, "")
	}
	if len(reply.Bibliography) > 0 {
		d.list(len(reply.Bibliography), func(i int) string { return l.bibEntry(reply.Bibliography[i]) },
			"`/bibliography export` writes them all.")
	}
	if l.listsDocuments() {
		d.list(len(reply.Citations), func(i int) string { return l.document(reply.Citations[i]) },
			"`/search` with more words narrows the list.")
	}
	if single {
		text, _ := fit(citationText(doc), l.budget(maxDescription/2), verbatim)
		d.section(codeBlock(text))
	}
	if reply.Hint != "" {
		d.section(first(fit(reply.Hint, l.budget(1000), l.r.hint)))
	}
	e.Description = d.String()

	for _, det := range reply.Details {
		if len(e.Fields) >= maxFields {
			break
		}
		value := first(fit(det.Value, l.budget(maxFieldValue), escape))
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:   first(fit(det.Label, maxFieldName, escape)),
			Value:  value,
			Inline: length(det.Value) <= 40,
		})
	}
	for _, c := range reply.Commands {
		if len(e.Fields) >= maxFields {
			break
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  "/" + c.Name,
			Value: l.commandHelp(c),
		})
	}
	if p := reply.Page; p != nil {
		text := fmt.Sprintf("Page %d of %d \u00b7 %s", p.Number, p.Of, plural(p.Total, "result"))
		if p.Next != "" {
			if _, ok := l.r.signer.encode(buttonState{action: actionPage, command: p.Next}); !ok {
				text += " \u00b7 next page: /" + p.Next
			}
		}
		e.Footer = &discordgo.MessageEmbedFooter{Text: first(fit(text, maxFooter, plain))}
	}
	return e
}

func (l layout) commandHelp(c bot.CommandHelp) string {
	var b strings.Builder
	b.WriteString(escape(c.Summary))
	b.WriteString("\n`/" + c.Usage + "`")
	if len(c.Examples) > 0 {
		ex := make([]string, len(c.Examples))
		for i, x := range c.Examples {
			ex[i] = "`/" + x + "`"
		}
		b.WriteString("\nFor example: " + strings.Join(ex, " \u00b7 "))
	}
	s := b.String()
	if length(s) > maxFieldValue {
		s = first(fit(c.Summary, maxFieldValue, escape))
	}
	return s
}

// listsDocuments reports whether the reply is a list of documents (search).
func (l layout) listsDocuments() bool {
	r := l.reply
	return len(r.Citations) > 0 && len(r.Passages) == 0 && len(r.Mentions) == 0 &&
		len(r.Timeline) == 0 && len(r.Details) == 0 && len(r.Choices) == 0 && len(r.Bibliography) == 0
}

// bibEntry is a line of a saved list: its number, the document's short
// citation and paragraph, the note, who saved it and when (a timestamp
// Discord shows in the reader's own time zone). Notes and names are
// escaped and neutralised, so no saved text can ping anyone.
func (l layout) bibEntry(e bot.BibEntry) string {
	s := fmt.Sprintf("**%d.** ", e.Position)
	if e.Title != "" {
		s += "**" + link(e.Title, l.cites[e.DocID].URL, 200) + "** \u00b7 " + escape(e.Date)
	} else {
		s += "*no longer in the archive*"
	}
	if e.Paragraph > 0 {
		s += fmt.Sprintf(" \u00b7 \u00b6%d", e.Paragraph)
	}
	s += " \u00b7 `doc " + plain(e.DocID) + "`"
	if e.Note != "" {
		s += "\n> " + first(fit(e.Note, 320, escape))
	}
	by := "saved"
	if e.SavedBy != "" {
		by += " by " + first(fit(e.SavedBy, 80, escape))
	}
	if !e.SavedAt.IsZero() {
		by += fmt.Sprintf(" <t:%d:f>", e.SavedAt.Unix())
	}
	return s + "\n" + by
}

func (l layout) mention(m bot.Mention) string {
	s := "\u2022 **" + escape(m.Name) + "**"
	if m.Role != "" {
		s += " \u2014 " + escape(m.Role)
	}
	where := m.Where
	if m.Paragraph > 0 {
		where += ", paragraph " + strconv.Itoa(m.Paragraph)
	}
	if m.Count > 1 {
		where += fmt.Sprintf(", and %d more", m.Count-1)
	}
	s += " \u00b7 " + escape(where)
	if m.Date != "" {
		s += " \u00b7 " + escape(m.Date)
	}
	return s + " \u00b7 `doc " + m.DocID + "`"
}

func (l layout) event(e bot.Event) string {
	if e.Source == "document" {
		title := l.cites[e.DocID].Title
		s := fmt.Sprintf("**%s** \u00b7 date of the document *%s* \u00b7 `doc %s`",
			escape(e.Date), first(fit(title, 200, escape)), e.DocID)
		if e.Evidence != "" {
			s += fmt.Sprintf("\n> its date line, %s: \u201c%s\u201d", e.Place(), first(fit(e.Evidence, 200, escape)))
		}
		return s
	}
	s := fmt.Sprintf("**%s** \u00b7 \u201c%s\u201d", escape(e.Date), escape(e.Stated))
	if n := e.Reading(); n != "" {
		s += " (" + n + ")"
	}
	s += fmt.Sprintf(" \u00b7 `doc %s`, %s", e.DocID, e.Place())
	if e.Evidence != "" {
		s += "\n> " + first(fit(e.Evidence, l.budget(600), escape))
	}
	return s
}

func (l layout) document(c bot.Citation) string {
	s := "**" + link(c.Title, c.URL, 200) + "** \u00b7 " + escape(c.Date) + " \u00b7 `doc " + c.DocID + "`"
	if c.Summary != "" {
		s += "\n" + first(fit(c.Summary, l.budget(400), escape))
	}
	return s
}

// passage is a quotation: the verbatim text, then the document's title,
// date and paragraph, with a link to it.
func (l layout) passage(p bot.Passage) *discordgo.MessageEmbed {
	c, ok := l.cites[p.DocID]
	title := c.Title
	if !ok || title == "" {
		title = "Document " + p.DocID
	}
	source := "\u2014 " + link(title, c.URL, 200)
	if c.Date != "" {
		source += " \u00b7 " + escape(c.Date)
	}
	where := p.Place()
	pointer := fmt.Sprintf("The full paragraph: `/doc %s %d`", p.DocID, p.Paragraph)
	if p.FromSummary() {
		pointer = fmt.Sprintf("The whole summary: `/doc %s`", p.DocID)
	}
	if c := p.Closeness(); c != "" {
		where += " \u00b7 " + c
	}
	source += fmt.Sprintf(" \u00b7 %s \u00b7 `doc %s`", where, p.DocID)
	if p.Speaker != "" {
		source = "Said by **" + escape(p.Speaker) + "**\n" + source
	}
	if l.reply.Command == "doc" && c.URL != "" {
		pointer = "The rest is in the archive: " + link("document "+p.DocID, c.URL, 100)
	}
	lead, trail := "", ""
	if p.Leading {
		lead = ellipsis + " "
	}
	if p.Trailing {
		trail = " " + ellipsis
	}
	room := l.budget(maxDescription) - length(source) - length(pointer) - length(lead) - length(trail) - 8
	text, cut := fit(p.Text, room, escape)
	if cut {
		trail = "" // fit ended the text with an ellipsis
	}
	desc := "> " + strings.ReplaceAll(lead+text+trail, "\n", "\n> ") + "\n" + source
	if cut {
		desc += "\n" + pointer
	}
	return &discordgo.MessageEmbed{Description: desc, Color: color(l.reply.Kind)}
}

// sources is the embed of citations, each in a copyable block, for replies
// that quote or list from several documents.
func (l layout) sources() *discordgo.MessageEmbed {
	r := l.reply
	if len(r.Citations) == 0 || len(r.Choices) > 0 || len(r.Bibliography) > 0 || l.listsDocuments() {
		return nil
	}
	if _, single := l.single(); single {
		return nil
	}
	d := newBlock(l.budget(maxDescription))
	last := r.Citations[len(r.Citations)-1].DocID
	d.list(len(r.Citations), func(i int) string {
		c := r.Citations[i]
		text, _ := fit(citationText(c), l.budget(700), verbatim)
		return "**" + link(c.Title, c.URL, 200) + "** \u00b7 " + escape(c.Date) + "\n" + codeBlock(text)
	}, "Cite the others with `/cite "+last+"` and so on.")
	return &discordgo.MessageEmbed{Title: "Sources", Description: d.String(), Color: color(r.Kind)}
}

// buttons are the reply's components: paging, Share, a link to the
// document, and the choices the reply offers.
func (l layout) buttons() []discordgo.MessageComponent {
	r, s := l.reply, l.r.signer
	var row []discordgo.MessageComponent
	add := func(label string, style discordgo.ButtonStyle, b buttonState) {
		if id, ok := s.encode(b); ok {
			row = append(row, discordgo.Button{Label: label, Style: style, CustomID: id})
		}
	}
	if p := r.Page; p != nil {
		if p.Prev != "" {
			add("Previous", discordgo.SecondaryButton, buttonState{action: actionPage, command: p.Prev})
		}
		if p.Next != "" {
			add("Next", discordgo.SecondaryButton, buttonState{action: actionPage, command: p.Next})
		}
	}
	if l.v.ephemeral && r.Kind == bot.KindAnswer && !r.Private && l.v.command != "" {
		add("Share", discordgo.PrimaryButton, buttonState{action: actionShare, command: l.v.command})
	}
	if c, ok := l.single(); ok {
		if u := safeURL(c.URL); u != "" {
			row = append(row, discordgo.Button{Label: "Open in the archive", Style: discordgo.LinkButton, URL: u})
		}
	}
	var rows []discordgo.MessageComponent
	if len(row) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	var choices []discordgo.MessageComponent
	for i, c := range r.Choices {
		if i >= maxButtonsInRow {
			break
		}
		id, ok := s.encode(buttonState{action: actionChoice, command: c.Command})
		if !ok {
			continue
		}
		label := first(fit(fmt.Sprintf("%d. %s", i+1, c.Label), maxButtonLabel, plain))
		choices = append(choices, discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: id})
	}
	if len(choices) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: choices})
	}
	return rows
}

// minimal is the last resort when even the smallest layout is too long.
func (r renderer) minimal(reply bot.Reply, v view) message {
	e := &discordgo.MessageEmbed{
		Title:       first(fit(reply.Headline, maxTitle, escapeKeepCode)),
		Description: "This answer is too long to show in Discord. Narrow the question, or ask for one document with `/doc`.",
		Color:       color(reply.Kind),
	}
	sourceFooter(e, reply.Source)
	return message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: v.ephemeral}
}

// card is the short citation shown for an archive link in a message.
func (r renderer) card(c bot.Citation) *discordgo.MessageEmbed {
	var b strings.Builder
	b.WriteString(escape(c.Date))
	for _, s := range []string{c.Reference, c.Archive} {
		if s != "" {
			b.WriteString(" \u00b7 " + escape(s))
		}
	}
	b.WriteString("\nThe full citation: `/cite " + c.DocID + "`")
	return &discordgo.MessageEmbed{
		Title:       first(fit(c.Title, maxTitle, escape)),
		URL:         safeURL(c.URL),
		Description: first(fit(b.String(), 1000, verbatim)),
		Footer:      &discordgo.MessageEmbedFooter{Text: "doc " + plain(c.DocID)},
		Color:       colorAnswer,
	}
}

// hint escapes a hint of the bot, showing a `command` it names as the
// slash command to type.
func (r renderer) hint(s string) string {
	if strings.Count(s, "`")%2 != 0 {
		return escape(s)
	}
	parts := strings.Split(s, "`")
	for i := range parts {
		if i%2 == 0 {
			parts[i] = escape(parts[i])
			continue
		}
		name, _, _ := strings.Cut(parts[i], " ")
		if r.commands[name] {
			parts[i] = "/" + parts[i]
		}
	}
	return strings.Join(parts, "`")
}

// link is a masked link to url with escaped text, or the text alone when
// url is not a usable link.
func link(text, url string, max int) string {
	t := first(fit(text, max, escapeLinkText))
	if u := safeURL(url); u != "" {
		return "[" + t + "](" + u + ")"
	}
	return t
}

// first returns the text of fit, dropping whether it cut.
func first(s string, _ bool) string { return s }

// block builds a description out of sections and lists, within a budget.
type block struct {
	parts []string
	used  int
	max   int
}

func newBlock(max int) *block { return &block{max: max} }

// room is what is left for one more part, after its separator.
func (b *block) room() int {
	if len(b.parts) == 0 {
		return b.max
	}
	return b.max - b.used - 2
}

func (b *block) add(s string) {
	if len(b.parts) > 0 {
		b.used += 2
	}
	b.parts = append(b.parts, s)
	b.used += length(s)
}

// section adds s if it fits.
func (b *block) section(s string) {
	if s != "" && length(s) <= b.room() {
		b.add(s)
	}
}

// list adds the n items whole, one a line, as many as fit; the rest are
// counted in a last line, with more after it when given.
func (b *block) list(n int, item func(int) string, more string) {
	var lines []string
	used := 0
	room := b.room()
	for i := 0; i < n; i++ {
		s := item(i)
		rest := n - i - 1
		reserve := 0
		if rest > 0 {
			reserve = 40 + length(more)
		}
		if used+length(s)+1+reserve > room {
			tail := fmt.Sprintf("\u2026and %d more.", n-i)
			if more != "" {
				tail += " " + more
			}
			if used+length(tail) <= room {
				lines = append(lines, tail)
			}
			break
		}
		lines = append(lines, s)
		used += length(s) + 1
	}
	if len(lines) > 0 {
		b.add(strings.Join(lines, "\n"))
	}
}

func (b *block) String() string { return strings.Join(b.parts, "\n\n") }

// embedTotal counts the characters of embeds the way Discord limits them.
func embedTotal(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += length(e.Title) + length(e.Description)
		for _, f := range e.Fields {
			n += length(f.Name) + length(f.Value)
		}
		if e.Footer != nil {
			n += length(e.Footer.Text)
		}
		if e.Author != nil {
			n += length(e.Author.Name)
		}
	}
	return n
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// noMentions lets a message ping nobody: not users, roles, @everyone, nor
// the author of a message it replies to.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (m message) components() []discordgo.MessageComponent {
	if m.Components == nil {
		return []discordgo.MessageComponent{} // an empty list removes old buttons
	}
	return m.Components
}

func (m message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}

// files is the message's attachment as discordgo sends files: a new
// reader each time, so a message can be sent again.
func (m message) files() []*discordgo.File {
	if m.File == nil {
		return nil
	}
	return []*discordgo.File{{Name: m.File.Name, ContentType: m.File.ContentType, Reader: bytes.NewReader(m.File.Content)}}
}

// response is the message as the data of an interaction response.
func (m message) response() *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.embeds(), Components: m.components(),
		AllowedMentions: noMentions(), Flags: m.flags(), Files: m.files(),
	}
}

// followup is the message as an interaction follow-up.
func (m message) followup() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content: m.Content, Embeds: m.embeds(), Components: m.components(),
		AllowedMentions: noMentions(), Flags: m.flags(), Files: m.files(),
	}
}

// edit is the message as an edit of an interaction's response.
func (m message) edit() *discordgo.WebhookEdit {
	content, embeds, components := m.Content, m.embeds(), m.components()
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions(), Files: m.files()}
}

// send is the message as a channel message, a reply to ref when given.
func (m message) send(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content: m.Content, Embeds: m.embeds(), Components: m.components(),
		AllowedMentions: noMentions(), Reference: ref, Files: m.files(),
	}
}

// citationText is the citation to copy: as cite wrote it in the style
// asked for, else the archive's own, else one built from the parts.
func citationText(c bot.Citation) string {
	switch {
	case c.Formatted != "":
		return strings.TrimRight(c.Formatted, "\n")
	case c.Text != "":
		return c.Text
	}
	parts := []string{"\u201c" + c.Title + ",\u201d " + c.Date}
	for _, s := range []string{c.Archive, c.Reference} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	out := strings.Join(parts, ", ") + "."
	if c.Translator != "" {
		out += " Translated by " + c.Translator + "."
	}
	if c.URL != "" {
		out += " " + c.URL
	}
	return out
}
