package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/archivebot/archivebot/corpus"
)

// Record kinds: the value of the kind field and of BleveType.
const (
	kindDoc  = "doc"
	kindPara = "para"
)

// Field names. They are also the JSON names of the record structs, which is
// how bleve's mapping finds them.
const (
	fieldKind  = "kind"
	fieldDocID = "doc_id"
	fieldTitle = "title"
	fieldText  = "text"
	fieldDate  = "date"
	fieldLang  = "lang"
	fieldDoc   = "doc"
	// fieldContext holds what the archive says about a document rather
	// than the document's own words: its titles and its summary.
	fieldContext = "context"
	// fieldSection marks the summary's paragraph record (kindSummary).
	fieldSection = "section"
)

// kindSummary is the section field of a summary's paragraph record.
const kindSummary = "summary"

// SummaryParagraph is the paragraph number of a document's summary when a
// search returns it as a passage: body paragraphs count from 1.
const SummaryParagraph = 0

// Record ids.
const (
	docPrefix  = "d/"
	paraPrefix = "p/"
)

func docRecordID(docID string) string { return docPrefix + docID }

func paraRecordID(docID string, n int) string { return fmt.Sprintf("%s%s/%d", paraPrefix, docID, n) }

// Dates are indexed within this window (see dateTerms), which an open date
// range tiles with some sixty decades; dates outside it are indexed as
// undated (the stored document keeps them), and query bounds are clamped
// to it. It is the window Bleve's datetime fields hold, which earlier
// schemas used.
var (
	minIndexDate = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	maxIndexDate = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// paraRecord is what is indexed for one body paragraph.
type paraRecord struct {
	Kind  string `json:"kind"`
	DocID string `json:"doc_id"`
	N     int    `json:"-"` // in the record id only
	Text  string `json:"text"`
	// Date holds the document date's terms (dateTerms), if it has one.
	Date []string `json:"date,omitempty"`
	Lang string   `json:"lang,omitempty"`
	// Section is kindSummary for the summary's record, else empty.
	Section string `json:"section,omitempty"`
}

// BleveType tells bleve's mapping which document mapping to use.
func (paraRecord) BleveType() string { return kindPara }

// docRecord is what is indexed for one document: its titles and summary,
// its filters and its stored form. Its words are not indexed again: the
// paragraph records hold them, and documents are ranked from their
// paragraphs' hits (see rank.go).
type docRecord struct {
	Kind  string `json:"kind"`
	DocID string `json:"doc_id"`
	// Title holds the document title and, when it differs, the citation title.
	Title []string `json:"title"`
	// Context holds the titles and the summary, one element each.
	Context []string `json:"context"`
	Date    []string `json:"date,omitempty"`
	Lang    string   `json:"lang,omitempty"`
	// Doc is the whole corpus.Document in its stored form (see
	// compressDocument), stored and not indexed.
	Doc string `json:"doc"`
}

// BleveType tells bleve's mapping which document mapping to use.
func (docRecord) BleveType() string { return kindDoc }

// records turns a document into the records to index.
func records(d corpus.Document) (docRecord, []paraRecord, error) {
	var date []string
	if t := indexDate(d.Date); t != nil {
		date = dateTerms(*t)
	}
	lang := normLanguage(d.OriginalLanguage)

	titles := []string{d.Title}
	if ct := strings.TrimSpace(d.Citation.Title); ct != "" && ct != strings.TrimSpace(d.Title) {
		titles = append(titles, ct)
	}
	paras := make([]paraRecord, 0, len(d.Paragraphs)+1)
	if strings.TrimSpace(d.Summary) != "" {
		// The summary is searched as a passage too: archives often state
		// the point there. Replies label it as the archive's words.
		paras = append(paras, paraRecord{Kind: kindPara, DocID: d.ID, N: SummaryParagraph, Text: d.Summary, Date: date, Lang: lang, Section: kindSummary})
	}
	for _, p := range d.Paragraphs {
		paras = append(paras, paraRecord{
			Kind:  kindPara,
			DocID: d.ID,
			N:     p.N,
			Text:  p.Text,
			Date:  date,
			Lang:  lang,
		})
	}
	stored, err := compressDocument(&d)
	if err != nil {
		return docRecord{}, nil, err
	}
	doc := docRecord{
		Kind:    kindDoc,
		DocID:   d.ID,
		Title:   titles,
		Context: append(slices.Clone(titles), d.Summary),
		Date:    date,
		Lang:    lang,
		Doc:     string(stored),
	}
	return doc, paras, nil
}

// indexDate is the date to index for a document: nil when it is undated or
// outside what a datetime field can hold.
func indexDate(d corpus.Date) *time.Time {
	if d.IsZero() || d.Time.IsZero() {
		return nil
	}
	t := d.Time.UTC()
	if t.Before(minIndexDate) || !t.Before(maxIndexDate) {
		return nil
	}
	return &t
}

// normLanguage is how a language is indexed and queried: trimmed, lower case.
func normLanguage(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// newMapping is the explicit index mapping: no dynamic fields, nothing in
// _all, and each field stores, vectors and doc values only what it needs.
// Bleve's defaults switch all of them on.
func newMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.DefaultMapping = mapping.NewDocumentStaticMapping()
	im.DefaultMapping.Enabled = false // a record of an unknown type indexes nothing
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = bleveindex.BM25Scoring
	im.TypeField = fieldKind // BleveType decides; this only documents intent

	para := mapping.NewDocumentStaticMapping()
	para.AddFieldMappingsAt(fieldKind, keywordField(false))
	// The document id and paragraph number are read from the record id
	// (paraRecordID); the id is indexed for the document filter.
	para.AddFieldMappingsAt(fieldDocID, keywordField(false))
	// Term vectors give each hit the positions of its matched terms, which
	// phrase queries need; its offsets are found in the text when the
	// passage is shown (positions.go).
	para.AddFieldMappingsAt(fieldText, textField(positionsAnalyzer))
	para.AddFieldMappingsAt(fieldDate, keywordField(false))
	para.AddFieldMappingsAt(fieldLang, keywordField(false))
	para.AddFieldMappingsAt(fieldSection, keywordField(false))
	im.AddDocumentMapping(kindPara, para)

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldKind, keywordField(false))
	doc.AddFieldMappingsAt(fieldDocID, keywordField(false))
	// Bleve's phrase searcher needs term positions, which only term vectors
	// record: without them a phrase query silently matches nothing.
	doc.AddFieldMappingsAt(fieldTitle, textField(textAnalyzer))
	doc.AddFieldMappingsAt(fieldContext, textField(textAnalyzer))
	doc.AddFieldMappingsAt(fieldDate, keywordField(false))
	doc.AddFieldMappingsAt(fieldLang, keywordField(false))
	doc.AddFieldMappingsAt(fieldDoc, storedOnlyField())
	im.AddDocumentMapping(kindDoc, doc)
	im.AddDocumentMapping(kindEvent, eventMapping())
	return im
}

// keywordField is an indexed, unanalysed field, stored when asked.
func keywordField(store bool) *mapping.FieldMapping {
	fm := mapping.NewKeywordFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Store = store
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// textField is an indexed, not stored English text field with term
// vectors, analysed by analyzer (textAnalyzer or positionsAnalyzer).
func textField(analyzer string) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store = false
	fm.IncludeTermVectors = true
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// storedOnlyField is text kept for reading back: not analysed, not indexed.
func storedOnlyField() *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Index = false
	fm.Store = true
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}
