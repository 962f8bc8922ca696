package bot

import (
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// maxNameWords is the longest run of words looked up as a person's name.
const maxNameWords = 4

// passageQuery is the query quote and when ask: the passages holding most
// of the words (see index.Query.Partial), with the known spellings of any
// person the words name as one term each, so "Chou En-lai" finds "Zhou
// Enlai".
//
// The people it names are marked as such (index.Query.People: a record
// titled with them holds them). Words that only frame a question about
// what someone said ("says", "tells") are dropped, numbers written in
// words also find them written in figures ("ten thousand", "10,000"), and
// a word of the reviewed thesaurus (synonyms.txt) also finds its synonyms.
func (c call) passageQuery(perPage int) index.Query {
	q, _ := c.passageQueryAsked(perPage)
	return q
}

// passageQueryAsked is passageQuery and the words it asks as a quote's
// excerpt weighs them (askedWords): a quote shows the part of a long
// paragraph that holds most of the asker's own words.
func (c call) passageQueryAsked(perPage int) (index.Query, askedWords) {
	q := c.args.query(perPage)
	q.Partial, q.Summaries = true, true
	words := dropFraming(q.Words)
	words, q.Alternatives = nameAlternatives(c.archive, words)
	asked := askedWords{own: map[string]bool{}, people: map[string]bool{}}
	for _, g := range q.Alternatives {
		q.People = append(q.People, g[0])
		for _, spelling := range g {
			for _, w := range nameWords(spelling) {
				asked.people[matchKey(w)] = true
			}
		}
	}
	for _, w := range words {
		asked.own[matchKey(strings.Trim(w, wordPunct))] = true
	}
	asked.said = saidWords(c.args)
	budget := index.MaxTerms
	for _, g := range q.Alternatives {
		budget -= len(g)
	}
	var groups [][]string
	words, groups = numberAlternatives(words)
	q.Alternatives = append(q.Alternatives, groups...)
	words, groups = synonymAlternatives(words, budget-len(groups)*3)
	q.Alternatives = append(q.Alternatives, groups...)
	q.Words, q.Names = words, namesIn(words)
	for _, g := range groups {
		// A capitalised word of the thesaurus ("Khartoum") still names
		// something; its group is what the archive must mention.
		if t := strings.Trim(g[0], wordPunct); capitalised(t) && !openers[t] {
			q.Names = append(q.Names, g[0])
		}
	}
	return q, asked
}

// saidWords are the words of a question after a colon that follows its
// first few words, as matchKey gives them: "Brezhnev to Carter: arms
// limits must not ..." asks for the words that say so, said by whoever the
// words before it name. nil when the question has no such colon.
func saidWords(a args) map[string]bool {
	for i, t := range a.tokens {
		if i >= maxSpeakerWords {
			break
		}
		if t.phrase || !t.colon || i == len(a.tokens)-1 {
			continue
		}
		said := map[string]bool{}
		for _, u := range a.tokens[i+1:] {
			for _, w := range strings.Fields(u.text) {
				if k := matchKey(strings.Trim(w, wordPunct)); k != "" {
					said[k] = true
				}
			}
		}
		return said
	}
	return nil
}

// maxSpeakerWords bounds the words before a question's colon that name
// who speaks.
const maxSpeakerWords = 10

// openers are capitalised words that open a question rather than name
// anything.
var openers = map[string]bool{
	"What": true, "Who": true, "Whom": true, "How": true, "Why": true, "Where": true, "When": true,
	"Which": true, "Did": true, "Does": true, "Do": true, "Is": true, "Was": true, "Were": true,
	"Are": true, "The": true, "A": true, "An": true, "In": true, "On": true, "At": true, "Of": true,
	"Give": true, "Show": true, "Find": true, "Tell": true, "Quote": true, "Cite": true, "I": true,
}

// namesIn are the words the asker capitalised, which name something: if
// the archive never mentions one, it cannot answer (index.Query.Names).
// Words that open a question, and words of the thesaurus, are not names.
func namesIn(words []string) []string {
	var out []string
	for _, w := range words {
		t := strings.Trim(w, wordPunct)
		if !capitalised(t) || openers[t] || synonymsOf(t) != nil {
			continue
		}
		out = append(out, w)
	}
	return out
}

// framing are words that frame a question about what was said rather
// than say what it was about.
var framing = map[string]bool{
	"say": true, "says": true, "said": true, "tell": true, "tells": true, "told": true,
	"calls": true, "called": true, "want": true, "wants": true, "wanted": true,
	"ask": true, "asks": true, "asked": true, "claims": true, "claimed": true,
	"argues": true, "argued": true, "stated": true, "states": true, "believes": true,
	"thinks": true, "suggests": true, "suggested": true, "quote": true, "quotes": true,
	// Verbs a question tells the act of speaking with ("Khrushchev warns
	// Ulbricht that ...", "Mao remarks that ..."), which the record seldom
	// writes: it gives the words, or its own verb ("said", "noted").
	"warns": true, "warned": true, "remarks": true, "remarked": true, "writes": true, "wrote": true,
	"replies": true, "replied": true, "answers": true, "answered": true, "stresses": true,
	"stressed": true, "emphasizes": true, "emphasises": true, "emphasized": true, "emphasised": true,
	"insists": true, "insisted": true, "declares": true, "declared": true, "explains": true,
	"explained": true, "complains": true, "complained": true, "grumbles": true, "admits": true,
	"admitted": true, "assures": true, "assured": true, "informs": true, "informed": true,
	"recalls": true, "recalled": true, "observes": true, "observed": true, "boasts": true,
	"reminds": true, "reminded": true, "adds": true, "added": true, "muses": true, "jokes": true,
	// Words of a chat that point at the source or hedge the question
	// ("according to the summary", "since roughly when"), not its topic.
	"according": true, "per": true, "exactly": true, "roughly": true, "approximately": true,
	"apparently": true, "supposedly": true, "basically": true, "actually": true, "really": true,
	"summary": true, "archive": true,
	// The same verbs of speaking in -ing: "what was Mikoyan explaining".
	"saying": true, "telling": true, "asking": true, "claiming": true, "arguing": true,
	"stating": true, "warning": true, "remarking": true, "writing": true, "replying": true,
	"answering": true, "stressing": true, "insisting": true, "declaring": true, "explaining": true,
	"complaining": true, "admitting": true, "assuring": true, "informing": true, "recalling": true,
	"boasting": true, "reminding": true, "joking": true,
}

// auxiliaries are verbs that carry tense or mood, not a topic; typed in
// lower case ("may", not "May") they are left out of a question.
var auxiliaries = map[string]bool{
	"will": true, "would": true, "shall": true, "should": true, "can": true, "could": true,
	"may": true, "might": true, "must": true, "do": true, "does": true, "did": true,
	"has": true, "have": true, "had": true, "was": true, "were": true, "been": true, "being": true,
}

// dropFraming removes framing words and auxiliaries, as long as two other
// words remain.
func dropFraming(words []string) []string {
	var rest []string
	for _, w := range words {
		t := strings.Trim(w, ".,:;!?")
		if !framing[strings.ToLower(t)] && !auxiliaries[t] {
			rest = append(rest, w)
		}
	}
	if len(rest) < 2 {
		return words
	}
	return rest
}

// numberWords are the words of numbers written out, with their values.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// numberScales multiply what comes before them.
var numberScales = map[string]int{"hundred": 100, "thousand": 1000, "million": 1000000}

// numberAlternatives finds runs of number words ("ten thousand") and
// returns the other words and, for each run, the run and its value in
// figures ("10000", "10,000").
func numberAlternatives(words []string) (rest []string, groups [][]string) {
	for i := 0; i < len(words); {
		total, cur, j := 0, 0, i
		for ; j < len(words); j++ {
			w := strings.ToLower(strings.Trim(words[j], ".,:;!?"))
			if v, ok := numberWords[w]; ok {
				cur += v
				continue
			}
			if v, ok := numberScales[w]; ok && (cur > 0 || j > i) {
				cur = max(cur, 1) * v
				if v >= 1000 {
					total, cur = total+cur, 0
				}
				continue
			}
			break
		}
		value := total + cur
		// A lone small number word ("two parties") is as often a plain
		// word; only a run, or a number of ten and more, is read.
		if j == i || (j-i == 1 && value < 10) {
			rest = append(rest, words[i])
			i++
			continue
		}
		run := strings.Join(words[i:j], " ")
		groups = append(groups, []string{run, strconv.Itoa(value), withThousands(value)})
		i = j
	}
	return rest, groups
}

// withThousands writes n with commas between thousands: 10,000.
func withThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

//go:embed synonyms.txt
var synonymsFile string

// synonyms maps a lower-case word to its group in synonyms.txt.
var synonyms = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(synonymsFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var group []string
		for _, w := range strings.Split(line, "=") {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
				group = append(group, w)
			}
		}
		for _, w := range group {
			// A word on several lines gets the union of its groups.
			for _, g := range group {
				if !slices.Contains(out[w], g) {
					out[w] = append(out[w], g)
				}
			}
		}
	}
	return out
})

// wordPunct is the punctuation around a question's word that is not part of it.
const wordPunct = ".,:;!?()[]\"'’"

// bare is a question's word in lower case without the punctuation around it.
func bare(w string) string { return strings.ToLower(strings.Trim(w, wordPunct)) }

// synonymsOf is the thesaurus group of a word ("trusts" and "Cubans" are
// looked up without their plural s too), nil when it has none.
func synonymsOf(w string) []string {
	key := bare(w)
	if t := strings.Trim(w, wordPunct); t == "US" || t == "U.S" || t == "U.S.A" {
		// The country, written in capitals; "us" is a pronoun.
		key = "usa"
	}
	if syn := synonyms()[key]; len(syn) > 0 {
		return syn
	}
	return synonyms()[strings.TrimSuffix(key, "s")]
}

// synonymAlternatives returns the words without a synonym and, for each
// word with some, the word and its synonyms, within budget phrases.
func synonymAlternatives(words []string, budget int) (rest []string, groups [][]string) {
	for _, w := range words {
		syn := synonymsOf(w)
		if len(syn) == 0 || len(syn)+1 > budget {
			rest = append(rest, w)
			continue
		}
		group := []string{w}
		for _, s := range syn {
			if s != bare(w) {
				group = append(group, s)
			}
		}
		budget -= len(group)
		groups = append(groups, group)
	}
	return rest, groups
}

// nameAlternatives takes the runs of capitalised words that name a person
// the archive knows out of words, and returns the other words and, for
// each person, the spellings to search for: the words as typed and every
// spelling the authority merged with them.
func nameAlternatives(a Archive, words []string) (rest []string, groups [][]string) {
	budget := index.MaxTerms
	for i := 0; i < len(words); {
		found := false
		for n := min(maxNameWords, len(words)-i); n >= 1 && budget > 0; n-- {
			run := words[i : i+n]
			if !allCapitalised(run) {
				continue
			}
			name := strings.TrimFunc(withoutPossessive(strings.Join(run, " ")), func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
			p, ok := a.Person(name)
			if f := strings.Fields(name); !ok && len(f) == 2 {
				p, ok = a.Person(f[1] + " " + f[0]) // the family name first: "Halász Ferenc"
			}
			if !ok || !nameOf(a, run, p) {
				continue
			}
			spellings := []string{name}
			for _, v := range p.Variants {
				if !slices.Contains(spellings, v) {
					spellings = append(spellings, v)
				}
			}
			if len(spellings) < 2 && n == 1 {
				continue // nothing to widen: the word searches as it is
			}
			spellings = spellings[:min(len(spellings), budget)]
			budget -= len(spellings)
			groups = append(groups, spellings)
			i += n
			found = true
			break
		}
		if !found {
			rest = append(rest, words[i])
			i++
		}
	}
	return rest, groups
}

// withoutPossessive is w without the possessive that may end it: "Peng
// Teh-huai's visit" asks about Peng Teh-huai.
func withoutPossessive(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimRight(w, wordPunct), "'s"), "’s")
}

// allCapitalised reports whether every word of run starts with an
// upper-case letter.
func allCapitalised(run []string) bool {
	for _, w := range run {
		if !capitalised(w) {
			return false
		}
	}
	return true
}

// nameOf reports whether the words of run are a way of writing p's name,
// so that a place or a people never stands for a person: no word of the
// run is a word of the thesaurus ("Cubans", "Moscow"); a word of the run
// is a word of one of p's spellings, compared as romanisations
// ("Fedyonov" is "Fedenov"); a lone word names someone with a name of two
// words or several spellings; and the run's other words name nobody else
// ("Aurel Castellan Ilse" is two people).
func nameOf(a Archive, run []string, p corpus.Person) bool {
	words := map[string]bool{}
	for _, s := range append([]string{p.Name}, p.Variants...) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
			if k := corpus.RomanKey(w); k != "" {
				words[k] = true
			}
		}
	}
	shared := false
	for _, w := range run {
		t := withoutPossessive(strings.Trim(w, wordPunct))
		if synonymsOf(t) != nil {
			return false
		}
		if words[corpus.RomanKey(t)] {
			shared = true
			continue
		}
		if other, ok := a.Person(t); ok && other.Name != p.Name {
			return false
		}
	}
	if len(run) == 1 {
		return shared && (len(strings.Fields(p.Name)) > 1 || len(p.Variants) > 1)
	}
	return shared
}

// capitalised reports whether a word starts with an upper-case letter.
func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// passages runs the passage query of c.
func (c call) passages(ctx context.Context, perPage int) (index.ParagraphResult, error) {
	res, _, err := c.passagesAsked(ctx, perPage)
	return res, err
}

// passagesAsked is passages and the asker's words (see passageQueryAsked).
func (c call) passagesAsked(ctx context.Context, perPage int) (index.ParagraphResult, askedWords, error) {
	q, asked := c.passageQueryAsked(perPage)
	res, err := c.archive.Paragraphs(ctx, q)
	if err != nil {
		return res, asked, fmt.Errorf("search paragraphs: %w", err)
	}
	return res, asked, nil
}

// sectionOf is the Passage.Section of a hit: "summary" or "" for the body.
func sectionOf(h index.ParagraphHit) string {
	if h.Section == index.SectionSummary {
		return index.SectionSummary
	}
	return ""
}

// Title lookups: a document asked for by words of its title, in the
// asker's words ("Castellan Varga record June 1959"). The words
// are matched against the titles (a word only in the summary counts half,
// see index.Query.Partial) and the date words against the document's
// date.
const (
	// dateFits and dateMisfits adjust a title match's share when the
	// words give a year, month or day and the document's date has or
	// lacks it.
	dateFits    = 0.15
	dateMisfits = -0.3
	// clearLead is how far the best title match must lead the next to be
	// taken as the one meant.
	clearLead = 0.1
)

var months = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"may": time.May, "june": time.June, "july": time.July, "august": time.August,
	"september": time.September, "october": time.October, "november": time.November, "december": time.December,
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April, "jun": time.June,
	"jul": time.July, "aug": time.August, "sep": time.September, "sept": time.September,
	"oct": time.October, "nov": time.November, "dec": time.December,
}

// dateWords is what the words of a title lookup say of the date.
type dateWords struct {
	year       int
	month      time.Month
	day        int
	hasAnyDate bool
}

// splitDateWords takes the year, month and day words out of words.
func splitDateWords(words []string) (rest []string, d dateWords) {
	for i, w := range words {
		t := strings.ToLower(strings.Trim(w, ".,;:()[]"))
		if n, err := strconv.Atoi(t); err == nil {
			switch {
			case len(t) == 4 && n >= 1000:
				d.year, d.hasAnyDate = n, true
				continue
			case n >= 1 && n <= 31 && nextToMonth(words, i):
				d.day, d.hasAnyDate = n, true
				continue
			}
		}
		if m, ok := months[t]; ok && (len(t) > 3 || t != "may") {
			d.month, d.hasAnyDate = m, true
			continue
		}
		rest = append(rest, w)
	}
	return rest, d
}

// nextToMonth reports whether a month name stands before or after words[i].
func nextToMonth(words []string, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(words) {
			if _, ok := months[strings.ToLower(strings.Trim(words[j], ".,;:()[]"))]; ok {
				return true
			}
		}
	}
	return false
}

// agreement scores how a document's date fits the date words.
func (d dateWords) agreement(date corpus.Date) float64 {
	if !d.hasAnyDate {
		return 0
	}
	if date.IsZero() {
		return dateMisfits / 2
	}
	t := date.Time
	score := 0.0
	check := func(asked, has bool, equal bool) {
		switch {
		case !asked:
		case !has:
		case equal:
			score += dateFits
		default:
			score += dateMisfits
		}
	}
	p := date.Precision
	check(d.year > 0, true, t.Year() == d.year)
	check(d.month > 0, p == corpus.PrecisionDay || p == corpus.PrecisionMonth, t.Month() == d.month)
	check(d.day > 0, p == corpus.PrecisionDay, t.Day() == d.day)
	return score
}

// titleLookup finds the documents whose titles hold most of a's words,
// best first, with the date words weighed against the documents' dates.
func (c call) titleLookup(ctx context.Context, a args) (index.DocumentResult, error) {
	q := a.query(resultsPerPage)
	words, dates := splitDateWords(q.Words)
	// A person the title names may be asked for in another spelling
	// ("Semyonov" for "V. Semenov"), as a quote's question may.
	words, q.Alternatives = nameAlternatives(c.archive, words)
	q.Words, q.Partial, q.Scope, q.Names = words, true, index.ScopeTitle, namesIn(words)
	if len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.Alternatives) == 0 {
		return index.DocumentResult{}, nil
	}
	// Date words reorder the hits, so the best hundred are weighed;
	// without them the index's order stands, and only the pages up to
	// this one are loaded.
	q.Offset, q.Limit = 0, index.MaxLimit
	if !dates.hasAnyDate {
		q.Limit = min(index.MaxLimit, a.page*resultsPerPage)
	}
	res, err := c.archive.Documents(ctx, q)
	if err != nil {
		return res, fmt.Errorf("search titles: %w", err)
	}
	switch {
	case len(res.Hits) == 0:
		// No title fits: the words may describe what the document says.
		q.Scope = index.ScopeAll
		if res, err = c.archive.Documents(ctx, q); err != nil {
			return res, fmt.Errorf("search documents: %w", err)
		}
	case dates.hasAnyDate && !slices.ContainsFunc(res.Hits, func(h index.DocumentHit) bool { return dates.agreement(h.Doc.Date) > 0 }):
		// Titles fit the words but none the date asked ("the Politburo
		// working notes of 10 December 1981" against two sessions'
		// working notes of 1956): the words may describe the one of that
		// date, so its whole text is searched too.
		q.Scope = index.ScopeAll
		all, err := c.archive.Documents(ctx, q)
		if err != nil {
			return res, fmt.Errorf("search documents: %w", err)
		}
		for _, h := range all.Hits {
			if !slices.ContainsFunc(res.Hits, func(t index.DocumentHit) bool { return t.Doc.ID == h.Doc.ID }) {
				res.Hits = append(res.Hits, h)
				res.Total++
			}
		}
	}
	for i := range res.Hits {
		res.Hits[i].Score += dates.agreement(res.Hits[i].Doc.Date)
	}
	slices.SortStableFunc(res.Hits, func(x, y index.DocumentHit) int { return cmp.Compare(y.Score, x.Score) })
	off := (a.page - 1) * resultsPerPage
	res.Hits = res.Hits[min(off, len(res.Hits)):min(len(res.Hits), off+resultsPerPage)]
	return res, nil
}

// clearlyFirst reports whether the first of a title lookup's hits leads
// the others clearly enough to be the one meant.
func clearlyFirst(hits []index.DocumentHit) bool {
	return len(hits) > 0 && (len(hits) == 1 || hits[0].Score-hits[1].Score >= clearLead)
}

// neverMentioned is the start of a hint for a question naming something
// the archive never mentions; "" when it named nothing unknown.
func neverMentioned(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf("The archive never mentions \u201c%s\u201d. ", strings.Trim(name, wordPunct))
}
