package corpus

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

var (
	// honorific introduces a person's name in records of conversation.
	honorific = regexp.MustCompile(`\b(?:Cde\.|Cdes\.|Comrade|Mr\.|Mrs\.|Ms\.|Dr\.)\s+`)
	// letterSpaced is a name typed with spaces between its letters: "S H T Y K O V".
	letterSpaced = regexp.MustCompile(`\b(?:[A-Z] ){3,}[A-Z]\b`)
	// surnameFirst is a capitalised surname before initials: "PUZANOV A. M.".
	surnameFirst = regexp.MustCompile(`\b([A-Z][A-Z'-]{2,}),? ((?:[A-Z]\.\s?){1,3})`)
	// gloss is a name the editor identifies in brackets: "Filippov [Stalin]".
	// A word may have a hyphenated part: "Kim Tae-hui [Kim Thae Hui]".
	gloss = regexp.MustCompile(`\b([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)?) \[([A-Z][a-z]+(?:(?: [A-Z]|-[A-Za-z])[a-z]+){0,2})\]`)
	// nameToken is one word of a name: an initial, a capitalised word
	// (hyphenated parts allowed) or an all-capitals word.
	nameToken = regexp.MustCompile(`^(?:[A-Z]\.|(?:Y[aeou]|[CKSZ]h)\.|[A-Z]'?[a-z]+(?:['’][a-z]{2,})?(?:-[A-Za-z]'?[a-z]*)*|[A-Z]{2,}(?:['’-][A-Z]+)*)$`)
	// diaryOf names the keeper of a diary or journal: "from the journal of A. M. PUZANOV".
	diaryOf = regexp.MustCompile(`(?i:from the (?:diary|journal) of) ((?:[A-Z]\. ?){1,3}[A-Z][A-Za-z'-]+)`)
	// signatureLine is a signature: "[signature] (A. PUZANOV)" or "(A. PUZANOV)".
	signatureLine = regexp.MustCompile(`^(\[signature\]\s*)?\(([A-Z][A-Za-z.'\- ]{1,60})\)$`)
	// initialsName is a surname after initials, anywhere: "V. S. Fedenov",
	// "A.N. Dobrev", "K. Ye. Orlin", "A. I. MARSEK".
	initialsName = regexp.MustCompile(`\b((?:(?:[A-Z]|Y[aeouAEOU]|[CKSZ][hH])\. ?){1,3})([A-Z][A-Za-z’'-]*[A-Za-z])(?: ([A-Z][A-Za-z’'-]*[A-Za-z]))?`)
	// listLabel opens a list of people: "Those Taking Part:", "Present
	// from the Soviet side:", "Distribution:".
	listLabel = regexp.MustCompile(`(?m)(?:^|[.)]\s+)([A-Z][a-z]+(?:[ -][A-Za-z]+){0,5}):\s+([^\n]+)`)
	// givenCaps is a given name in capitals and lower case before a surname
	// in capitals, as records of conversation write names: "Fidel CASTRO",
	// "Carlos Rafael RODRIGUEZ", "Oswaldo DORTICOS TORRADO".
	givenCaps = regexp.MustCompile(`\b((?:[A-Z][a-z]+ ){1,2}([A-Z]{3,})(?: [A-Z]{3,})?)\b`)
	// bracketGiven is a given name (and role) the editor supplies before a
	// surname: "[Nikolai] Baibakov", "[Marshal Viktor] Kulikov".
	bracketGiven = regexp.MustCompile(`\[([^\[\]]{0,80}?)\b([A-Z][a-z]+)\] ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b`)
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
	"senator": true, "governor": true, "mayor": true, "prince": true, "king": true, "queen": true, "shah": true,
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
var roleWords = map[string]bool{"of": true, "the": true, "for": true, "to": true, "in": true}

// docWords name a kind of record or a relation in a title: a role phrase
// does not reach back over them ("Record of Premier Zhou" has the role
// "Premier").
var docWords = map[string]bool{
	"Record": true, "Memorandum": true, "Minutes": true, "Letter": true, "Telegram": true, "Report": true,
	"Note": true, "Notes": true, "Conversation": true, "Talk": true, "Talks": true, "Discussion": true,
	"Discussions": true, "Transcript": true, "Protocol": true, "Journal": true, "Diary": true,
	"Information": true, "Excerpt": true, "From": true, "Between": true, "With": true, "About": true,
	"Regarding": true, "On": true, "And": true, "Meeting": true, "Cable": true, "Message": true,
}

// commonWords are words that are never a word of a person's name: the
// words of labels, headings and records, and nationalities ("Those Taking
// Part", "TOP SECRET", "Working Notes", "Soviet Union").
var commonWords = map[string]bool{
	"the": true, "and": true, "between": true, "with": true, "from": true, "of": true, "to": true, "by": true,
	"in": true, "on": true, "for": true, "at": true, "secret": true, "top": true, "copy": true, "copies": true,
	"record": true, "records": true, "protocol": true, "conversation": true, "memorandum": true, "minutes": true,
	"notes": true, "note": true, "working": true, "letter": true, "telegram": true, "report": true,
	"information": true, "part": true, "taking": true, "those": true, "these": true, "present": true,
	"translator": true, "translation": true, "control": true, "center": true, "centre": true, "nation": true,
	"meeting": true, "session": true, "talk": true, "talks": true, "discussion": true, "discussions": true,
	"transcript": true, "journal": true, "diary": true, "excerpt": true, "summary": true, "citation": true,
	"contents": true, "urgent": true, "confidential": true, "distribution": true, "file": true,
	"attachment": true, "enclosure": true, "annex": true, "appendix": true, "item": true, "point": true,
	"agenda": true, "subject": true, "reference": true, "date": true, "time": true, "place": true,
	"source": true, "signature": true, "stamp": true, "page": true, "number": true, "document": true,
	"archive": true, "collection": true, "strictly": true, "personal": true, "also": true, "comrades": true,
	"comrade": true, "delegation": true, "embassy": true, "ministry": true, "union": true, "united": true,
	"states": true, "nations": true, "central": true, "politburo": true, "presidium": true, "treaty": true,
	"soviet": true, "chinese": true, "polish": true, "korean": true, "american": true, "british": true,
	"french": true, "german": true, "cuban": true, "indian": true, "hungarian": true, "yugoslav": true,
	"vietnamese": true, "japanese": true, "ethiopian": true, "egyptian": true, "iranian": true, "arab": true,
	"socialist": true, "communist": true, "democratic": true, "people's": true, "peoples": true,
	"his": true, "her": true, "their": true, "our": true, "your": true, "majesty": true, "excellency": true,
	"highness": true, "sir": true, "madam": true, "dear": true, "side": true, "original": true,
	"dialogue": true, "briefing": true, "cde": true, "cdes": true, "north": true, "south": true,
	"east": true, "west": true, "western": true, "eastern": true, "northern": true, "southern": true,
}

// nameParticles may stand in lower case inside a name: "Charles de Gaulle".
var nameParticles = map[string]bool{
	"de": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "du": true,
	"da": true, "dos": true, "di": true, "bin": true, "ibn": true, "al": true, "el": true,
}

// acronyms are runs of initials that spell an organisation or a country,
// not a person: "U.S. Army", "U.A.R. President".
var acronyms = map[string]bool{
	"US": true, "USA": true, "UN": true, "UK": true, "UAR": true, "USSR": true, "DC": true,
	"GDR": true, "FRG": true, "PRC": true, "DPRK": true, "ROK": true, "SED": true, "CC": true,
	"NB": true, "PS": true, "II": true, "III": true, "IV": true, "VI": true, "RSFSR": true, "CSSR": true,
}

// isListOpen reports whether text goes on with initials, as the next
// name of a list does.
func isListOpen(text string) bool {
	f := firstFields(text, 1)
	return len(f) > 0 && isInitial(f[0])
}

// hasInitial reports whether text may hold an initial: a capital, or a
// capital and a small letter, then a full stop, at the start of a word.
func hasInitial(text string) bool {
	for i := 1; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		j := i - 1
		if j > 0 && text[j] >= 'a' && text[j] <= 'z' {
			j--
		}
		if isUpper(text[j]) && (j == 0 || !isWordByte(text[j-1])) {
			return true
		}
	}
	return false
}

// hasCapsWord reports whether text has a word of three capitals.
func hasCapsWord(text string) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		if isUpper(text[i]) {
			run++
			if run == 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isAcronym reports whether a run of initials ("U.S. ") spells an acronym.
func isAcronym(initials string) bool {
	var b strings.Builder
	for _, r := range initials {
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return acronyms[b.String()]
}

// isNameWord reports whether w can be a word of a person's name: a
// capitalised or all-capitals word that is not a title, an office, a
// heading or another common word, nor an acronym without vowels ("DPRK").
func isNameWord(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	if !isNameToken(w) || strings.HasSuffix(w, ".") {
		return false
	}
	lw := strings.ToLower(w)
	title := strings.ToUpper(lw[:1]) + lw[1:]
	if commonWords[lw] || roleNouns[lw] || titles[title] || notNames[title] || openers[title] || docWords[title] || imperatives[title] {
		return false
	}
	if strings.ToUpper(w) == w && !strings.ContainsAny(w, "AEIOUY") {
		return false
	}
	return true
}

// joinedInitialsWord is a run of initials written as one word: "B.N.".
var joinedInitialsWord = regexp.MustCompile(`^(?:[A-Z]\.){1,3}$`)

// IsName reports whether text may be a person's name as a user types it:
// false when every word is a title, an office, a heading or a common word
// ("Ambassador", "Prime Minister", "those taking part"), true otherwise.
func IsName(text string) bool {
	for _, w := range strings.Fields(text) {
		lw := strings.ToLower(strings.Trim(w, ".,;:!?"))
		if lw == "" {
			continue
		}
		tw := strings.ToUpper(lw[:1]) + lw[1:]
		if !(commonWords[lw] || roleNouns[lw] || titleModifiers[lw] || titles[tw] || notNames[tw] || openers[tw] || docWords[tw] || honorifics[tw+"."] || honorifics[tw] || nameParticles[lw]) {
			return true
		}
	}
	return false
}

// IsTitleWord reports whether a word a user types before a name is a
// title, an office or an honorific rather than part of the name:
// "Marshal", "Comrade", "Cde.", "Prime" and "Minister" in "Prime Minister
// Nehru".
func IsTitleWord(w string) bool {
	w = strings.TrimRight(w, ",:")
	lw := strings.ToLower(w)
	if lw == "" {
		return false
	}
	tw := strings.ToUpper(lw[:1]) + lw[1:]
	return honorifics[tw] || honorifics[tw+"."] || titles[tw] || roleNouns[lw] || titleModifiers[lw]
}

// titleModifiers are the words of an office before its noun: "Prime
// Minister", "Foreign Minister", "First Secretary", "Vice President".
var titleModifiers = map[string]bool{
	"prime": true, "foreign": true, "first": true, "vice": true, "defense": true, "defence": true,
	"party": true, "state": true, "soviet": true, "chinese": true, "american": true,
}

// isPersonName reports whether a name as read can be a person's: one to
// five words, each an initial, a lower-case particle or a name word, with
// at least one name word. Titles, offices, headings and common nouns are
// never names: "Ambassador", "Those Taking Part", "DPRK A.M.".
func isPersonName(name string) bool {
	if s := findSpacedLetters(name); s != "" && len(s) == len(name) {
		return isNameWord(strings.ReplaceAll(name, " ", "")) // "S H T Y K O V"
	}
	f := strings.Fields(strings.ReplaceAll(name, "- ", "-")) // "Pak Heon- yeong"
	if len(f) == 0 || len(f) > 5 || openers[f[0]] {
		return false
	}
	words := 0
	for i, w := range f {
		switch {
		case isInitial(w) || joinedInitialsWord.MatchString(w):
			if i == len(f)-1 && words > 0 && !isUpperWord(f[0]) {
				return false // "Kim Il S." is a name cut short
			}
		case nameParticles[w] && i > 0 && i < len(f)-1:
		case isNameWord(w):
			words++
		default:
			return false
		}
	}
	return words > 0
}

func isUpperWord(w string) bool { return len(w) > 1 && strings.ToUpper(w) == w }

// isSignature reports whether the text in brackets under a record is a
// signature: after "[signature]", any name; else a name with an initial or
// in capitals ("(A. PUZANOV)"), not a note such as "(Working Notes)".
func isSignature(name string, marked bool) bool {
	if !isPersonName(name) {
		return false
	}
	if marked {
		return true
	}
	for _, w := range strings.Fields(name) {
		if isInitial(w) || joinedInitialsWord.MatchString(w) || len(w) > 2 && isUpperWord(w) {
			return true
		}
	}
	return false
}

// isListLabel reports whether the label before a colon opens a list of
// people: "Those Taking Part", "Present from the Soviet side",
// "Distribution".
func isListLabel(label string) bool {
	l := strings.ToLower(label)
	switch l {
	case "cc", "copy", "copies", "chair", "chairman", "interpreter", "recorded by", "note taker":
		return true
	}
	for _, w := range []string{"present", "taking part", "participant", "participating", "attended", "attending",
		"attendees", "absent", "distribut", "copies to", "copy to", "sent to", "members"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// listItems reads the names of a list: "Bulganin, Kaganovich, and
// Malenkov." Items that are not plain names ("Minister of Trade of Iran
// Ibrahim Kashani", "L F. Il’ichev") are left out; a sentence after the
// list ends it.
func listItems(s string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		for _, part := range strings.Split(item, " and ") {
			f := strings.Fields(part)
			for len(f) > 0 && (f[0] == "and" || honorifics[f[0]]) {
				f = f[1:]
			}
			if len(f) == 0 {
				continue
			}
			last := f[len(f)-1]
			end := false
			if i := strings.IndexAny(last, "([‘“\""); i > 0 {
				last, end = last[:i], strings.HasSuffix(last, ".")
			}
			if strings.HasSuffix(last, ".") && !isInitial(last) && !joinedInitialsWord.MatchString(last) {
				last, end = strings.TrimSuffix(last, "."), true
			}
			f[len(f)-1] = last
			if name := strings.Join(f, " "); isPersonName(name) && !strings.HasSuffix(name, ".") {
				out = append(out, name)
			}
			if end {
				return out
			}
		}
	}
	return out
}

// roleAfter finds a role the text writes after the name, in apposition:
// "Kim Il, Minister of Agriculture, said" gives "Minister of
// Agriculture". The role ends at the end of the clause and never takes in
// another name; it must hold a role noun. It returns the role and the
// name and role as written together.
func roleAfter(text, name string) (role, phrase string) {
	for from := 0; ; {
		i := strings.Index(text[from:], name+", ")
		if i < 0 {
			return "", ""
		}
		start := from + i
		from = start + 1
		rest := text[start+len(name)+2:]
		var words []string
		hasRole := false
		for w := range strings.FieldsSeq(rest) {
			bare := strings.TrimRight(w, ",;:.)")
			stop := bare != w
			if bare == "" || strings.ContainsAny(bare, "([’\"“") || strings.HasSuffix(bare, "'s") {
				break
			}
			lw := strings.ToLower(bare)
			r := []rune(bare)
			if len(words) == 0 && roleQualifiers[lw] {
				words = append(words, bare) // "then Minister of Foreign Affairs"
				continue
			}
			if !(roleWords[lw] || roleNouns[lw] || unicode.IsUpper(r[0])) || honorifics[bare] {
				break
			}
			if len(words) > 0 && unicode.IsUpper(r[0]) && !roleNouns[lw] && !titles[bare] && startsName(rest, w) {
				// Another name: this was the title of the next item of a
				// list ("X, Senator M. Sa’ed"), not a role of X.
				words = nil
				break
			}
			words = append(words, bare)
			hasRole = hasRole || roleNouns[lw] || titles[bare]
			if stop || len(words) == 14 {
				break
			}
		}
		for len(words) > 0 && roleWords[strings.ToLower(words[len(words)-1])] {
			words = words[:len(words)-1]
		}
		if hasRole && len(words) > 0 {
			role = strings.Join(words, " ")
			if j := strings.Index(rest, words[len(words)-1]); j >= 0 {
				return role, text[start : start+len(name)+2+j+len(words[len(words)-1])]
			}
			return role, name + ", " + role
		}
	}
}

// writtenNameBefore is nameBefore, and reads through a stray space after
// a hyphen that text extraction left inside a name ("Pak Heon- yeong").
func writtenNameBefore(text string) string {
	name := nameBefore(text)
	// The last "- " counts only among the last 19 bytes, so it is looked
	// for there alone.
	from := max(0, len(text)-19)
	if j := strings.LastIndex(text[from:], "- ") + from; j > 0 && j >= from && j > len(text)-20 {
		joined := text[:j+1] + text[j+2:]
		if n := nameBefore(joined); len(n) > len(name) && strings.Contains(n, "-") {
			if written := strings.Replace(n, "-", "- ", 1); strings.HasSuffix(text, written) {
				return written
			}
		}
	}
	return name
}

// isPlaceBefore reports whether the words before a name make it a place:
// "in", "at" or "near" just before it, or "of" after a capitalised word
// that is no office ("Hall of", not "Chairman of").
func isPlaceBefore(before string) bool {
	f := lastFields(before, 2)
	n := len(f)
	if n == 0 {
		return false
	}
	switch f[n-1] {
	case "in", "at", "near":
		return true
	case "of":
		return n > 1 && isNameWord(f[n-2]) && !roleNouns[strings.ToLower(f[n-2])]
	}
	return false
}

// roleQualifiers may open a role in apposition: "X, then Minister of
// Foreign Affairs", "Y, former Ambassador to Z".
var roleQualifiers = map[string]bool{
	"then": true, "now": true, "former": true, "formerly": true, "later": true, "acting": true,
	"the": true, "a": true, "an": true,
}

// startsName reports whether the word w of rest opens a name written with
// a given name and surname or initials, which a role phrase must not take
// in: "Minister of Agriculture Kim Il".
func startsName(rest, w string) bool {
	i := strings.Index(rest, w)
	if i < 0 {
		return false
	}
	f := firstFields(rest[i:], 2)
	if len(f) < 2 {
		return false
	}
	return !roleWords[f[1]] && (isInitial(f[0]) || isNameToken(strings.TrimRight(f[1], ",;:.")) && isNameWord(f[0]) && isNameWord(strings.TrimRight(f[1], ",;:.")))
}

// withRole gives a mention the role the text writes with the name, where
// it has none yet: before the name ("Soviet Ambassador to Ethiopia A. P.
// Marsek"), in apposition before it ("the First Deputy Chairman of the
// Council, Kim Il,") or after it ("Kim Il, Minister of Agriculture").
func withRole(text string, m Mention) Mention {
	if m.Role == "" {
		if j := indexWord(text, m.Name); j > 0 {
			before := text[:j]
			if strings.HasSuffix(before, "] ") {
				// "[Defense Minister] Raul CASTRO"
				if k := strings.LastIndex(before, "["); k >= 0 {
					if role := rolePhrase(dropGivenName(before[k+1 : len(before)-2])); role != "" {
						m.Role, m.Phrase = role, text[k:j+len(m.Name)]
						return m
					}
				}
			}
			if last, ok := lastField(before); ok && honorifics[last] {
				before = strings.TrimSuffix(strings.TrimRight(before, " "), last) // "The Ambassador, Cde. "
			}
			if strings.HasSuffix(before, ", ") {
				// Apposition: "the First Deputy Chairman of the Council, Kim Il".
				clause := before[:len(before)-2]
				if k := strings.LastIndexAny(clause, ",;:.()"); k >= 0 {
					clause = clause[k+1:]
				}
				if strings.Contains(" "+strings.ToLower(clause), " the ") {
					before = before[:len(before)-2]
				} else {
					before = ""
				}
			}
			m.Role = rolePhrase(before)
			if f := strings.Fields(m.Role); len(f) > 2 && len(strings.Fields(m.Name)) == 1 && isNameWord(f[len(f)-1]) &&
				!isUpperWord(f[len(f)-1]) && !roleWords[strings.ToLower(f[len(f)-2])] {
				// "Soviet Ambassador to North Korea Vasily Moskovsky": the
				// word before a lone surname is its given name, not the role's.
				m.Role = strings.Join(f[:len(f)-1], " ")
			}
		}
		if m.Role == "" {
			// Not for an item of a list ("Senator M. Sa’ed, Adjutant
			// General of the Shah Yazdan Panah, and"): a list's commas are
			// not apposition.
			if j := indexWord(text, m.Name); j < 0 || !listItemAt(text[:j]) {
				m.Role, m.Phrase = roleAfter(text, m.Name)
			}
			return m
		}
	}
	if m.Phrase == "" {
		m.Phrase = phraseOf(text, m.Role, m.Name)
	}
	return m
}

// officeBefore reports whether words end with an office, or an office
// "of" a place: "Ambassador", "AMBASSADOR OF INDIA".
func officeBefore(words []string) bool {
	n := len(words)
	if n > 0 && roleNouns[strings.ToLower(words[n-1])] {
		return true
	}
	return n > 2 && strings.EqualFold(words[n-2], "of") && roleNouns[strings.ToLower(words[n-3])]
}

// listItemAt reports whether a name after this text is an item of a
// list: after a comma or a colon, perhaps with an honorific or a title.
func listItemAt(before string) bool {
	for n := 64; ; n *= 8 {
		f, whole := endFields(before, n)
		for len(f) > 0 && (honorifics[f[len(f)-1]] || roleNouns[strings.ToLower(f[len(f)-1])]) {
			f = f[:len(f)-1]
		}
		if len(f) > 0 || whole {
			return len(f) > 0 && strings.HasSuffix(f[len(f)-1], ",") || len(f) > 0 && strings.HasSuffix(f[len(f)-1], ":")
		}
	}
}

// dropGivenName drops the given name that ends an editor's bracket
// before a surname: "Head of Gosplan Nikolai" gives "Head of Gosplan".
func dropGivenName(s string) string {
	f := strings.Fields(s)
	if n := len(f); n > 1 && isNameWord(f[n-1]) && !titles[f[n-1]] {
		return strings.Join(f[:n-1], " ")
	}
	return s
}

// phraseOf returns the role and the name as the text writes them
// together, when the role stands just before the name.
func phraseOf(text, role, name string) string {
	i := strings.Index(text, role)
	if i < 0 {
		return ""
	}
	j := strings.Index(text[i+len(role):], name)
	if j < 0 || j > 12 {
		return ""
	}
	phrase := text[i : i+len(role)+j+len(name)]
	if i > 0 && text[i-1] == '[' && strings.Count(phrase, "]") > strings.Count(phrase, "[") {
		// An editor's insertion: "[Head of Gosplan Nikolai] Baibakov".
		phrase = text[i-1 : i+len(role)+j+len(name)]
	}
	return phrase
}

// derive fills in what can be read off the text: people and the
// speakers of each paragraph. It stops with ctx's error when ctx is done.
// A document with letters outside ASCII is read through its shadow (see
// shadowText), and what is read written back in its own letters.
func derive(ctx context.Context, doc *Document) error {
	sh, words := shadowDocument(doc)
	if sh == nil {
		return deriveFrom(ctx, doc)
	}
	if err := deriveFrom(ctx, sh); err != nil {
		return err
	}
	for i, p := range sh.Paragraphs {
		sp := p.Speakers
		for k := range sp {
			sp[k].Name = unshadow(sp[k].Name, words)
		}
		doc.Paragraphs[i].Speakers = sp
	}
	doc.People = sh.People
	for k := range doc.People {
		m := &doc.People[k]
		m.Name, m.Role, m.Phrase, m.Alias = unshadow(m.Name, words), unshadow(m.Role, words), unshadow(m.Phrase, words), unshadow(m.Alias, words)
	}
	return nil
}

// deriveFrom is derive of a document whose letters the readers know.
func deriveFrom(ctx context.Context, doc *Document) error {
	var people []Mention
	for i, p := range doc.Paragraphs {
		if err := ctx.Err(); err != nil {
			return err
		}
		speakers, reported, err := speakersAndReported(ctx, p.Text)
		if err != nil {
			return err
		}
		doc.Paragraphs[i].Speakers = speakers
		if m := signatureLine.FindStringSubmatch(p.Text); m != nil && isSignature(m[2], m[1] != "") {
			role := ""
			if i > 0 && isRoleLine(doc.Paragraphs[i-1].Text) {
				role = doc.Paragraphs[i-1].Text
			}
			people = append(people, Mention{Name: strings.TrimSpace(m[2]), Role: role, Where: InSignature, Paragraph: p.N})
			continue
		}
		if m := distributionLine.FindStringSubmatch(p.Text); m != nil && isPersonName(m[1]) {
			people = append(people, Mention{Name: m[1], Where: InDistribution, Paragraph: p.N})
			continue
		}
		found, err := namesInContext(ctx, p.Text, InBody, p.N)
		if err != nil {
			return err
		}
		// A speaker the text names without an honorific ("Ri Tae Son: ...",
		// "Kosygin suggested").
		for _, sp := range slices.Concat(speakers, reported) {
			if isPersonName(sp.Name) && !slices.ContainsFunc(found, func(m Mention) bool { return m.Name == sp.Name }) {
				found = append(found, withRole(p.Text, Mention{Name: sp.Name, Where: InBody, Paragraph: p.N}))
			}
		}
		people = append(people, found...)
	}
	for _, part := range []struct {
		text  string
		where Where
	}{{doc.Title, InTitle}, {doc.Summary, InSummary}} {
		people = append(people, namesIn(part.text, part.where, 0)...)
	}
	repeated, err := repeatedNames(ctx, doc, people, aliasNames(), aliasWords())
	if err != nil {
		return err
	}
	doc.People = dedupe(append(people, repeated...))
	return nil
}

// repeatedNames finds the names a document gives once where its other
// parts repeat them: the title and summary repeat the body's names and the
// body the summary's, in full, by initials and surname ("A. M. Puzanov"
// for "A. PUZANOV"), or by the surname alone ("Dobrowski" for
// "Konstantin Dobrowski", "Yurin" for "P. F. YURIN") when no other name
// of the document has that surname.
//
// listed are the spellings of the alias table, and listedWords their
// words (wordRuns).
func repeatedNames(ctx context.Context, doc *Document, people []Mention, listed []string, listedWords map[string]bool) ([]Mention, error) {
	// knownName is a name of the document, with the word every way of
	// finding it needs: the surname, or the whole name.
	type knownName struct {
		name, lower string
		initials    bool   // a surname with initials: found by its surname with any initials
		surname     string // lower case; "" when the name has none
		alone       bool   // the surname alone names this person in the document
	}
	var known []knownName
	isKnown := map[string]bool{}
	initialsOf := map[string]map[byte]bool{} // lower-case surname -> first letters of given names
	for _, m := range people {
		if isKnown[m.Name] {
			continue
		}
		isKnown[m.Name] = true
		k := knownName{name: m.Name, lower: strings.ToLower(m.Name), initials: shapeOf(m.Name).kind == shapeInitials}
		if sur, first := surnameOf(m.Name); sur != "" {
			k.surname = strings.ToLower(sur)
			if initialsOf[k.surname] == nil {
				initialsOf[k.surname] = map[byte]bool{}
			}
			initialsOf[k.surname][first] = true
		}
		known = append(known, k)
	}
	for i := range known {
		known[i].alone = known[i].surname != "" && len(initialsOf[known[i].surname]) == 1
	}
	type part struct {
		text      string
		where     Where
		paragraph int
	}
	parts := []part{{doc.Title, InTitle, 0}, {doc.Summary, InSummary, 0}}
	for _, p := range doc.Paragraphs {
		// A long paragraph is searched a piece at a time, as namesIn reads it.
		for _, piece := range pieces(p.Text, nameWindow) {
			parts = append(parts, part{piece, InBody, p.N})
		}
	}
	// A spelling of the reviewed alias table is a name wherever it stands,
	// written as the table writes it: "Kim Ir Sen". Standing as a whole
	// word, every word of it is a word of the part: one without them all
	// is not searched.
	partWords := map[string]bool{} // the words of the spellings the parts hold
	for _, p := range parts {
		eachWordRun(p.text, func(w string) {
			if listedWords[w] {
				partWords[w] = true
			}
		})
	}
	for _, name := range listed {
		if isKnown[name] || !mayStand(name, partWords) {
			continue
		}
		if slices.ContainsFunc(parts, func(p part) bool { return strings.Contains(p.text, name) && indexWord(p.text, name) >= 0 }) {
			known = append(known, knownName{name: name, lower: strings.ToLower(name)})
		}
	}
	knownLower := map[string]bool{}
	keys := make([]string, len(known))
	keyWords := make([][]string, len(known))
	isKeyWord := map[string]bool{} // every word of every key
	for i, k := range known {
		knownLower[k.lower] = true
		keys[i] = k.lower
		if k.surname != "" && (k.initials || k.alone) {
			keys[i] = k.surname
		}
		keyWords[i] = wordRuns(keys[i])
		for _, w := range keyWords[i] {
			isKeyWord[w] = true
		}
	}
	hereOf := map[part][]string{} // the names a paragraph, the title or the summary gives
	for _, m := range people {
		at := part{where: m.Where, paragraph: m.Paragraph}
		if m.Paragraph > 0 {
			at.where = InBody
		}
		hereOf[at] = append(hereOf[at], strings.ToLower(m.Name))
	}
	var out []Mention
	words := map[string]bool{} // the words of a part that are words of keys, lower case
	// A name is written the same way in many parts: isPersonName reads
	// each spelling once.
	isNameOf := map[string]bool{}
	isName := func(s string) bool {
		is, ok := isNameOf[s]
		if !ok {
			is = isPersonName(s)
			isNameOf[s] = is
		}
		return is
	}
	for _, pt := range parts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lower := strings.ToLower(pt.text) // ASCII case folding keeps byte offsets
		if pt.text == "" || len(lower) != len(pt.text) {
			continue
		}
		here := slices.Clone(hereOf[part{where: pt.where, paragraph: pt.paragraph}])
		// A name is found only where every word of it stands: looking up
		// the words first keeps a text of many names from costing the
		// square of their number. Only the words of keys are kept, all a
		// key can ask for.
		clear(words)
		eachWordRun(lower, func(w string) {
			if isKeyWord[w] {
				words[w] = true
			}
		})
		for ki, k := range known {
			key := keys[ki]
			if !allIn(keyWords[ki], words) || !strings.Contains(lower, key) {
				continue
			}
			written := findKnown(pt.text, lower, k.name, k.lower, k.initials)
			if written == "" && k.alone {
				written = findAlone(pt.text, k.surname)
			}
			if written == "" || !isName(written) {
				continue
			}
			lw := strings.ToLower(written)
			if slices.ContainsFunc(here, func(h string) bool { return indexWord(h, lw) >= 0 || indexWord(lw, h) >= 0 }) {
				continue
			}
			at := indexWord(lower, lw)
			if at < 0 {
				continue
			}
			if next := firstFields(headOf(pt.text[at+len(lw):], wordsWindow), 1); len(next) > 0 && knownLower[strings.ToLower(written+" "+next[0])] {
				continue // "Kim Il" in "Kim Il Sung"
			}
			here = append(here, lw)
			out = append(out, withRole(pt.text, Mention{Name: written, Where: pt.where, Paragraph: pt.paragraph}))
		}
	}
	return out, nil
}

// mayStand reports whether name may stand as a whole word in a text
// whose words (wordRuns) are words: where it does, the text's byte before
// and after it are no letter or digit, so each of its words is one of the
// text's.
func mayStand(name string, words map[string]bool) bool {
	for _, w := range wordRuns(name) {
		if !words[w] {
			return false
		}
	}
	return true
}

// wordRuns splits s into its runs of letters and digits (ASCII, as
// indexWord reads words).
func wordRuns(s string) []string {
	var out []string
	eachWordRun(s, func(w string) { out = append(out, w) })
	return out
}

// eachWordRun calls f with each of the runs wordRuns gives, in order.
func eachWordRun(s string, f func(string)) {
	eachRun(s, isWordByte, func(i, j int) { f(s[i:j]) })
}

// eachRun calls f with the bounds of each longest run of bytes of s that
// in accepts, in order.
func eachRun(s string, in func(byte) bool, f func(i, j int)) {
	for i := 0; i < len(s); {
		if !in(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && in(s[j]) {
			j++
		}
		f(i, j)
		i = j
	}
}

func allIn(words []string, set map[string]bool) bool {
	for _, w := range words {
		if !set[w] {
			return false
		}
	}
	return true
}

// aliasNames are the spellings of the alias table, read once.
var aliasNames = sync.OnceValue(func() []string {
	var out []string
	for _, line := range aliasLines() {
		out = append(out, line...)
	}
	return out
})

// aliasWords are the words (wordRuns) of the alias table's spellings.
var aliasWords = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, name := range aliasNames() {
		eachWordRun(name, func(w string) { out[w] = true })
	}
	return out
})

// Surname returns the word a name as written may be shortened to, a
// surname after initials or after one given name ("YURIN" for "P. F.
// YURIN", "Dobrowski" for "Konstantin Dobrowski"), or "" when the name
// has no such word or it is shorter than four letters ("Kim Il").
func Surname(name string) string {
	s, _ := surnameOf(name)
	return s
}

// surnameOf returns the word that a name may be shortened to, with the
// first letter of its given name or first initial: "YURIN", 'p' for "P.
// F. YURIN"; "Dobrowski", 'k' for "Konstantin Dobrowski". Names of
// other shapes, and short last words that may be given names of a name
// written surname first ("Kim Il"), give "".
func surnameOf(name string) (string, byte) {
	s := shapeOf(name)
	f := strings.Fields(splitInitials(name))
	switch {
	case s.kind == shapeInitials && len(f) > 1 && isInitial(f[0]):
		return f[len(f)-1], strings.ToLower(f[0])[0]
	case s.kind == shapeInitials && len(f) > 1:
		return strings.TrimSuffix(f[0], ","), strings.ToLower(f[1])[0]
	case s.kind == shapeFull && len(f) == 2 && len(f[1]) >= 4:
		return f[1], strings.ToLower(f[0])[0]
	}
	return "", 0
}

// findAlone finds a surname standing alone in text, ignoring case: not
// after or before another name word ("Raul Castro" is not "Castro" alone).
func findAlone(text, surname string) string {
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		return ""
	}
	sur := strings.ToLower(surname)
	for from := 0; from < len(lower); {
		i := indexWord(lower[from:], sur)
		if i < 0 {
			return ""
		}
		i += from
		from = i + len(sur)
		if w, ok := lastField(text[:i]); ok {
			if isNameWord(w) && !openers[w] && !strings.HasSuffix(w, ".") || isInitial(w) {
				continue
			}
		}
		if after := firstFields(text[i+len(sur):], 1); len(after) > 0 && isNameWord(after[0]) {
			continue
		}
		return text[i : i+len(sur)]
	}
	return ""
}

// findKnown finds a name of the document in one of its parts (text, and
// its lower-case form), ignoring case, and returns it as written there. A name the body gives with
// initials ("A. PUZANOV") is found by its surname with whatever initials
// stand before it ("A. M. Puzanov").
func findKnown(text, lower, name, lowerName string, initials bool) string {
	if i := indexWord(lower, lowerName); i >= 0 {
		return text[i : i+len(name)]
	}
	if !initials {
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
	start := initialsStart(text, i)
	return text[start : i+len(surname)]
}

// initialsStart returns where a run of initials that ends at i starts:
// "A. M. " before "Puzanov"; i when none ends there.
func initialsStart(text string, i int) int {
	for {
		j := i
		if j >= 1 && text[j-1] == ' ' {
			j--
		}
		if j < 2 || text[j-1] != '.' || !isUpper(text[j-2]) {
			return i
		}
		i = j - 2
	}
}

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
	out, _ := namesInContext(context.Background(), text, where, paragraph)
	return out
}

// namesInContext is namesIn, given up between the pieces of a long text
// when ctx is done.
func namesInContext(ctx context.Context, text string, where Where, paragraph int) ([]Mention, error) {
	if len(text) <= nameWindow {
		return namesInWindow(text, where, paragraph), nil
	}
	var out []Mention
	for _, piece := range pieces(text, nameWindow) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, namesInWindow(piece, where, paragraph)...)
	}
	return out, nil
}

// nameWindow bounds the text that name extraction reads at once. A
// paragraph longer than this (no real record's comes near: the longest
// seen is under 8 KB) is read in pieces of at most this size, cut between
// sentences or words, so that the time taken grows with the length of the
// text and not with its square.
const nameWindow = 4 << 10

// pieces cuts text into pieces of at most n bytes, each ending after a
// sentence where one ends in the second half of the piece, else after a
// word, else at a character boundary.
func pieces(text string, n int) []string {
	var out []string
	for len(text) > n {
		cut := strings.LastIndex(text[n/2:n], ". ")
		if cut >= 0 {
			cut += n/2 + 2
		} else if cut = strings.LastIndexByte(text[:n], ' '); cut > 0 {
			cut++
		} else {
			for cut = n; cut > 0 && !utf8.RuneStart(text[cut]); cut-- {
			}
			if cut == 0 {
				cut = n
			}
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return append(out, text)
}

// wordsWindow bounds the text read before and after an honorific or a
// title for the name and the role phrase: far more than either takes.
const wordsWindow = 1 << 10

// headOf is the start of s, at most n bytes of it, cut after a word when s
// is longer.
func headOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	return s[:n]
}

// tailOf is the end of s, at most n bytes of it, cut before a word when s
// is longer.
func tailOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.IndexByte(s[len(s)-n:], ' '); i >= 0 {
		return s[len(s)-n+i:]
	}
	return s[len(s)-n:]
}

// namesInWindow is namesIn for a text of at most about nameWindow bytes.
func namesInWindow(text string, where Where, paragraph int) []Mention {
	var out []Mention
	add := func(m Mention) {
		if !isPersonName(m.Name) {
			return
		}
		if m.Alias != "" && !isPersonName(m.Alias) {
			return
		}
		m.Where, m.Paragraph = where, paragraph
		out = append(out, m)
	}
	has := func(name string) bool {
		return slices.ContainsFunc(out, func(m Mention) bool { return m.Name == name || m.Alias == name })
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
		word, rest := text[i:j], headOf(strings.TrimLeft(text[j:], " "), wordsWindow)
		switch {
		case honorifics[word] && (i == 0 || !isWordByte(text[i-1])):
			if name := takeName(rest); name != "" {
				add(Mention{Name: name, Role: rolePhrase(tailOf(text[:i], wordsWindow))})
			}
		case titles[word]:
			if name := takeName(rest); name != "" && !notNames[strings.Fields(name)[0]] {
				add(Mention{Name: name, Role: rolePhrase(tailOf(text[:j], wordsWindow))})
			}
		}
		i = j
	}
	if hasSpacedLetters(text) {
		for _, s := range letterSpaced.FindAllString(text, -1) {
			add(Mention{Name: s})
		}
	}
	if strings.Contains(text, "] ") {
		for _, loc := range bracketGiven.FindAllStringSubmatchIndex(text, -1) {
			m := make([]string, 4)
			for k := range m {
				m[k] = text[loc[2*k]:loc[2*k+1]]
			}
			// "Zhou [Enlai] Dialogue" completes the name before the bracket.
			if last, ok := lastField(text[:loc[0]]); ok && isNameWord(last) {
				continue
			}
			if m[1] != "" && rolePhrase(m[1]) == "" || !isPersonName(m[2]+" "+m[3]) || has(m[2]+" "+m[3]) {
				continue
			}
			out = slices.DeleteFunc(out, func(o Mention) bool { return o.Name == m[2] })
			add(Mention{Name: m[3], Alias: m[2] + " " + m[3], Role: rolePhrase(m[1])})
		}
	}
	if hasCapsWord(text) {
		for _, loc := range givenCaps.FindAllStringSubmatchIndex(text, -1) {
			name := text[loc[2]:loc[3]]
			if has(name) || !isUpperWord(text[loc[4]:loc[5]]) {
				continue
			}
			if f := strings.Fields(name); isUpperWord(f[0]) || openers[f[0]] {
				continue // all in capitals, or a sentence's first word
			}
			add(Mention{Name: name})
		}
	}
	// A name with its role in apposition after it: "Tomas Vrell, Minister
	// of Trade of Valdoria, said".
	for from := 0; ; {
		i := strings.Index(text[from:], ", ")
		if i < 0 {
			break
		}
		i += from
		from = i + 2
		name := writtenNameBefore(text[:i])
		if name == "" || has(name) || len(strings.Fields(name)) < 2 || !strings.HasSuffix(text[:i], name) {
			continue
		}
		if last, ok := lastField(text[:i-len(name)]); ok && roleWords[last] {
			continue // "Minister of Trade of Iran Ibrahim Kashani": a role's place
		}
		if role, phrase := roleAfter(text[i-len(name):], name); role != "" {
			add(Mention{Name: name, Role: role, Phrase: phrase})
		}
	}
	// A name in apposition after its role: "the First Deputy Chairman of
	// the Council of Ministers, Kim Il, with".
	for from := 0; ; {
		i := strings.Index(text[from:], ", ")
		if i < 0 {
			break
		}
		i += from
		from = i + 2
		name := takeName(text[i+2:])
		rest := text[i+2+len(name):]
		if name == "" || !strings.HasPrefix(rest, ",") || has(name) || len(strings.Fields(name)) < 2 {
			continue
		}
		if role := rolePhrase(text[:i]); role != "" && strings.Contains(text[:i], "the "+role) {
			add(Mention{Name: name, Role: role})
		}
	}
	initials := hasInitial(text)
	for _, loc := range findAll(initials && hasCapsWord(text), surnameFirst, text) {
		// "PUZANOV A. M." ends there: a name word after the initials makes
		// them the next name's ("VOROSHILOV, N. A. BULGANIN").
		if next := strings.TrimLeft(text[loc[1]:], " "); next != "" && isUpper(next[0]) {
			continue
		}
		if !isNameWord(text[loc[2]:loc[3]]) {
			continue
		}
		add(Mention{Name: strings.TrimSpace(text[loc[0]:loc[1]])})
	}
	if initials {
		for _, loc := range windowMatches(initialsName, text, 0, len(text), initialsAt(text)) {
			m := []string{text[loc[0]:loc[1]], text[loc[2]:loc[3]], text[loc[4]:loc[5]]}
			// A second surname word stays when it is a name word in the same
			// case: "A. G. Masoud Ansari".
			if loc[6] >= 0 {
				w := text[loc[6]:loc[7]]
				if !isNameWord(w) || isUpperWord(w) != isUpperWord(m[2]) || isListOpen(text[loc[7]:]) {
					m[0] = text[loc[0]:loc[5]]
				}
			}
			name := strings.TrimSpace(m[0])
			for _, p := range []string{"'s", "’s"} {
				name = strings.TrimSuffix(name, p) // "N. S. Khrushchev's"
				m[2] = strings.TrimSuffix(m[2], p)
			}
			if has(name) || !isNameWord(m[2]) || isAcronym(m[1]) {
				continue
			}
			if m[1] == "I. " && (loc[0] == 0 || text[loc[0]-1] == '\n') {
				continue // a section number: "I. Briefing"
			}
			if slices.ContainsFunc(out, func(o Mention) bool { return strings.HasSuffix(o.Name, name) || strings.HasPrefix(o.Name, name) }) {
				continue
			}
			add(Mention{Name: name})
		}
	}
	if strings.Contains(text, ":") {
		for _, m := range listLabel.FindAllStringSubmatch(text, -1) {
			if !isListLabel(m[1]) {
				continue
			}
			for _, item := range listItems(m[2]) {
				if !has(item) {
					add(Mention{Name: item})
				}
			}
		}
	}
	for i := range out {
		out[i] = withRole(text, out[i])
	}
	if hasFoldASCII(text, "from the ") && (hasFoldASCII(text, "from the diary of ") || hasFoldASCII(text, "from the journal of ")) {
		for _, m := range diaryOf.FindAllStringSubmatch(text, -1) {
			add(Mention{Name: m[1]})
		}
	}
	if strings.Contains(text, " [") {
		for _, loc := range gloss.FindAllStringSubmatchIndex(text, -1) {
			if isPlaceBefore(text[:loc[0]]) {
				continue // "Hall of Huaizhentan [Beijing]", "in Heijo [Pyongyang]"
			}
			add(Mention{Name: text[loc[2]:loc[3]], Alias: text[loc[4]:loc[5]]})
		}
	}
	return out
}

// honorifics and titles introduce names; a title is part of the role.
var (
	honorifics = map[string]bool{"Cde.": true, "Cdes.": true, "Comrade": true, "Comrades": true, "comrade": true, "Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true}
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
	if s != "" && s[0] < utf8.RuneSelf && !isUpper(s[0]) && !strings.ContainsRune("\t\n\v\f\r ", rune(s[0])) {
		return "" // the first word starts with what starts no name word
	}
	// At most four names and the words a stray space split off them, and
	// the word after: nine words.
	return takeNameIn(firstFields(s, 10))
}

// takeNameIn is takeName over the first words of the text.
func takeNameIn(fields []string) string {
	var parts []string
	skip := false
	for i, f := range fields {
		if skip {
			skip = false
			continue
		}
		if len(parts) == 4 || endsWithHonorific(f) {
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
		if strings.HasSuffix(w, ".") && !isNameToken(w) {
			w, stop = strings.TrimSuffix(w, "."), true // end of sentence
		}
		if !isNameToken(strings.Replace(w, "- ", "-", 1)) {
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
	// The words just before are read first, and more of them only when
	// the phrase may reach further back, or officeBefore may need words
	// before those read.
	for n := 64; ; n *= 8 {
		words, whole := endFields(before, n)
		if phrase, sure := rolePhraseIn(words, whole); sure {
			return phrase
		}
	}
}

// rolePhraseIn is rolePhrase over the last words of the text before a
// name, all of them when whole is set. It reports whether the phrase is
// the one the whole text gives: whether it stopped before a word that
// those words do not hold, with room for the three officeBefore reads.
func rolePhraseIn(words []string, whole bool) (phrase string, sure bool) {
	start := len(words)
	for start > 0 {
		w := words[start-1]
		if strings.ContainsAny(strings.TrimSuffix(w, "."), ",;:.()[]\"") || endsWithHonorific(w) {
			break
		}
		lw := strings.ToLower(w)
		tw := strings.ToUpper(lw[:1]) + lw[1:]
		if strings.HasSuffix(w, ".") && !isAbbreviation(w[:len(w)-1]) || openers[w] || docWords[tw] || w == "Dear" {
			break // the end of the previous sentence, or its opening word
		}
		if (lw == "to" || lw == "in") && !officeBefore(words[:start-1]) {
			break // "Brezhnev to President Carter": "to" follows an office only
		}
		r := []rune(w)
		if roleNouns[lw] || roleWords[lw] || unicode.IsUpper(r[0]) {
			start--
			continue
		}
		break
	}
	// The walk stopped at a word it read (start > 0), and officeBefore read
	// at most the three words before the word it followed, which stands at
	// start-1 or later.
	sure = whole || start >= 4
	// Trim leading joining words ("of the") and an imperative that opens
	// the sentence ("Inform Minister Vrell").
	for start < len(words) && (roleWords[strings.ToLower(words[start])] || imperatives[words[start]]) {
		start++
	}
	for _, w := range words[start:] {
		if roleNouns[strings.ToLower(w)] {
			return strings.Join(words[start:], " "), sure
		}
	}
	return "", sure
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
	for _, r := range name {
		// Lower case of the upper case, so that a name and its capitals
		// give one key even for marks whose capital is a letter (U+0345's
		// is a capital iota).
		if r = unicode.ToLower(unicode.ToUpper(r)); unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	k = strings.ReplaceAll(k, "eo", "o")
	k = strings.ReplaceAll(k, "eu", "u")
	return k
}
