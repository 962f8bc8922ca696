package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
)

// commands are the bot commands measured, in table order.
var commands = []string{"quote", "who", "when", "cite", "search"}

// query is one request of the fixed query set.
type query struct {
	Command string `json:"command"`
	// Text is the request as a user types it, e.g. `quote "friendly advice"`.
	Text string `json:"text"`
	// Words are what the baselines look for: the request's words without
	// the command, quotes or filters, as a plain Bleve match query and as
	// a fixed string for grep.
	Words string `json:"words"`
}

// sampleDocs is how many generated documents the query set draws phrases,
// titles and ids from.
const sampleDocs = 400

// makeQueries builds the fixed query set for an archive of n documents:
// perCommand requests for each command, the same for the same seed and n.
// Queries mix frequent and rare words, phrases taken from the documents,
// filters, well-known and obscure people, unknown names, ids and titles.
// warm are about warmPerCommand other requests per command, drawn the same
// way from another random stream, none of them one of the measured: asking
// them first warms the process (code, page cache, decoded documents)
// without putting a measured question in the index's cache of results.
func makeQueries(g *synth.Generator, n, perCommand, warmPerCommand int) (qs map[string][]query, warm []query, err error) {
	docs, err := sampleDocuments(g, n)
	if err != nil {
		return nil, nil, fmt.Errorf("make queries: %w", err)
	}
	qs = makeQuerySet(g, n, docs, perCommand, 0)
	asked := map[string]bool{}
	for _, q := range mixed(qs) {
		asked[q.Text] = true
	}
	for _, q := range distinctQueries(mixed(makeQuerySet(g, n, docs, warmPerCommand, 1))) {
		if !asked[q.Text] {
			warm = append(warm, q)
		}
	}
	return qs, warm, nil
}

// sampleDocuments parses the documents of the archive of n documents that
// the queries draw phrases, titles and ids from: sampleDocs of them,
// evenly spread.
func sampleDocuments(g *synth.Generator, n int) ([]corpus.Document, error) {
	var docs []corpus.Document
	for k := range min(n, sampleDocs) {
		i := k * n / min(n, sampleDocs)
		d, err := corpus.Parse(g.FileName(i), g.Document(i))
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// makeQuerySet draws perCommand queries per command from one of several
// random streams; stream 0 is the benchmark's query set.
func makeQuerySet(g *synth.Generator, n int, docs []corpus.Document, perCommand int, stream uint64) map[string][]query {
	r := rand.New(rand.NewPCG(g.Seed(), uint64(n)|stream<<63))
	vocab := g.Vocabulary()
	people := g.People()

	content := make(map[string]bool, len(vocab))
	for _, w := range vocab {
		content[w] = true
	}
	word := func() string { return vocab[r.IntN(min(len(vocab), 1500))] }
	// phrase takes k consecutive plain words from a paragraph of a sampled
	// document, so that it is sure to match.
	phrase := func(k int) string {
		for {
			d := docs[r.IntN(len(docs))]
			ws := strings.Fields(d.Paragraphs[r.IntN(len(d.Paragraphs))].Text)
			if len(ws) <= k {
				continue
			}
			at := r.IntN(len(ws) - k)
			run := ws[at : at+k]
			if slices.ContainsFunc(run, func(w string) bool { return !isPlainWord(w) }) ||
				!slices.ContainsFunc(run, func(w string) bool { return content[w] }) {
				continue // punctuation, or stop words only
			}
			return strings.Join(run, " ")
		}
	}
	person := func() synth.Person {
		if r.IntN(2) == 0 {
			return people[r.IntN(min(50, len(people)))] // the often named
		}
		return people[r.IntN(len(people))]
	}
	year := func() int { return 1945 + r.IntN(35) }

	out := map[string][]query{}
	add := func(cmd, args, words string) {
		out[cmd] = append(out[cmd], query{Command: cmd, Text: cmd + " " + args, Words: words})
	}
	// textQuery is the argument of quote and search: a word, two words, a
	// phrase, or words with a date filter.
	rank := make(map[string]int, len(vocab))
	for i, w := range vocab {
		rank[w] = i
	}
	textQuery := func(cmd string) {
		if len(out[cmd]) == 0 {
			// The first is sure to find something, and is neither very
			// common nor very rare: the cold start asks it, to time
			// starting up rather than one costly query.
			for {
				ws := strings.Fields(phrase(2))
				if r0, r1 := rank[ws[0]], rank[ws[1]]; content[ws[0]] && content[ws[1]] && min(r0, r1) >= 100 && max(r0, r1) < 3000 {
					p := strings.Join(ws, " ")
					add(cmd, p, p)
					return
				}
			}
		}
		switch k := r.IntN(10); {
		case k < 4:
			w := word()
			add(cmd, w, w)
		case k < 7:
			p := phrase(2)
			add(cmd, p, p)
		case k < 9:
			p := phrase(2 + r.IntN(2))
			add(cmd, `"`+p+`"`, p)
		default:
			w := word()
			y := year()
			add(cmd, fmt.Sprintf("%s from:%d to:%d", w, y, y+3), w)
		}
	}
	for range perCommand {
		textQuery("quote")
		textQuery("search")

		p := person()
		switch k := r.IntN(10); {
		case k < 5:
			add("who", p.Name, p.Name)
		case k < 7 && len(p.Variants) > 0:
			v := p.Variants[r.IntN(len(p.Variants))]
			add("who", v, v)
		case k < 9:
			add("who", p.Surname, p.Surname)
		default:
			name := strings.ToUpper(word()[:1]) + word()[1:] + " " + "Marrow"
			add("who", name, name)
		}

		switch k := r.IntN(10); {
		case k < 4:
			p := person()
			add("when", p.Name, p.Name)
		case k < 5:
			p := person()
			add("when", "did "+p.Surname+" visit", p.Surname+" visit")
		default:
			w := phrase(2)
			add("when", w, w)
		}

		switch k := r.IntN(10); {
		case k < 6:
			id := synth.DocID(r.IntN(n))
			add("cite", id, id)
		case k < 7:
			id := synth.DocID(r.IntN(n))
			add("cite", id+" "+[]string{"mla", "apa", "bibtex"}[r.IntN(3)], id)
		case k < 9:
			t := docs[r.IntN(len(docs))].Title
			add("cite", t, t)
		default:
			ws := strings.Fields(docs[r.IntN(len(docs))].Title)
			t := strings.Join(ws[max(0, len(ws)-3):], " ")
			add("cite", t, t)
		}
	}
	return out
}

// isPlainWord reports whether w is a lower-case word without punctuation.
func isPlainWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return w != ""
}

// mixed interleaves the commands' queries: one of each in turn.
func mixed(qs map[string][]query) []query {
	var out []query
	for i := 0; ; i++ {
		added := false
		for _, c := range commands {
			if i < len(qs[c]) {
				out = append(out, qs[c][i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}
