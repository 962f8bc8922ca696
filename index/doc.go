// Package index builds a Bleve full-text index of archive documents on disk
// and answers typed queries over it with typed hits. It is the only package
// of archivebot that imports bleve: callers see corpus types and the types
// declared here, never bleve's.
//
// An index holds three kinds of record: one per document (its titles and
// summary, plus the whole corpus.Document in a compact stored form), one per
// body paragraph (and summary), and one per dated event (each date a
// document states, with its evidence sentence, and the document's own
// date; see events.go). Paragraphs answers "which passages say this?";
// Documents answers "which documents are about this?"; Events answers
// "when?". Queries are built from plain words and exact phrases with match and phrase queries; user text never reaches Bleve's
// query-string parser, and every search is bounded in size and time.
//
// Build writes a new index into a fresh directory beside path and then
// swaps a symbolic link at path over to it atomically, so a process that
// opens path sees either the old index or the new one, never half of one:
//
//	idx -> idx.1718000000000000000        (relative symlink)
//	idx.1718000000000000000/              (the Bleve index)
//	idx.1718000000000000000/archivebot.sha256  (checksums, written last)
//	idx.lock                              (held by the build running)
//
// Open verifies every file against the checksums before Bleve reads it and
// refuses a damaged index with ErrDamaged.
// The link target is relative, so the folder holding both can be moved or
// copied as a whole (use cp -a or tar so the link is kept as a link).
//
// Typical use:
//
//	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
//		return corpus.Walk(ctx, fsys, fn)
//	}
//	m, rep, err := index.Build(ctx, "data/index", src, index.BuildOptions{Logger: logger})
//	if err != nil {
//		return fmt.Errorf("build index: %w", err)
//	}
//	logger.Info("index built", "documents", m.Documents, "report", rep.String())
//
//	ix, err := index.Open("data/index")
//	if err != nil {
//		return err // errors.Is(err, index.ErrNoIndex), ErrSchema or ErrDamaged: rebuild
//	}
//	defer ix.Close()
//	res, err := ix.Paragraphs(ctx, index.Query{
//		Words:   []string{"grain", "exports"},
//		Phrases: []string{"five-year plan"},
//		From:    time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC),
//	})
//	if err != nil {
//		return err // errors.Is(err, index.ErrBadQuery), index.ErrTimeout, ...
//	}
//	for _, h := range res.Hits {
//		fmt.Println(h.Doc.Title, h.Paragraph.N, h.Paragraph.Text)
//	}
//
// An Index is read-only and safe for concurrent use by many goroutines.
package index
