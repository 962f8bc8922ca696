package state

import (
	"context"
	"errors"
)

// openPostgres opens the PostgreSQL store at url.
func openPostgres(ctx context.Context, url string, o options) (Store, error) {
	return nil, errors.New("a PostgreSQL state store is not supported yet")
}
