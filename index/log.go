package index

import (
	"log"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SetBleveLog sends the lines Bleve logs through its package-level
// loggers (of its top package, its mapping and its query parser) to l; by
// default Bleve discards them. They are process-wide: call it once, at the
// start. Bleve's index engine logs through the standard log package
// instead, which log.SetOutput redirects.
func SetBleveLog(l *log.Logger) {
	bleve.SetLog(l)
	mapping.SetLog(l)
	query.SetLog(l)
}
