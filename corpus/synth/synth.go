// Package synth generates synthetic archives for benchmarks and load tests:
// documents in the archive's plain-text format, shaped like real ones, from
// a seed, so that the same seed always gives the same files. The people,
// places, archives and translators are invented. A synthetic archive is
// never shipped as the sample corpus.
//
//	g := synth.New(1)
//	m, err := synth.Write(ctx, "/tmp/archive", g, 1000)
//
// Each document depends only on the seed and its number, so the first
// 1,000 documents of a 10,000-document archive are the 1,000-document
// archive.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Version identifies what the generator writes. It changes whenever the
// output for a seed changes, so that a stored archive made by another
// version is not mistaken for this one's.
const Version = 1

// FirstID is the archive id of document 0; document i has id FirstID+i.
const FirstID = 200000

// Sizes of what is generated.
const (
	// NumPeople is how many invented people recur across the documents.
	NumPeople = 400
	// vocabularySize is how many distinct content words prose draws from.
	vocabularySize = 30000
	minParagraphs  = 10
	maxParagraphs  = 40
	minWords       = 40
	maxWords       = 150
)

// Person is an invented person of a synthetic archive.
type Person struct {
	// Name is the full name, e.g. "Aldric Venn" or "Tor Han Il".
	Name string
	// Surname is the family name, as in "Cde. Venn".
	Surname string
	// Variants are the other spellings documents use: initials, capitals,
	// hyphens, a romanisation variant, surname first.
	Variants []string
	// Role is the office the person holds, e.g. "Minister of Foreign Affairs".
	Role string
	// Country is the invented state the person serves.
	Country string
	// east marks a three-part name ("Tor Han Il").
	east bool
	// initials are the given name's and patronymic's initials: "A. K.".
	initials string
	country  country
}

// Generator writes the documents of one seed.
type Generator struct {
	seed   uint64
	vocab  []string // content words by Zipf rank
	people []Person
}

// New returns the generator for seed.
func New(seed uint64) *Generator {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &Generator{seed: seed}
	g.vocab = makeVocabulary(r)
	g.people = makePeople(r)
	return g
}

// Seed returns the generator's seed.
func (g *Generator) Seed() uint64 { return g.seed }

// People returns the invented people, the most often named first.
func (g *Generator) People() []Person { return slices.Clone(g.people) }

// Vocabulary returns the content words prose is made of, the most frequent
// first.
func (g *Generator) Vocabulary() []string { return slices.Clone(g.vocab) }

// DocID returns the archive id of document i.
func DocID(i int) string { return strconv.Itoa(FirstID + i) }

// FileName returns the file name of document i: a number and a hash, as
// the archive's own files are named.
func (g *Generator) FileName(i int) string {
	h := rand.New(rand.NewPCG(g.seed^0x9e3779b97f4a7c15, uint64(i))).Uint64()
	return fmt.Sprintf("%06d_%016x.txt", i, h)
}

// makeVocabulary ranks the content words (shuffled by the seed) before
// invented words that make the long tail.
func makeVocabulary(r *rand.Rand) []string {
	words := slices.Clone(contentWords)
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	seen := make(map[string]bool, vocabularySize)
	for _, w := range words {
		seen[w] = true
	}
	for _, w := range functionWords {
		seen[w] = true
	}
	for len(words) < vocabularySize {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// makePeople invents NumPeople people with distinct names and surnames.
func makePeople(r *rand.Rand) []Person {
	var out []Person
	names := map[string]bool{}
	surnames := map[string]bool{}
	for len(out) < NumPeople {
		c := countries[r.IntN(len(countries))]
		p := Person{Country: c.Name, country: c, Role: roles[r.IntN(len(roles))]}
		if r.IntN(10) < 3 {
			// Three-part names: "Tor Han Il", also "Tor Han-il", "TOR HAN IL"
			// and a romanisation with "eo" for "o".
			parts := []string{pick(r, eastSyllables), pick(r, eastSyllables), pick(r, eastSyllables)}
			p.east = true
			p.Name = strings.Join(parts, " ")
			p.Surname = parts[0]
			p.Variants = []string{
				parts[0] + " " + parts[1] + "-" + strings.ToLower(parts[2]),
				strings.ToUpper(p.Name),
			}
			if v := strings.Replace(p.Name, "o", "eo", 1); v != p.Name {
				p.Variants = append(p.Variants, v)
			}
		} else {
			given := capitalize(pick(r, syllables) + pick(r, syllables))
			surname := capitalize(pick(r, syllables) + pick(r, syllables) + pick(r, surnameEnds))
			patronymic := strings.ToUpper(pick(r, syllables)[:1])
			p.Name = given + " " + surname
			p.Surname = surname
			p.initials = given[:1] + ". " + patronymic + "."
			p.Variants = []string{
				given[:1] + ". " + surname,
				p.initials + " " + surname,
				strings.ToUpper(surname) + " " + p.initials,
			}
		}
		// Western surnames are distinct, so "Cde. Venn" names one person;
		// three-part names share family names, as Korean ones do.
		if names[p.Name] || !p.east && surnames[p.Surname] || len(p.Name) < 7 {
			continue
		}
		names[p.Name], surnames[p.Surname] = true, true
		out = append(out, p)
	}
	return out
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// doc is the state of one document being written.
type doc struct {
	g        *Generator
	r        *rand.Rand
	words    *rand.Zipf
	function *rand.Zipf
	people   *rand.Zipf
	date     time.Time
	cast     []*Person // the people this document is about, main first
	country  country
}

// Document returns the text of document i in the archive format.
func (g *Generator) Document(i int) []byte {
	data, _ := g.document(i)
	return data
}

// shape is what a document was generated with, for tests.
type shape struct {
	title      string
	paragraphs int // body paragraphs a reader should find
}

func (g *Generator) document(i int) ([]byte, shape) {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)+1))
	d := &doc{
		g:        g,
		r:        r,
		words:    rand.NewZipf(r, 1.2, 10, uint64(len(g.vocab)-1)),
		function: rand.NewZipf(r, 1.2, 1, uint64(len(functionWords)-1)),
		people:   rand.NewZipf(r, 1.05, 8, uint64(len(g.people)-1)),
	}
	return d.write(i)
}

// person picks a person, the famous more often.
func (d *doc) person() *Person { return &d.g.people[d.people.Uint64()] }

func (d *doc) write(i int) ([]byte, shape) {
	r := d.r
	d.date = time.Date(1945+r.IntN(35), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	for len(d.cast) < 2+r.IntN(5) {
		p := d.person()
		if !slices.Contains(d.cast, p) {
			d.cast = append(d.cast, p)
		}
	}
	main, other := d.cast[0], d.cast[1]
	d.country = main.country

	var b strings.Builder
	// Header: the date and the title in bold, the title hard-wrapped.
	dateText, citeDate := d.docDate()
	title := d.title(main, other)
	sh := shape{title: title}
	b.WriteString("\n\n**" + dateText + "**  \n**" + wrapBold(title) + "**\n\n")

	// Citation block.
	id := DocID(i)
	url := "https://digitalarchive.example.org/document/" + id
	archive := archives[r.IntN(len(archives))]
	project := "the " + d.country.Adj + " Documents Project"
	fmt.Fprintf(&b, "**Citation:**\n\n\"%s\",  \n%s, %s, %s.  \nTranslated for %s by %s.  \n<%s>\n\n",
		title, citeDate, archive, d.reference(), project, pick(r, translators), url)

	// Summary, credits, language, contents.
	fmt.Fprintf(&b, "**Summary:**\n\n%s\n\n", d.summary(main, other))
	if r.IntN(10) < 8 {
		fmt.Fprintf(&b, "**Credits:**\n\nThis document was made possible with support from %s\n\n", pick(r, funders))
	}
	fmt.Fprintf(&b, "**Original Language:**\n\n%s\n\n**Contents:**\n\nTranslation - English\n\n", d.country.Lang)

	// Body.
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "from the journal of %s %s [stamp: SECRET Copy N° %d]\n\n", strings.ToUpper(main.Surname), main.initialsOrEmpty(), 1+r.IntN(4))
		fmt.Fprintf(&b, "RECORD OF A CONVERSATION  \nwith Cde. %s\n\n", strings.ToUpper(other.Name))
		sh.paragraphs += 2
	}
	wrap := r.IntN(3) == 0
	page := 2
	for n := minParagraphs + r.IntN(maxParagraphs-minParagraphs+1); n > 0; n-- {
		text := d.paragraph(minWords + r.IntN(maxWords-minWords+1))
		if r.IntN(12) == 0 {
			// A page break splits the paragraph mid-sentence.
			if a, c, ok := splitForPage(text, r); ok {
				b.WriteString(lay(a, wrap))
				if r.IntN(2) == 0 {
					fmt.Fprintf(&b, "- %d -\n\n", page)
				}
				page++
				text = c
			}
		}
		b.WriteString(lay(text, wrap))
		sh.paragraphs++
	}
	// Closing: signature, reference code, distribution list.
	if r.IntN(10) < 7 {
		signer := main
		fmt.Fprintf(&b, "%s AMBASSADOR IN %s\n\n", strings.ToUpper(signer.country.Adj), strings.ToUpper(d.otherCountry().Name))
		fmt.Fprintf(&b, "[signature] (%s)\n\n", signer.signature())
		fmt.Fprintf(&b, "%d-%s/%s\n\n", 1+r.IntN(9), strings.ToUpper(pick(r, syllables)), pick(r, syllables))
		sh.paragraphs += 3
	}
	if r.IntN(2) == 0 {
		n := 1
		for range 2 + r.IntN(4) {
			fmt.Fprintf(&b, "%d - Cde. %s\n\n", n, d.person().Surname)
			n++
		}
		fmt.Fprintf(&b, "%d - the General Secretariat\n\n%d - to file\n\n", n, n+1)
		fmt.Fprintf(&b, "Nº %d-dv\n\n%s\n", 1000+r.IntN(9000), d.date.Format("2 January 2006"))
		sh.paragraphs += n + 3
	}
	return []byte(b.String()), sh
}

func (p *Person) initialsOrEmpty() string {
	if p.east {
		return ""
	}
	return p.initials
}

// signature is how the person signs: "A. VENN", "TOR HAN IL".
func (p *Person) signature() string {
	if p.east {
		return strings.ToUpper(p.Name)
	}
	return p.Name[:1] + ". " + strings.ToUpper(p.Surname)
}

func (d *doc) otherCountry() country {
	for {
		c := countries[d.r.IntN(len(countries))]
		if c.Name != d.country.Name {
			return c
		}
	}
}

// docDate is the document's date as the header and the citation write it,
// mostly to the day.
func (d *doc) docDate() (header, citation string) {
	switch n := d.r.IntN(100); {
	case n < 85:
		s := d.date.Format("January 2, 2006")
		return s, s
	case n < 94:
		s := d.date.Format("January 2006")
		return s, s
	case n < 98:
		s := d.date.Format("2006")
		return s, s
	default:
		s := "c. " + d.date.Format("2006")
		return s, s
	}
}

func (d *doc) title(main, other *Person) string {
	r := d.r
	switch kind := pick(r, titleKinds); kind {
	case "Record of a Conversation with", "From the Journal of":
		if kind == "From the Journal of" {
			return fmt.Sprintf("From the Journal of %s, Record of a Conversation with %s", main.Name, other.Name)
		}
		return kind + " " + other.Name
	case "Memorandum of Conversation between":
		return fmt.Sprintf("Memorandum of Conversation between %s and %s", main.Name, other.Name)
	case "Telegram from", "Letter from":
		return fmt.Sprintf("%s %s to %s on %s", kind, main.Name, other.Name, pick(r, topics))
	default:
		return fmt.Sprintf("%s %s Delegation to %s", kind, d.country.Adj, d.otherCountry().Name)
	}
}

// wrapBold hard-wraps a long bold title as the archive's pages do, with
// markdown's two-space line break.
func wrapBold(title string) string {
	if len(title) < 50 {
		return title
	}
	words := strings.Fields(title)
	half := len(words) / 2
	return strings.Join(words[:half], " ") + "  \n" + strings.Join(words[half:], " ")
}

func (d *doc) reference() string {
	r := d.r
	a := d.country.Archive
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s F. %04d, Op. %d, Delo %d", a, r.IntN(2000), 1+r.IntN(40), 1+r.IntN(300))
	case 1:
		return fmt.Sprintf("%s Fond %d, List %d, File %d", a, 1+r.IntN(900), 1+r.IntN(20), 1+r.IntN(500))
	}
	return fmt.Sprintf("%s %d/%d/%d", a, 1+r.IntN(99), 1+r.IntN(99), 1+r.IntN(999))
}

func (d *doc) summary(main, other *Person) string {
	return fmt.Sprintf("%s describes a meeting with %s about the %s and the %s, among other topics. %s",
		main.Name, other.Name, d.word(), d.word(), capitalize(d.prose(12+d.r.IntN(20)))+".")
}

// word draws one content word.
func (d *doc) word() string { return d.g.vocab[d.words.Uint64()] }

// prose makes n words of lower-case text: function and content words in
// about the proportions of English, with a comma now and then.
func (d *doc) prose(n int) string {
	r := d.r
	ws := make([]string, 0, n)
	for i := range n {
		var w string
		if r.IntN(100) < 42 {
			w = functionWords[d.function.Uint64()]
		} else {
			w = d.word()
		}
		if i > 2 && i < n-2 && r.IntN(14) == 0 {
			w += ","
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}

// speechVerbs are verbs the corpus reader takes as attributing speech.
var speechVerbs = strings.Fields("said replied stated noted stressed proposed suggested informed answered declared")

// sentence makes one sentence of about n words: plain prose, reported
// speech, a dated statement or a name with its role.
func (d *doc) sentence(n int) string {
	r := d.r
	p := d.cast[r.IntN(len(d.cast))]
	if r.IntN(5) == 0 {
		p = d.person()
	}
	switch k := r.IntN(20); {
	case k < 9:
		return capitalize(d.prose(n)) + "."
	case k < 13:
		return fmt.Sprintf("%s %s that %s.", d.honorific(p), pick(r, speechVerbs), d.prose(n))
	case k < 14:
		return fmt.Sprintf("%s, %s %s, %s.", capitalize(d.prose(n/2)), pick(r, speechVerbs), d.honorific(p), d.prose(n/2))
	case k < 16:
		return fmt.Sprintf("%s Cde. %s %s the %s.", p.Role, p.Name, pick(r, []string{"informed us about", "spoke of", "raised"}), d.prose(n))
	case k < 17:
		return fmt.Sprintf("%s %s %s %s.", pick(r, []string{"Ambassador", "Minister", "Marshal", "Premier", "Chairman"}), p.Name, pick(r, []string{"visited", "received", "discussed"}), d.prose(n))
	case k < 19:
		return fmt.Sprintf("%s %s.", capitalize(d.prose(n)), d.dateInText())
	default:
		return fmt.Sprintf("On %s %s.", d.dayInText(), d.prose(n))
	}
}

// honorific names a person as the records do: "Cde. Aldric Venn", "Cde.
// Venn", "Cde. A. K. Venn", "Minister Venn".
func (d *doc) honorific(p *Person) string {
	r := d.r
	switch k := r.IntN(10); {
	case k < 4:
		return "Cde. " + p.Name
	case k < 6:
		return "Cde. " + p.Surname
	case k < 8 && len(p.Variants) > 0:
		v := p.Variants[r.IntN(len(p.Variants))]
		if strings.ToUpper(v) == v && !p.east {
			v = p.Variants[0] // a surname-first form reads as a heading, not a name in prose
		}
		return "Cde. " + v
	case k < 9:
		return "Comrade " + p.Name
	}
	return pick(r, []string{"Ambassador", "Minister", "Premier", "Chairman"}) + " " + p.Name
}

// dayInText is a day as the body states it: "12 March 1957", "March 12,
// 1957", or with an editor's correction.
func (d *doc) dayInText() string {
	r := d.r
	t := d.date.AddDate(0, 0, -r.IntN(400))
	switch r.IntN(8) {
	case 0:
		return t.Format("January 2, 2006")
	case 1:
		wrong := time.Month(1 + (int(t.Month())+r.IntN(10))%12)
		return fmt.Sprintf("%d %s [sic; %s] %d", t.Day(), wrong, t.Month(), t.Year())
	}
	return t.Format("2 January 2006")
}

// dateInText ends a sentence with a date: absolute or relative to the
// document's date.
func (d *doc) dateInText() string {
	r := d.r
	y := d.date.Year() + r.IntN(5) - 2
	month := time.Month(1 + r.IntN(12)).String()
	switch r.IntN(7) {
	case 0:
		return "in " + strconv.Itoa(y)
	case 1:
		return "in " + month + " " + strconv.Itoa(y)
	case 2:
		return "last " + month
	case 3:
		return "next year"
	case 4:
		return fmt.Sprintf("by %s %d of this year", month, 1+r.IntN(28))
	case 5:
		return "on " + d.dayInText()
	}
	return "this year"
}

// paragraph makes a paragraph of about n words.
func (d *doc) paragraph(n int) string {
	var ss []string
	for n > 0 {
		k := min(n, 8+d.r.IntN(18))
		ss = append(ss, d.sentence(k))
		n -= k
	}
	return strings.Join(ss, " ")
}

// splitForPage splits text where a page break could fall: after a word
// with no punctuation and before a lower-case word, so that a reader
// joins the halves again.
func splitForPage(text string, r *rand.Rand) (string, string, bool) {
	words := strings.Split(text, " ")
	var at []int
	for i := 3; i < len(words)-3; i++ {
		prev, next := words[i-1], words[i]
		if next == "" || prev == "" || next[0] < 'a' || next[0] > 'z' {
			continue
		}
		if c := prev[len(prev)-1]; c < 'a' || c > 'z' {
			continue
		}
		at = append(at, i)
	}
	if len(at) == 0 {
		return "", "", false
	}
	i := at[r.IntN(len(at))]
	return strings.Join(words[:i], " "), strings.Join(words[i:], " "), true
}

// lay writes a paragraph, hard-wrapped at about 76 characters when wrap is
// set, and a blank line after it.
func lay(text string, wrap bool) string {
	if !wrap {
		return text + "\n\n"
	}
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(text) {
		if i > 0 {
			if line+1+len(w) > 76 {
				b.WriteString("\n")
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	b.WriteString("\n\n")
	return b.String()
}
