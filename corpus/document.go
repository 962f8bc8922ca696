// Package corpus reads archive documents (translated primary sources in the
// archive's plain-text format) into one document model, and ships the sample
// corpus embedded in the binary.
//
// The document text is kept verbatim: hard-wrapped lines are re-flowed and a
// paragraph that a page break split is joined again, but no word, bracket or
// spelling is changed.
package corpus

import (
	"fmt"
	"time"
)

// Document is one archive record.
type Document struct {
	// ID is the archive's id: the trailing number (or slug) of the document
	// URL, else the file's path in the corpus without its extension
	// ("note", "1962/note"), unprintable characters escaped.
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Date  Date   `json:"date"`
	// Summary is the archive's editorial summary, verbatim.
	Summary  string   `json:"summary,omitempty"`
	Citation Citation `json:"citation"`
	// Credits names who funded or made the document available.
	Credits          string `json:"credits,omitempty"`
	OriginalLanguage string `json:"original_language,omitempty"`
	// Contents is the contents line as written, e.g. "Translation - English".
	Contents string `json:"contents,omitempty"`
	// TextKind and TextLanguage split Contents: "Translation", "English".
	TextKind     string `json:"text_kind,omitempty"`
	TextLanguage string `json:"text_language,omitempty"`
	// Sections holds labelled sections this reader does not model, by label.
	Sections map[string]string `json:"sections,omitempty"`
	// Paragraphs is the body, in order, numbered from 1.
	Paragraphs []Paragraph `json:"paragraphs"`
	// People are the people the text names, with the role phrase it gives.
	People []Mention `json:"people,omitempty"`
	// Dates are the dates the body states, resolved against Date.
	Dates []DateMention `json:"dates,omitempty"`
	// Source is the file the document was read from, relative to the corpus root.
	Source string `json:"source"`
	// Notes say what the reader set aside or read unusually.
	Notes []Note `json:"notes,omitempty"`
}

// Note is something the reader set aside or read unusually, at a line of
// the file.
type Note struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Words counts the words of the body.
func (d *Document) Words() int {
	n := 0
	for _, p := range d.Paragraphs {
		n += countWords(p.Text)
	}
	return n
}

// Paragraph is one body paragraph, verbatim.
type Paragraph struct {
	// N is the paragraph's position in the body, from 1.
	N    int    `json:"n"`
	Text string `json:"text"`
	// Speakers attribute parts of the paragraph to who says them, where
	// the text says so.
	Speakers []Speaker `json:"speakers,omitempty"`
}

// SpeakerAt returns who speaks at byte offset pos of the paragraph, or "".
func (p Paragraph) SpeakerAt(pos int) string {
	for _, s := range p.Speakers {
		if pos >= s.Start && pos < s.End {
			return s.Name
		}
	}
	return ""
}

// Citation is the archive's citation block: verbatim, and split into parts.
type Citation struct {
	// Text is the whole block as written, its lines joined by spaces and the
	// markdown around the URL removed.
	Text string `json:"text"`
	// Title is the quoted title at the start of the citation.
	Title string `json:"title,omitempty"`
	// Date is the date as the citation writes it.
	Date string `json:"date,omitempty"`
	// Archive is the name of the digital archive or repository.
	Archive string `json:"archive,omitempty"`
	// Reference is the archival reference, e.g. "AVPRF F. 0102, Op. 13, Delo 5".
	Reference     string `json:"reference,omitempty"`
	Translator    string `json:"translator,omitempty"`
	TranslatedFor string `json:"translated_for,omitempty"`
	URL           string `json:"url,omitempty"`
}

// Precision says how much of a date the source gives.
type Precision string

// The precisions a date can have. A date never claims more than its source.
const (
	PrecisionNone        Precision = ""            // undated
	PrecisionDay         Precision = "day"         // 13 November 1957
	PrecisionMonth       Precision = "month"       // May 1975
	PrecisionYear        Precision = "year"        // 1958
	PrecisionApproximate Precision = "approximate" // circa 1950
)

// Date is a date with its precision and the text it was read from.
type Date struct {
	// Time is the first day of the period the date names, in UTC; zero when undated.
	Time      time.Time `json:"time,omitzero"`
	Precision Precision `json:"precision,omitempty"`
	// Text is the date as written in the source.
	Text string `json:"text,omitempty"`
	// Until is the end of a range ("1950-1953"), with its own precision;
	// nil for a single date.
	Until *Date `json:"until,omitempty"`
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Precision == PrecisionNone }

// End is the first instant after the period the date names.
func (d Date) End() time.Time {
	if d.Until != nil {
		return d.Until.End()
	}
	switch d.Precision {
	case PrecisionDay:
		return d.Time.AddDate(0, 0, 1)
	case PrecisionMonth:
		return d.Time.AddDate(0, 1, 0)
	case PrecisionYear, PrecisionApproximate:
		return d.Time.AddDate(1, 0, 0)
	}
	return time.Time{}
}

// String formats the date to its precision: "November 13, 1957", "May 1975",
// "1958", "c. 1950", "1950–1953" or "undated". It never shows a day the
// source does not give.
func (d Date) String() string {
	if d.Until != nil {
		start := d
		start.Until = nil
		return start.String() + "–" + d.Until.String()
	}
	switch d.Precision {
	case PrecisionDay:
		return d.Time.Format("January 2, 2006")
	case PrecisionMonth:
		return d.Time.Format("January 2006")
	case PrecisionYear:
		return d.Time.Format("2006")
	case PrecisionApproximate:
		return "c. " + d.Time.Format("2006")
	}
	return "undated"
}

// Where says in which part of a document a mention is.
type Where string

// The parts of a document a person can be named in.
const (
	InTitle        Where = "title"
	InSummary      Where = "summary"
	InBody         Where = "body"
	InSignature    Where = "signature"
	InDistribution Where = "distribution"
)

// Mention is a person named by a document.
type Mention struct {
	// Name is the name as written, e.g. "Peng Dehuai" or "A. PUZANOV".
	Name string `json:"name"`
	// Role is the role phrase the text gives, verbatim, e.g. "CPC CC Politburo member".
	Role string `json:"role,omitempty"`
	// Phrase is the role and the name as the text writes them together,
	// verbatim: "Valdorian Marshal Konstantin Dobrowski", "Kim Il, Minister
	// of Agriculture". Empty when there is no role.
	Phrase string `json:"phrase,omitempty"`
	// Alias is who the editor says the name stands for: "Filippov [Stalin]".
	Alias     string `json:"alias,omitempty"`
	Where     Where  `json:"where"`
	Paragraph int    `json:"paragraph,omitempty"`
}

// DateMention is a date stated in the body or the summary.
type DateMention struct {
	// Text is the words the date came from, e.g. "last September".
	Text string `json:"text"`
	Date Date   `json:"date"`
	// Corrected is set when an editorial bracket corrected the date
	// ("12 September [sic; November] 1957"); Date is then the corrected one.
	Corrected bool `json:"corrected,omitempty"`
	// Relative is set when Date was resolved against the document's date
	// (or the date line of the entry the paragraph stands under): "last
	// year", "four years ago", a day written without its year.
	Relative bool `json:"relative,omitempty"`
	// EntryDated is set when a Relative date was read against the date
	// line of the entry the paragraph stands under, not the document's.
	EntryDated bool `json:"entry_dated,omitempty"`
	// Illegible is set when part of the date cannot be read ("o(ctober 3,
	// 1960", a month damaged in scanning); Date keeps only what can be.
	Illegible bool `json:"illegible,omitempty"`
	// Editorial is set when the date stands inside the editor's square
	// brackets ("[in mid-March 1949]"): the editor states it, not the document.
	Editorial bool `json:"editorial,omitempty"`
	// Dateline is set when the date is a paragraph of its own, with at most
	// a place ("Lindmar, October 3, 1970"): it dates the entry that follows.
	Dateline bool `json:"dateline,omitempty"`
	// Paragraph is the body paragraph, from 1; 0 is the document's Summary.
	Paragraph int `json:"paragraph"`
	// Start and End are the byte offsets of Text in the paragraph (or Summary).
	Start int `json:"start"`
	End   int `json:"end"`
}

// ParseError reports a document that could not be read.
type ParseError struct {
	File   string
	Line   int
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s", showName(e.File), e.Line, e.Reason)
}
