package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// Command is a command as data: its name, what it does, how to call it, and
// the function that runs it. Help is generated from these fields.
type Command struct {
	Name     string
	Summary  string
	Usage    string
	Examples []string
	// NeedsArgs is set when the command makes no sense without arguments.
	NeedsArgs bool
	// raw is set when the command reads its argument text itself (a note
	// is kept as typed), so the search filters and word limits do not
	// apply to it.
	raw bool
	// wordsChecked is set when the command applies MaxQueryWords itself,
	// to the words it searches for: a title cited whole is looked up,
	// whatever its length, and a style named after it is not searched.
	wordsChecked bool
	run          func(ctx context.Context, c call) (Reply, error)
}

func (c Command) help() CommandHelp {
	return CommandHelp{Name: c.Name, Summary: c.Summary, Usage: c.Usage, Examples: c.Examples}
}

// call is one parsed invocation of a command, with the archive it reads:
// one snapshot for the whole command.
type call struct {
	req  Request
	args args
	// rest is the argument text as typed, cleaned of control characters.
	rest    string
	archive Archive
}

// Page sizes per command: chat messages stay short, paging gives the rest.
const (
	quotesPerPage  = 3
	resultsPerPage = 5
	whoDocsPerPage = 5
	// maxWhenEvents is how many dated events one timeline is made from.
	maxWhenEvents = 20
	// maxWhenDocs bounds the documents of one timeline, so it stays short.
	maxWhenDocs = 8
	// maxWhenStated bounds the stated dates of one timeline, each shown
	// with its evidence: ten fit a chat message.
	maxWhenStated = 10
	maxWhoHits    = 100
	// whenNearBest is the least share of the best passage's match a
	// passage must hold for its dates to join a timeline.
	whenNearBest = 0.75
)

func (b *Bot) commandSet() []Command {
	return []Command{
		{
			Name: "quote", Summary: "Quote the passages that best match your words, verbatim and cited.",
			Usage: `quote <words | "exact phrase">`, Examples: []string{"quote cotton", `quote "friendly advice"`, "quote withdrawal volunteers from:1957 to:1958"},
			NeedsArgs: true, run: b.quote,
		},
		{
			Name: "who", Summary: "Show the documents that name a person, in date order, with the roles they give.",
			Usage: "who <name>", Examples: []string{"who Peng Dehuai", "who Puzanov"},
			NeedsArgs: true, run: b.who,
		},
		{
			Name: "when", Summary: "A timeline: the dates the matching passages state, and the dates of their documents.",
			Usage: "when <words>", Examples: []string{"when Chivu Stoica", "when did Mao plan to visit the DPRK"},
			NeedsArgs: true, run: b.when,
		},
		{
			Name: "cite", Summary: "A document's citation, in Chicago or another style, with its parts.",
			Usage: citeUsage, Examples: []string{"cite 115932", "cite Record of a Conversation with Kim Il Sung"},
			NeedsArgs: true, wordsChecked: true, run: b.cite,
		},
		{
			Name: "search", Summary: "List the documents that match your words.",
			Usage: `search <words | "exact phrase">`, Examples: []string{"search textile mill", `search "five-year plan" lang:russian`},
			NeedsArgs: true, run: b.search,
		},
		{
			Name: "doc", Summary: "Describe a document, or show one of its paragraphs in full.",
			Usage: "doc <document id> [paragraph number]", Examples: []string{"doc 115932", "doc 115932 15"},
			NeedsArgs: true, run: b.doc,
		},
		{
			Name: "today", Summary: "Documents dated on this day in earlier years, with their opening words; else the nearest dated ones.",
			Usage: todayUsage, Examples: []string{"today", "today 12 March", "today 1957-11-13"},
			run: b.today,
		},
		{
			Name: "save", Summary: "Save a document, or one of its paragraphs, to this conversation's bibliography, with a note.",
			Usage: saveUsage, Examples: []string{"save that", "save 115932 ¶12 the offer of credits", "save 115932"},
			NeedsArgs: true, raw: true, run: b.save,
		},
		{
			Name: "bibliography", Summary: "List this conversation's saved sources, remove one, export them all as one file, or clear the list.",
			Usage: bibliographyUsage, Examples: []string{"bibliography", "bibliography remove 2", "bibliography export ris", "bibliography clear"},
			run: b.bibliography,
		},
		{
			Name: "help", Summary: "List the commands, or explain one.",
			Usage: "help [command]", Examples: []string{"help", "help quote"},
			run: b.help,
		},
	}
}

// query turns arguments into an index query for one page.
func (a args) query(perPage int) index.Query {
	return index.Query{
		Words: a.words(), Phrases: a.phrases(), Language: a.lang, DocID: a.docID,
		From: a.from, To: a.to, Limit: perPage, Offset: (a.page - 1) * perPage,
	}
}

// notFound says plainly that the archive has nothing, and cites nothing.
func notFound(what string, a args, hint string) Reply {
	h := fmt.Sprintf("Nothing in the archive matches \u201c%s\u201d", a.echo())
	if a.filtered() {
		h += " with those filters"
	}
	if hint == "" {
		hint = tryOtherWords(a)
	}
	return Reply{Kind: KindNotFound, Headline: h + ".", Hint: hint, Private: true}
}

// tryOtherWords is the hint of a search that found nothing.
func tryOtherWords(a args) string {
	return "Try fewer or different words, or `search " + a.echo() + "`."
}

// page describes one page of total results and the commands for its neighbours.
func page(name string, a args, total, perPage int) *Page {
	if total <= perPage && a.page == 1 {
		return nil
	}
	p := &Page{Number: a.page, Of: (total + perPage - 1) / perPage, Total: total}
	if p.Number < p.Of && p.Number < maxPage {
		p.Next = a.command(name, a.page+1)
	}
	if p.Number > 1 {
		p.Prev = a.command(name, a.page-1)
	}
	return p
}

func (b *Bot) quote(ctx context.Context, c call) (Reply, error) {
	res, asked, err := c.passagesAsked(ctx, quotesPerPage)
	if err != nil {
		return Reply{}, err
	}
	if len(res.Hits) == 0 {
		if r, ok, err := b.retryWithSurname(ctx, c, res.Unknown, b.quote); ok || err != nil {
			return r, err
		}
		return notFound("quote", c.args, neverMentioned(res.Unknown)+tryOtherWords(c.args)), nil
	}
	r := Reply{Kind: KindAnswer, Page: page("quote", c.args, res.Total, quotesPerPage)}
	var cites citations
	for _, h := range res.Hits {
		p := passageAsked(h.Doc.ID, h.Paragraph, h.Matches, asked, MaxPassageChars)
		p.Section = sectionOf(h)
		if p.Section == "" {
			p.Entry = entryLine(h.Doc, h.Paragraph.N)
		}
		if h.Matched < h.Of {
			p.Matched, p.Of = h.Matched, h.Of
		}
		r.Passages = append(r.Passages, p)
		cites.add(h.Doc)
		if (p.Leading || p.Trailing) && r.Hint == "" && p.Section == "" {
			r.Hint = fmt.Sprintf("The full paragraph: `doc %s %d`", h.Doc.ID, h.Paragraph.N)
		}
	}
	r.Citations = cites.list
	r.Headline = fmt.Sprintf("%s for \u201c%s\u201d", plural(res.Total, "passage"), c.args.echo())
	if top := res.Hits[0]; top.Matched < top.Of {
		r.Headline = fmt.Sprintf("No passage holds all of \u201c%s\u201d; %s most of it, the closest %d of %d words",
			c.args.echo(), counted(res.Total, "passage", "holds", "hold"), top.Matched, top.Of)
	}
	return r, nil
}

// retryWithSurname asks again without a given name that no record holds
// (call.withoutGivenName), and adds the note to an answer; ok is false
// when there is no such name or the question still finds nothing.
func (b *Bot) retryWithSurname(ctx context.Context, c call, unknown string, ask func(context.Context, call) (Reply, error)) (Reply, bool, error) {
	if unknown == "" {
		return Reply{}, false, nil
	}
	short, note, ok, err := c.withoutGivenName(ctx, unknown)
	if err != nil || !ok {
		return Reply{}, false, err
	}
	r, err := ask(ctx, short)
	if err != nil || r.Kind != KindAnswer {
		return Reply{}, false, err
	}
	r.Hint = strings.TrimSpace(note + " " + r.Hint)
	return r, true, nil
}

func (b *Bot) when(ctx context.Context, c call) (Reply, error) {
	c.args.dropLeading("did", "was", "were", "is", "does", "do", "will")
	c.args.page = 1
	q := c.passageQuery(maxWhenEvents)
	// The timeline cites at most maxWhenDocs documents: the hits of the
	// others are only counted (admit), so their documents are not read.
	q.Documents = maxWhenDocs
	res, err := c.archive.Events(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("search events: %w", err)
	}
	if len(res.Hits) == 0 && res.Unknown == "" {
		return b.whenFromPassages(ctx, c)
	}
	if len(res.Hits) == 0 {
		if r, ok, err := b.retryWithSurname(ctx, c, res.Unknown, b.when); ok || err != nil {
			return r, err
		}
		return notFound("when", c.args, neverMentioned(res.Unknown)+tryOtherWords(c.args)), nil
	}
	w := newWhenReply()
	var stated []index.EventHit
	for _, h := range res.Hits {
		if len(stated) == maxWhenStated && !h.OfDocument {
			// Hits come best first: the timeline keeps the dates of the
			// passages that hold the most of the question.
			w.r.Hint = fmt.Sprintf("More passages state dates; narrow the words or add from:/to: (the timeline shows the best %d).", maxWhenStated)
			break
		}
		take, stop := w.admit(h.Doc, h.Share, res.Hits[0].Share)
		if stop {
			break // hits come best first: the rest hold too little of the question
		}
		if take && !h.OfDocument {
			stated = append(stated, h)
		}
	}
	w.r.Timeline = append(w.r.Timeline, statedEvents(stated)...)
	top := res.Hits[0]
	return w.finish(c, top.Matched, top.Of), nil
}

// whenReply is a when answer being built, from events or from passages:
// its documents (at most maxWhenDocs, cited) and its timeline.
type whenReply struct {
	r       Reply
	cites   citations
	seenDoc map[string]bool
}

func newWhenReply() *whenReply {
	return &whenReply{r: Reply{Kind: KindAnswer}, seenDoc: map[string]bool{}}
}

// admit takes a hit's document: its citation and its own date. Hits come
// best first; stop says that this one, and all after it, hold too little
// of the question next to the best's share; take is false for a hit of a
// document past maxWhenDocs, which the hint then mentions.
func (w *whenReply) admit(doc corpus.Document, share, best float64) (take, stop bool) {
	if share < whenNearBest*best {
		return false, true
	}
	if len(w.cites.list) >= maxWhenDocs && !w.cites.seen[doc.ID] {
		w.r.Hint = fmt.Sprintf("More documents match; narrow the words or add from:/to: (the timeline shows the best %d).", maxWhenDocs)
		return false, false
	}
	w.cites.add(doc)
	if !w.seenDoc[doc.ID] && !doc.Date.IsZero() {
		w.seenDoc[doc.ID] = true
		e := Event{
			Date: doc.Date.String(), Sort: sortKey(doc.Date), Stated: doc.Date.Text, Source: "document",
			DocID: doc.ID,
		}
		e.Paragraph, e.Evidence = openingDateline(doc)
		w.r.Timeline = append(w.r.Timeline, e)
	}
	return true, false
}

// A record's heading is its title lines, classification and date line,
// before the body: the body begins at the first paragraph of more than
// one sentence and over bodyLength bytes, or at paragraph maxHeading+1.
const (
	bodyLength = 200
	maxHeading = 8
	// maxHeadingLine is the longest line of a heading, in characters,
	// that gives the record's day and hour without being a date line.
	maxHeadingLine = 120
)

// openingDateline is the record's own date line for the document's date,
// verbatim, and its paragraph: "July 29th 19:30~21:30", "Time: 28 August
// 1962, 7:30 a.m.", "Tuesday, 9 March 1982" head many records and say
// more than the archive's date (the hour, the weekday, the place). Only
// the heading is looked in. 0 and "" when it holds none.
func openingDateline(doc corpus.Document) (int, string) {
	heading := min(len(doc.Paragraphs), maxHeading)
	for i, p := range doc.Paragraphs[:heading] {
		if len(p.Text) > bodyLength && len(corpus.Sentences(p.Text)) > 1 {
			heading = i
			break
		}
	}
	otherN, other := 0, ""
	for _, m := range doc.Dates {
		if m.Paragraph > heading {
			break
		}
		if m.Paragraph < 1 {
			continue
		}
		text := strings.TrimSpace(doc.Paragraphs[m.Paragraph-1].Text)
		if m.Date.String() != doc.Date.String() {
			if m.Dateline && other == "" {
				otherN, other = m.Paragraph, text
			}
			continue
		}
		// A date line, or a short line of the heading that gives the
		// hour too ("Control: 6596 Rec'd: June 18, 1953 4:20 p.m."); a line
		// of the date alone ("15 May 1958") says nothing the document's
		// date does not.
		raw := doc.Paragraphs[m.Paragraph-1].Text
		if m.End > len(raw) || m.Start > m.End || !strings.ContainsFunc(raw[:m.Start]+raw[m.End:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		if m.Dateline || utf8.RuneCountInString(text) <= maxHeadingLine && corpus.HasTimeOfDay(text) {
			return m.Paragraph, text
		}
	}
	// Else the heading's date line of another day: a journal's entry
	// written up after the talk it records ("From the journal of 29
	// September 1977" over a conversation of 14 September).
	return otherN, other
}

// finish orders the timeline and writes the headline and hint; matched
// and of are the best hit's.
func (w *whenReply) finish(c call, matched, of int) Reply {
	r := w.r
	stated := map[string]bool{} // doc and paragraph of each stated date
	for _, e := range r.Timeline {
		if e.Source != "document" {
			stated[fmt.Sprint(e.DocID, "\x00", e.Paragraph)] = true
		}
	}
	for i, e := range r.Timeline {
		if e.Source == "document" && e.Evidence != "" && stated[fmt.Sprint(e.DocID, "\x00", e.Paragraph)] {
			r.Timeline[i].Paragraph, r.Timeline[i].Evidence = 0, "" // its date line is shown as stated
		}
	}
	r.Timeline = fitEvidence(timeline(r.Timeline))
	r.Citations = w.cites.list
	n := 0
	for _, e := range r.Timeline {
		if e.Source == "text" {
			n++
		}
	}
	r.Headline = fmt.Sprintf("When: \u201c%s\u201d in %s; %s stated in the passages", c.args.echo(), plural(len(w.cites.list), "document"), plural(n, "date"))
	if matched < of {
		r.Headline += fmt.Sprintf(" (no passage holds all the words; the closest %d of %d)", matched, of)
	}
	if n == 0 && r.Hint == "" {
		r.Hint = "The matching passages state no date of their own; the timeline shows the dates of their documents."
	}
	return r
}

// statedEvents are the timeline lines of the stated dates among the
// matching events. Of the dates one paragraph states, those whose own
// sentence holds a word of the question are taken; when none does (the
// words sit in the sentences beside them), all of them. A date line found
// by the opening of the entry it heads dates that entry.
func statedEvents(hits []index.EventHit) []Event {
	type passage struct {
		doc string
		n   int
	}
	inEvidence := map[passage]bool{}
	for _, h := range hits {
		if h.InEvidence {
			inEvidence[passage{h.Doc.ID, h.Mention.Paragraph}] = true
		}
	}
	out := make([]Event, 0, len(hits))
	for _, h := range hits {
		d := h.Mention
		if !h.InEvidence && inEvidence[passage{h.Doc.ID, d.Paragraph}] {
			continue
		}
		text := h.Doc.Summary
		if d.Paragraph > 0 {
			if d.Paragraph > len(h.Doc.Paragraphs) {
				continue
			}
			text = h.Doc.Paragraphs[d.Paragraph-1].Text
		}
		if d.Start < 0 || d.Start > d.End || d.End > len(text) || text[d.Start:d.End] != d.Text {
			continue
		}
		if d.Dateline && !h.InEvidence && d.Paragraph > 0 {
			if d.Date.String() == h.Doc.Date.String() {
				continue // the document's own date says as much
			}
			e := statedEvent(h.Doc, d, text)
			e.Dateline = true
			out = append(out, e)
			continue
		}
		out = append(out, statedEvent(h.Doc, d, evidenceAt(text, d)))
	}
	return out
}

// writesDayFirst reports whether a record writes its days mostly before
// their months ("28 August 1962") rather than after ("August 28, 1962"),
// by the days it states in full.
func writesDayFirst(doc corpus.Document) bool {
	first, after := 0, 0
	for _, m := range doc.Dates {
		if m.Relative || m.Corrected || m.Date.Precision != corpus.PrecisionDay || m.Text == "" {
			continue
		}
		if c := m.Text[0]; c >= '0' && c <= '9' {
			first++
		} else {
			after++
		}
	}
	return first > after
}

// maxEvidence keeps a timeline's evidence short: a long sentence is cut
// at word boundaries around the date it gives.
const maxEvidence = 320

// evidenceAt is the sentence of text that states d, verbatim, cut to
// maxEvidence around the date when it is longer.
func evidenceAt(text string, d corpus.DateMention) string {
	for _, s := range corpus.Sentences(text) {
		if d.Start >= s.Start && d.Start < s.End {
			if s.End-s.Start <= maxEvidence {
				return text[s.Start:s.End]
			}
			date := span{Start: d.Start - s.Start, End: d.End - s.Start}
			e := wordWindow(text[s.Start:s.End], span{Start: 0, End: s.End - s.Start}, []span{date}, maxEvidence)
			return text[s.Start+e.Start : s.Start+e.End]
		}
	}
	return ""
}

// A timeline's evidence is kept within maxTimelineEvidence bytes in all:
// when its sentences are longer together, each is cut around its date to
// the first of shorterEvidence that fits, so that a timeline of many dates
// stays readable in a chat message.
const maxTimelineEvidence = 1600

var shorterEvidence = []int{240, 160, 100}

// fitEvidence cuts the evidence of the timeline's stated dates, all to
// one length, when together they are over maxTimelineEvidence. The cut
// keeps the stated words and the words around them, verbatim.
func fitEvidence(events []Event) []Event {
	total := func(limit int) int {
		n := 0
		for _, e := range events {
			n += len(cutEvidence(e, limit))
		}
		return n
	}
	if total(maxEvidence) <= maxTimelineEvidence {
		return events
	}
	limit := shorterEvidence[len(shorterEvidence)-1]
	for _, l := range shorterEvidence {
		if total(l) <= maxTimelineEvidence {
			limit = l
			break
		}
	}
	for i, e := range events {
		events[i].Evidence = cutEvidence(e, limit)
	}
	return events
}

// cutEvidence is e's evidence cut at word boundaries to about limit bytes
// around the words that state its date; a document's own line, and
// evidence that does not hold the stated words, are kept whole.
func cutEvidence(e Event, limit int) string {
	if e.Source != "text" || len(e.Evidence) <= limit {
		return e.Evidence
	}
	at := strings.Index(e.Evidence, e.Stated)
	if e.Stated == "" || at < 0 {
		return e.Evidence
	}
	date := span{Start: at, End: at + len(e.Stated)}
	if date.End-date.Start > limit {
		return e.Evidence
	}
	w := wordWindow(e.Evidence, span{Start: 0, End: len(e.Evidence)}, []span{date}, limit)
	if w.End == len(e.Evidence) && w.End-w.Start < limit {
		// The date ends the sentence: the window takes the words before it.
		start := w.End - limit
		for start < date.Start && e.Evidence[start-1] != ' ' {
			start++
		}
		w.Start = start
	}
	if w.Start > date.Start || w.End < date.End {
		return e.Evidence
	}
	return e.Evidence[w.Start:w.End]
}

// statedEvent is a timeline line for a date the text states.
func statedEvent(doc corpus.Document, d corpus.DateMention, evidence string) Event {
	return Event{
		Date: d.Date.String(), Sort: sortKey(d.Date), Stated: d.Text, Source: "text",
		Corrected: d.Corrected, Relative: d.Relative, EntryDated: d.EntryDated, Illegible: d.Illegible,
		Editorial: d.Editorial, Resolved: resolvedDay(doc, d), Evidence: evidence, DocID: doc.ID, Paragraph: d.Paragraph,
	}
}

// resolvedDay is the day d reads, written day first as the record writes
// its days ("27 August 1962" for "yesterday" in a record of 28 August
// 1962), when the words do not give it whole (a relative date, an
// editor's correction); "" otherwise, and for records that write the
// month first. The words' own order decides where they have one ("9
// December"), else the order of the days the record states in full.
func resolvedDay(doc corpus.Document, d corpus.DateMention) string {
	if d.Date.Precision != corpus.PrecisionDay || d.Date.Until != nil || !d.Relative && !d.Corrected {
		return ""
	}
	first, known := corpus.DayFirst(d.Text)
	if !known {
		first = writesDayFirst(doc)
	}
	if !first {
		return ""
	}
	return d.Date.Time.Format("2 January 2006")
}

// timeline orders events by date and drops repeats: two passages under
// one date line, or one date found from two matching passages.
func timeline(events []Event) []Event {
	slices.SortStableFunc(events, func(x, y Event) int { return strings.Compare(x.Sort, y.Sort) })
	type key struct {
		source, doc, date, stated string
		paragraph                 int
	}
	seen := map[key]bool{}
	return slices.DeleteFunc(events, func(e Event) bool {
		k := key{e.Source, e.DocID, e.Date, e.Stated, e.Paragraph}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}

// docURLID takes a document id from an archive URL.
var docURLID = regexp.MustCompile(`^https?://\S+/([A-Za-z0-9][A-Za-z0-9_-]*)/?$`)

// citeUsage shows what cite reads: the document, then optionally a style
// (CiteStyles) and a pinpoint paragraph (¶12 or para 12).
const citeUsage = "cite <document id | archive URL | title words> [style] [¶N]"

// thatWords refer to the document of the previous reply: "cite that".
var thatWords = []string{"that", "this", "it", "that document", "this document", "the document", "that doc"}

func (b *Bot) cite(ctx context.Context, c call) (Reply, error) {
	a, style, paragraph := citeArgs(c.args)
	ref := strings.Trim(a.text(), "<> ")
	if slices.Contains(thatWords, strings.ToLower(ref)) {
		if len(c.req.Recent) == 0 {
			return usageReply("cite", "Which document? I have not shown you one yet in this conversation.", "Usage: "+citeUsage), nil
		}
		ref = c.req.Recent[0]
	}
	if m := docURLID.FindStringSubmatch(ref); m != nil {
		ref = m[1]
	}
	if !strings.Contains(ref, " ") {
		doc, err := c.archive.Document(ctx, ref)
		if err == nil {
			return citeReply(doc, style, paragraph)
		}
		if !errors.Is(err, index.ErrNotFound) {
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
	}
	// A whole title, typed as the archive gives it, is looked up, not
	// searched: the document with that title is the one meant, and when
	// several have it the asker chooses among those alone.
	if len(a.filters) == 0 {
		if titled := c.archive.TitledExactly(ref); len(titled) > 0 {
			return citeTitled(ctx, c, a, titled, style, paragraph)
		}
	}
	if n := a.wordCount(); n > MaxQueryWords {
		return usageReply("cite", fmt.Sprintf("I can't search for %d words at once: please use at most %d, or the document's whole title.", n, MaxQueryWords), "Usage: "+citeUsage), nil
	}
	res, err := c.titleLookup(ctx, a)
	if err != nil {
		return Reply{}, err
	}
	for _, h := range res.Hits {
		if strings.EqualFold(strings.TrimSpace(h.Doc.Title), ref) {
			return citeReply(h.Doc, style, paragraph)
		}
	}
	switch {
	case len(res.Hits) == 0:
		return notFound("cite", a, neverMentioned(res.Unknown)+"Give a document id (as in `cite 115932`), an archive URL, or words from the title."), nil
	case len(res.Hits) == 1 && res.Total == 1, clearlyFirst(res.Hits):
		return citeReply(res.Hits[0].Doc, style, paragraph)
	}
	docs := make([]corpus.Document, len(res.Hits))
	for i, h := range res.Hits {
		docs[i] = h.Doc
	}
	headline := fmt.Sprintf("%s titles matching \u201c%s\u201d: which one?", counted(res.Total, "document", "has", "have"), a.echo())
	return citeChoices(headline, docs, page("cite", c.args, res.Total, resultsPerPage), style, paragraph), nil
}

// citeTitled cites the document whose title is the one asked for, or
// offers the documents that share it, oldest first (undated last), a
// page at a time.
func citeTitled(ctx context.Context, c call, a args, titled []index.TitleEntry, style string, paragraph int) (Reply, error) {
	if len(titled) == 1 {
		doc, err := c.archive.Document(ctx, titled[0].DocID)
		if err != nil {
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
		return citeReply(doc, style, paragraph)
	}
	// Oldest first, undated last, as timelines are (sortKey); the index's
	// order among equal dates.
	// Each date is parsed once: a title may be shared by hundreds.
	type keyed struct {
		key string
		index.TitleEntry
	}
	ds := make([]keyed, len(titled))
	for i, t := range titled {
		d, _ := corpus.ParseDate(t.Date)
		ds[i] = keyed{sortKey(d), t}
	}
	slices.SortStableFunc(ds, func(x, y keyed) int { return strings.Compare(x.key, y.key) })
	pages := (len(ds) + resultsPerPage - 1) / resultsPerPage
	if a.page > pages {
		return Reply{}, usagef("%d documents are titled \u201c%s\u201d, on %s: there is no page %d.", len(ds), clip(titled[0].Title, 80), plural(pages, "page"), a.page)
	}
	first := (a.page - 1) * resultsPerPage
	ids := make([]string, 0, 2*resultsPerPage)
	for _, d := range ds[first:min(len(ds), first+2*resultsPerPage)] {
		ids = append(ids, d.DocID)
	}
	shown, next := ids[:min(len(ids), resultsPerPage)], ids[min(len(ids), resultsPerPage):]
	// The first page loads the second's documents with its own, since a
	// list is answered too fast for a load in the background to finish
	// before the page is turned; later pages have the next read ahead. A
	// document of the next page that does not load fails that page only,
	// when it is asked for.
	var ahead sync.WaitGroup
	if a.page == 1 {
		ahead.Go(func() { _, _ = loadDocuments(ctx, c.archive, next) })
	} else {
		prefetch(c.archive, next)
	}
	docs, err := loadDocuments(ctx, c.archive, shown)
	ahead.Wait()
	if err != nil {
		return Reply{}, err
	}
	headline := fmt.Sprintf("%d documents are titled \u201c%s\u201d: which one?", len(titled), clip(titled[0].Title, 80))
	return citeChoices(headline, docs, page("cite", c.args, len(titled), resultsPerPage), style, paragraph), nil
}

// loadDocuments loads the documents ids from the archive, several at
// once.
func loadDocuments(ctx context.Context, a Archive, ids []string) ([]corpus.Document, error) {
	docs := make([]corpus.Document, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, id := range ids {
		g.Go(func() error {
			d, err := a.Document(gctx, id)
			if err != nil {
				return fmt.Errorf("load document: %w", err)
			}
			docs[i] = d
			return nil
		})
	}
	return docs, g.Wait()
}

// prefetch asks the archive to read the documents ids ahead, if it can
// (*index.Index can).
func prefetch(a Archive, ids []string) {
	if p, ok := ungated(a).(interface{ Prefetch(ids []string) }); ok && len(ids) > 0 {
		p.Prefetch(ids)
	}
}

// citeChoices offers documents to cite, each by its id, in style and
// pinpointed to paragraph when it is not 0.
func citeChoices(headline string, docs []corpus.Document, pg *Page, style string, paragraph int) Reply {
	suffix := ""
	if style != CiteStyles[0] {
		suffix += " " + style
	}
	if paragraph > 0 {
		suffix += fmt.Sprintf(" ¶%d", paragraph)
	}
	r := Reply{Kind: KindAnswer, Headline: headline, Private: true, Page: pg}
	if len(docs) > 0 {
		r.Hint = "Cite one by its id, e.g. `cite " + docs[0].ID + suffix + "`."
	}
	var cites citations
	for _, d := range docs {
		cites.add(d)
		r.Choices = append(r.Choices, Choice{Label: d.Title + " (" + d.Date.String() + ")", Command: "cite " + d.ID + suffix})
	}
	r.Citations = cites.list
	return r
}

// citeReply cites one document in a style, pinpointed to a paragraph when
// paragraph is not 0.
func citeReply(d corpus.Document, style string, paragraph int) (Reply, error) {
	if paragraph > len(d.Paragraphs) {
		return Reply{}, usagef("Document %s has paragraphs 1 to %d.", d.ID, len(d.Paragraphs))
	}
	c := citationOf(d)
	c.Style, c.Paragraph, c.Formatted = style, paragraph, formatCitation(d, style, paragraph)
	headline := "Citation for \u201c" + d.Title + "\u201d"
	if paragraph > 0 {
		headline += fmt.Sprintf(", paragraph %d", paragraph)
	}
	r := Reply{Kind: KindAnswer, Headline: headline + " (" + style + ")", Citations: []Citation{c}}
	date := ""
	if !d.Date.IsZero() {
		date = d.Date.String()
	}
	for _, f := range []Detail{
		{"Title", citeTitle(d)}, {"Date", date}, {"Archive", d.Citation.Archive},
		{"Reference", d.Citation.Reference}, {"Translator", d.Citation.Translator},
		{"Translated for", d.Citation.TranslatedFor}, {"URL", d.URL},
	} {
		if f.Value != "" {
			r.Details = append(r.Details, f)
		}
	}
	if label, value := pinpointForm(d, style, paragraph); value != "" {
		r.Details = append(r.Details, Detail{label, value})
	}
	others := slices.DeleteFunc(slices.Clone(CiteStyles), func(s string) bool { return s == style })
	r.Hint = "Other styles: cite " + d.ID + " " + strings.Join(others, " | ") + "; pinpoint a paragraph with \u00b6N."
	switch {
	case d.Citation.Text == "" || d.Citation.Title == "" && d.Citation.Reference == "":
		r.Hint = "The page gives no full citation; this one is built from its title, date and the parts it gives. " + r.Hint
	case !archiveCitationComplete(d):
		r.Hint = "The archive's citation is incomplete; this one is built from the record, with the date of the page header. " + r.Hint
	}
	return r, nil
}

func (b *Bot) search(ctx context.Context, c call) (Reply, error) {
	res, err := c.archive.Documents(ctx, c.passageQuery(resultsPerPage))
	if err != nil {
		return Reply{}, fmt.Errorf("search documents: %w", err)
	}
	if len(res.Hits) == 0 {
		return notFound("search", c.args, neverMentioned(res.Unknown)+"Try fewer or different words."), nil
	}
	r := Reply{Kind: KindAnswer, Page: page("search", c.args, res.Total, resultsPerPage)}
	for _, h := range res.Hits {
		ci := citationOf(h.Doc)
		ci.Summary = h.Doc.Summary
		r.Citations = append(r.Citations, ci)
	}
	r.Headline = fmt.Sprintf("%s \u201c%s\u201d", counted(res.Total, "document", "matches", "match"), c.args.echo())
	if top := res.Hits[0]; top.Matched < top.Of {
		r.Headline = fmt.Sprintf("No document holds all of \u201c%s\u201d; %s most of it, the closest %d of %d words",
			c.args.echo(), counted(res.Total, "document", "holds", "hold"), top.Matched, top.Of)
	}
	r.Hint = "Quote from them with `quote " + c.args.quoted() + "`."
	return r, nil
}

func (b *Bot) doc(ctx context.Context, c call) (Reply, error) {
	words := c.args.words()
	if len(words) == 0 || len(words) > 2 || len(c.args.phrases()) > 0 {
		return Reply{}, usagef("Give one document id, and optionally a paragraph number.")
	}
	id := words[0]
	if m := docURLID.FindStringSubmatch(id); m != nil {
		id = m[1]
	}
	d, err := c.archive.Document(ctx, id)
	if errors.Is(err, index.ErrNotFound) {
		return Reply{Kind: KindNotFound, Headline: "There is no document " + id + " in the archive.", Hint: "Find documents with `search <words>`.", Private: true}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load document: %w", err)
	}
	if len(words) == 2 {
		n, err := strconv.Atoi(words[1])
		if err != nil || n < 1 || n > len(d.Paragraphs) {
			return Reply{}, usagef("Document %s has paragraphs 1 to %d.", d.ID, len(d.Paragraphs))
		}
		p := d.Paragraphs[n-1]
		return Reply{Kind: KindAnswer, Headline: fmt.Sprintf("Paragraph %d of \u201c%s\u201d", n, d.Title),
			Passages: []Passage{{Text: p.Text, DocID: d.ID, Paragraph: n}}, Citations: []Citation{citationOf(d)}}, nil
	}
	r := Reply{Kind: KindAnswer, Headline: d.Title, Citations: []Citation{citationOf(d)}}
	date := d.Date.String()
	if d.Date.Text != "" && d.Date.Text != date {
		date += " (as written: " + d.Date.Text + ")"
	}
	for _, f := range []Detail{
		{"Date", date}, {"Summary", d.Summary}, {"Original language", d.OriginalLanguage},
		{"Contents", d.Contents}, {"Archive", d.Citation.Archive}, {"Reference", d.Citation.Reference},
		{"Credits", d.Credits}, {"Size", fmt.Sprintf("%s, %s", plural(len(d.Paragraphs), "paragraph"), plural(d.Words(), "word"))},
		{"URL", d.URL},
	} {
		if f.Value != "" {
			r.Details = append(r.Details, f)
		}
	}
	labels := slices.Sorted(maps.Keys(d.Sections))
	for _, l := range labels {
		if d.Sections[l] != "" {
			r.Details = append(r.Details, Detail{strings.ToUpper(l[:1]) + l[1:], d.Sections[l]})
		}
	}
	r.Hint = "Read a paragraph with `doc " + d.ID + " <n>`; cite it with `cite " + d.ID + "`."
	return r, nil
}

func (b *Bot) help(_ context.Context, c call) (Reply, error) {
	if name := strings.ToLower(c.args.text()); name != "" {
		cmd, ok := b.Command(name)
		if !ok {
			return b.unknown(name), nil
		}
		return Reply{Kind: KindUsage, Headline: cmd.Name + ": " + cmd.Summary, Commands: []CommandHelp{cmd.help()}, Hint: filterHelp, Private: true}, nil
	}
	r := Reply{Kind: KindUsage, Headline: "Ask the archive. Every answer quotes the documents verbatim and cites them.", Hint: filterHelp + ` Put "quotes" around an exact phrase.`, Private: true}
	for _, cmd := range b.commands {
		r.Commands = append(r.Commands, cmd.help())
	}
	return r, nil
}

// citations collects each cited document once, in order.
type citations struct {
	list []Citation
	seen map[string]bool
}

func (cs *citations) add(d corpus.Document) {
	if cs.seen == nil {
		cs.seen = map[string]bool{}
	}
	if cs.seen[d.ID] {
		return
	}
	cs.seen[d.ID] = true
	cs.list = append(cs.list, citationOf(d))
}

// citationOf is the citation of a document: its parts and the text to
// paste, which is the archive's own citation when it is complete and the
// Chicago note built from the record when it is not (a bare address, a
// bare reference, a date that fell out).
func citationOf(d corpus.Document) Citation {
	return Citation{
		DocID: d.ID, Title: d.Title, Date: d.Date.String(), Archive: d.Citation.Archive,
		Reference: d.Citation.Reference, Translator: d.Citation.Translator,
		TranslatedFor: d.Citation.TranslatedFor, URL: d.URL, Text: chicago(d, 0),
	}
}

// sortKey orders dates; undated sorts last.
func sortKey(d corpus.Date) string {
	if d.IsZero() {
		return "9999-99-99"
	}
	return d.Time.Format("2006-01-02")
}

// counted is "1 document matches" or "2 documents match": a count, its
// noun and the verb that agrees with it.
func counted(n int, noun, one, many string) string {
	if n == 1 {
		return plural(n, noun) + " " + one
	}
	return plural(n, noun) + " " + many
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
