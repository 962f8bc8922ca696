package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/slacktest"

	"github.com/archivebot/archivebot/bot"
)

// Test credentials: fake, and recognisable if they ever reached a log.
const (
	testBotToken = "xoxb-test-bot-token-SECRET"
	testAppToken = "xapp-test-app-token-SECRET"
	testSecret   = "test-signing-secret-SECRET"
	testTeam     = "T0TEST"
	testUser     = "U0TESTER"
	testChannel  = "C0CHANNEL"
	testDM       = "D0DIRECT"
	testBotUser  = "U0ARCHIVEBOT"
)

// waitFor bounds every wait of the tests.
const waitFor = 5 * time.Second

// posted is one thing the app sent to the fake Slack.
type posted struct {
	// Via is "chat.postMessage", "chat.postEphemeral", "response" (a
	// response_url), "ack" (a Socket Mode acknowledgement) or "http" (the
	// body of an HTTP-mode answer).
	Via             string
	Channel         string
	User            string
	ThreadTS        string
	Token           string
	Text            string
	Blocks          json.RawMessage
	ResponseType    string
	ReplaceOriginal bool
	DeleteOriginal  bool
	// Raw is the payload as sent, for size checks.
	Raw []byte
	// FileName and File are an uploaded file (Via "file"), as
	// files.completeUploadExternal shared it.
	FileName string
	File     []byte
}

// blockText is the JSON of a payload's blocks, with the JSON escapes of
// <, > and & undone, for looking things up.
func (p posted) blockText() string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(p.Blocks))
}

// fakeSlack is Slack on loopback: slacktest's Web API (auth.test and the
// rest), with our own handlers for what slacktest does not do: recording
// chat.postMessage and chat.postEphemeral, response URLs, and a websocket
// that speaks Socket Mode.
type fakeSlack struct {
	t     *testing.T
	srv   *slacktest.Server
	posts chan posted

	mu    sync.Mutex
	conn  *websocket.Conn
	conns chan *websocket.Conn
	acks  chan posted
	// opened counts apps.connections.open calls, with the token each used.
	opened chan string
	// uploads holds the files uploaded and not yet completed, by file id.
	uploads  map[string][]byte
	nextFile int
}

// newFakeSlack starts a fake Slack; extra handlers, registered first,
// replace the fake's own.
func newFakeSlack(t *testing.T, extra ...slacktest.Binder) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, posts: make(chan posted, 100), conns: make(chan *websocket.Conn, 4), acks: make(chan posted, 100), opened: make(chan string, 10), uploads: map[string][]byte{}}
	f.srv = slacktest.NewTestServer(append(extra, func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", f.chat("chat.postMessage"))
		c.Handle("/chat.postEphemeral", f.chat("chat.postEphemeral"))
		c.Handle("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
			f.opened <- strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
		})
		c.Handle("/socket", f.socket)
		c.Handle("/response/", f.response)
		c.Handle("/files.getUploadURLExternal", f.uploadURL)
		c.Handle("/upload/", f.uploadFile)
		c.Handle("/files.completeUploadExternal", f.completeUpload)
	})...)
	f.srv.Start()
	t.Cleanup(func() {
		f.mu.Lock()
		if f.conn != nil {
			f.conn.Close()
		}
		f.mu.Unlock()
		f.srv.Stop()
	})
	return f
}

// apiURL is the Web API base to give the adapter.
func (f *fakeSlack) apiURL() string { return f.srv.GetAPIURL() }

// responseURL is a response_url that records what is posted to it.
func (f *fakeSlack) responseURL(id string) string {
	return "http://" + f.srv.ServerAddr + "/response/" + id
}

func (f *fakeSlack) chat(via string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		v, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		token := v.Get("token")
		if token == "" {
			token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		}
		f.posts <- posted{
			Via: via, Channel: v.Get("channel"), User: v.Get("user"), ThreadTS: v.Get("thread_ts"),
			Token: token, Text: v.Get("text"), Blocks: json.RawMessage(v.Get("blocks")), Raw: body,
		}
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000200"}`, v.Get("channel"))
	}
}

// uploadURL is files.getUploadURLExternal: a URL on the fake to upload a
// file of the stated length to, and the file's id.
func (f *fakeSlack) uploadURL(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Form.Get("filename") == "" || r.Form.Get("length") == "" {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
		return
	}
	f.mu.Lock()
	f.nextFile++
	id := fmt.Sprintf("F%04d", f.nextFile)
	f.mu.Unlock()
	fmt.Fprintf(w, `{"ok":true,"upload_url":"http://%s/upload/%s","file_id":%q}`, r.Host, id, id)
}

// uploadFile receives a file's bytes at the URL uploadURL gave, as a
// multipart form with a "file" part, as Slack's upload URL takes them.
func (f *fakeSlack) uploadFile(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	content, err := io.ReadAll(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.uploads[id] = content
	f.mu.Unlock()
	io.WriteString(w, "OK - "+strconv.Itoa(len(content)))
}

// completeUpload is files.completeUploadExternal: it shares the uploaded
// files in a channel, which the fake records as a post.
func (f *fakeSlack) completeUpload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.Form.Get("files")), &files); err != nil || len(files) != 1 {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_arguments"}`)
		return
	}
	f.mu.Lock()
	content, ok := f.uploads[files[0].ID]
	delete(f.uploads, files[0].ID)
	f.mu.Unlock()
	if !ok {
		fmt.Fprint(w, `{"ok":false,"error":"file_not_found"}`)
		return
	}
	if r.Form.Get("channel_id") == "C0NOTMEMBER" {
		fmt.Fprint(w, `{"ok":false,"error":"not_in_channel"}`)
		return
	}
	f.posts <- posted{Via: "file", Channel: r.Form.Get("channel_id"), ThreadTS: r.Form.Get("thread_ts"), Text: r.Form.Get("initial_comment"),
		FileName: files[0].Title, File: content}
	fmt.Fprintf(w, `{"ok":true,"files":[{"id":%q,"title":%q}]}`, files[0].ID, files[0].Title)
}

func (f *fakeSlack) response(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var m struct {
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.posts <- posted{
		Via: "response", Channel: strings.TrimPrefix(r.URL.Path, "/response/"), Token: r.Header.Get("Authorization"),
		Text: m.Text, Blocks: m.Blocks, ResponseType: m.ResponseType, ReplaceOriginal: m.ReplaceOriginal, DeleteOriginal: m.DeleteOriginal, Raw: body,
	}
	io.WriteString(w, "ok")
}

// socket is Socket Mode's websocket: it says hello, pings as Slack does,
// and records the app's acknowledgements.
func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // the app sends Origin: https://api.slack.com
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	f.mu.Lock()
	f.conn = conn
	f.mu.Unlock()
	hello := `{"type":"hello","num_connections":1,"connection_info":{"app_id":"A0APP"},"debug_info":{"host":"fake"}}`
	if err := f.write([]byte(hello)); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)) != nil {
					return
				}
			}
		}
	}()
	f.conns <- conn
	defer close(done)
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil {
			f.t.Errorf("socket mode: unreadable message from the app: %q", data)
			continue
		}
		p := posted{Via: "ack", Channel: ack.EnvelopeID, Raw: data}
		if len(ack.Payload) > 0 && string(ack.Payload) != "null" {
			var m struct {
				Text         string          `json:"text"`
				Blocks       json.RawMessage `json:"blocks"`
				ResponseType string          `json:"response_type"`
			}
			if err := json.Unmarshal(ack.Payload, &m); err != nil {
				f.t.Errorf("socket mode: unreadable ack payload: %v", err)
			}
			p.Text, p.Blocks, p.ResponseType = m.Text, m.Blocks, m.ResponseType
		}
		f.acks <- p
	}
}

func (f *fakeSlack) write(data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn == nil {
		return fmt.Errorf("no socket mode connection")
	}
	return f.conn.WriteMessage(websocket.TextMessage, data)
}

// envelope sends a Socket Mode request to the app.
func (f *fakeSlack) envelope(t *testing.T, typ, id string, payload any, retry int) {
	t.Helper()
	p, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := json.Marshal(map[string]any{
		"type": typ, "envelope_id": id, "payload": json.RawMessage(p),
		"accepts_response_payload": typ == "slash_commands" || typ == "interactive", "retry_attempt": retry,
	})
	if err := f.write(msg); err != nil {
		t.Fatalf("send %s envelope: %v", typ, err)
	}
}

// waitConn waits for the app to connect over Socket Mode.
func (f *fakeSlack) waitConn(t *testing.T) {
	t.Helper()
	select {
	case <-f.conns:
	case <-time.After(waitFor):
		t.Fatal("the app did not connect over Socket Mode")
	}
}

// next waits for the next thing the app posts.
func (f *fakeSlack) next(t *testing.T) posted {
	t.Helper()
	select {
	case p := <-f.posts:
		if p.Via != "file" {
			checkPayload(t, p)
		}
		return p
	case <-time.After(waitFor):
		t.Fatal("the app posted nothing")
	}
	return posted{}
}

// ack waits for the next Socket Mode acknowledgement.
func (f *fakeSlack) ack(t *testing.T) posted {
	t.Helper()
	select {
	case p := <-f.acks:
		if len(p.Raw) >= maxAck {
			t.Errorf("an acknowledgement of %d bytes was sent; Slack drops those of 20 KB or more", len(p.Raw))
		}
		if p.Blocks != nil {
			checkPayload(t, p)
		}
		return p
	case <-time.After(waitFor):
		t.Fatal("the app sent no acknowledgement")
	}
	return posted{}
}

// quiet checks that the app posts nothing more for a little while.
func (f *fakeSlack) quiet(t *testing.T) {
	t.Helper()
	select {
	case p := <-f.posts:
		t.Errorf("unexpected %s: %.300s", p.Via, p.Raw)
	case <-time.After(200 * time.Millisecond):
	}
}

// sign signs a request as Slack does: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).
func sign(h http.Header, secret string, ts time.Time, body []byte) {
	stamp := fmt.Sprint(ts.Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestLogger(t *testing.T) (*slog.Logger, *logBuffer) {
	t.Helper()
	buf := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", buf.String())
		}
		for _, secret := range []string{testBotToken, testAppToken, testSecret, "/response/"} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("the log shows a secret or a response_url (%q)", secret)
			}
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// checkPayload checks a recorded message against Slack's limits and our
// safety rules.
func checkPayload(t *testing.T, p posted) {
	t.Helper()
	if p.DeleteOriginal && len(p.Blocks) == 0 {
		return
	}
	if p.Text == "" {
		t.Errorf("%s: no plain-text fallback", p.Via)
	}
	if textLen(p.Text) > maxFallback {
		t.Errorf("%s: fallback of %d characters", p.Via, textLen(p.Text))
	}
	var blocks []map[string]any
	if err := json.Unmarshal(p.Blocks, &blocks); err != nil {
		t.Errorf("%s: blocks are not a JSON array: %v", p.Via, err)
		return
	}
	for _, problem := range blockProblems(blocks) {
		t.Errorf("%s: %s", p.Via, problem)
	}
}

// blockProblems lists how blocks break Slack's limits (50 blocks, 3000
// characters per text object, 10 fields per section of 2000 characters
// each, 10 elements per context block, 25 per actions block, buttons'
// labels of 75 characters and values of 2000) or our safety rules (every
// mrkdwn text verbatim, no <!...> and no <@...> but a sharer's).
func blockProblems(blocks []map[string]any) []string {
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	if len(blocks) == 0 {
		add("no blocks")
	}
	if len(blocks) > maxBlocks {
		add("%d blocks, more than %d", len(blocks), maxBlocks)
	}
	textObject := func(where string, v any, limit int) {
		o, ok := v.(map[string]any)
		if !ok {
			add("%s: not a text object", where)
			return
		}
		text, _ := o["text"].(string)
		switch {
		case text == "":
			add("%s: empty text", where)
		case textLen(text) > limit:
			add("%s: %d characters, more than %d", where, textLen(text), limit)
		}
		switch o["type"] {
		case "mrkdwn":
			if o["verbatim"] != true {
				add("%s: mrkdwn that is not verbatim", where)
			}
			if strings.Contains(text, "<!") {
				add("%s: a special mention: %.200q", where, text)
			}
			// Every < must open a link of ours or the sharer's mention;
			// anything else is markup that escaped the escaping.
			for i := strings.Index(text, "<"); i >= 0; i = next(text, i) {
				rest := text[i:]
				if !strings.HasPrefix(rest, "<https://") && !strings.HasPrefix(rest, "<http://") && !strings.HasPrefix(rest, "<@"+testUser+">") {
					add("%s: unescaped markup at %.80q", where, rest)
				}
			}
		case "plain_text":
		default:
			add("%s: text of type %v", where, o["type"])
		}
	}
	for i, b := range blocks {
		where := fmt.Sprintf("block %d (%v)", i, b["type"])
		switch b["type"] {
		case "section":
			if b["text"] == nil && b["fields"] == nil {
				add("%s: neither text nor fields", where)
			}
			if b["text"] != nil {
				textObject(where, b["text"], maxText)
			}
			fields, _ := b["fields"].([]any)
			if len(fields) > maxFields {
				add("%s: %d fields", where, len(fields))
			}
			for j, f := range fields {
				textObject(fmt.Sprintf("%s field %d", where, j), f, maxField)
			}
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > maxElements {
				add("%s: %d elements", where, len(els))
			}
			for j, e := range els {
				textObject(fmt.Sprintf("%s element %d", where, j), e, maxText)
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > 25 {
				add("%s: %d elements", where, len(els))
			}
			ids := map[string]bool{}
			for j, e := range els {
				el, _ := e.(map[string]any)
				w := fmt.Sprintf("%s button %d", where, j)
				textObject(w, el["text"], maxButton)
				id, _ := el["action_id"].(string)
				value, _ := el["value"].(string)
				if id == "" || len(id) > 255 || ids[id] {
					add("%s: action_id %q missing, too long or repeated", w, id)
				}
				ids[id] = true
				if value == "" || len(value) > maxValue {
					add("%s: value of %d bytes", w, len(value))
				}
			}
		case "divider":
		default:
			add("%s: a block type we do not use", where)
		}
	}
	return out
}

// next finds the next < in text after i, or -1.
func next(text string, i int) int {
	j := strings.Index(text[i+1:], "<")
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// stubBot is the real bot, except for a few requests it answers with
// canned replies: what the real archive cannot produce, such as hostile
// text or enormous answers.
type stubBot struct {
	*bot.Bot
	replies map[string]bot.Reply
}

func (s stubBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	if r, ok := s.replies[req.Text]; ok {
		return r
	}
	return s.Bot.Handle(ctx, req)
}

// withTimeout bounds a test's context.
func withTimeout(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
