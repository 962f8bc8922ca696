package slack

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/index"
)

// testBot is the real bot over a real index of the embedded sample and
// the fictional test documents, built once for the package's tests.
var testBot *bot.Bot

// testIndex is testBot's index, for tests that need a bot of their own.
var testIndex *index.Index

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "slack-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	ix, err := bottest.OpenArchive(context.Background(), dir, "../../corpus/testdata/archive")
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	testIndex = ix
	// The package's tests run in parallel, all asking as the one test
	// user: let that user search as often at once as the bot can.
	testBot = bot.New(ix, bot.Options{MaxUserInFlight: bot.DefaultMaxInFlight})
	return m.Run(), nil
}
