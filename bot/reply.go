package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind says what sort of answer a Reply is.
type Kind string

// The kinds of reply. Adapters style them differently; only KindFailure
// means something went wrong on our side.
const (
	KindAnswer   Kind = "answer"    // the archive answered
	KindNotFound Kind = "not_found" // the archive has nothing for this
	KindUsage    Kind = "usage"     // the request was malformed, or help was asked for
	KindFailure  Kind = "failure"   // the bot could not answer
)

// Reply is the platform-neutral answer to a Request: structure, not markup.
// Adapters own formatting, escaping and length limits.
type Reply struct {
	Kind Kind `json:"kind"`
	// Command is the command that produced the reply, e.g. "quote".
	Command string `json:"command,omitempty"`
	// Headline is one plain sentence saying what the reply is.
	Headline string `json:"headline"`
	// Passages are verbatim quotes from documents.
	Passages []Passage `json:"passages,omitempty"`
	// Mentions are the places a person is named (who).
	Mentions []Mention `json:"mentions,omitempty"`
	// Timeline lists dates in event order (when).
	Timeline []Event `json:"timeline,omitempty"`
	// Details are labelled facts about one document (doc, cite).
	Details []Detail `json:"details,omitempty"`
	// Citations cite every document the reply draws on, in reply order.
	Citations []Citation `json:"citations,omitempty"`
	// Choices are commands the user may mean, e.g. candidate documents.
	Choices []Choice `json:"choices,omitempty"`
	// Commands describe the bot's commands (help).
	Commands []CommandHelp `json:"commands,omitempty"`
	// Bibliography is one page of a conversation's saved sources
	// (bibliography), in the order they were saved.
	Bibliography []BibEntry `json:"bibliography,omitempty"`
	// Attachment is a file the reply carries (bibliography export).
	// Adapters send it as a file, or show it as a block when it is short.
	Attachment *Attachment `json:"attachment,omitempty"`
	// Hint is a short suggestion of what to try next.
	Hint string `json:"hint,omitempty"`
	// Page says where this reply is in a longer list of results.
	Page *Page `json:"page,omitempty"`
	// Private asks the adapter to show the reply only to the asker, where it can.
	Private bool `json:"private"`
	// Source identifies the archive an answer or not_found reply came
	// from, so a quote can be traced to the index that gave it. Nil for
	// other kinds, and when the archive cannot say.
	Source *Source `json:"source,omitempty"`
	// Cost is what answering cost, in requests of the asker's rate
	// budget, when it was more than one: a command cut off at its
	// deadline costs TimeoutCost. Adapters charge the rest with
	// Limits.Charge. Zero means one.
	Cost int `json:"-"`
}

// Source identifies the index a reply was read from.
type Source struct {
	// BuiltAt is when the index build finished, in UTC.
	BuiltAt time.Time `json:"built_at"`
	// Documents is how many documents the index holds.
	Documents int `json:"documents"`
	// Fingerprint identifies the corpus content the index was built
	// from (the index manifest's fingerprint).
	Fingerprint string `json:"fingerprint"`
}

// Line is a one-line description of the source for a reply's footer, e.g.
// "Archive: 27 documents, built 2026-11-29 22:03 UTC, corpus 1a2b3c4d5e6f".
func (s *Source) Line() string {
	if s == nil {
		return ""
	}
	line := "Archive: " + plural(s.Documents, "document")
	if !s.BuiltAt.IsZero() {
		line += ", built " + s.BuiltAt.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	if fp := shortFingerprint(s.Fingerprint); fp != "" {
		line += ", corpus " + fp
	}
	return line
}

// shortFingerprint is the first 12 characters of a fingerprint, kept to
// plain hex digits so that a damaged manifest cannot put markup in a reply.
func shortFingerprint(fp string) string {
	var b strings.Builder
	for _, r := range fp {
		if b.Len() == 12 {
			break
		}
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F') {
			b.WriteRune(r)
			continue
		}
		break
	}
	return b.String()
}

// Passage is a verbatim quotation from a document body.
type Passage struct {
	// Text is verbatim; it may be a part of the paragraph, cut at sentence
	// (or, for a very long sentence, word) boundaries.
	Text string `json:"text"`
	// Leading and Trailing report text of the paragraph left out before and
	// after Text, for the adapter to mark with an ellipsis.
	Leading  bool `json:"leading"`
	Trailing bool `json:"trailing"`
	// Speaker is who says the passage, where the document says so.
	Speaker   string `json:"speaker,omitempty"`
	DocID     string `json:"doc_id"`
	Paragraph int    `json:"paragraph"`
	// Section is "summary" when the passage is the archive's summary of
	// the document, not the document's own words (Paragraph is then 0);
	// "" for the body.
	Section string `json:"section,omitempty"`
	// Matched and Of say how much of the question the passage holds when
	// it holds only part of it: "7 of 9 words". Both are 0 otherwise.
	Matched int `json:"matched,omitempty"`
	Of      int `json:"of,omitempty"`
	// Entry is the date line, verbatim, of the diary or journal entry the
	// passage stands under, when it gives another day than the
	// document's date ("7 March 1956" in a journal dated March 14, 1956).
	Entry string `json:"entry,omitempty"`
}

// Mention is a place where a document names a person.
type Mention struct {
	DocID string `json:"doc_id"`
	// Date is the date of the document, to its precision: roles change over time.
	Date string `json:"date"`
	// Name is the name as the document writes it.
	Name string `json:"name"`
	// Role is the role phrase the document gives, verbatim, if any.
	Role string `json:"role,omitempty"`
	// Where is the part of the document: title, summary, body, signature, distribution.
	Where string `json:"where"`
	// Paragraph is the first paragraph with this name, role and place;
	// Count is how many paragraphs have it (1 for a title or summary).
	Paragraph int `json:"paragraph,omitempty"`
	Count     int `json:"count"`
}

// Event is one line of a timeline.
type Event struct {
	// Date is the date formatted to its precision, e.g. "1958" or "November 13, 1957".
	Date string `json:"date"`
	// Sort is the date as YYYY-MM-DD (the first day of its period), for ordering.
	Sort string `json:"sort"`
	// Stated is the words of the document the date comes from, e.g. "last September".
	Stated string `json:"stated"`
	// Source is "text" for a date the passage states, "document" for the date of the document.
	Source string `json:"source"`
	// Corrected is set when an editorial bracket corrected the date.
	Corrected bool `json:"corrected,omitempty"`
	// Relative is set when the words were read against the document's
	// date, or against the date line of the entry they stand under when
	// EntryDated is set too.
	Relative   bool `json:"relative,omitempty"`
	EntryDated bool `json:"entry_dated,omitempty"`
	// Illegible is set when part of the stated date cannot be read (a
	// month damaged in scanning): Date keeps only what can be.
	Illegible bool `json:"illegible,omitempty"`
	// Editorial is set when the date stands inside the editor's brackets.
	Editorial bool `json:"editorial,omitempty"`
	// Dateline is set when the date heads the entry the passage stands
	// under (a paragraph of its own), not the passage itself.
	Dateline bool `json:"dateline,omitempty"`
	// Resolved is the day read, written as the record writes its days
	// ("27 August 1962"), when the words do not give it whole (a relative
	// date, an editor's correction) and the record writes the day before
	// the month; Date writes every day one way ("August 27, 1962").
	Resolved string `json:"resolved,omitempty"`
	// Evidence is the verbatim sentence the date comes from.
	Evidence string `json:"evidence,omitempty"`
	DocID    string `json:"doc_id"`
	// Paragraph is the paragraph the date is stated in; 0 with Source
	// "text" is the archive's summary of the document.
	Paragraph int `json:"paragraph,omitempty"`
}

// Reading says how a stated date was read, for a note beside it, e.g.
// "corrected by the editor"; "" for a date the text states in full.
func (e Event) Reading() string {
	var notes []string
	resolved := ""
	if e.Resolved != "" {
		resolved = ": " + e.Resolved
	}
	if e.Corrected {
		notes = append(notes, "corrected by the editor"+resolved)
		resolved = ""
	}
	if e.Editorial {
		notes = append(notes, "the editor's insertion")
	}
	if e.Illegible {
		notes = append(notes, "month illegible, year only")
	}
	if e.Dateline {
		notes = append(notes, "date line of the entry")
	}
	switch {
	case e.Relative && e.EntryDated:
		notes = append(notes, "read against the date line of its entry"+resolved)
	case e.Relative:
		notes = append(notes, "read against the document's date"+resolved)
	}
	return strings.Join(notes, "; ")
}

// FromSummary reports whether the passage is the archive's summary of
// the document rather than the document's own words.
func (p Passage) FromSummary() bool { return p.Section == "summary" }

// Place says where a passage stands: "paragraph 3", "paragraph 5, in the
// entry of “7 March 1956”", or "the archive's summary, not the
// document's words".
func (p Passage) Place() string {
	if p.FromSummary() {
		return "the archive's summary, not the document's words"
	}
	if p.Entry != "" {
		return fmt.Sprintf("paragraph %d, in the entry of \u201c%s\u201d", p.Paragraph, p.Entry)
	}
	return "paragraph " + strconv.Itoa(p.Paragraph)
}

// Closeness says how much of the question a partial match holds, "7 of 9
// words"; "" when the passage holds all of it.
func (p Passage) Closeness() string {
	if p.Of == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d words", p.Matched, p.Of)
}

// Place says where a stated date stands: "paragraph 3", or "the
// archive's summary" (the archive's words, not the document's).
func (e Event) Place() string {
	if e.Paragraph == 0 {
		return "the archive's summary"
	}
	return "paragraph " + strconv.Itoa(e.Paragraph)
}

// Detail is a labelled fact, e.g. {"Archive", "Wilson Center Digital Archive"}.
type Detail struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Citation identifies a document the way a historian cites it.
type Citation struct {
	DocID string `json:"doc_id"`
	Title string `json:"title"`
	// Date is the document date formatted to its precision; "undated" if none.
	Date          string `json:"date"`
	Archive       string `json:"archive,omitempty"`
	Reference     string `json:"reference,omitempty"`
	Translator    string `json:"translator,omitempty"`
	TranslatedFor string `json:"translated_for,omitempty"`
	URL           string `json:"url,omitempty"`
	// Text is the citation to paste: the archive's own, verbatim, when it
	// is complete; otherwise the Chicago note built from the record.
	Text string `json:"text,omitempty"`
	// Summary is the archive's summary (search results only).
	Summary string `json:"summary,omitempty"`
	// Style, Paragraph and Formatted are set by cite: the citation written
	// in a style (chicago, mla, apa, bibtex, ris, csl-json), pinpointed to
	// a paragraph when Paragraph is not 0. Show Formatted as a block.
	Style     string `json:"style,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	Formatted string `json:"formatted,omitempty"`
}

// BibEntry is one saved source of a conversation's bibliography, as the
// list shows it.
type BibEntry struct {
	// Position is the entry's number in the list, from 1, as
	// `bibliography remove <n>` takes it.
	Position int    `json:"position"`
	DocID    string `json:"doc_id"`
	// Title and Date are the document's short citation; Title is empty
	// when the document is no longer in the archive.
	Title string `json:"title"`
	Date  string `json:"date"`
	// Paragraph is the saved paragraph, 0 for the whole document.
	Paragraph int `json:"paragraph,omitempty"`
	// Note is the saver's note, as typed: render it as untrusted text.
	Note string `json:"note,omitempty"`
	// SavedBy is the saver's display name, as the platform gave it:
	// render it as untrusted text, never as a mention.
	SavedBy string    `json:"saved_by,omitempty"`
	SavedAt time.Time `json:"saved_at"`
}

// Attachment is a file sent with a reply.
type Attachment struct {
	// Name is the file name, e.g. "bibliography.bib".
	Name string `json:"name"`
	// ContentType is its media type, e.g. "application/x-bibtex".
	ContentType string `json:"content_type"`
	// Content is the file, UTF-8 text.
	Content []byte `json:"content"`
}

// Choice is a command the user may have meant.
type Choice struct {
	Label   string `json:"label"`
	Command string `json:"command"`
}

// Page places a reply in a list of results. Next and Prev are complete
// commands that fetch the neighbouring pages, so no state is kept between
// requests.
type Page struct {
	Number int    `json:"number"`
	Of     int    `json:"of"`
	Total  int    `json:"total"`
	Next   string `json:"next,omitempty"`
	Prev   string `json:"prev,omitempty"`
}

// CommandHelp describes a command, for help.
type CommandHelp struct {
	Name     string   `json:"name"`
	Summary  string   `json:"summary"`
	Usage    string   `json:"usage"`
	Examples []string `json:"examples,omitempty"`
}
