package corpus

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Speaker says who speaks in part of a paragraph, as the text itself
// attributes it ("Cde. Kim Il Sung replied ...").
type Speaker struct {
	Name string `json:"name"`
	// Start and End are the byte range of the paragraph attributed to Name:
	// from the sentence that names the speaker to the next attribution or
	// the end of the paragraph.
	Start int `json:"start"`
	End   int `json:"end"`
}

// labelWord is a capitalised word of a speaker's label.
const labelWord = `[A-Z][\w.'-]*(?:\[(?:[a-z][\w'-]*|\d{1,3})\])?`

// labelBrackets are the editor's completion of a label's word, kept
// ("K[osygin]" is Kosygin), and a footnote's number, dropped ("Cuc[5]").
var labelBrackets = strings.NewReplacer("[", "", "]", "")

var labelNote = regexp.MustCompile(`\[\d{1,3}\]`)

var (
	// colonSpeaker opens a line of a transcript: "Mao Zedong: ...".
	// A word of the label may end in the editor's completion of it or a
	// footnote's number ("K[osygin]:", "Muoi Cuc[5]:"), and the colon may
	// stand apart ("Comrade Nicolae Ceausescu :").
	colonSpeaker = regexp.MustCompile(`^((?:Cde\.\s+)?` + labelWord + `(?:\s+` + labelWord + `){0,3}) ?:\s`)
	// hereafterSpeaker opens the first turn of a transcript that gives the
	// short name its labels use next: "Premier Zhou (hereafter, Zhou): ...".
	// The short name is the label.
	hereafterSpeaker = regexp.MustCompile(`^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}\s+\((?:hereafter|hereinafter)[,:]?\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\):\s`)
	// dashSpeaker opens a turn of working notes, a comrade's name and a
	// dash: "Cde. Molotov—Today an appeal must be written". Without the
	// honorific a dash after a capitalised word is only punctuation
	// ("Hungary—the situation").
	// periodSpeaker opens a turn of a protocol whose labels end with a
	// full stop: "BREZHNEV. This question ...", "L.I. Brezhnev. At the
	// beginning ...", "F.CASTRO. My colleagues ...". Only a surname in
	// capitals or a name with initials (findLabelSpeaker checks which):
	// "Shah." or "Yes." may open any sentence.
	periodSpeaker = regexp.MustCompile(`^((?:[A-Z][a-z]?\. ?){1,3}(?:[A-Z][a-z'’-]+|[A-Z]{2,})|[A-Z]{2,}(?:-[A-Z]{2,})?)\.\s+["“A-Z]`)
	dashSpeaker   = regexp.MustCompile(`^((?:Cde\.|Comrade)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s?[—–]\s?\S`)
)

// findLabelSpeaker finds a speaker's label at the start of s: the match
// of findColonSpeaker, else of hereafterSpeaker (whose label is the short
// name), else of dashSpeaker after an honorific, else of periodSpeaker
// when its label has initials or is a surname in capitals that is no
// heading. The label is the match's first group.
func findLabelSpeaker(s string) []string {
	if m := findColonSpeaker(s); m != nil {
		return m
	}
	if s == "" || !isUpper(s[0]) {
		return nil
	}
	if strings.Contains(s[:min(len(s), 80)], "(here") {
		if m := hereafterSpeaker.FindStringSubmatch(s); m != nil {
			return m
		}
	}
	if strings.HasPrefix(s, "Cde.") || strings.HasPrefix(s, "Comrade") {
		return dashSpeaker.FindStringSubmatch(s)
	}
	if m := periodSpeaker.FindStringSubmatch(s); m != nil && (strings.Contains(m[1], ".") || surnameInCapitals(m[1]) && !notSpeakers[titleCased(m[1])]) {
		return m
	}
	return nil
}

// titleCased is a word in capitals with all but its first letter lowered:
// "MEMORANDUM" gives "Memorandum".
func titleCased(w string) string {
	if w == "" {
		return w
	}
	return w[:1] + strings.ToLower(w[1:])
}

// surnameInCapitals tells a surname written in capitals ("BREZHNEV",
// "GEDLE-GIORGIS") from an acronym ("CPSU", "USSR", "NATO"): five
// letters or more, two of them vowels.
func surnameInCapitals(w string) bool {
	letters, vowels := 0, 0
	for _, r := range w {
		if r >= 'A' && r <= 'Z' {
			letters++
			if strings.ContainsRune("AEIOUY", r) {
				vowels++
			}
		}
	}
	return letters >= 5 && vowels >= 2
}

// speechVerbs are the verbs of speaking records of conversation use.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "replied": true, "replies": true, "answered": true, "stated": true,
	"noted": true, "remarked": true, "declared": true, "asked": true, "added": true, "observed": true,
	"stressed": true, "emphasized": true, "emphasised": true, "responded": true, "proposed": true,
	"suggested": true, "explained": true, "informed": true, "reported": true, "announced": true,
	"objected": true, "continued": true, "told": true, "underlined": true, "indicated": true,
	"commented": true, "insisted": true, "recalled": true, "assured": true, "promised": true,
	"warned": true, "requested": true, "expressed": true, "pointed": true, // "pointed out"
	// Not "thanks" ("Many thanks to ...", "Warm thanks were expressed").
	"transmitted": true, "conveyed": true, "spoke": true, "speaks": true, "thanked": true,
	// The present that protocols tell a conversation in: "N. S.
	// Khrushchev informs the Ambassador", "Voroshilov ... asks:".
	// Only verbs that are no nouns too ("reports", "states", "notes" are).
	"asks": true, "informs": true, "tells": true, "declares": true, "stresses": true,
	"emphasizes": true, "emphasises": true, "explains": true, "insists": true, "assures": true,
	"warns": true, "responds": true, "announces": true, "proposes": true, "suggests": true,
	"adds": true,
}

// findSpeechVerbs returns the byte ranges of the verbs of speaking in s.
// A word scan: a regular expression of so many words costs far more.
func findSpeechVerbs(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if w := s[i:j]; speechVerbs[w] && (w != "pointed" || strings.HasPrefix(s[j:], " out")) {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

// adverbs may stand between a speaker's name and the verb: "Cde. Kim Il Sung also reported".
var adverbs = map[string]bool{
	"also": true, "then": true, "again": true, "further": true, "especially": true, "immediately": true,
	"firmly": true, "once": true, "later": true, "finally": true, "briefly": true, "again,": true,
}

// notSpeakers are labels that stand before a colon like a speaker's name.
var notSpeakers = map[string]bool{
	"Present": true, "Note": true, "Subject": true, "Copy": true, "Attachment": true, "Enclosure": true,
	"Re": true, "Source": true, "Distribution": true, "Translation": true, "Item": true, "Question": true,
	"Answer": true, "Agenda": true, "Summary": true, "Citation": true, "Contents": true, "Absent": true,
	"Participants": true, "Attendees": true, "Chair": true, "Place": true, "Date": true, "Time": true,
	"Location": true, "From": true, "To": true, "Secret": true, "Top Secret": true, "Urgent": true,
	// A telegram's header: "Control: 6596 Rec'd: June 18, 1953".
	"Control": true, "Rec'd": true, "Received": true, "Sent": true, "Action": true, "Info": true,
	"Repeated": true, "Priority": true, "Reference": true, "Ref": true, "Drafted": true,
	"Cleared": true, "Approved": true, "Classification": true,
	// A transcript's header: "Start: 14.05", "End: 14.50".
	"Start": true, "End": true, "Begun": true, "Ended": true, "Duration": true,
	// Headings in capitals that a full stop may follow: "MEMORANDUM. The".
	"Memorandum": true, "Telegram": true, "Resolution": true, "Excerpt": true, "Decree": true,
	"Draft": true, "Appendix": true, "Annex": true, "Protocol": true, "Minutes": true,
	"Record": true, "Report": true, "Information": true, "Directive": true, "Statement": true,
	"Communique": true, "Declaration": true, "Letter": true, "Cable": true, "Transcript": true,
	"Conclusion": true, "Introduction": true, "Notes": true, "Proposal": true, "Instructions": true,
}

// openers are capitalised words that open a sentence, not a name.
var openers = map[string]bool{
	"The": true, "A": true, "An": true, "This": true, "That": true, "These": true, "Those": true,
	"Our": true, "Their": true, "His": true, "Her": true, "We": true, "They": true, "He": true,
	"She": true, "It": true, "I": true, "You": true, "Then": true, "Further": true, "Next": true,
	"When": true, "If": true, "After": true, "Before": true, "While": true, "As": true, "Since": true,
	"Although": true, "Though": true, "But": true, "And": true, "So": true, "Because": true, "Upon": true,
	"During": true, "In": true, "At": true, "For": true, "By": true, "Of": true,
}

// findSpeakers attributes the sentences of a paragraph to the speakers the
// text names. A sentence that names no speaker continues the previous
// speaker within the paragraph; sentences before the first attribution
// have none. Nothing carries over from one paragraph to the next.
func findSpeakers(text string) []Speaker {
	out, _ := findSpeakersContext(context.Background(), text)
	return out
}

// findSpeakersContext is findSpeakers, given up between sentences when
// ctx is done.
func findSpeakersContext(ctx context.Context, text string) ([]Speaker, error) {
	speakers, _, err := speakersAndReported(ctx, text)
	return speakers, err
}

// speakersAndReported is findSpeakersContext, and in a paragraph of a
// transcript's turns the people each sentence says speak, whom the turn's
// speaker reports ("Kosygin suggested that ..."): they speak in no turn,
// but the text names them.
func speakersAndReported(ctx context.Context, text string) (speakers, reported []Speaker, err error) {
	spans := Sentences(text)
	at, name := -1, ""
	// A transcript's turn, "Mao Zedong: ..." or "Cde. Molotov—...",
	// holds the paragraph up to the next turn's label.
	if m := findLabelSpeaker(text); m != nil && !notSpeakers[m[1]] {
		at, name = 0, speakerIn(text)
	}
	// A page that lost its line breaks glues the first label to the
	// heading before it: "... Hanoi, 1 March 1965 Zhou Enlai: When ...".
	if name == "" && len(spans) > 0 {
		at, name = gluedLabel(text, spans[0])
	}
	if name == "" {
		speakers, err = sentenceSpeakers(ctx, text, spans)
		return speakers, nil, err
	}
	if speakers, err = turns(ctx, text, spans, at, name); err != nil {
		return nil, nil, err
	}
	reported, err = sentenceSpeakers(ctx, text, spans)
	return speakers, reported, err
}

// sentenceSpeakers attributes each sentence of text (spans) to the
// speaker it names, or to the previous sentence's speaker.
func sentenceSpeakers(ctx context.Context, text string, spans []Span) ([]Speaker, error) {
	var out []Speaker
	for i, s := range spans {
		if i%256 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		name := speakerIn(text[s.Start:s.End])
		if name == "" {
			if n := len(out); n > 0 {
				out[n-1].End = s.End
			}
			continue
		}
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].End = s.End
			continue
		}
		out = append(out, Speaker{Name: name, Start: s.Start, End: s.End})
	}
	return out, nil
}

// gluedLabelAt finds a speaker's label right after a year or a closing
// bracket, with a capital after its colon: where a heading ends and the
// first turn starts in a page that lost its line breaks.
var gluedLabelAt = regexp.MustCompile(`(?:\d{4}|[\])])\s+((?:Cde\.\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}):\s+["“A-Z]`)

// gluedLabel returns where in the first sentence of text a label glued
// to a heading starts, and the speaker it names; -1 and "" when there is
// none.
func gluedLabel(text string, first Span) (int, string) {
	sentence := text[first.Start:first.End]
	if strings.IndexByte(sentence, ':') < 0 {
		return -1, ""
	}
	m := gluedLabelAt.FindStringSubmatchIndex(sentence)
	if m == nil || notSpeakers[sentence[m[2]:m[3]]] {
		return -1, ""
	}
	at := first.Start + m[2]
	return at, speakerIn(text[at:])
}

// turns attributes text from at to the speaker of the turn that starts
// there, name, and to each later turn from the sentence (of spans) that
// opens with its label: within a turn, the people the speaker reports
// ("Kosygin suggested that ... I told him") do not take the turn over. A
// label of one word after the first is left unread, since a sentence may
// open with a word and a colon ("Second: ..."); "Cde. Molotov—" is two.
func turns(ctx context.Context, text string, spans []Span, at int, name string) ([]Speaker, error) {
	out := []Speaker{{Name: name, Start: at, End: len(text)}}
	for i, s := range spans {
		if i%256 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if s.Start <= at {
			continue
		}
		m := findLabelSpeaker(text[s.Start:s.End])
		if m == nil || notSpeakers[m[1]] || len(strings.Fields(m[1])) < 2 {
			continue
		}
		if next, cur := speakerIn(text[s.Start:s.End]), &out[len(out)-1]; next != "" && next != cur.Name {
			cur.End = s.Start
			out = append(out, Speaker{Name: next, Start: s.Start, End: len(text)})
		}
	}
	return out, nil
}

// speakerIn returns who a sentence says is speaking, or "".
func speakerIn(sentence string) string {
	if m := findLabelSpeaker(sentence); m != nil && !notSpeakers[m[1]] {
		label := strings.TrimPrefix(strings.TrimPrefix(m[1], "Cde. "), "Comrade ")
		if strings.IndexByte(label, '[') >= 0 {
			label = labelBrackets.Replace(labelNote.ReplaceAllString(label, ""))
		}
		if name := takeName(label + ":"); isSpeakerName(name) {
			return name
		}
		// Initials written together, as Soviet records often do: "N.S.
		// Khrushchev:", "A.I. Mikoyan:"; the label is kept as written.
		if spaced := splitInitials(label); spaced != label && takeName(spaced+":") == spaced && isSpeakerName(spaced) {
			return label
		}
		// A protocol's surname in capitals: "BREZHNEV. This question".
		if surnameInCapitals(label) && takeName(label+":") == label {
			return label
		}
		// A transcript's initials, "L.B.: Good day": roleSpeakers gives
		// them to the person of the document they abbreviate.
		if initialsLabel.MatchString(label) && strings.HasSuffix(m[0], ": ") && !lettersNoPerson[strings.NewReplacer(".", "", " ", "").Replace(label)] {
			return label
		}
	}
	for _, loc := range findSpeechVerbs(sentence) {
		// "Cde. Kim Il Sung (also) said": the name just before the verb,
		// unless a relative clause holds it: "He joked about the words
		// which Cde. N. S. Khrushchev expressed" is not Khrushchev's.
		before := tailOf(sentence[:loc[0]], wordsWindow)
		if strings.HasSuffix(strings.TrimSpace(before), "]") {
			// "Pak Seong-cheol [Pak Song Chol] said": the editor's other
			// spelling stands between the name and the verb.
			before = bracketedEnd.ReplaceAllString(before, " ")
		}
		// "The Ambassador said": a role, which roleSpeakers gives to the
		// one person of the document in that role.
		if role := roleBeforeVerb(before); role != "" {
			return role
		}
		if name := nameBeforeVerb(before); isSpeakerName(name) {
			if !inRelativeClause(before, name) {
				return name
			}
			continue
		}
		// ", said Kim Il Sung,": the name just after it.
		// "This meeting—said Cde. Gomulka—was": the dashes stand apart.
		after := strings.TrimSpace(sentence[loc[1]:])
		after = dashes.Replace(after[:min(len(after), nameWindow)])
		for _, h := range []string{"Cde. ", "Comrade ", "comrade "} {
			after = strings.TrimPrefix(after, h) // "We stand, continued comrade Stepakov, for"
		}
		if name := takeName(headOf(after, wordsWindow)); isSpeakerName(name) {
			rest := strings.TrimSpace(after[len(name):])
			if rest == "" || strings.IndexAny(rest, ",.;:—–") == 0 {
				return name
			}
		}
	}
	return ""
}

// bracketedEnd is the editor's bracket that ends a text.
var bracketedEnd = regexp.MustCompile(`\s*\[[^\[\]]{1,40}\]\s*$`)

// dashes sets a dash apart from the words it joins.
var dashes = strings.NewReplacer("—", " — ", "–", " – ")

// nameBefore reads the name that ends text, skipping adverbs, and stops at
// an honorific, a comma or a lower-case word.
func nameBefore(text string) string {
	return trimNameStart(namePartsBefore(text))
}

// nameBeforeVerb is nameBefore for the words before a verb of speaking,
// which may end with an aside (cutAside): before an aside a place may
// stand where a speaker would ("In Lindmar, however, said the envoy"), so
// a name there after a word that opens a sentence is none.
func nameBeforeVerb(text string) string {
	if cut := cutAside(text); cut != text {
		if parts := namePartsBefore(cut); len(parts) > 0 && !openers[parts[0]] {
			return trimNameStart(parts)
		}
		return ""
	}
	return nameBefore(text)
}

// namePartsBefore reads the words of the name that ends text, as
// nameBeforeIn does.
func namePartsBefore(text string) []string {
	// The words just before are read first, and more of them only when
	// the name and the adverbs before it may reach further back.
	for n := 64; ; n *= 8 {
		words, whole := endFields(text, n)
		if parts, sure := nameBeforeIn(words); sure || whole {
			return parts
		}
	}
}

// inRelativeClause reports whether the name that ends text stands after
// "which", "whom" or "whose" (and an honorific): the subject of a clause
// inside the sentence, not of the sentence.
func inRelativeClause(text, name string) bool {
	i := strings.LastIndex(text, name)
	if i < 0 {
		return false
	}
	words := strings.Fields(text[:i])
	for len(words) > 0 && endsWithHonorific(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return false
	}
	switch strings.ToLower(words[len(words)-1]) {
	case "which", "whom", "whose":
		return true
	}
	return false
}

// asides are the words a record sets between a speaker's name and the
// verb, between commas: "Zhou Enlai, in his turn, said that".
var asides = []string{
	", in his turn,", ", in her turn,", ", in their turn,", ", in turn,", ", for his part,",
	", for her part,", ", for its part,", ", in reply,", ", in response,", ", in return,",
	", however,", ", again,", ", once again,", ", moreover,", ", furthermore,",
}

// clauseAside is an aside that opens with a word in lower case, between
// commas, before a verb: ", turning to the Shah,", ", who had been
// silent,".
var clauseAside = regexp.MustCompile(`, [a-z][^,;:.!?]{0,60},$`)

// cutAside drops an aside that ends text, the words before a verb: "Zhou
// Enlai, in his turn," gives "Zhou Enlai", "K. Ye. Voroshilov, turning to
// the Shah," gives "K. Ye. Voroshilov".
func cutAside(text string) string {
	t := strings.TrimRight(text, " ")
	for _, a := range asides {
		if strings.HasSuffix(t, a) {
			return t[:len(t)-len(a)] + " "
		}
	}
	if loc := clauseAside.FindStringIndex(t); loc != nil {
		return t[:loc[0]] + " "
	}
	return text
}

// nameBeforeIn reads the words of the name that the words end with, and
// reports whether it stopped before their first word, so that words
// before those could not change it.
func nameBeforeIn(words []string) (parts []string, sure bool) {
	i := len(words)
	for i > 0 && adverbs[words[i-1]] {
		i--
	}
	for ; i > 0 && len(parts) < 4; i-- {
		w := words[i-1]
		if strings.HasSuffix(w, ",") || endsWithHonorific(w) || !isNameToken(w) && !joinedInitialsWord.MatchString(w) {
			break
		}
		parts = append([]string{w}, parts...)
	}
	return parts, i > 0
}

// trimNameStart drops the words that open a sentence or give a title from
// the start of a name read backwards, and the lone letter that is no
// initial.
func trimNameStart(parts []string) string {
	for len(parts) > 0 && (openers[parts[0]] || titles[parts[0]] || !strings.HasSuffix(parts[0], ".") && len(parts[0]) == 1) {
		parts = parts[1:]
	}
	return strings.Join(parts, " ")
}

// isSpeakerName rejects what only looks like a name: nothing, a lone
// acronym ("CPSU said") or a sentence-opening word ("The").
func isSpeakerName(name string) bool {
	if name == "" {
		return false
	}
	f := strings.Fields(name)
	if len(f) == 1 && (strings.ToUpper(f[0]) == f[0] || notNames[f[0]]) || openers[f[0]] || isListLabel(name) {
		return false // "CPSU said", "The", "Those Taking Part:"
	}
	last := f[len(f)-1]
	// A surname may come before its initials, as Russian records write
	// it: "Stepakov V.I. replied".
	return !strings.HasSuffix(last, ".") || len(f) > 1 && joinedInitialsWord.MatchString(last) && !strings.HasSuffix(f[len(f)-2], ".")
}

// carrySpeakerLabels gives a transcript's turns to their speakers across
// paragraphs: after a label that stands alone on its own line ("Odo
// Halvar:" and then the speech), or a paragraph that opens with its label
// ("Zhou: Things do change after all." and then "Tokyo is very quick to
// catch the news."), or a paragraph whose speaker ends it with a colon
// ("Cde. Kim Il Sung said the following:"), every following paragraph, up
// to the next label or the next paragraph that opens by naming its own
// speaker, is the turn's, as the rest of a labelled paragraph is (see
// turns): the people the speaker reports do not take it over. A footnote
// ("[1] ...") ends the turn. It stops with ctx's error when ctx is done.
func carrySpeakerLabels(ctx context.Context, paras []Paragraph) error {
	current := ""
	for i := range paras {
		text := strings.TrimSpace(paras[i].Text)
		if name := labelAlone(text); name != "" {
			current = name
			continue
		}
		switch sp := paras[i].Speakers; {
		case len(sp) > 0 && sp[0].Start == 0:
			// A turn of its own: the label's turn is over, and one that
			// opens with its label goes on after it.
			current = ""
			if m := findLabelSpeaker(text); m != nil && !notSpeakers[m[1]] || opensWithSurnameLabel(text, sp[0].Name) {
				current = sp[len(sp)-1].Name
			}
		case footnote.MatchString(text):
			current = ""
		case current != "":
			turn, err := turns(ctx, paras[i].Text, Sentences(paras[i].Text), 0, current)
			if err != nil {
				return err
			}
			paras[i].Speakers = turn
			current = turn[len(turn)-1].Name
		}
		// "... K. Ye. Voroshilov, turning to the Shah, asks:" and then the
		// question: the speech follows the colon.
		if sp := paras[i].Speakers; len(sp) > 0 && strings.HasSuffix(text, ":") && sp[len(sp)-1].End >= len(strings.TrimRight(paras[i].Text, " ")) {
			current = sp[len(sp)-1].Name
		}
	}
	return nil
}

// surnameLabel opens a turn whose label is a surname alone and a full
// stop: "Nasser. We thank the Soviet leaders ...".
var surnameLabel = regexp.MustCompile(`^([A-Z][a-z'’-]+)\.\s+["“A-Z]`)

// opensWithSurnameLabel reports whether text opens with name as a label
// of one word and a full stop, as surnameTurns reads them: "Nasser. We".
func opensWithSurnameLabel(text, name string) bool {
	m := surnameLabel.FindStringSubmatch(text)
	return m != nil && m[1] == name
}

// surnameTurns gives the turns whose label is one word and a full stop
// to their speakers. Any word may open a sentence so ("Yes. We agree"),
// so the label is read only when it is the surname of a person the
// document names (people, as derive read them) or a word of its title
// ("Shah. In my opinion", in a record of talks "with the Shah of Iran"),
// and only in a paragraph that no speaker opens. It stops with ctx's
// error when ctx is done.
func surnameTurns(ctx context.Context, paras []Paragraph, people []Mention, title string) error {
	var surnames map[string]bool // made when a paragraph first opens so
	for i := range paras {
		p := &paras[i]
		if len(p.Speakers) > 0 && p.Speakers[0].Start == 0 {
			continue
		}
		m := surnameLabel.FindStringSubmatch(p.Text)
		if m == nil || notSpeakers[m[1]] || abbreviations[strings.ToLower(m[1])] {
			continue // "Cde. Vasko said" opens with an honorific, no label
		}
		if surnames == nil {
			surnames = surnamesOf(people, title)
		}
		if !surnames[strings.ToLower(m[1])] {
			continue
		}
		speakers, err := turns(ctx, p.Text, Sentences(p.Text), 0, m[1])
		if err != nil {
			return err
		}
		p.Speakers = speakers
	}
	return nil
}

// surnamesOf are the words a label of one word may be (surnameTurns),
// in lower case: the surnames of people, and the capitalised words of
// title.
func surnamesOf(people []Mention, title string) map[string]bool {
	surnames := map[string]bool{}
	for _, m := range people {
		s := Surname(m.Name)
		if s == "" && !strings.Contains(m.Name, " ") {
			s = m.Name
		}
		if s != "" {
			surnames[strings.ToLower(s)] = true
		}
	}
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' }) {
		if len(w) >= 3 && isUpper(w[0]) && !openers[w] && !notSpeakers[w] {
			surnames[strings.ToLower(w)] = true
		}
	}
	return surnames
}

// footnote opens an editor's footnote: "[1] A Vietnamese ...", "(2) See".
var footnote = regexp.MustCompile(`^[\[(]\d{1,3}[\])]`)

// labelAlone returns the speaker of a paragraph that is only a speaker's
// label, "Odo Halvar:", or "".
func labelAlone(text string) string {
	if !strings.HasSuffix(text, ":") || strings.Count(text, ":") != 1 {
		return ""
	}
	m := findColonSpeaker(text + " ")
	if m == nil || len(m[0]) != len(text)+1 || notSpeakers[m[1]] {
		return ""
	}
	return speakerIn(text + " ")
}

// roleSubject is a role with its article that ends the words before a
// verb of speaking: "The Ambassador", "the Korean Ambassador", "the Prime
// Minister". Its last word must be a role noun (roleBeforeVerb checks).
var roleSubject = regexp.MustCompile(`(?:^|[\s,;(])((?:The|the)\s+(?:[A-Z][\w'’-]*\s+){0,2}([A-Z][a-z]+))\s*$`)

// roleBeforeVerb returns the role that ends text, or "".
func roleBeforeVerb(text string) string {
	m := roleSubject.FindStringSubmatch(text)
	if m == nil || !roleNouns[strings.ToLower(m[2])] {
		return ""
	}
	return m[1]
}

// isRoleSpeaker reports whether a speaker's name is a role roleBeforeVerb
// read ("The Ambassador") or a label of initials ("L.B.").
func isRoleSpeaker(name string) bool {
	return strings.HasPrefix(name, "The ") || strings.HasPrefix(name, "the ") || initialsLabel.MatchString(name)
}

// initialsLabel is a transcript's label of initials only, the given name's
// and the surname's: "L.B.", "A.D.", "L. I. B.".
var initialsLabel = regexp.MustCompile(`^(?:\p{Lu}\.\s?){2,3}$`)

// lettersNoPerson are letters with full stops that stand for a country
// or a note, not a person's initials: a delegation's "U.S.:", "P.S.:".
var lettersNoPerson = map[string]bool{"US": true, "USA": true, "UK": true, "UN": true, "PS": true, "NB": true, "EU": true}

// personOfInitials returns the name of the one person of people whose
// initials a label of initials gives ("L.B." for "L. I. Brezhnev" or
// "Leonid Brezhnev": the first and the last, or every one), or "".
func personOfInitials(label string, people []Mention) string {
	var letters []rune
	for _, r := range label {
		if unicode.IsUpper(r) {
			letters = append(letters, r)
		}
	}
	name, _ := onePerson(people, func(m Mention) bool {
		words := strings.Fields(splitInitials(m.Name))
		if len(words) < 2 {
			return false
		}
		var all []rune
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			all = append(all, unicode.ToUpper(r))
		}
		return slices.Equal(letters, all) || slices.Equal(letters, []rune{all[0], all[len(all)-1]})
	})
	return name
}

// roleSpeakers gives the sentences whose speaker is a role ("The
// Ambassador said") to the one person the document names in that role
// (people, as derive read them: "Ambassador John M. Chang", "the Indian
// Ambassador to the Soviet Union K. Menon"). When several people hold a
// role of that noun, the role's other words choose among them ("the Prime
// Minister", "the Korean Ambassador"). A label of initials ("L.B.") is
// given to the one person with those initials. A role or label nobody or
// more than one person fits is no speaker: its sentences stay with the
// speaker before them, as any sentence that names none.
func roleSpeakers(paras []Paragraph, people []Mention) {
	for i := range paras {
		sp := paras[i].Speakers
		if !slices.ContainsFunc(sp, func(s Speaker) bool { return isRoleSpeaker(s.Name) }) {
			continue
		}
		var out []Speaker
		for _, s := range sp {
			switch {
			case initialsLabel.MatchString(s.Name):
				s.Name = personOfInitials(s.Name, people)
			case isRoleSpeaker(s.Name):
				s.Name = personInRole(s.Name, people)
			}
			switch n := len(out); {
			case s.Name == "" && n == 0:
				continue
			case s.Name == "" || n > 0 && out[n-1].Name == s.Name && out[n-1].End == s.Start:
				out[n-1].End = s.End
				continue
			}
			out = append(out, s)
		}
		paras[i].Speakers = out
	}
}

// personInRole returns the name of the one person of people whose role
// holds role's noun (and, among several, its other words), or "".
func personInRole(role string, people []Mention) string {
	words := strings.Fields(role)[1:]
	holds := func(need []string) func(Mention) bool {
		return func(m Mention) bool {
			return m.Role != "" && !slices.ContainsFunc(need, func(w string) bool { return !hasWordFold(m.Role, w) })
		}
	}
	name, ok := onePerson(people, holds(words[len(words)-1:]))
	if !ok && len(words) > 1 {
		name, _ = onePerson(people, holds(words))
	}
	return name
}

// onePerson returns the name of the one person of people that match,
// people being told apart by their surnames: a spelling in mixed case
// rather than one in capitals ("K. Menon", not "K. MENON"). ok is false,
// and name "", when more than one person matches; name is "" too when
// nobody does.
func onePerson(people []Mention, match func(Mention) bool) (name string, ok bool) {
	key := ""
	for _, m := range people {
		if !match(m) {
			continue
		}
		k := RomanKey(Surname(m.Name))
		if k == "" {
			k = NameKey(m.Name)
		}
		switch {
		case key == "":
			name, key = m.Name, k
		case k != key:
			return "", false
		case strings.ToUpper(name) == name && strings.ToUpper(m.Name) != m.Name:
			name = m.Name
		}
	}
	return name, true
}

// hasWordFold reports whether text holds word as a whole word, ignoring case.
func hasWordFold(text, word string) bool {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if strings.EqualFold(f, word) {
			return true
		}
	}
	return false
}
