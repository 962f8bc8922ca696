package corpus

import (
	"regexp"
	"strings"
)

var (
	// citationTitle is the quoted title that opens a citation.
	citationTitle = regexp.MustCompile(`^["“](.+?)[,.]?["”],?\s*`)
	// archiveName is the name of the archive: "Wilson Center Digital Archive",
	// "History and Public Policy Program Digital Archive" and the like.
	archiveName = regexp.MustCompile(`(?:^|,\s*)([A-Z][^,]*?(?:Digital Archive|Archives?|Library|Collection))\s*(?:,|\.|$)`)
	// translatorSentence is the archive's translator sentence, read from a
	// sentence start to the end of the citation: "Translated for NKIDP by
	// Gary Goldberg.", "Obtained and translated by A. B. Name.",
	// "Translated by A. Name for NKIDP.".
	translatorSentence = regexp.MustCompile(`^(?:Translated|Obtained and translated)(?: for (.+?))? by (.+?)(?: for (.+?))?\.?$`)
	// translatorOpening is where a translator sentence may start: its first
	// word, at the start of the citation or after a space.
	translatorOpening = regexp.MustCompile(`(?:^|\s)(?:Translated|Obtained and translated)\b`)
	// wordStop is a word of two or more letters followed by a period and
	// space: the end of a sentence inside a name list, where an initial
	// ("M. ") is one letter.
	wordStop = regexp.MustCompile(`\b(\p{L}{2,})\.\s`)
	// abbreviatedRef ends with an abbreviation whose period belongs to it: "D.C.".
	abbreviatedRef = regexp.MustCompile(`\b\p{Lu}\.\p{Lu}\.$`)
)

// nameAbbreviations may end in a period inside a name.
var nameAbbreviations = map[string]bool{"Jr": true, "Sr": true, "St": true, "Dr": true, "Mr": true, "Mrs": true, "Ms": true, "Prof": true}

// parseCitation splits the citation text into its parts: title, date,
// archive, archival reference, translator (and for whom) and URL. Parts it
// cannot find stay empty, and no part is moved into a slot it does not
// belong to: a reference without a date is a reference, not a date.
//
// Text stays as written except for the URLs: the document URL loses its
// markdown angle brackets, and a bracketed page address that follows a URL
// the citation itself gives (a mirror's address, or the same address again)
// is left out.
func parseCitation(c *Citation) {
	text := c.Text
	c.URL, c.Text = citationURLs(c.Text)
	text = strings.TrimSpace(urlText.ReplaceAllString(text+" ", " "))
	text = strings.Join(strings.Fields(text), " ")

	if s, ok := translatorStart(text); ok {
		m := translatorSentence.FindStringSubmatch(text[s:])
		c.TranslatedFor = strings.TrimSpace(m[1])
		if m[3] != "" {
			c.TranslatedFor = strings.TrimSpace(m[3])
		}
		c.Translator = strings.TrimSpace(m[2])
		text = strings.TrimSpace(text[:s])
	}
	if m := citationTitle.FindStringSubmatch(text); m != nil {
		c.Title = strings.TrimSpace(m[1])
		text = text[len(m[0]):]
	}
	text = strings.TrimSpace(text)
	if m := archiveName.FindStringSubmatchIndex(text); m != nil {
		before := strings.Trim(strings.TrimSpace(text[:m[0]]), ", ")
		if _, isDate := ParseDate(before); isDate && before != "" || before == "" && c.Title != "" {
			c.Archive = strings.TrimSpace(text[m[2]:m[3]])
			c.Date = before
			c.Reference = trimReference(text[m[3]:])
			return
		}
	}
	date, rest := datePrefix(text)
	c.Date = date
	c.Reference = trimReference(rest)
}

// citationURLs finds the document URL of a citation block and returns it
// with the text to keep. The URL the citation gives in its own words comes
// first; a page address in angle brackets is the document URL only when
// the citation gives none, and is otherwise left out of the text.
func citationURLs(block string) (url, text string) {
	type found struct {
		start, end int
		url        string
		bracketed  bool
	}
	var all []found
	for _, m := range urlText.FindAllStringSubmatchIndex(block+" ", -1) {
		u := strings.TrimRight(block[m[2]:m[3]], ".,;")
		start, end := m[0], m[1]
		end = min(end, len(block))
		bracketed := strings.HasPrefix(block[start:], "<")
		all = append(all, found{start, end, u, bracketed})
	}
	if len(all) == 0 {
		return "", block
	}
	doc := -1
	for i, f := range all {
		if !f.bracketed {
			doc = i
			break
		}
	}
	if doc < 0 {
		doc = 0
	}
	var b strings.Builder
	last := 0
	for i, f := range all {
		if !f.bracketed {
			continue
		}
		b.WriteString(block[last:f.start])
		if i == doc {
			b.WriteString(f.url + " ")
		}
		last = f.end
	}
	b.WriteString(block[last:])
	return all[doc].url, strings.Join(strings.Fields(b.String()), " ")
}

// translatorStart finds where the translator sentence begins: a sentence
// that opens with "Translated" (or "Obtained and translated") and runs to
// the end of the citation, naming whole people ("Vladislav M. Zubok",
// "A. Name and B. C. Other") with no sentence after them.
func translatorStart(text string) (int, bool) {
	for _, loc := range translatorOpening.FindAllStringIndex(text, -1) {
		s := loc[0]
		if s > 0 {
			s++ // the space before the word
		}
		m := translatorSentence.FindStringSubmatch(text[s:])
		if m == nil || sentenceInside(m[1]) || sentenceInside(m[2]) || sentenceInside(m[3]) {
			continue
		}
		return s, true
	}
	return 0, false
}

// sentenceInside reports whether a name list holds the end of a sentence:
// a word of two or more letters followed by a period, other than Jr. and
// the like.
func sentenceInside(names string) bool {
	for _, m := range wordStop.FindAllStringSubmatch(names+" ", -1) {
		if !nameAbbreviations[m[1]] {
			return true
		}
	}
	return false
}

// datePrefix takes a date off the start of a citation's remaining parts:
// "June 18, 1953, F. 3, Op. 12" gives "June 18, 1953" and "F. 3, Op. 12".
// Text that does not start with a date is all reference.
func datePrefix(text string) (date, rest string) {
	text = strings.TrimSpace(text)
	segments := strings.Split(text, ",")
	for n := min(2, len(segments)); n >= 1; n-- {
		head := strings.TrimSpace(strings.Join(segments[:n], ","))
		if head == "" {
			continue
		}
		if _, ok := ParseDate(head); ok {
			return strings.TrimSuffix(head, "."), strings.Join(segments[n:], ",")
		}
	}
	return "", text
}

// trimReference cleans the ends of an archival reference: the commas and
// spaces around it and its closing period, unless the period belongs to an
// abbreviation ("Washington, D.C.").
func trimReference(s string) string {
	s = strings.Trim(strings.TrimSpace(s), ", ")
	if strings.HasSuffix(s, ".") && !abbreviatedRef.MatchString(s) {
		s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	}
	return s
}
