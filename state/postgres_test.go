package state_test

import "testing"

// postgresPlace is a new, empty PostgreSQL store for a test.
func postgresPlace(t *testing.T) string {
	t.Skip("the PostgreSQL backend follows")
	return ""
}
