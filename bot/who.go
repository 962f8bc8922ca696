package bot

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// maxCompanions is how many of the people named most often alongside a
// person who shows.
const maxCompanions = 5

func (b *Bot) who(ctx context.Context, c call) (Reply, error) {
	c.args.dropLeading("was", "is", "were", "are")
	if said, ok := c.args.after("said"); ok {
		c.args = said
		return b.whoSaid(ctx, c)
	}
	name := c.args.text()
	person, known := c.archive.Person(name)
	if !known {
		// "Marshal Sokolovsky": the documents may name him without the
		// title, or with another one.
		if bare := c.args; bare.dropTitles() && corpus.IsName(bare.text()) {
			c.args = bare
			return b.who(ctx, c)
		}
		// "Ferenc Halász": Hungarian records, and some others, write the
		// family name first ("Comrade Halász Ferenc").
		if turned, ok := c.args.swapped(); ok {
			if _, found := c.archive.Person(turned.text()); found {
				c.args = turned
				r, err := b.who(ctx, c)
				if err == nil && r.Kind == KindAnswer {
					r.Hint = strings.TrimSpace(fmt.Sprintf("The records write the family name first: %s.", turned.text()) + " " + r.Hint)
				}
				return r, err
			}
		}
	}
	if !known && !corpus.IsName(name) {
		// An office or a common word names no one: "who Ambassador" would
		// list every ambassador as one person.
		r := notFound("who", c.args, "Ask for a name: a surname, or a given name and surname.")
		r.Headline = fmt.Sprintf("\u201c%s\u201d is a title or a common word, not a name.", c.args.echo())
		return r, nil
	}
	if t, ok := tableOf(c.archive); ok && known && tableSpelling(c.archive, person, name) {
		return whoFromTable(ctx, c, t, person, c.args.query(whoDocsPerPage))
	}
	spellings := []string{name}
	if bare := corpus.FoldDiacritics(name); bare != name {
		spellings = append(spellings, bare) // "Gomułka" is written "Gomulka" too
	}
	if known {
		spellings = append(spellings, person.Variants...)
		spellings = append(spellings, surnamesAlone(c.archive, person)...)
		slices.Sort(spellings)
		spellings = slices.Compact(spellings)[:min(len(spellings), index.MaxTerms)]
		name = person.Name
	}
	q := c.args.query(maxWhoHits)
	q.Words, q.Phrases, q.AnyPhrases, q.Offset = nil, nil, spellings, 0
	paras, err := c.archive.Paragraphs(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("search name: %w", err)
	}
	docs, err := c.archive.Documents(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("search name in documents: %w", err)
	}
	// The names of up to a hundred documents are looked up, most of them
	// several times: once each for this answer.
	type found struct {
		p  corpus.Person
		ok bool
	}
	looked := map[string]found{}
	lookUp := func(written string) (corpus.Person, bool) {
		f, seen := looked[written]
		if !seen {
			f.p, f.ok = c.archive.Person(written)
			looked[written] = f
		}
		return f.p, f.ok
	}
	isPerson := func(written string) bool {
		if known {
			p, ok := lookUp(written)
			return ok && p.Name == person.Name
		}
		return sameName(written, name)
	}
	// A phrase search for "Kim Il" also finds "Kim Il Sung": keep the
	// documents that name this person, by the names read from them or by a
	// spelling that no further name word follows; where only a spelling
	// does, say where the title or summary has it (unlisted).
	entries := slices.DeleteFunc(whoEntries(docs, paras), func(e *whoEntry) bool {
		if slices.ContainsFunc(e.doc.People, func(m corpus.Mention) bool { return isPerson(m.Name) }) {
			return false
		}
		if e.unlisted = unlistedMentions(e, spellings); len(e.unlisted) > 0 {
			return false
		}
		return !slices.ContainsFunc(e.doc.Paragraphs, func(p corpus.Paragraph) bool { return corpus.NamesExactly(p.Text, spellings) })
	})
	if len(entries) == 0 {
		if !known {
			return b.whoBySurname(ctx, c)
		}
		return unknownPerson(c), nil
	}
	companions := map[string]*companion{}
	for _, e := range entries {
		seen := map[string]bool{}
		for _, m := range e.doc.People {
			p, ok := lookUp(m.Name)
			if !ok || isPerson(m.Name) {
				continue
			}
			c := companions[p.Name]
			if c == nil {
				c = &companion{}
				companions[p.Name] = c
			}
			c.mentions++
			if !seen[p.Name] {
				seen[p.Name] = true
				c.docs++
			}
		}
	}
	start := min((c.args.page-1)*whoDocsPerPage, len(entries))
	shown := entries[start:min(start+whoDocsPerPage, len(entries))]
	var dates []string
	for i, e := range entries {
		if i < start || i >= start+len(shown) {
			dates = append(dates, e.date)
		}
	}
	r := whoReply(c, name, len(entries), shown, otherDates(dates, len(dates)), isPerson)
	if !q.Filtered() {
		// Unfiltered, the roles are those of every document, as the
		// person table gives them.
		var roles []datedRole
		for _, e := range entries {
			roles = addRoles(roles, e.doc, isPerson)
		}
		withRoles(&r, name, len(entries), roles[:min(len(roles), index.MaxNamedRoles)])
	}
	if !known {
		if same := peopleCalled(c.archive, name); len(same) > 1 {
			r.Details = append(r.Details, Detail{"Several people are called " + name, strings.Join(same, ", ")})
			for _, n := range same {
				r.Choices = append(r.Choices, Choice{Label: n, Command: "who " + n})
			}
		}
	}
	if known && len(person.Variants) > 1 {
		r.Details = append(r.Details, Detail{"Spellings merged", strings.Join(person.Variants, ", ")})
	}
	if len(companions) > 0 {
		r.Details = append(r.Details, Detail{"Named most often with", topCompanions(companions)})
	}
	return r, nil
}

// peopleTable is what an archive with a person table built with the index
// (*index.Index) offers who: the documents that name a known person, and
// the people named alongside, without a search.
type peopleTable interface {
	Named(ctx context.Context, name string, q index.Query, others int) (index.Named, error)
}

// tableSpelling reports whether the person table covers a name as typed:
// the table lists the documents that write the person's variants, as
// written or as typed (corpus.TypedForm: "A M Puzanov"), or the surnames
// that name them alone; the search, which looks for the name typed as
// well, finds no more only when it is one of them (in any case). Another
// spelling the authority resolves ("Mao Tse-tung", an alias; a given name
// for an initial) may be written where no variant is, so it is searched.
func tableSpelling(a Archive, p corpus.Person, typed string) bool {
	typed = strings.ToLower(strings.TrimSpace(typed))
	same := func(s string) bool { return strings.ToLower(s) == typed }
	return slices.ContainsFunc(p.Variants, same) ||
		slices.ContainsFunc(p.Variants, func(v string) bool { return same(corpus.TypedForm(v)) }) ||
		slices.ContainsFunc(surnamesAlone(a, p), same)
}

// tableOf returns the person table of the archive, if it has one.
func tableOf(a Archive) (peopleTable, bool) {
	t, ok := ungated(a).(peopleTable)
	return t, ok
}

// whoFromTable answers who for a known person from the person table: it
// loads only the documents of the page shown. q carries the filters.
func whoFromTable(ctx context.Context, c call, t peopleTable, person corpus.Person, q index.Query) (Reply, error) {
	q.Offset, q.Limit = (c.args.page-1)*whoDocsPerPage, whoDocsPerPage
	named, err := t.Named(ctx, person.Name, q, maxOtherDates)
	if err != nil {
		return Reply{}, fmt.Errorf("look up %s: %w", person.Name, err)
	}
	if named.Total == 0 {
		return unknownPerson(c), nil
	}
	isPerson := func(written string) bool {
		p, ok := c.archive.Person(written)
		return ok && p.Name == person.Name
	}
	spellings := slices.Concat(person.Variants, surnamesAlone(c.archive, person))
	shown := make([]*whoEntry, len(named.Docs))
	for i, nd := range named.Docs {
		d, err := c.archive.Document(ctx, nd.DocID)
		if err != nil {
			return Reply{}, fmt.Errorf("load document: %w", err)
		}
		e := &whoEntry{id: d.ID, date: nd.Date, doc: d}
		if p, ok := paragraphOf(d, nd.First); ok {
			e.first = &index.ParagraphHit{Doc: d, Paragraph: p, Section: index.SectionBody}
			if nd.Match.Start >= 0 && nd.Match.Start < nd.Match.End && nd.Match.End <= len(p.Text) {
				e.first.Matches = []index.Span{nd.Match}
			}
		}
		// The table also holds documents whose title or summary has the
		// name where the names read from them lack it ("Andrei Gromyko,
		// Note to the CPSU CC"): say where.
		if !slices.ContainsFunc(d.People, func(m corpus.Mention) bool { return isPerson(m.Name) }) {
			e.unlisted = unlistedMentions(e, spellings)
		}
		shown[i] = e
	}
	r := whoReply(c, person.Name, named.Total, shown, otherDates(named.Others, named.Total-len(shown)), isPerson)
	if len(named.Roles) > 0 {
		// The person table's roles are those of every document, not only
		// of this page's.
		roles := make([]datedRole, len(named.Roles))
		for i, nr := range named.Roles {
			roles[i] = datedRole{nr.Phrase, nr.First, nr.Last}
		}
		withRoles(&r, person.Name, named.Total, roles)
	}
	if len(person.Variants) > 1 {
		r.Details = append(r.Details, Detail{"Spellings merged", strings.Join(person.Variants, ", ")})
	}
	if len(named.Companions) > 0 {
		companions := make(map[string]*companion, len(named.Companions))
		for _, cp := range named.Companions {
			companions[cp.Name] = &companion{docs: cp.Docs, mentions: cp.Mentions}
		}
		r.Details = append(r.Details, Detail{"Named most often with", topCompanions(companions)})
	}
	return r, nil
}

// paragraphOf returns body paragraph n of d.
func paragraphOf(d corpus.Document, n int) (corpus.Paragraph, bool) {
	if n < 1 {
		return corpus.Paragraph{}, false
	}
	if n <= len(d.Paragraphs) && d.Paragraphs[n-1].N == n {
		return d.Paragraphs[n-1], true
	}
	i := slices.IndexFunc(d.Paragraphs, func(p corpus.Paragraph) bool { return p.N == n })
	if i < 0 {
		return corpus.Paragraph{}, false
	}
	return d.Paragraphs[i], true
}

// whoReply is the answer of who: total documents name the person, shown
// are those of the page asked for (in date order, with their documents),
// others lists the dates of the rest. It gives the page's passages,
// mentions and roles, the headline and the dates of the other pages.
func whoReply(c call, name string, total int, shown []*whoEntry, others string, isPerson func(string) bool) Reply {
	r := Reply{Kind: KindAnswer, Page: page("who", c.args, total, whoDocsPerPage)}
	var cites citations
	var named []string
	var roles []datedRole
	for _, e := range shown {
		cites.add(e.doc)
		ms := append(mentionsOf(e.doc, isPerson), e.unlisted...)
		r.Mentions = append(r.Mentions, someMentions(ms, maxMentionsPerDoc)...)
		if e.first != nil {
			r.Passages = append(r.Passages, passage(e.doc.ID, e.first.Paragraph, e.first.Matches[:min(1, len(e.first.Matches))], MaxPassageChars/2))
		}
		named = append(named, namedIn(e, ms))
		roles = addRoles(roles, e.doc, isPerson)
	}
	r.Citations = cites.list
	r.Headline = fmt.Sprintf("%s in %s", name, plural(total, "document"))
	withRoles(&r, name, total, roles)
	r.Details = append(r.Details, Detail{"Named in", strings.Join(named, "; ")})
	if others != "" {
		r.Details = append(r.Details, Detail{"Also named in", others})
	}
	return r
}

// mentionsOf lists where a document names the person, one entry for each
// spelling, role and part of the document, counting the paragraphs.
func mentionsOf(d corpus.Document, isPerson func(string) bool) []Mention {
	var out []Mention
	at := map[Mention]int{}
	for _, m := range d.People {
		if !isPerson(m.Name) {
			continue
		}
		key := Mention{DocID: d.ID, Date: d.Date.String(), Name: m.Name, Role: m.Role, Where: string(m.Where)}
		if i, ok := at[key]; ok {
			out[i].Count++
			continue
		}
		at[key] = len(out)
		key.Paragraph, key.Count = m.Paragraph, 1
		out = append(out, key)
	}
	slices.SortStableFunc(out, func(a, b Mention) int { return sectionOrder(a.Where) - sectionOrder(b.Where) })
	return out
}

// whoEntry is one document that names a person, with the first paragraph
// that does (nil when only the title or summary does).
type whoEntry struct {
	// id and date are the document's id and date; doc is the document,
	// which the person table's who loads for the entries shown only.
	id, date string
	doc      corpus.Document
	first    *index.ParagraphHit
	// unlisted are the places a search found the name where the names
	// read from the document do not have it: its title or summary
	// ("Discussion between Zhou Enlai and Le Duan").
	unlisted []Mention
}

// unlistedMentions are e's title and summary where one of the spellings
// stands as a whole name, as written there.
func unlistedMentions(e *whoEntry, spellings []string) []Mention {
	var out []Mention
	for _, part := range []struct {
		text  string
		where corpus.Where
	}{{e.doc.Title, corpus.InTitle}, {e.doc.Summary, corpus.InSummary}} {
		if w, ok := corpus.NameAsWritten(part.text, spellings); ok {
			out = append(out, Mention{DocID: e.doc.ID, Date: e.date, Name: w, Where: string(part.where), Count: 1})
		}
	}
	return out
}

// whoEntries merges document and paragraph hits into one entry per
// document, oldest first.
func whoEntries(docs index.DocumentResult, paras index.ParagraphResult) []*whoEntry {
	byID := map[string]*whoEntry{}
	var entries []*whoEntry
	get := func(d corpus.Document) *whoEntry {
		e, ok := byID[d.ID]
		if !ok {
			e = &whoEntry{id: d.ID, date: d.Date.String(), doc: d}
			byID[d.ID] = e
			entries = append(entries, e)
		}
		return e
	}
	for _, h := range docs.Hits {
		get(h.Doc)
	}
	for i, h := range paras.Hits {
		e := get(h.Doc)
		if e.first == nil || h.Paragraph.N < e.first.Paragraph.N {
			e.first = &paras.Hits[i]
		}
	}
	// Oldest first, each document's date key made once: a name search
	// merges up to a hundred documents on every page.
	keys := make(map[*whoEntry]string, len(entries))
	for _, e := range entries {
		keys[e] = sortKey(e.doc.Date)
	}
	slices.SortStableFunc(entries, func(x, y *whoEntry) int {
		return cmp.Or(strings.Compare(keys[x], keys[y]), strings.Compare(x.id, y.id))
	})
	return entries
}

// whoBySurname answers for a name the archive never writes whole, such as
// "Władysław Gomułka", by its last word, when no record holds any of its
// other words: the records then name the person without the given name
// ("Gomulka"), and the answer says so. A given name the archive does hold
// ("Robert Kennedy", where only another Kennedy is named) is a different
// person, as is a name whose words are all known ("Kim Jong Il").
func (b *Bot) whoBySurname(ctx context.Context, c call) (Reply, error) {
	a := c.args
	if len(a.tokens) < 2 || slices.ContainsFunc(a.tokens, func(t token) bool { return t.phrase }) {
		return unknownPerson(c), nil
	}
	given, last := a.tokens[:len(a.tokens)-1], a.tokens[len(a.tokens)-1]
	if !corpus.IsName(last.text) {
		return unknownPerson(c), nil
	}
	for _, t := range given {
		if initials(t.text) {
			// "I.M. Yezhov": records write the initials after the
			// surname ("comrade Yezhov, I.M.") or not at all.
			continue
		}
		held, err := c.archive.Mentions(ctx, t.text)
		if err != nil {
			return Reply{}, fmt.Errorf("look up given name: %w", err)
		}
		if held {
			return unknownPerson(c), nil
		}
	}
	if named, err := writtenAsName(ctx, c.archive, last.text); err != nil || !named {
		return unknownPerson(c), err
	}
	c.args.tokens = []token{last}
	r, err := b.who(ctx, c)
	if err != nil || r.Kind != KindAnswer || !initialsAgree(r, given, last.text) {
		c.args = a
		return unknownPerson(c), err
	}
	note := surnameNote(a.text(), last.text)
	if !slices.ContainsFunc(given, func(t token) bool { return !initials(t.text) }) {
		note = fmt.Sprintf("No record writes “%s” in that form: these name %s.", clip(a.text(), 80), last.text)
	} else if p, ok := c.archive.Person(last.text); ok && withGivenName(p.Name) {
		// The records give another given name ("Oswaldo" for "Osvaldo").
		note = fmt.Sprintf("No record writes “%s” in that form: these name %s.", clip(a.text(), 80), p.Name)
	}
	r.Hint = strings.TrimSpace(note + " " + r.Hint)
	return r, nil
}

// withGivenName reports whether a name has a given name before its
// surname, not only initials: "Oswaldo DORTICOS TORRADO", not "I. M.
// Yezhov" or "Yezhov".
func withGivenName(name string) bool {
	f := strings.Fields(name)
	return len(f) > 1 && !initials(f[0]) && !strings.HasSuffix(f[0], ".")
}

// initials reports whether a word is initials only: "I.", "I.M.", "I.M", "I".
func initials(w string) bool {
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '.' })
	return len(parts) > 0 && !slices.ContainsFunc(parts, func(p string) bool {
		r, size := utf8.DecodeRuneInString(p)
		return size != len(p) || !unicode.IsUpper(r)
	})
}

// initialsAgree reports whether the initials asked with a surname ("N."
// of "N. Yezhov") agree with those the answer's passages write beside it
// ("comrade Yezhov, I.M.", "I. M. Yezhov"): a first initial written there
// that is not the one asked is another person. Passages that write no
// initials agree.
func initialsAgree(r Reply, given []token, surname string) bool {
	asked := ""
	for _, t := range given {
		if !initials(t.text) {
			return true // a given name, checked elsewhere
		}
		if asked == "" {
			asked = t.text[:1]
		}
	}
	if asked == "" {
		return true
	}
	beside := regexp.MustCompile(`(?:\b([A-Z])\.\s?(?:[A-Z]\.\s?)*` + regexp.QuoteMeta(surname) + `\b|\b` + regexp.QuoteMeta(surname) + `,?\s([A-Z])\.)`)
	for _, p := range r.Passages {
		for _, m := range beside.FindAllStringSubmatch(p.Text, -1) {
			if first := m[1] + m[2]; first != asked {
				return false
			}
		}
	}
	return true
}

// surnameNote says that the records write a name asked for in full by its
// surname alone.
func surnameNote(asked, surname string) string {
	return fmt.Sprintf("No record names “%s” in full: these write %s alone.", clip(asked, 80), surname)
}

// writtenAsName reports whether some passage writes word as a name:
// capitalised, after a word of the same sentence ("Ochab and Gomulka"),
// not as a word that opens one ("Begin the talks").
func writtenAsName(ctx context.Context, a Archive, word string) (bool, error) {
	q := index.Query{AnyPhrases: []string{word, corpus.FoldDiacritics(word)}, Limit: maxWhoHits}
	res, err := a.Paragraphs(ctx, q)
	if err != nil {
		return false, fmt.Errorf("search surname: %w", err)
	}
	return slices.ContainsFunc(res.Hits, func(h index.ParagraphHit) bool { return namedMidSentence(h.Paragraph.Text, h.Matches) }), nil
}

// withoutGivenName is c without the word unknown, which no record holds,
// when it stands right before a capitalised word the records write as a
// name: the given name of a person they name by the surname alone ("Imre
// Nagy" where they write "Nagy"). It returns the note to show with the
// answer, "" and false when unknown is no such word.
func (c call) withoutGivenName(ctx context.Context, unknown string) (call, string, bool, error) {
	ts := c.args.tokens
	for i := 0; i+1 < len(ts); i++ {
		if ts[i].phrase || ts[i+1].phrase || strings.Trim(ts[i].text, wordPunct) != unknown {
			continue
		}
		surname := strings.Trim(ts[i+1].text, wordPunct)
		if !capitalised(surname) || !corpus.IsName(unknown+" "+surname) {
			return c, "", false, nil
		}
		named, err := writtenAsName(ctx, c.archive, surname)
		if err != nil || !named {
			return c, "", false, err
		}
		note := surnameNote(unknown+" "+surname, surname)
		c.args.tokens = slices.Concat(ts[:i:i], ts[i+1:])
		return c, note, true, nil
	}
	return c, "", false, nil
}

// namedMidSentence reports whether one of the matches in text is a
// capitalised word that follows another word of its sentence.
func namedMidSentence(text string, matches []index.Span) bool {
	for _, m := range matches {
		if m.Start <= 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[m.Start:]); !unicode.IsUpper(r) {
			continue
		}
		before := strings.TrimRight(text[:m.Start], " \t\n(\"“‘")
		if r, _ := utf8.DecodeLastRuneInString(before); unicode.IsLetter(r) || r == ',' {
			return true
		}
	}
	return false
}

// unknownPerson says nobody by that name is in the archive and suggests
// the closest names it knows.
func unknownPerson(c call) Reply {
	a := c.args
	r := notFound("who", a, "Check the spelling, or try the surname alone.")
	r.Headline = fmt.Sprintf("Nobody called \u201c%s\u201d is named in the archive.", a.echo())
	for _, p := range c.archive.ClosestPeople(a.text(), 3) {
		r.Choices = append(r.Choices, Choice{Label: fmt.Sprintf("%s (%s)", p.Name, plural(p.Documents, "document")), Command: "who " + p.Name})
	}
	if len(r.Choices) > 0 {
		r.Hint = "Did you mean one of these?"
	}
	return r
}

// whoSaid finds a passage and says who speaks it, where the text says so.
func (b *Bot) whoSaid(ctx context.Context, c call) (Reply, error) {
	a := c.args
	q := a.query(1)
	q.Offset = 0
	res, err := c.archive.Paragraphs(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("search passage: %w", err)
	}
	if len(res.Hits) == 0 {
		return notFound("who", a, "Put the words in \"quotes\" as the document writes them."), nil
	}
	h := res.Hits[0]
	p := passage(h.Doc.ID, h.Paragraph, h.Matches, MaxPassageChars)
	speaker := p.Speaker
	r := Reply{Kind: KindAnswer, Passages: []Passage{p}, Citations: []Citation{citationOf(h.Doc)}}
	if speaker == "" {
		r.Headline = fmt.Sprintf("The text does not say who said \u201c%s\u201d.", a.echo())
	} else {
		r.Headline = fmt.Sprintf("%s said \u201c%s\u201d, as the record attributes it.", speaker, a.echo())
	}
	return r, nil
}

// maxMentionsPerDoc bounds the places listed for one document: a record
// that names a person in every paragraph would crowd out the rest.
const maxMentionsPerDoc = 3

// maxRoles bounds the role phrases in the headline.
const maxRoles = 5

// maxRoleChars bounds one role phrase in the headline; a longer one is cut
// at a word with an ellipsis.
const maxRoleChars = 140

// surnamesAlone returns the surnames of a person's spellings that name
// this person alone in the archive: "Dobrowski" for "Konstantin
// Dobrowski", unless another person has that surname too.
func surnamesAlone(a Archive, p corpus.Person) []string {
	var out []string
	for _, v := range p.Variants {
		sur := corpus.Surname(v)
		if sur == "" || slices.Contains(out, sur) {
			continue
		}
		if q, ok := a.Person(sur); ok && q.Name == p.Name {
			out = append(out, sur)
		}
	}
	return out
}

// peopleCalled lists the people whose names end with the one word asked
// for: the several people a bare surname may mean ("Castro").
func peopleCalled(a Archive, word string) []string {
	if strings.Contains(strings.TrimSpace(word), " ") {
		return nil
	}
	var out []string
	for _, p := range a.ClosestPeople(word, 8) {
		if slices.ContainsFunc(p.Variants, func(v string) bool {
			f := strings.Fields(v)
			return len(f) > 1 && strings.EqualFold(f[len(f)-1], word)
		}) {
			out = append(out, p.Name)
		}
	}
	return out
}

// someMentions picks up to n of a document's places, in reading order:
// those that give a role first, then the first place in each part of the
// document not yet shown.
func someMentions(ms []Mention, n int) []Mention {
	if len(ms) <= n {
		return ms
	}
	keep := make([]bool, len(ms))
	kept := 0
	for i, m := range ms {
		if kept < n && m.Role != "" {
			keep[i], kept = true, kept+1
		}
	}
	for i, m := range ms {
		shown := false
		for j, o := range ms {
			shown = shown || keep[j] && o.Where == m.Where
		}
		if kept < n && !shown {
			keep[i], kept = true, kept+1
		}
	}
	var out []Mention
	for i, m := range ms {
		if keep[i] {
			out = append(out, m)
		}
	}
	return out
}

// sectionOrder orders the parts of a document as a reader meets them.
func sectionOrder(where string) int {
	return slices.Index([]corpus.Where{corpus.InTitle, corpus.InSummary, corpus.InBody, corpus.InSignature, corpus.InDistribution}, corpus.Where(where))
}

// namedIn says where a document names the person: its date and the parts
// of it ("October 20, 1956: summary, body").
func namedIn(e *whoEntry, ms []Mention) string {
	var parts []string
	for _, m := range ms {
		if !slices.Contains(parts, m.Where) {
			parts = append(parts, m.Where)
		}
	}
	// The names read from the document lack this one (ms holds only
	// what the search found in the title or summary, if anything), but
	// the search found a paragraph that names it.
	if len(ms) == len(e.unlisted) && e.first != nil && !slices.Contains(parts, string(corpus.InBody)) {
		parts = append(parts, string(corpus.InBody))
	}
	slices.SortStableFunc(parts, func(a, b string) int { return sectionOrder(a) - sectionOrder(b) })
	s := e.date
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// maxOtherDates bounds the dates of documents on other pages that an
// answer lists.
const maxOtherDates = 20

// otherDates lists the dates of the documents on the other pages of the
// answer, so that one page says when the person is named at all: the
// first dates of them, of n in all.
func otherDates(dates []string, n int) string {
	if n <= 0 {
		return ""
	}
	s := strings.Join(dates[:min(len(dates), maxOtherDates)], "; ")
	if n > maxOtherDates {
		s += fmt.Sprintf("; and %d more", n-maxOtherDates)
	}
	return s + " (see the other pages)"
}

// datedRole is a role phrase as the text writes it with the name, and the
// dates of the first and last documents that give it.
type datedRole struct{ phrase, first, last string }

// addRoles adds the roles a document gives the person, as written with the
// name where the text writes them together ("Valdorian Marshal Konstantin
// Dobrowski", "Kim Il, Minister of Agriculture"). Documents come in date
// order.
func addRoles(roles []datedRole, d corpus.Document, isPerson func(string) bool) []datedRole {
	date := d.Date.String()
	for _, m := range d.People {
		if m.Role == "" || !isPerson(m.Name) {
			continue
		}
		phrase := m.Phrase
		if phrase == "" {
			phrase = m.Role
		}
		i := slices.IndexFunc(roles, func(r datedRole) bool { return r.phrase == phrase })
		if i >= 0 {
			roles[i].last = date
			continue
		}
		roles = append(roles, datedRole{phrase, date, date})
	}
	return roles
}

// withRoles writes the headline of a who that total documents answer,
// with roles; it leaves it alone without them.
func withRoles(r *Reply, name string, total int, roles []datedRole) {
	if len(roles) > 0 {
		r.Headline = fmt.Sprintf("%s in %s: %s", name, plural(total, "document"), joinRoles(roles))
	}
}

func joinRoles(roles []datedRole) string {
	var out []string
	for _, r := range roles[:min(len(roles), maxRoles)] {
		when := r.first
		if r.last != r.first {
			when += " – " + r.last
		}
		out = append(out, clip(r.phrase, maxRoleChars)+" ("+when+")")
	}
	if len(roles) > maxRoles {
		out = append(out, fmt.Sprintf("and %d more", len(roles)-maxRoles))
	}
	return strings.Join(out, "; ")
}

// companion counts how often another person is named alongside.
type companion struct{ docs, mentions int }

// topCompanions lists the people named in the most documents alongside,
// then the most often.
func topCompanions(counts map[string]*companion) string {
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		ca, cb := counts[a], counts[b]
		if ca.docs != cb.docs {
			return cb.docs - ca.docs
		}
		if ca.mentions != cb.mentions {
			return cb.mentions - ca.mentions
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, n := range names[:min(maxCompanions, len(names))] {
		parts = append(parts, fmt.Sprintf("%s (%s)", n, plural(counts[n].docs, "document")))
	}
	return strings.Join(parts, ", ")
}

// sameName reports whether a name as written is the name asked for:
// the same words ignoring case and punctuation, or the same surname when
// only a surname was asked for.
func sameName(written, asked string) bool {
	w, a := nameWords(written), nameWords(asked)
	if len(a) == 0 || len(w) == 0 {
		return false
	}
	if slices.Equal(w, a) {
		return true
	}
	return len(a) == 1 && w[len(w)-1] == a[0]
}

func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '.' || r == ',' || r == '-'
	})
}
