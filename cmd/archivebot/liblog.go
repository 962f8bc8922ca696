package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/archivebot/archivebot/index"
	"github.com/bwmarrin/discordgo"
)

// Bleve and discordgo log through package-level loggers of their own, and
// Bleve's index engine and discordgo's debug output through the standard
// log package: left alone, their lines reach stderr raw, in the middle of
// the JSON log. routeLibraryLogs sends them all to the run's logger as
// records with a "library" attribute.

// libraryLogger is the logger the libraries' lines go to: the latest
// run's. It is swapped atomically, since the libraries log from their
// own goroutines.
var libraryLogger atomic.Pointer[slog.Logger]

// routeOnce sets the libraries' package-level loggers, once per process.
var routeOnce sync.Once

// routeLibraryLogs makes l the logger of Bleve's, discordgo's and the
// standard log package's lines.
func routeLibraryLogs(l *slog.Logger) {
	libraryLogger.Store(l)
	routeOnce.Do(func() {
		// Bleve's lines are about problems (an unknown analyzer, a date
		// that would not parse, a slow search): warnings.
		index.SetBleveLog(log.New(libraryWriter{library: "bleve", level: slog.LevelWarn}, "", 0))
		log.SetFlags(0)
		log.SetPrefix("")
		log.SetOutput(libraryWriter{library: "log", level: slog.LevelWarn})
		discordgo.Logger = discordLog
	})
}

// libraryWriter turns what a log.Logger writes, a line a call, into slog
// records.
type libraryWriter struct {
	library string
	level   slog.Level
}

func (w libraryWriter) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		if line = strings.TrimSpace(line); line != "" {
			libraryLogger.Load().Log(context.Background(), w.level, line, "library", w.library)
		}
	}
	return len(p), nil
}

// discordLog is discordgo's Logger: its levels become slog's.
func discordLog(msgL, _ int, format string, a ...any) {
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	case discordgo.LogInformational:
		level = slog.LevelInfo
	}
	l := libraryLogger.Load()
	if !l.Enabled(context.Background(), level) {
		return
	}
	l.Log(context.Background(), level, strings.TrimSpace(fmt.Sprintf(format, a...)), "library", "discordgo")
}
