// Package bottest holds test data for the bot's adapters: inputs that
// anyone on a public server may type, shared by the bot's own tests and
// each adapter's, so that every entry point is tried with the same list.
package bottest

import "strings"

// HostileInputs are what anyone on a public server may type. Each must get
// an answer or a clear, short error within a bounded time, no panic, and no
// reply that could ping anyone or break a platform's limits.
var HostileInputs = []string{
	// Bleve query-string syntax: never parsed as such.
	"quote /.*/", "quote *", "quote a~99", "quote +-:", "quote field:x", "quote title:cotton",
	"search cotton^10", "quote cot*", "quote ?otton", `quote "unclosed`, `quote ""`, `quote " "`,
	"search (cotton OR tungsten) AND NOT dam", "who +Mao -Zedong", "quote _all:x", "quote \\", "quote \\\\\\",
	// Size.
	"quote " + strings.Repeat("a", 100_000), "quote " + strings.Repeat("word ", 10_000), strings.Repeat("x", 499),
	"who " + strings.Repeat("Kim ", 200), "cite " + strings.Repeat("1", 400),
	// Encoding and invisible characters.
	"quote \xff\xfe\xfd", "quote cot\x00ton", "quote \x1b[31mred\x1b[0m", "quote \u202eNOTTOC", "quote co\u200btton",
	"quote \ufeffcotton", "quote \u2066cotton\u2069", "quote cotton\r\nwho Mao", "\x00\x00\x00", "quote \u0007\u0008",
	// Emoji and scripts.
	"quote 🐉🔥", "who 毛泽东", "quote Пхеньян", "quote 🏳️‍🌈", "search تاريخ", "quote ｃｏｔｔｏｎ",
	// Mentions and chat markup.
	"quote @everyone", "quote @here", "who <@123456789>", "quote <@&987>", "quote <#123>", "quote <!channel>",
	"quote <!here>", "quote <!everyone>", "quote <http://x|y>", "quote <https://evil.example/|click>",
	"quote **bold** __under__ ~~strike~~", "quote ```code```", "quote `cotton`", "quote [link](http://x)", "quote > cotton",
	// Filters.
	"quote cotton from:99999", "quote cotton to:-1", "quote cotton from:1960 to:1950", "quote cotton page:0",
	"quote cotton page:99999999999999999999", "quote cotton year:abcd", "quote cotton lang:", "quote cotton doc:",
	"quote cotton from:1957-02-30", "quote cotton from:0000", "quote from:1950", "quote cotton doc:" + strings.Repeat("x", 200),
	// Commands.
	"", "   ", "frobnicate", "/", "!", "help help help", "help " + strings.Repeat("z", 300), "doc", "doc -1", "doc 115932 0",
	"doc 115932 99999999999999999999", "cite ../../etc/passwd", "cite https://evil.example/document/115932",
	"cite file:///etc/passwd", "cite 115932 ¶-3", "who said", `who said ""`, "when", "when when when",
	"when @everyone", `when "unclosed`, `when ""`, "when cotton from:1960 to:1950", "when from:1950",
	"when " + strings.Repeat("grain ", 100), `when "grain` + strings.Repeat(" x", 40) + `"`,
	// The bibliography and the day.
	"save", "save that", "save 115932 ¶-1", "save 115932 ¶99999", "save 115932 ¶0 x", "save ../../etc/passwd",
	"save 115932 @everyone <@123> <!channel> <#1> \u202eevil", "save 115932 " + strings.Repeat("n", 400),
	"save a/b/c ¶3", "save 115932 from:99999 page:abc", "bibliography remove 99999", "bibliography remove -1",
	"bibliography export docx", "bibliography clear", "bibliography @everyone", "today 99 Smarch", "today 31 February",
	"today " + strings.Repeat("9", 300), "today <@123>",
}
