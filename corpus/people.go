package corpus

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

var (
	// honorific introduces a person's name in records of conversation.
	honorific = regexp.MustCompile(`\b(?:Cde\.|Cdes\.|Comrade|Mr\.|Mrs\.|Ms\.|Dr\.)\s+`)
	// letterSpaced is a name typed with spaces between its letters: "S H T Y K O V".
	letterSpaced = regexp.MustCompile(`\b(?:[A-Z] ){3,}[A-Z]\b`)
	// surnameFirst is a capitalised surname before initials: "PUZANOV A. M.".
	surnameFirst = regexp.MustCompile(`\b([A-Z][A-Z'-]{2,}),? ((?:[A-Z]\.\s?){1,3})`)
	// gloss is a name the editor identifies in brackets: "Filippov [Stalin]".
	gloss = regexp.MustCompile(`\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) \[([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\]`)
	// nameToken is one word of a name: an initial, a capitalised word
	// (hyphenated parts allowed) or an all-capitals word.
	nameToken = regexp.MustCompile(`^(?:[A-Z]\.|[A-Z]'?[a-z]+(?:-[A-Za-z]'?[a-z]*)*|[A-Z]{2,}(?:-[A-Z]+)*)$`)
	// diaryOf names the keeper of a diary or journal: "from the journal of A. M. PUZANOV".
	diaryOf = regexp.MustCompile(`(?i:from the (?:diary|journal) of) ((?:[A-Z]\. ?){1,3}[A-Z][A-Za-z'-]+)`)
	// signatureLine is a signature: "[signature] (A. PUZANOV)" or "(A. PUZANOV)".
	signatureLine = regexp.MustCompile(`^(?:\[signature\]\s*)?\(([A-Z][A-Za-z.'\- ]{1,60})\)$`)
	// distributionLine is an entry of a distribution list: "1 - Cde. Gromyko".
	distributionLine = regexp.MustCompile(`^\d{1,2}\s*[-–—.]\s*(?:Cde\.|Comrade)\s+(.+?)\.?$`)
)

// roleNouns are the words that make a phrase before a name a role
// ("CPC CC Politburo member Cde. Peng Dehuai").
var roleNouns = map[string]bool{
	"member": true, "secretary": true, "chairman": true, "ambassador": true, "minister": true,
	"premier": true, "president": true, "leader": true, "general": true, "marshal": true,
	"consul": true, "counselor": true, "counsellor": true, "attaché": true, "attache": true,
	"head": true, "chief": true, "director": true, "deputy": true, "representative": true,
	"envoy": true, "commander": true, "official": true, "delegate": true, "adviser": true,
	"advisor": true, "chargé": true, "charge": true, "officer": true, "interpreter": true,
	"correspondent": true, "colonel": true, "captain": true, "lieutenant": true, "admiral": true,
	"vice-chairman": true, "vice-premier": true, "vice-president": true, "spokesman": true,
}

// notNames are capitalised words that follow a title without naming a
// person: "General Secretariat", "Minister of".
var notNames = map[string]bool{
	"Secretariat": true, "Staff": true, "Assembly": true, "Committee": true, "Council": true,
	"Department": true, "Ministry": true, "Party": true, "Government": true, "Army": true,
	"Republic": true, "Office": true, "Headquarters": true, "Directorate": true, "Bureau": true,
	"Consulate": true, "Embassy": true, "Secretary": true, "Affairs": true, "Command": true,
}

// imperatives open instructions in telegrams, before a title: "Inform Minister Vrell".
var imperatives = map[string]bool{
	"Inform": true, "Tell": true, "Ask": true, "Invite": true, "Send": true, "Request": true,
	"Instruct": true, "Notify": true, "Thank": true, "Congratulate": true, "Please": true,
	"Forward": true, "Advise": true, "Warn": true, "Remind": true, "Brief": true,
}

// roleWords may stand inside a role phrase besides capitalised words.
var roleWords = map[string]bool{"of": true, "the": true, "for": true}

// derive fills in what can be read off the text: people and dates.
func derive(doc *Document) {
	var people []Mention
	for i, p := range doc.Paragraphs {
		doc.Paragraphs[i].Speakers = findSpeakers(p.Text)
		if m := signatureLine.FindStringSubmatch(p.Text); m != nil {
			role := ""
			if i > 0 && isRoleLine(doc.Paragraphs[i-1].Text) {
				role = doc.Paragraphs[i-1].Text
			}
			people = append(people, Mention{Name: strings.TrimSpace(m[1]), Role: role, Where: InSignature, Paragraph: p.N})
			continue
		}
		if m := distributionLine.FindStringSubmatch(p.Text); m != nil && isName(m[1]) {
			people = append(people, Mention{Name: m[1], Where: InDistribution, Paragraph: p.N})
			continue
		}
		found := namesIn(p.Text, InBody, p.N)
		// A speaker the text names without an honorific ("Ri Tae Son: ...").
		for _, sp := range doc.Paragraphs[i].Speakers {
			if !slices.ContainsFunc(found, func(m Mention) bool { return m.Name == sp.Name }) {
				found = append(found, Mention{Name: sp.Name, Where: InBody, Paragraph: p.N})
			}
		}
		people = append(people, found...)
	}
	// Names already known from the body, where the title and summary repeat them.
	var known []string
	for _, m := range people {
		if !slices.Contains(known, m.Name) {
			known = append(known, m.Name)
		}
	}
	for _, part := range []struct {
		text  string
		where Where
	}{{doc.Title, InTitle}, {doc.Summary, InSummary}} {
		found := namesIn(part.text, part.where, 0)
		people = append(people, found...)
		for _, name := range known {
			written := findKnown(part.text, name)
			if written != "" && !slices.ContainsFunc(found, func(m Mention) bool { return indexWord(m.Name, written) >= 0 }) {
				found = append(found, Mention{Name: written, Where: part.where})
				people = append(people, found[len(found)-1])
			}
		}
	}
	doc.People = dedupe(people)
}

// findKnown finds a name the body gives in a title or summary, ignoring
// case, and returns it as written there. A name the body gives with
// initials ("A. PUZANOV") is found by its surname with whatever initials
// stand before it ("A. M. Puzanov").
func findKnown(text, name string) string {
	lower := strings.ToLower(text) // ASCII case folding keeps byte offsets
	if len(lower) != len(text) {
		return ""
	}
	if i := indexWord(lower, strings.ToLower(name)); i >= 0 {
		return text[i : i+len(name)]
	}
	s := shapeOf(name)
	if s.kind != shapeInitials {
		return ""
	}
	f := strings.Fields(name)
	surname := strings.ToLower(f[len(f)-1])
	if strings.HasSuffix(surname, ".") {
		surname = strings.ToLower(f[0]) // "PUZANOV A. M."
	}
	i := indexWord(lower, surname)
	if i < 0 {
		return ""
	}
	start := i
	for _, m := range initialsBefore.FindAllStringIndex(text[:i], -1) {
		if m[1] == i {
			start = m[0]
		}
	}
	return text[start : i+len(surname)]
}

// initialsBefore is a run of initials that may precede a surname: "A. M. ".
var initialsBefore = regexp.MustCompile(`(?:[A-Z]\. ?)+`)

// indexWord finds word in text where it stands as a whole word.
func indexWord(text, word string) int {
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 || word == "" {
			return -1
		}
		i += from
		end := i + len(word)
		before := i == 0 || !isWordByte(text[i-1])
		after := end == len(text) || !isWordByte(text[end])
		if before && after {
			return i
		}
		from = i + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// namesIn finds the names a text gives: after an honorific ("Cde."), with
// the role phrase before it; after a title ("President"), which is part of
// the role; letter-spaced and surname-first names; and names the editor
// glosses ("Filippov [Stalin]").
func namesIn(text string, where Where, paragraph int) []Mention {
	var out []Mention
	add := func(m Mention) {
		m.Where, m.Paragraph = where, paragraph
		out = append(out, m)
	}
	// One scan of the words finds honorifics and titles: regular
	// expressions of many alternatives cost far more.
	for i := 0; i < len(text); {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		j := i
		for j < len(text) && text[j] != ' ' {
			j++
		}
		word, rest := text[i:j], strings.TrimLeft(text[j:], " ")
		switch {
		case honorifics[word] && (i == 0 || !isWordByte(text[i-1])):
			if name := takeName(rest); name != "" {
				add(Mention{Name: name, Role: rolePhrase(text[:i])})
			}
		case titles[word]:
			if name := takeName(rest); name != "" && !notNames[strings.Fields(name)[0]] {
				add(Mention{Name: name, Role: rolePhrase(text[:j])})
			}
		}
		i = j
	}
	if hasSpacedLetters(text) {
		for _, s := range letterSpaced.FindAllString(text, -1) {
			add(Mention{Name: s})
		}
	}
	for _, m := range surnameFirst.FindAllStringSubmatch(text, -1) {
		add(Mention{Name: strings.TrimSpace(m[0])})
	}
	if strings.Contains(text, " of ") {
		for _, m := range diaryOf.FindAllStringSubmatch(text, -1) {
			add(Mention{Name: m[1]})
		}
	}
	if strings.Contains(text, " [") {
		for _, m := range gloss.FindAllStringSubmatch(text, -1) {
			add(Mention{Name: m[1], Alias: m[2]})
		}
	}
	return out
}

// honorifics and titles introduce names; a title is part of the role.
var (
	honorifics = map[string]bool{"Cde.": true, "Cdes.": true, "Comrade": true, "Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true}
	titles     = map[string]bool{
		"Ambassador": true, "Chairman": true, "Premier": true, "President": true, "Marshal": true, "General": true,
		"Minister": true, "Secretary": true, "Counselor": true, "Counsellor": true, "Consul": true, "Colonel": true,
		"Captain": true, "Admiral": true, "Vice-Premier": true,
	}
)

// hasSpacedLetters reports whether text may hold a letter-spaced name: a
// capital, a space and a capital, twice over.
func hasSpacedLetters(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if isUpper(text[i]) && text[i+1] == ' ' && isUpper(text[i+2]) && text[i+3] == ' ' {
			return true
		}
	}
	return false
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// takeName reads up to four name tokens from the start of s.
func takeName(s string) string {
	var parts []string
	fields := strings.Fields(s)
	skip := false
	for i, f := range fields {
		if skip {
			skip = false
			continue
		}
		if len(parts) == 4 || honorific.MatchString(f+" ") {
			break
		}
		if strings.HasSuffix(f, "-") && i+1 < len(fields) && isLowerWord(fields[i+1]) {
			// A stray space from text extraction: "Pak Heon- yeong".
			f += " " + fields[i+1]
			skip = true
		}
		w := strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
		stop := w != f // a possessive ends the name
		trimmed := strings.TrimRight(w, ",;:!?\")”]")
		if trimmed != w {
			stop = true
		}
		w = trimmed
		if strings.HasSuffix(w, ".") && !nameToken.MatchString(w) {
			w, stop = strings.TrimSuffix(w, "."), true // end of sentence
		}
		if !nameToken.MatchString(strings.Replace(w, "- ", "-", 1)) {
			break
		}
		parts = append(parts, w)
		if stop {
			break
		}
	}
	// A name does not end with an initial.
	for len(parts) > 0 && strings.HasSuffix(parts[len(parts)-1], ".") {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, " ")
}

// isLowerWord reports whether w is a lower-case word: the rest of a name
// split by a stray space.
func isLowerWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// rolePhrase takes the role words that end before, e.g. "by CPC CC
// Politburo member " gives "CPC CC Politburo member". It returns "" unless
// the phrase holds a role noun.
func rolePhrase(before string) string {
	words := strings.Fields(before)
	start := len(words)
	for start > 0 {
		w := words[start-1]
		if strings.ContainsAny(strings.TrimSuffix(w, "."), ",;:.()[]\"") || honorific.MatchString(w+" ") {
			break
		}
		if strings.HasSuffix(w, ".") && !isAbbreviation(w[:len(w)-1]) || openers[w] || w == "Dear" {
			break // the end of the previous sentence, or its opening word
		}
		lw := strings.ToLower(w)
		r := []rune(w)
		if roleNouns[lw] || roleWords[lw] || unicode.IsUpper(r[0]) {
			start--
			continue
		}
		break
	}
	// Trim leading joining words ("of the") and an imperative that opens
	// the sentence ("Inform Minister Vrell").
	for start < len(words) && (roleWords[strings.ToLower(words[start])] || imperatives[words[start]]) {
		start++
	}
	phrase := words[start:]
	for _, w := range phrase {
		if roleNouns[strings.ToLower(w)] {
			return strings.Join(phrase, " ")
		}
	}
	return ""
}

func isName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 4 {
		return false
	}
	for _, w := range f {
		if !nameToken.MatchString(w) {
			return false
		}
	}
	return true
}

// isRoleLine reports whether a paragraph above a signature names the
// signer's office: a line in capitals ("SOVIET AMBASSADOR IN THE DPRK"), or
// a short line with a role noun and no full stop ("Minister of Trade").
func isRoleLine(s string) bool {
	if isAllCapsLine(s) {
		return true
	}
	if len(s) > 100 || strings.ContainsAny(s, ".!?") {
		return false
	}
	for _, w := range strings.Fields(s) {
		if roleNouns[strings.ToLower(strings.Trim(w, ","))] {
			return true
		}
	}
	return false
}

func isAllCapsLine(s string) bool {
	hasLetter := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		hasLetter = hasLetter || unicode.IsLetter(r)
	}
	return hasLetter && len(s) <= 120
}

func dedupe(ms []Mention) []Mention {
	seen := map[Mention]bool{}
	out := ms[:0]
	for _, m := range ms {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// NameKey is the form of a name that ignores case, hyphens, full stops,
// apostrophes and spacing, and the Korean romanisations' "eo"/"o" and
// "eu"/"u", so "Kim Il-sung", "Kim Ilsung", "KIM IL SUNG", "Pak Heon- yeong"
// and "Pak Hon Yong" each share a key with their variants. Different
// names keep different keys: "Kim Il" is not "Kim Il Sung".
func NameKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	k = strings.ReplaceAll(k, "eo", "o")
	k = strings.ReplaceAll(k, "eu", "u")
	return k
}
