package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// whenFromPassages answers when from the passages that match, as when did
// before the dated-event records: the fallback for a question that no
// event answers (its words stand in a paragraph two sentences or more
// from any date, or only in undated passages), so that when never says
// nothing matches where passages do.
func (b *Bot) whenFromPassages(ctx context.Context, c call) (Reply, error) {
	res, err := c.passages(ctx, maxWhenEvents)
	if err != nil {
		return Reply{}, err
	}
	if len(res.Hits) == 0 {
		return notFound("when", c.args, neverMentioned(res.Unknown)+tryOtherWords(c.args)), nil
	}
	w := newWhenReply()
	for _, h := range res.Hits {
		take, stop := w.admit(h.Doc, h.Share, res.Hits[0].Share)
		if stop {
			break // hits come best first: the rest hold too little of the question
		}
		if take {
			w.r.Timeline = append(w.r.Timeline, statedDates(h)...)
		}
	}
	top := res.Hits[0]
	return w.finish(c, top.Matched, top.Of), nil
}

// statedDates are the dates a matching paragraph (or, with N 0, the
// document's summary) states. Dates in the sentences that match are
// preferred; if none do, all the paragraph's dates. A paragraph under a
// date line that differs from the document's date (a journal entry inside
// a later record) also gets that date line's date.
func statedDates(h index.ParagraphHit) []Event {
	text := h.Paragraph.Text
	var inPara []corpus.DateMention
	for _, d := range h.Doc.Dates {
		if d.Paragraph == h.Paragraph.N && d.End <= len(text) && text[d.Start:d.End] == d.Text {
			inPara = append(inPara, d)
		}
	}
	var near []corpus.DateMention
	for _, s := range corpus.Sentences(text) {
		hasMatch := slices.ContainsFunc(h.Matches, func(m span) bool { return m.Start >= s.Start && m.Start < s.End })
		for _, d := range inPara {
			if hasMatch && d.Start >= s.Start && d.Start < s.End {
				near = append(near, d)
			}
		}
	}
	if len(near) == 0 {
		near = inPara
	}
	out := make([]Event, 0, len(near)+1)
	for _, d := range near {
		out = append(out, statedEvent(h.Doc, d, evidenceAt(text, d)))
	}
	if len(inPara) == 0 {
		out = append(out, nearestDated(h)...)
	}
	if d, ok := entryDate(h.Doc, h.Paragraph.N); ok {
		e := statedEvent(h.Doc, d, h.Doc.Paragraphs[d.Paragraph-1].Text)
		e.Dateline = true
		out = append(out, e)
	}
	return out
}

// nearestDated is for a matching paragraph that states no date (a
// heading, a greeting): the dates of the document's sentence that shares
// most of the words matched there, at least two, nearest the paragraph
// on a tie. Date lines are left to entryDate.
func nearestDated(h index.ParagraphHit) []Event {
	words := map[string]bool{}
	for _, m := range h.Matches {
		if m.End <= len(h.Paragraph.Text) && m.End-m.Start >= 3 {
			words[strings.ToLower(h.Paragraph.Text[m.Start:m.End])] = true
		}
	}
	if len(words) < 2 {
		return nil
	}
	text := func(n int) string {
		if n == 0 {
			return h.Doc.Summary
		}
		if n <= len(h.Doc.Paragraphs) {
			return h.Doc.Paragraphs[n-1].Text
		}
		return ""
	}
	var found []Event // the dates of the best sentence so far
	bestShared, bestDist := 0, 0
	for _, d := range h.Doc.Dates {
		t := text(d.Paragraph)
		if d.Dateline || d.Paragraph == h.Paragraph.N || d.End > len(t) || t[d.Start:d.End] != d.Text {
			continue
		}
		sentence := evidenceAt(t, d)
		shared := 0
		for w := range words {
			if containsWord(sentence, w) {
				shared++
			}
		}
		dist := d.Paragraph - h.Paragraph.N
		if dist < 0 {
			dist = -dist
		}
		e := statedEvent(h.Doc, d, sentence)
		switch {
		case shared < 2:
		case shared > bestShared || shared == bestShared && dist < bestDist:
			found, bestShared, bestDist = []Event{e}, shared, dist
		case shared == bestShared && dist == bestDist && e.Evidence == found[0].Evidence:
			found = append(found, e) // another date of the same sentence
		}
	}
	return found
}

// containsWord reports whether text holds word (lower case) as a whole
// word, in any case.
func containsWord(text, word string) bool {
	l := strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(l[i:], word)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(l[:at])
		after, _ := utf8.DecodeRuneInString(l[end:])
		if (at == 0 || !unicode.IsLetter(before) && !unicode.IsDigit(before)) && (end == len(l) || !unicode.IsLetter(after) && !unicode.IsDigit(after)) {
			return true
		}
		i = at + 1
	}
}

// entryDate is the date line that paragraph n stands under, when it gives
// another date than the document's: a diary entry of October 3 inside a
// record dated October 2.
func entryDate(doc corpus.Document, n int) (corpus.DateMention, bool) {
	var line corpus.DateMention
	found := false
	for _, d := range doc.Dates {
		if d.Dateline && d.Paragraph > 0 && d.Paragraph < n && d.Paragraph <= len(doc.Paragraphs) {
			line, found = d, true
		}
	}
	if !found || line.Date.String() == doc.Date.String() {
		return corpus.DateMention{}, false
	}
	return line, true
}

// entryLine is the date line, verbatim, of the entry paragraph n stands
// under (see entryDate); "" when there is none.
func entryLine(doc corpus.Document, n int) string {
	d, ok := entryDate(doc, n)
	if !ok {
		return ""
	}
	return strings.TrimSpace(doc.Paragraphs[d.Paragraph-1].Text)
}
