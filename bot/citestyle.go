package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// CiteStyles are the citation styles cite can write, default first.
var CiteStyles = []string{"chicago", "mla", "apa", "bibtex", "ris", "csl-json"}

// styleNames maps what users type to a style.
var styleNames = map[string]string{
	"chicago": "chicago", "mla": "mla", "apa": "apa", "bibtex": "bibtex", "bib": "bibtex",
	"ris": "ris", "csl-json": "csl-json", "csl": "csl-json", "csljson": "csl-json", "json": "csl-json",
}

// pinpointRE reads a paragraph pinpoint: "¶12", "¶ 12", "p12", "para 12", "paragraph 12".
var pinpointRE = regexp.MustCompile(`^(?i)(?:¶|p|para\.?|paragraph)\s*(\d{1,4})$`)

// citeArgs splits the arguments of cite into the document reference, the
// style and the paragraph pinpoint (0 when none).
func citeArgs(a args) (ref args, style string, paragraph int) {
	tokens := a.tokens
	style = CiteStyles[0]
	for len(tokens) > 1 {
		last := tokens[len(tokens)-1]
		if last.phrase {
			break
		}
		word := strings.ToLower(last.text)
		// "mla", or as the options are written, "style:mla".
		if s, ok := styleNames[strings.TrimPrefix(word, "style:")]; ok {
			style = s
			tokens = tokens[:len(tokens)-1]
			continue
		}
		if m := pinpointRE.FindStringSubmatch(word); m != nil {
			paragraph, _ = strconv.Atoi(m[1])
			tokens = tokens[:len(tokens)-1]
			continue
		}
		// "para 12", "¶ 12": the number and its marker are two tokens.
		if n, err := strconv.Atoi(word); err == nil && len(tokens) > 2 {
			if pinpointRE.MatchString(tokens[len(tokens)-2].text + " " + word) {
				paragraph = n
				tokens = tokens[:len(tokens)-2]
				continue
			}
		}
		break
	}
	a.tokens = tokens
	return a, style, paragraph
}

// formatCitation writes a document's citation in a style. Parts the
// document lacks are left out, never filled in. A paragraph pinpoint goes
// only into the Chicago note, which is a note form; the bibliography and
// record styles (MLA, APA, BibTeX, RIS, CSL-JSON) describe the whole
// document, and their pinpoint is given apart by pinpointForm.
func formatCitation(d corpus.Document, style string, paragraph int) string {
	switch style {
	case "mla":
		return mla(d)
	case "apa":
		return apa(d)
	case "bibtex":
		return bibtex(d)
	case "ris":
		return ris(d)
	case "csl-json":
		return cslJSON(d)
	}
	return chicago(d, paragraph)
}

// pinpointForm is where a style puts a paragraph pinpoint, as a labelled
// line beside the bibliography entry: the in-text citation of MLA and APA,
// the \cite command of BibTeX, the cite item of CSL-JSON. Chicago's note
// holds the pinpoint itself, and RIS has no place for one.
func pinpointForm(d corpus.Document, style string, paragraph int) (label, value string) {
	if paragraph == 0 {
		return "", ""
	}
	switch style {
	case "mla":
		return "In-text citation", fmt.Sprintf("(%s par. %d)", quoted(citeTitle(d), ","), paragraph)
	case "apa":
		year := "n.d."
		if !d.Date.IsZero() {
			year = strconv.Itoa(d.Date.Time.Year())
		}
		return "In-text citation", fmt.Sprintf("(%s, %s, para. %d)", citeTitle(d), year, paragraph)
	case "bibtex":
		return "Cite with", fmt.Sprintf("\\cite[para.~%d]{%s}", paragraph, bibKey(d.ID))
	case "csl-json":
		raw, err := json.Marshal(map[string]string{"id": d.ID, "locator": strconv.Itoa(paragraph), "label": "paragraph"})
		if err != nil {
			return "", ""
		}
		return "Cite item", string(raw)
	case "ris":
		return "Pinpoint", fmt.Sprintf("paragraph %d (RIS records the document; give the paragraph in your note)", paragraph)
	}
	return "", ""
}

// archiveCitationComplete reports whether the archive's own citation can
// stand as the Chicago note verbatim: it gives the title, a date that
// agrees with the document's to at least the same precision (not a date
// that lost its day and month) and the document URL.
func archiveCitationComplete(d corpus.Document) bool {
	c := d.Citation
	if c.Text == "" || c.Title == "" || c.Date == "" {
		return false
	}
	cd, ok := corpus.ParseDate(c.Date)
	if !ok || !dateAgrees(cd, d.Date) {
		return false
	}
	return d.URL == "" || strings.Contains(c.Text, d.URL)
}

// precisionRank orders precisions from none to a day.
var precisionRank = map[corpus.Precision]int{
	corpus.PrecisionNone: 0, corpus.PrecisionApproximate: 1, corpus.PrecisionYear: 2,
	corpus.PrecisionMonth: 3, corpus.PrecisionDay: 4,
}

// dateAgrees reports whether a citation's date says at least as much as
// the document's date and falls within it: "September 28, 1961" agrees
// with "September 28, 1961" and with "1961"; "1961" does not agree with
// "September 28, 1961".
func dateAgrees(cited, doc corpus.Date) bool {
	if doc.IsZero() {
		return true
	}
	if cited.IsZero() || cited.Until != nil || precisionRank[cited.Precision] < precisionRank[doc.Precision] {
		return false
	}
	return !cited.Time.Before(doc.Time) && cited.Time.Before(doc.End())
}

// chicago is the Chicago note: the archive's own citation verbatim when it
// is complete; otherwise, and with a pinpoint, one built from the record in
// the archive's pattern: “Title,” date, archive, reference, ¶ N. Translated
// for X by Y. URL.
func chicago(d corpus.Document, paragraph int) string {
	c := d.Citation
	if paragraph == 0 && archiveCitationComplete(d) {
		return c.Text
	}
	parts := appendIf(nil, chicagoDate(d), c.Archive, c.Reference)
	if paragraph > 0 {
		parts = append(parts, fmt.Sprintf("¶ %d", paragraph))
	}
	out := sentence(quoted(citeTitle(d), ",") + " " + strings.Join(parts, ", "))
	if t := translated(c); t != "" {
		out += " " + sentence(t)
	}
	if d.URL != "" {
		out += " " + d.URL
	}
	return out
}

// chicagoDate is the date for a built note: the citation's own date when
// it agrees with the document's (it may be the more precise), else the
// header date, else the citation's word for an undated document
// ("undated"), else "n.d.".
func chicagoDate(d corpus.Document) string {
	if cd, ok := corpus.ParseDate(d.Citation.Date); ok && !cd.IsZero() && dateAgrees(cd, d.Date) {
		return cd.String()
	}
	switch {
	case !d.Date.IsZero():
		return d.Date.String()
	case d.Citation.Date != "":
		return d.Citation.Date
	}
	return "n.d."
}

// citeTitle is the title as the record writes it: the citation's title,
// else the header's.
func citeTitle(d corpus.Document) string {
	if d.Citation.Title != "" {
		return d.Citation.Title
	}
	return d.Title
}

// sentence ends s with a period unless it already ends a sentence, also
// inside closing quotes ("… 'Rose.'\"").
func sentence(s string) string {
	s = strings.TrimSpace(s)
	t := strings.TrimRight(s, "\"”'’")
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") {
		return s
	}
	return s + "."
}

// mla follows MLA 9: “Title.” Translated by X, date. Archive, reference, URL.
func mla(d corpus.Document) string {
	c := d.Citation
	out := quoted(citeTitle(d), ".")
	var second []string
	if c.Translator != "" {
		second = append(second, "Translated by "+c.Translator)
	}
	if date := mlaDate(d.Date); date != "" {
		second = append(second, date)
	}
	if len(second) > 0 {
		out += " " + sentence(strings.Join(second, ", "))
	}
	if third := appendIf(nil, c.Archive, c.Reference, d.URL); len(third) > 0 {
		out += " " + sentence(strings.Join(third, ", "))
	}
	return out
}

// apa follows APA 7 for archival documents without an author: Title (X,
// Trans.). (Date). Reference. Archive. URL
func apa(d corpus.Document) string {
	c := d.Citation
	out := citeTitle(d)
	if c.Translator != "" {
		out += " (" + c.Translator + ", Trans.)"
	}
	out = sentence(out) + " (" + apaDate(d.Date) + ")."
	for _, part := range appendIf(nil, c.Reference, c.Archive) {
		out += " " + sentence(part)
	}
	if d.URL != "" {
		out += " " + d.URL
	}
	return out
}

// bibtex writes an @unpublished entry, biblatex's type for a manuscript,
// which citation-js and biblatex-csl-converter read as a CSL manuscript
// (@misc becomes a "document" or an "article"): braced values with TeX's
// special characters escaped.
func bibtex(d corpus.Document) string {
	c := d.Citation
	var b strings.Builder
	fmt.Fprintf(&b, "@unpublished{%s,\n", bibKey(d.ID))
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %s = {%s},\n", name, texEscape(value))
		}
	}
	b.WriteString("  title = {{" + texEscape(citeTitle(d)) + "}},\n")
	if !d.Date.IsZero() {
		fmt.Fprintf(&b, "  year = {%d},\n", d.Date.Time.Year())
		if d.Date.Precision == corpus.PrecisionDay || d.Date.Precision == corpus.PrecisionMonth {
			fmt.Fprintf(&b, "  month = %s,\n", strings.ToLower(d.Date.Time.Month().String()[:3]))
		}
		field("date", isoDate(d.Date))
	}
	field("howpublished", c.Archive)
	field("translator", strings.Join(translators(c.Translator), " and "))
	var note []string
	note = appendIf(note, c.Reference)
	if c.TranslatedFor != "" && c.Translator != "" {
		note = append(note, "translated for "+c.TranslatedFor)
	}
	field("note", strings.Join(note, ", "))
	field("language", d.TextLanguage)
	field("url", d.URL)
	b.WriteString("}")
	return b.String()
}

// ris writes an RIS record as Zotero and other reference managers import
// it: a manuscript with its archive (DB), location in the archive and
// translators (A4, one per person). The location goes in AN, where Zotero
// reads it for a manuscript, and in AV, the RIS specification's "location
// in archives", which other readers (citation-js, EndNote) use instead.
func ris(d corpus.Document) string {
	c := d.Citation
	var b strings.Builder
	tag := func(t, value string) {
		if value = strings.Join(strings.Fields(value), " "); value != "" {
			fmt.Fprintf(&b, "%s  - %s\n", t, value)
		}
	}
	tag("TY", "MANSCPT")
	tag("TI", citeTitle(d))
	if !d.Date.IsZero() {
		tag("PY", strconv.Itoa(d.Date.Time.Year()))
		tag("DA", risDate(d.Date))
	}
	tag("DB", c.Archive)
	tag("AN", c.Reference)
	tag("AV", c.Reference)
	for _, t := range translators(c.Translator) {
		tag("A4", invertName(t))
	}
	tag("LA", d.TextLanguage)
	tag("UR", d.URL)
	var notes []string
	if c.TranslatedFor != "" {
		notes = append(notes, "Translated for "+c.TranslatedFor+".")
	}
	if d.OriginalLanguage != "" {
		notes = append(notes, "Original language: "+d.OriginalLanguage+".")
	}
	tag("N1", strings.Join(notes, " "))
	b.WriteString("ER  - \n")
	return b.String()
}

// cslJSON writes a one-item CSL-JSON array, as citeproc and Zotero read it.
func cslJSON(d corpus.Document) string {
	raw, err := json.MarshalIndent([]map[string]any{cslItem(d)}, "", "  ")
	if err != nil {
		return "[]" // a map of strings and ints always marshals
	}
	return string(raw)
}

// cslItem is a document as a CSL-JSON item.
func cslItem(d corpus.Document) map[string]any {
	c := d.Citation
	item := map[string]any{"id": d.ID, "type": "manuscript", "title": citeTitle(d)}
	if !d.Date.IsZero() {
		parts := [][]int{dateParts(d.Date)}
		if d.Date.Until != nil {
			parts = append(parts, dateParts(*d.Date.Until))
		}
		item["issued"] = map[string]any{"date-parts": parts}
	}
	set := func(k, v string) {
		if v != "" {
			item[k] = v
		}
	}
	set("archive", c.Archive)
	set("archive_location", c.Reference)
	set("URL", d.URL)
	set("language", languageCode(d.TextLanguage))
	if c.TranslatedFor != "" && c.Translator != "" {
		set("note", "Translated for "+c.TranslatedFor+".")
	}
	var names []map[string]string
	for _, t := range translators(c.Translator) {
		family, given := splitName(t)
		names = append(names, map[string]string{"family": family, "given": given})
	}
	if len(names) > 0 {
		item["translator"] = names
	}
	return item
}

// languageCodes are the BCP 47 codes of the languages the archive's
// translations and originals are most often in.
var languageCodes = map[string]string{
	"english": "en", "russian": "ru", "german": "de", "chinese": "zh", "french": "fr", "polish": "pl",
	"hungarian": "hu", "czech": "cs", "korean": "ko", "japanese": "ja", "vietnamese": "vi", "spanish": "es",
	"romanian": "ro", "bulgarian": "bg", "arabic": "ar", "persian": "fa", "italian": "it", "serbian": "sr",
}

// languageCode is the BCP 47 code CSL-JSON wants for a language name, or
// the name as written when the code is not known.
func languageCode(name string) string {
	if code, ok := languageCodes[strings.ToLower(strings.TrimSpace(name))]; ok {
		return code
	}
	return name
}

func appendIf(list []string, values ...string) []string {
	for _, v := range values {
		if v != "" {
			list = append(list, v)
		}
	}
	return list
}

// quoted puts a title in double quotes, with punct inside them. A title
// that ends in a single quote keeps it as written, before punct: the title
// stays a whole string for readers that look for it.
func quoted(title, punct string) string {
	if title == "" {
		return ""
	}
	return "\u201c" + title + punct + "\u201d"
}

func translated(c corpus.Citation) string {
	switch {
	case c.Translator != "" && c.TranslatedFor != "":
		return "Translated for " + c.TranslatedFor + " by " + c.Translator
	case c.Translator != "":
		return "Translated by " + c.Translator
	}
	return ""
}

// mlaDate writes a date as MLA does, to its precision: "13 Nov. 1957".
func mlaDate(d corpus.Date) string {
	month := func(t time.Time) string {
		m := t.Month().String()
		if len(m) > 4 {
			m = m[:3] + "."
			if t.Month() == time.September {
				m = "Sept."
			}
		}
		return m
	}
	switch d.Precision {
	case corpus.PrecisionDay:
		return fmt.Sprintf("%d %s %d", d.Time.Day(), month(d.Time), d.Time.Year())
	case corpus.PrecisionMonth:
		return fmt.Sprintf("%s %d", month(d.Time), d.Time.Year())
	case corpus.PrecisionYear:
		return strconv.Itoa(d.Time.Year())
	case corpus.PrecisionApproximate:
		return "c. " + strconv.Itoa(d.Time.Year())
	}
	return ""
}

// apaDate writes a date as APA does: "1957, November 13", "1975, May", "n.d.".
func apaDate(d corpus.Date) string {
	switch d.Precision {
	case corpus.PrecisionDay:
		return d.Time.Format("2006, January 2")
	case corpus.PrecisionMonth:
		return d.Time.Format("2006, January")
	case corpus.PrecisionYear:
		return d.Time.Format("2006")
	case corpus.PrecisionApproximate:
		return "ca. " + d.Time.Format("2006")
	}
	return "n.d."
}

// risDate writes YYYY/MM/DD/ with the parts the date lacks left empty.
func risDate(d corpus.Date) string {
	switch d.Precision {
	case corpus.PrecisionDay:
		return d.Time.Format("2006/01/02/")
	case corpus.PrecisionMonth:
		return d.Time.Format("2006/01//")
	}
	return d.Time.Format("2006///")
}

// isoDate writes an ISO 8601 date to its precision, as biblatex reads it.
func isoDate(d corpus.Date) string {
	var s string
	switch d.Precision {
	case corpus.PrecisionDay:
		s = d.Time.Format("2006-01-02")
	case corpus.PrecisionMonth:
		s = d.Time.Format("2006-01")
	default:
		s = d.Time.Format("2006")
	}
	if d.Until != nil {
		s += "/" + isoDate(*d.Until)
	}
	return s
}

func dateParts(d corpus.Date) []int {
	switch d.Precision {
	case corpus.PrecisionDay:
		return []int{d.Time.Year(), int(d.Time.Month()), d.Time.Day()}
	case corpus.PrecisionMonth:
		return []int{d.Time.Year(), int(d.Time.Month())}
	}
	return []int{d.Time.Year()}
}

// bibKey makes a citation key of letters and digits from a document id.
func bibKey(id string) string {
	var b strings.Builder
	b.WriteString("archive")
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// texEscape escapes the characters TeX treats specially.
var texEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `&`, `\&`, `%`, `\%`, `$`, `\$`,
	`#`, `\#`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
).Replace

// translatorList separates the people of a translator credit: "A and B",
// "A, B and C", "A & B", "A; B".
var translatorList = regexp.MustCompile(`\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|;\s*)`)

// translators splits a translator credit into whole names. Commas separate
// names only in a list that also has "and" ("A, B and C"); a lone comma
// may be an inverted name ("Zubok, Vladislav M.").
func translators(credit string) []string {
	credit = strings.TrimSpace(credit)
	if credit == "" {
		return nil
	}
	parts := translatorList.Split(credit, -1)
	if len(parts) > 1 {
		var out []string
		for _, p := range parts {
			for _, q := range strings.Split(p, ",") {
				if q = strings.TrimSpace(q); q != "" {
					out = append(out, q)
				}
			}
		}
		return out
	}
	return []string{credit}
}

// splitName takes a translator's name apart as "family", "given": an
// inverted name at its comma, otherwise the last word is the family name
// and every word before it, initials included, the given names.
func splitName(name string) (family, given string) {
	if f, g, ok := strings.Cut(name, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(g)
	}
	f := strings.Fields(name)
	if len(f) < 2 {
		return name, ""
	}
	return f[len(f)-1], strings.Join(f[:len(f)-1], " ")
}

// invertName writes "Family, Given", as RIS creators are written.
func invertName(name string) string {
	family, given := splitName(name)
	if given == "" {
		return family
	}
	return family + ", " + given
}
