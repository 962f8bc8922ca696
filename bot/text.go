package bot

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
)

// MaxPassageChars is the length a quoted passage is trimmed to, at sentence
// boundaries (or, inside one very long sentence, at word boundaries).
const MaxPassageChars = 600

// span is a byte range of a text.
type span = corpus.Span

// passage quotes the part of a paragraph around the matched spans (see
// bestSentence and excerptAround), with who speaks there where the text
// says so.
func passage(docID string, p corpus.Paragraph, matches []span, limit int) Passage {
	return passageAsked(docID, p, matches, askedWords{}, limit)
}

// passageAsked is passage for a question in the asker's words (see
// bestSentence).
func passageAsked(docID string, p corpus.Paragraph, matches []span, asked askedWords, limit int) Passage {
	ss := corpus.Sentences(p.Text)
	best := bestSentence(p.Text, ss, matches, asked, p.SpeakerAt)
	s := excerptAround(p.Text, ss, best, matches, asked, limit)
	if len(ss) > 0 && (s.End <= ss[best].Start || s.Start >= ss[best].End) {
		// The excerpt is another run that holds more of the question:
		// its own best sentence says who speaks.
		lo, hi := 0, len(ss)
		for lo < len(ss) && ss[lo].End <= s.Start {
			lo++
		}
		for hi > lo && ss[hi-1].Start >= s.End {
			hi--
		}
		best = lo + bestSentence(p.Text, ss[lo:hi], matches, asked, p.SpeakerAt)
	}
	// Who speaks is who speaks the sentence that holds the most of the
	// question, at its first match: a paragraph may open with another's
	// words ("Mao Zedong noted that ... Zhou Enlai, in his turn, said
	// that ...").
	at, found := s.Start, false
	for _, m := range matches {
		if m.Start < s.Start || m.Start >= s.End {
			continue
		}
		if inSpan(m.Start, ss, best) {
			at = m.Start
			break
		}
		if !found {
			at, found = m.Start, true
		}
	}
	return Passage{
		Text: p.Text[s.Start:s.End], Leading: s.Start > 0, Trailing: s.End < len(p.Text),
		Speaker: p.SpeakerAt(at), DocID: docID, Paragraph: p.N,
	}
}

// askedWords are the words of a question as matchKey gives them: own,
// the asker's words other than the people it names, and people, the
// words of those people's spellings (see passageQueryAsked).
type askedWords struct {
	own, people map[string]bool
	// said are the own words after the question's colon, the words said
	// ("Chou En-lai: Vietnam is the standard-bearer ..."); nil without one.
	said map[string]bool
}

// A passage is cut out of a paragraph around the matched spans: the
// sentence that holds the most of the question (bestSentence), widened by
// neighbouring sentences that also match while it fits in the limit
// (excerptAround). It never cuts inside a word.
//
// The sentence that holds the most of the question holds the most
// different words of asked.said, then of asked.own, then is spoken by a
// person the question names (speaker, where the paragraph says who
// speaks), then the most different matched words
// other than asked.people's, then the most different matched words, then
// the most matches. A question that names a person asks for what they
// said, which its other words describe: the name is often only the
// opening ("A. B. Smith said that"), and a synonym of the asker's word
// only a guess.

// bestSentence is the index in ss, the sentences of text, of the one that
// holds the most of the question (see above); 0 when none matches.
func bestSentence(text string, ss []span, matches []span, asked askedWords, speaker func(at int) string) int {
	var best int
	var bestWeight askedWeight
	for i, s := range ss {
		w := weighAsked(text, s, matches, asked)
		if w.words > 0 && speaker != nil && spokenByAsked(speaker(s.Start), asked) {
			w.spoken = 1
		}
		if w.better(bestWeight) {
			best, bestWeight = i, w
		}
	}
	return best
}

// askedWeight is how much of a question a part of a paragraph holds (see
// bestSentence): the different words of asked.said, of asked.own, whether
// a person the question names speaks it, the different matched words not
// of those people, all different matched words, and all matches.
type askedWeight struct{ said, own, spoken, content, words, matches int }

func (a askedWeight) better(b askedWeight) bool {
	return cmp.Or(cmp.Compare(a.said, b.said), cmp.Compare(a.own, b.own), cmp.Compare(a.spoken, b.spoken), cmp.Compare(a.content, b.content),
		cmp.Compare(a.words, b.words), cmp.Compare(a.matches, b.matches)) > 0
}

// weighAsked is the weight of the matches inside s; spoken is left 0.
func weighAsked(text string, s span, matches []span, asked askedWords) askedWeight {
	keys, n := matchKeysIn(text, s, matches)
	w := askedWeight{words: len(keys), matches: n}
	for _, k := range keys {
		if asked.own[k] {
			w.own++
		}
		if asked.said[k] {
			w.said++
		}
		if !asked.people[k] {
			w.content++
		}
	}
	return w
}

// matchKeysIn are the different matchKeys of the matches inside s, in
// order, and how many matches s holds.
func matchKeysIn(text string, s span, matches []span) (keys []string, n int) {
	for _, m := range matches {
		if m.Start < s.Start || m.Start >= s.End || m.End > len(text) {
			continue
		}
		n++
		if k := matchKey(text[m.Start:m.End]); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, n
}

// spokenByAsked reports whether a word of the speaker's name, not an
// initial, is a word of a person the question names.
func spokenByAsked(speaker string, asked askedWords) bool {
	for _, w := range nameWords(speaker) {
		if len(w) > 2 && asked.people[matchKey(w)] {
			return true
		}
	}
	return false
}

// inSpan reports whether byte offset at is inside ss[i].
func inSpan(at int, ss []span, i int) bool {
	return i < len(ss) && at >= ss[i].Start && at < ss[i].End
}

// excerptAround cuts the passage of text around ss[best], ss its
// sentences: the whole text when it fits in limit.
func excerptAround(text string, ss []span, best int, matches []span, asked askedWords, limit int) span {
	if len(text) <= limit || len(ss) == 0 {
		return span{Start: 0, End: len(text)}
	}
	count := make([]int, len(ss))
	for i, s := range ss {
		for _, m := range matches {
			if m.Start >= s.Start && m.Start < s.End && m.End <= len(text) {
				count[i]++
			}
		}
	}
	lo, hi := best, best
	for {
		grew := false
		if hi+1 < len(ss) && count[hi+1] > 0 && ss[hi+1].End-ss[lo].Start <= limit {
			hi++
			grew = true
		}
		if lo > 0 && count[lo-1] > 0 && ss[hi].End-ss[lo-1].Start <= limit {
			lo--
			grew = true
		}
		if !grew {
			break
		}
	}
	lo, hi = widerAnswer(text, ss, lo, hi, count, matches, asked, limit)
	// With room to spare, add the next sentence for context.
	if hi+1 < len(ss) && ss[hi+1].End-ss[lo].Start <= limit/2 {
		hi++
	}
	s := span{Start: ss[lo].Start, End: ss[hi].End}
	if s.End-s.Start > limit {
		s = wordWindow(text, s, matches, limit)
	}
	return s
}

// widerAnswer is the run of sentences lo to hi, grown around the best
// sentence, or another run that fits in limit, holds every word of the
// question that run holds, and more: a paragraph may spread the question
// over sentences away from the one that holds the most ("the head of the
// delegation ... replied" two sentences before "We have no reasons to be
// poor friends"). The other run is trimmed of sentences at its ends that
// hold no match.
func widerAnswer(text string, ss []span, lo, hi int, count []int, matches []span, asked askedWords, limit int) (int, int) {
	keys := func(lo, hi int) map[string]bool {
		held := map[string]bool{}
		all, _ := matchKeysIn(text, span{Start: ss[lo].Start, End: ss[hi].End}, matches)
		for _, k := range all {
			if asked.own[k] || !asked.people[k] {
				held[k] = true
			}
		}
		return held
	}
	held := keys(lo, hi)
	bestLo, bestHi := lo, hi
	for from := range ss {
		to := from
		for to+1 < len(ss) && ss[to+1].End-ss[from].Start <= limit {
			to++
		}
		for to > from && count[to] == 0 {
			to--
		}
		if count[from] == 0 || ss[to].End-ss[from].Start > limit {
			continue
		}
		if k := keys(from, to); len(k) > len(held) && holdsAll(k, held) {
			held, bestLo, bestHi = k, from, to
		}
	}
	return bestLo, bestHi
}

// holdsAll reports whether every key of sub is in set.
func holdsAll(set, sub map[string]bool) bool {
	for k := range sub {
		if !set[k] {
			return false
		}
	}
	return true
}

// matchKey is how bestSentence tells one word from another: lower case,
// without a possessive or a plural s ("Cubans", "Cuban's" and "cuban" are
// one word). It only chooses which part of a paragraph to show.
func matchKey(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
	if len(w) > 3 && !strings.HasSuffix(w, "ss") {
		w = strings.TrimSuffix(w, "s")
	}
	return w
}

// wordWindow narrows s to at most limit bytes, at word boundaries, keeping
// the first match inside s in view.
func wordWindow(text string, s span, matches []span, limit int) span {
	focus := s.Start
	for _, m := range matches {
		if m.Start >= s.Start && m.Start < s.End {
			focus = m.Start
			break
		}
	}
	start := s.Start
	if focus-start > limit/3 {
		start = focus - limit/3
		for start < focus && text[start-1] != ' ' {
			start++
		}
	}
	end := start + limit
	if end >= s.End {
		end = s.End
	} else {
		for end > start && text[end] != ' ' {
			end--
		}
	}
	return span{Start: start, End: strings.LastIndexFunc(text[:end], func(r rune) bool { return r != ' ' }) + 1}
}

// Trim shortens text to at most limit bytes for a platform's length
// limits: at the end of the last sentence that fits, else at a word
// boundary, and marks the cut with an ellipsis. It never cuts inside a
// word. The second result reports whether anything was cut.
func Trim(text string, limit int) (string, bool) {
	if len(text) <= limit {
		return text, false
	}
	const ellipsis = " …"
	room := limit - len(ellipsis)
	if room <= 0 {
		return "", true
	}
	end := 0
	for _, s := range corpus.Sentences(text) {
		if s.End > room {
			break
		}
		end = s.End
	}
	if end == 0 {
		end = room
		for end > 0 && text[end] != ' ' {
			end--
		}
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
	}
	return strings.TrimRight(text[:end], " ") + ellipsis, true
}

// IsBidiControl reports whether r is a bidirectional embedding, override
// or isolate control (U+202A to U+202E, U+2066 to U+2069). One in archive
// text could reverse how the rest of a reply reads ("txt.exe" shown as
// "exe.txt"), so renderers neutralise them as they do control characters.
func IsBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}
