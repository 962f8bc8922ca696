package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
	"github.com/archivebot/archivebot/state"
)

// entriesPerPage is how many saved sources one page of a bibliography shows.
const entriesPerPage = 10

// DefaultExportStyle is the style `bibliography export` writes when none is
// given: BibTeX, which every reference manager and LaTeX imports whole.
const DefaultExportStyle = "bibtex"

const (
	saveUsage         = "save <that | document id | archive URL> [¶N] [note]"
	bibliographyUsage = "bibliography [remove <n> | export [bibtex|ris|csl-json|chicago|mla|apa] | clear]"
)

// notSetUp is the reply of a bibliography command on a bot without a store.
func notSetUp(cmd string) Reply {
	return usageReply(cmd, "Saving is not set up on this bot, so there is no bibliography to keep.",
		"Ask whoever runs the bot to give it a state store (ARCHIVEBOT_STATE).")
}

// noConversation is the reply where the adapter gives no conversation.
func noConversation(cmd string) Reply {
	return usageReply(cmd, "I can keep a bibliography only in a conversation: a channel, a thread or the interactive terminal.", "")
}

// stateFailed turns a store error into a short, safe reply; the cause goes
// to the log. A full list and a missing entry are the user's to fix.
func (b *Bot) stateFailed(ctx context.Context, c call, cmd string, err error) (Reply, error) {
	switch {
	case errors.Is(err, state.ErrNoteTooLong):
		return usageReply(cmd, fmt.Sprintf("That note is too long: a note may have at most %d characters.", state.MaxNoteChars), "Usage: "+saveUsage), nil
	case errors.Is(err, state.ErrInvalid):
		b.log.WarnContext(ctx, "state store refused a request", "command", cmd, "platform", c.req.Platform, "err", err)
		return usageReply(cmd, "I can't keep that in the bibliography.", "Usage: "+saveUsage), nil
	case errors.Is(err, state.ErrFull):
		return usageReply(cmd, fmt.Sprintf("This conversation's bibliography is full: it holds at most %d entries.", state.MaxEntries),
			"Export it with `bibliography export`, then remove entries with `bibliography remove <n>`."), nil
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		b.log.WarnContext(ctx, "state store timed out", "command", cmd, "platform", c.req.Platform)
		return Reply{Kind: KindFailure, Headline: "The saved bibliographies took too long to answer.", Hint: "Please try again in a moment.", Private: true}, nil
	case errors.Is(err, state.ErrDamaged), errors.Is(err, state.ErrNewerSchema), errors.Is(err, state.ErrBusy):
		b.log.ErrorContext(ctx, "state store damaged", "command", cmd, "platform", c.req.Platform, "err", err)
		return Reply{Kind: KindFailure, Headline: "Sorry, the saved bibliographies cannot be read right now.", Hint: "Whoever runs the bot will find the cause in its log.", Private: true}, nil
	}
	b.log.ErrorContext(ctx, "state store failed", "command", cmd, "platform", c.req.Platform, "err", err)
	return Reply{Kind: KindFailure, Headline: "Sorry, something went wrong with the saved bibliographies.", Hint: "Please try again in a moment.", Private: true}, nil
}

// saveArgs is what `save` reads: the document, the pinpoint and the note.
type saveArgs struct {
	ref       string
	that      bool
	paragraph int // 0: none given
	note      string
}

// readSave reads save's argument text as typed: a reference ("that", a
// document id or an archive URL), an optional paragraph ("¶3", "¶ 3",
// "para 3", "paragraph 3", "p3") and a note, the rest, kept verbatim.
func readSave(rest string) (saveArgs, error) {
	var s saveArgs
	words := strings.Fields(rest)
	if len(words) == 0 {
		return s, usagef("Save what? Give a document id, or `save that` after an answer.")
	}
	s.ref = strings.Trim(words[0], "<>")
	if s.ref == "" {
		return s, usagef("Save what? Give a document id, or `save that` after an answer.")
	}
	rest = strings.TrimSpace(strings.TrimPrefix(rest, words[0]))
	switch low := strings.ToLower(s.ref); {
	case slices.Contains(thatWords, low):
		s.that = true
	default:
		if m := docURLID.FindStringSubmatch(s.ref); m != nil {
			s.ref = m[1]
		}
	}
	// "that document", "this one": the second word belongs to "that".
	if s.that && len(words) > 1 && slices.Contains([]string{"document", "doc", "one", "passage", "paragraph"}, strings.ToLower(words[1])) {
		if !(strings.EqualFold(words[1], "paragraph") && len(words) > 2 && isNumber(words[2])) {
			rest = strings.TrimSpace(strings.TrimPrefix(rest, words[1]))
		}
	}
	n, after, ok, err := readPinpoint(rest)
	if err != nil {
		return s, err
	}
	if ok {
		s.paragraph, rest = n, after
	}
	s.note = strings.TrimSpace(rest)
	if len(s.note) >= 2 && (s.note[0] == '"' && s.note[len(s.note)-1] == '"') {
		s.note = strings.TrimSpace(s.note[1 : len(s.note)-1])
	}
	if n := utf8.RuneCountInString(s.note); n > state.MaxNoteChars {
		return s, usagef("That note is %d characters long: a note may have at most %d.", n, state.MaxNoteChars)
	}
	return s, nil
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// signedNumber is a whole number with an optional sign, as a paragraph
// pinpoint may be mistyped: "3", "-1", "+2".
var signedNumber = regexp.MustCompile(`^[-+]?[0-9]+$`)

// readPinpoint reads a paragraph pinpoint at the start of text: "¶3",
// "¶ 3", "para 3", "para. 3", "paragraph 3", "p3". A marker followed by
// a number that is no paragraph ("¶-1", "para 0") or "¶" followed by no
// number ("¶x") is an error, not part of the note; "para" or "p" followed
// by a word starts the note.
func readPinpoint(text string) (n int, rest string, ok bool, err error) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return 0, text, false, nil
	}
	first, low := words[0], strings.ToLower(words[0])
	var number string
	used := 1
	switch {
	case strings.HasPrefix(first, "¶"):
		number = strings.TrimPrefix(first, "¶")
	case low == "para" || low == "para." || low == "paragraph" || low == "p" || low == "p.":
		if len(words) < 2 || !signedNumber.MatchString(words[1]) {
			return 0, text, false, nil // a note that starts with the word
		}
		number, used = words[1], 2
	case len(low) > 1 && low[0] == 'p' && isNumber(low[1:]):
		number = low[1:]
	default:
		return 0, text, false, nil
	}
	if number == "" && len(words) > 1 { // "¶ 3"
		number, used = words[1], 2
	}
	v, convErr := strconv.Atoi(number)
	if convErr != nil || v < 1 {
		return 0, "", false, usagef("A paragraph is a number from 1, like ¶3 or para 3.")
	}
	rest = text
	for range used {
		rest = strings.TrimSpace(rest)
		rest = rest[len(strings.Fields(rest)[0]):]
	}
	return v, strings.TrimSpace(rest), true, nil
}

func (b *Bot) save(ctx context.Context, c call) (Reply, error) {
	if b.state == nil {
		return notSetUp("save"), nil
	}
	if c.req.Conversation == "" {
		return noConversation("save"), nil
	}
	s, err := readSave(c.rest)
	if err != nil {
		return Reply{}, err
	}
	if s.that {
		switch {
		case len(c.req.RecentPassages) > 0:
			s.ref = c.req.RecentPassages[0].DocID
			if s.paragraph == 0 {
				s.paragraph = c.req.RecentPassages[0].Paragraph
			}
		case len(c.req.Recent) > 0:
			s.ref = c.req.Recent[0]
		default:
			return usageReply("save", "Save which document? I have no earlier answer of yours to take it from here.",
				"Give its id, as `save 115932 ¶12`: every answer names its documents (`doc <id>`)."), nil
		}
	}
	d, err := c.archive.Document(ctx, s.ref)
	if errors.Is(err, index.ErrNotFound) {
		return Reply{Kind: KindNotFound, Headline: "There is no document \u201c" + clip(s.ref, 40) + "\u201d in the archive.",
			Hint: "Save a document by its id, as `save 115932`; find ids with `search <words>`.", Private: true}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load document: %w", err)
	}
	if s.paragraph > len(d.Paragraphs) {
		return Reply{}, usagef("Document %s has paragraphs 1 to %d.", d.ID, len(d.Paragraphs))
	}
	e := state.Entry{DocID: d.ID, Paragraph: s.paragraph, Note: s.note, SavedBy: clip(c.req.UserName, 80), SavedAt: b.now().UTC()}
	pos, added, err := b.state.Save(ctx, c.req.Conversation, e)
	if err != nil {
		return b.stateFailed(ctx, c, "save", err)
	}
	what := "\u201c" + d.Title + "\u201d"
	if s.paragraph > 0 {
		what = fmt.Sprintf("paragraph %d of %s", s.paragraph, what)
	}
	r := Reply{Kind: KindAnswer, Citations: []Citation{citationOf(d)}}
	if added {
		r.Headline = fmt.Sprintf("Saved %s to this conversation's bibliography as #%d.", what, pos)
		r.Hint = "See the list with `bibliography`; export it with `bibliography export`."
	} else {
		r.Headline = fmt.Sprintf("Already saved: %s is #%d of this conversation's bibliography.", what, pos)
		r.Hint = "Its note stays as it was; remove it with `bibliography remove " + strconv.Itoa(pos) + "` to save it again."
	}
	r.Citations[0].Paragraph = s.paragraph
	return r, nil
}

func (b *Bot) bibliography(ctx context.Context, c call) (Reply, error) {
	if b.state == nil {
		return notSetUp("bibliography"), nil
	}
	if c.req.Conversation == "" {
		return noConversation("bibliography"), nil
	}
	words := c.args.words()
	verb := ""
	if len(words) > 0 {
		verb = strings.ToLower(words[0])
	}
	switch verb {
	case "", "list", "show":
		if len(words) > 1 {
			return Reply{}, usagef("`bibliography` takes no words; page on with page:N.")
		}
		return b.bibList(ctx, c)
	case "remove", "delete", "rm":
		if len(words) != 2 {
			return Reply{}, usagef("Give the number of the entry to remove, as `bibliography remove 3`.")
		}
		n, err := strconv.Atoi(strings.TrimPrefix(words[1], "#"))
		if err != nil || n < 1 {
			return Reply{}, usagef("Give the number of the entry to remove, as `bibliography remove 3`.")
		}
		return b.bibRemove(ctx, c, n)
	case "export":
		style := DefaultExportStyle
		if len(words) > 2 {
			return Reply{}, usagef("Give one style: %s.", strings.Join(CiteStyles, ", "))
		}
		if len(words) == 2 {
			s, ok := styleNames[strings.ToLower(words[1])]
			if !ok {
				return Reply{}, usagef("I can export in %s, not \u201c%s\u201d.", strings.Join(CiteStyles, ", "), clip(words[1], 20))
			}
			style = s
		}
		return b.bibExport(ctx, c, style)
	case "clear":
		if len(words) > 1 {
			return Reply{}, usagef("`bibliography clear` takes no more words.")
		}
		if !c.req.CanManage {
			return usageReply("bibliography", "Only members who may manage this channel or server can clear its bibliography.",
				"You can remove single entries with `bibliography remove <n>`."), nil
		}
		n, err := b.state.Clear(ctx, c.req.Conversation)
		if err != nil {
			return b.stateFailed(ctx, c, "bibliography", err)
		}
		return Reply{Kind: KindAnswer, Headline: fmt.Sprintf("Cleared this conversation's bibliography: %s removed.", entries(n))}, nil
	}
	return Reply{}, usagef("I don't know \u201cbibliography %s\u201d.", clip(verb, 20))
}

func (b *Bot) bibList(ctx context.Context, c call) (Reply, error) {
	list, err := b.state.List(ctx, c.req.Conversation)
	if err != nil {
		return b.stateFailed(ctx, c, "bibliography", err)
	}
	if len(list) == 0 {
		return Reply{Kind: KindNotFound, Headline: "This conversation's bibliography is empty.",
			Hint: "Save a source with `save that` after an answer, or `save <document id> [¶N] [note]`.", Private: true}, nil
	}
	pages := (len(list) + entriesPerPage - 1) / entriesPerPage
	if c.args.page > pages {
		return Reply{}, usagef("The bibliography has %s.", plural(pages, "page"))
	}
	r := Reply{Kind: KindAnswer, Headline: fmt.Sprintf("This conversation's bibliography: %s", entries(len(list)))}
	if len(list) > entriesPerPage || c.args.page > 1 {
		p := &Page{Number: c.args.page, Of: pages, Total: len(list)}
		if p.Number < p.Of {
			p.Next = "bibliography page:" + strconv.Itoa(p.Number+1)
		}
		if p.Number > 1 {
			p.Prev = "bibliography page:" + strconv.Itoa(p.Number-1)
		}
		r.Page = p
	}
	start := (c.args.page - 1) * entriesPerPage
	var cites citations
	for i, e := range list[start:min(start+entriesPerPage, len(list))] {
		be := BibEntry{Position: start + i + 1, DocID: e.DocID, Paragraph: e.Paragraph, Note: e.Note, SavedBy: e.SavedBy, SavedAt: e.SavedAt.UTC()}
		d, err := c.archive.Document(ctx, e.DocID)
		switch {
		case err == nil:
			be.Title, be.Date = d.Title, d.Date.String()
			cites.add(d)
		case !errors.Is(err, index.ErrNotFound):
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
		r.Bibliography = append(r.Bibliography, be)
	}
	r.Citations = cites.list
	r.Hint = "Export it with `bibliography export [" + strings.Join(CiteStyles, "|") + "]`; remove an entry with `bibliography remove <n>`."
	return r, nil
}

func (b *Bot) bibRemove(ctx context.Context, c call, n int) (Reply, error) {
	e, err := b.state.Remove(ctx, c.req.Conversation, n)
	if errors.Is(err, state.ErrNoEntry) {
		return usageReply("bibliography", fmt.Sprintf("There is no entry #%d in this conversation's bibliography.", n), "See the list with `bibliography`."), nil
	}
	if err != nil {
		return b.stateFailed(ctx, c, "bibliography", err)
	}
	what := e.DocID
	if d, err := c.archive.Document(ctx, e.DocID); err == nil {
		what = "\u201c" + d.Title + "\u201d"
	}
	if e.Paragraph > 0 {
		what = fmt.Sprintf("paragraph %d of %s", e.Paragraph, what)
	}
	return Reply{Kind: KindAnswer, Headline: fmt.Sprintf("Removed #%d, %s, from this conversation's bibliography.", n, what),
		Hint: "The entries after it move up one."}, nil
}

// exportFile names the file of each export style, and its media type.
var exportFile = map[string]struct{ ext, contentType string }{
	"bibtex":   {"bib", "application/x-bibtex"},
	"ris":      {"ris", "application/x-research-info-systems"},
	"csl-json": {"json", "application/vnd.citationstyles.csl+json"},
	"chicago":  {"txt", "text/plain; charset=utf-8"},
	"mla":      {"txt", "text/plain; charset=utf-8"},
	"apa":      {"txt", "text/plain; charset=utf-8"},
}

// savedDoc is an entry with its document, for an export.
type savedDoc struct {
	pos   int
	entry state.Entry
	doc   corpus.Document
}

func (b *Bot) bibExport(ctx context.Context, c call, style string) (Reply, error) {
	list, err := b.state.List(ctx, c.req.Conversation)
	if err != nil {
		return b.stateFailed(ctx, c, "bibliography", err)
	}
	if len(list) == 0 {
		return Reply{Kind: KindNotFound, Headline: "This conversation's bibliography is empty: there is nothing to export.",
			Hint: "Save a source with `save that` after an answer, or `save <document id> [¶N] [note]`.", Private: true}, nil
	}
	var saved []savedDoc
	var missing []string
	for i, e := range list {
		d, err := c.archive.Document(ctx, e.DocID)
		if errors.Is(err, index.ErrNotFound) {
			missing = append(missing, "#"+strconv.Itoa(i+1))
			continue
		}
		if err != nil {
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
		saved = append(saved, savedDoc{pos: i + 1, entry: e, doc: d})
	}
	if len(saved) == 0 {
		return Reply{Kind: KindNotFound, Headline: "None of the saved documents is in the archive any more: there is nothing to export.", Private: true}, nil
	}
	content := exportBibliography(saved, style)
	f := exportFile[style]
	r := Reply{
		Kind:       KindAnswer,
		Headline:   fmt.Sprintf("This conversation's bibliography in %s: %s", style, entries(len(saved))),
		Attachment: &Attachment{Name: "bibliography-" + style + "." + f.ext, ContentType: f.contentType, Content: []byte(content)},
	}
	if len(missing) > 0 {
		r.Hint = "Left out, no longer in the archive: " + strings.Join(missing, ", ") + "."
	}
	return r, nil
}

// exportBibliography writes the saved sources in a style, with the code
// cite uses. The record styles (BibTeX, RIS, CSL-JSON) hold one record per
// document, with the saved paragraphs and notes in its annotation; the
// text styles list the entries in the order they were saved, numbered as
// the list numbers them, pinpointed as cite pinpoints.
func exportBibliography(saved []savedDoc, style string) string {
	// byDoc groups the entries of each document, in list order.
	var order []string
	byDoc := map[string][]savedDoc{}
	for _, s := range saved {
		if _, ok := byDoc[s.doc.ID]; !ok {
			order = append(order, s.doc.ID)
		}
		byDoc[s.doc.ID] = append(byDoc[s.doc.ID], s)
	}
	var b strings.Builder
	switch style {
	case "bibtex":
		for i, id := range order {
			group := byDoc[id]
			entry := bibtex(group[0].doc)
			if note := annotation(group); note != "" {
				entry = strings.TrimSuffix(entry, "}") + "  annote = {" + texEscape(note) + "},\n}"
			}
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(entry + "\n")
		}
	case "ris":
		for _, id := range order {
			group := byDoc[id]
			rec := ris(group[0].doc)
			if note := annotation(group); note != "" {
				rec = strings.TrimSuffix(rec, "ER  - \n") + "N1  - " + strings.Join(strings.Fields(note), " ") + "\nER  - \n"
			}
			b.WriteString(rec + "\n")
		}
	case "csl-json":
		items := make([]map[string]any, 0, len(order))
		for _, id := range order {
			group := byDoc[id]
			item := cslItem(group[0].doc)
			if note := annotation(group); note != "" {
				item["annote"] = note
			}
			items = append(items, item)
		}
		raw, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			return "[]" // maps of strings, numbers and lists always marshal
		}
		b.Write(raw)
		b.WriteString("\n")
	default: // chicago, mla, apa: numbered as the list
		for _, s := range saved {
			line := fmt.Sprintf("%d. %s", s.pos, formatCitation(s.doc, style, s.entry.Paragraph))
			if _, form := pinpointForm(s.doc, style, s.entry.Paragraph); form != "" && style != "chicago" {
				line += " " + form
			}
			if s.entry.Note != "" {
				line += " Note: " + s.entry.Note
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// annotation says which paragraphs of a document were saved and with what
// notes, for a record style's annotation field: "#2, para. 3: the offer;
// #5: whole document". Empty when the document was saved whole, once,
// without a note.
func annotation(group []savedDoc) string {
	if len(group) == 1 && group[0].entry.Paragraph == 0 && group[0].entry.Note == "" {
		return ""
	}
	parts := make([]string, 0, len(group))
	for _, s := range group {
		p := "#" + strconv.Itoa(s.pos)
		if n := s.entry.Paragraph; n > 0 {
			p += ", para. " + strconv.Itoa(n)
		} else {
			p += ", whole document"
		}
		if s.entry.Note != "" {
			p += ": " + s.entry.Note
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// entries is "1 entry" or "2 entries".
func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return strconv.Itoa(n) + " entries"
}
