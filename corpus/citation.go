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
	// translated is the translator sentence: "Translated for NKIDP by Gary Goldberg."
	translated = regexp.MustCompile(`(?i)\b(?:obtained and )?translated(?: for ([^.]+?))?(?: by ([^.]+?))?\.(?:\s|$)`)
)

// parseCitation splits the citation text into its parts. Parts it cannot
// find stay empty; Text is never changed except that the URL's markdown
// angle brackets are removed.
func parseCitation(c *Citation) {
	text := c.Text
	if m := urlText.FindStringSubmatchIndex(text + " "); m != nil {
		c.URL = strings.TrimRight(text[m[2]:m[3]], ".,;")
		text = strings.TrimSpace(text[:m[0]])
		c.Text = strings.TrimSpace(strings.Replace(c.Text, "<"+c.URL+">", c.URL, 1))
	}
	if m := translated.FindStringSubmatchIndex(text); m != nil {
		if m[2] >= 0 {
			c.TranslatedFor = strings.TrimSpace(text[m[2]:m[3]])
		}
		if m[4] >= 0 {
			c.Translator = strings.TrimSpace(text[m[4]:m[5]])
		}
		text = strings.TrimSpace(text[:m[0]])
	}
	if m := citationTitle.FindStringSubmatch(text); m != nil {
		c.Title = strings.TrimSpace(m[1])
		text = text[len(m[0]):]
	}
	if m := archiveName.FindStringSubmatchIndex(text); m != nil {
		c.Archive = strings.TrimSpace(text[m[2]:m[3]])
		c.Date = strings.Trim(strings.TrimSpace(text[:m[0]]), ", ")
		c.Reference = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text[m[3]:]), "."))
		c.Reference = strings.TrimSpace(strings.TrimPrefix(c.Reference, ","))
		c.Reference = strings.TrimSuffix(c.Reference, ".")
	} else {
		c.Date = strings.Trim(strings.TrimSpace(text), ",. ")
	}
}
