// Package discordtest is a fake Discord on loopback, for tests: a REST API
// and a gateway that speak enough of the real protocol for the real
// discordgo client. It records every call the bot makes, answers the way
// Discord does, and rejects messages over Discord's limits with 400 as
// Discord would.
//
//	fake := discordtest.NewServer("token")
//	defer fake.Close()
//	// run the bot with its API base set to fake.URL and the same token
//	fake.Dispatch("INTERACTION_CREATE", discordtest.SlashCommand("i1", "quote", discordtest.Str("words", "cotton")))
//	call, err := fake.WaitFor(ctx, discordtest.Callback("i1"))
package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Ids the fake gives itself and the people in its conversations.
const (
	AppID   = "100000000000000001"
	BotID   = "100000000000000001" // a bot's user id is its application's id
	GuildID = "200000000000000001"
	Channel = "300000000000000001"
	UserID  = "400000000000000001"
)

// The gateway's close codes the fake uses.
const (
	CloseAuthenticationFailed = 4004
	CloseInvalidShard         = 4010
	CloseDisallowedIntents    = 4014
)

// Call is one thing the bot did: a REST request, or a gateway message it
// sent (Method "GATEWAY", Path "op2" for IDENTIFY, "op6" for RESUME, "op1"
// for a heartbeat).
type Call struct {
	Method string
	Path   string
	// Body is the JSON of the call: of a multipart call with files, its
	// payload_json part.
	Body json.RawMessage
	// Files are the files a multipart call uploaded, in order.
	Files []File
	// Status is what the fake answered a REST call with.
	Status int
}

// File is a file uploaded with a message, as Discord reads it from a
// multipart body: files[n] parts, next to the payload_json.
type File struct {
	Name        string
	ContentType string
	Content     []byte
}

// readMultipart reads a multipart/form-data body as Discord does: the
// payload_json part is the call's JSON, the files[n] parts its files.
func readMultipart(r *http.Request) (json.RawMessage, []File, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	var body json.RawMessage
	var files []File
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return body, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		raw, err := io.ReadAll(io.LimitReader(p, 1<<20))
		if err != nil {
			return nil, nil, err
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			body = raw
		case strings.HasPrefix(name, "files["):
			files = append(files, File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Content: raw})
		default:
			return nil, nil, fmt.Errorf("unexpected multipart part %q", name)
		}
	}
}

// Server is a fake Discord. Its fields may be set before the bot connects.
type Server struct {
	// URL is the base URL to give the bot in place of https://discord.com.
	URL string
	// Token is the bot token the fake accepts.
	Token string
	// MessageContent allows the privileged Message Content intent; when
	// false, an IDENTIFY asking for it is closed with code 4014.
	MessageContent bool
	// HeartbeatInterval is sent in HELLO.
	HeartbeatInterval time.Duration

	srv *httptest.Server

	mu       sync.Mutex
	calls    []Call
	problems []string
	changed  chan struct{} // closed and replaced whenever calls change
	conn     *gatewayConn
	session  string
	sessions int
	intents  discordgo.Intent // of the current session
	seq      int64
	nextID   int
	gone     map[string]bool // channels that answer 404 Unknown Channel
}

type gatewayConn struct {
	ws *websocket.Conn
	mu sync.Mutex // serialises writes
}

func (c *gatewayConn) send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

func (c *gatewayConn) close(code int, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	msg := websocket.FormatCloseMessage(code, text)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	_ = c.ws.Close()
}

// NewServer starts a fake Discord that accepts token.
func NewServer(token string) *Server {
	s := &Server{Token: token, MessageContent: true, HeartbeatInterval: 41250 * time.Millisecond, changed: make(chan struct{})}
	mux := http.NewServeMux()
	api := "/api/v" + discordgo.APIVersion
	mux.HandleFunc("GET "+api+"/gateway", s.gatewayURL)
	mux.HandleFunc("GET "+api+"/gateway/bot", s.gatewayURL)
	mux.HandleFunc("GET /gateway", s.gateway)
	mux.HandleFunc("GET /gateway/", s.gateway) // discordgo adds a slash
	mux.HandleFunc("POST "+api+"/interactions/{id}/{token}/callback", s.record(false, s.noContent))
	mux.HandleFunc("POST "+api+"/webhooks/{app}/{token}", s.record(false, s.messageCreated))
	mux.HandleFunc("PATCH "+api+"/webhooks/{app}/{token}/messages/{msg}", s.record(false, s.messageCreated))
	mux.HandleFunc("DELETE "+api+"/webhooks/{app}/{token}/messages/{msg}", s.record(false, s.noContent))
	mux.HandleFunc("GET "+api+"/channels/{channel}", s.record(true, s.channel))
	mux.HandleFunc("POST "+api+"/channels/{channel}/messages", s.record(true, s.messageCreated))
	mux.HandleFunc("PUT "+api+"/applications/{app}/commands", s.record(true, s.commands))
	mux.HandleFunc("PUT "+api+"/applications/{app}/guilds/{guild}/commands", s.record(true, s.commands))
	mux.HandleFunc("/", s.record(false, func(w http.ResponseWriter, _ *http.Request, _ []byte) int {
		return writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	}))
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close disconnects the bot and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		c.close(websocket.CloseGoingAway, "")
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Calls returns what the bot has done so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Problems lists every way in which what the bot sent would fail with
// Discord, or could ping someone: messages over Discord's limits, missing
// or permissive allowed mentions, mention syntax outside code.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

func (s *Server) add(c Call, problems []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	for _, p := range problems {
		s.problems = append(s.problems, c.Method+" "+c.Path+": "+p)
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitFor returns the first call, made before or after, that match
// accepts, or an error when ctx ends first.
func (s *Server) WaitFor(ctx context.Context, match func(Call) bool) (Call, error) {
	for {
		s.mu.Lock()
		for _, c := range s.calls {
			if match(c) {
				s.mu.Unlock()
				return c, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return Call{}, fmt.Errorf("waiting for a call: %w", ctx.Err())
		case <-changed:
		}
	}
}

// Count returns how many calls match accepts.
func (s *Server) Count(match func(Call) bool) int {
	n := 0
	for _, c := range s.Calls() {
		if match(c) {
			n++
		}
	}
	return n
}

// Dispatch sends an event (op 0) to the connected bot. A MESSAGE_CREATE
// goes through the session's intents as on Discord: without the guild or
// direct message intent it is not sent (Dispatch says so with an error),
// and without the Message Content intent a guild message that does not
// mention the bot arrives with its content, embeds and attachments empty.
func (s *Server) Dispatch(event string, data any) error {
	s.mu.Lock()
	c := s.conn
	s.seq++
	seq := s.seq
	intents := s.intents
	s.mu.Unlock()
	if c == nil {
		return errors.New("dispatch: the bot is not connected")
	}
	if m, ok := data.(map[string]any); ok && event == "MESSAGE_CREATE" {
		var err error
		if data, err = filterMessage(m, intents); err != nil {
			return err
		}
	}
	return c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data})
}

// Disconnect closes the gateway connection with a close code, as Discord
// does when it restarts a gateway (e.g. 4000 unknown error, 1001 going away).
func (s *Server) Disconnect(code int) error {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	if c == nil {
		return errors.New("disconnect: the bot is not connected")
	}
	c.close(code, "fake discord: disconnect")
	return nil
}

// gatewayURL answers GET /gateway with the fake's own websocket URL.
func (s *Server) gatewayURL(w http.ResponseWriter, r *http.Request) {
	s.add(Call{Method: r.Method, Path: r.URL.Path, Status: http.StatusOK}, nil)
	writeJSON(w, http.StatusOK, map[string]any{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway", "shards": 1})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// gateway speaks the gateway protocol: HELLO, then IDENTIFY (READY) or
// RESUME (RESUMED), heartbeats answered with ACKs, until either side
// closes.
func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	defer ws.Close()
	if err := c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.HeartbeatInterval.Milliseconds()}}); err != nil {
		return
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var first struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := ws.ReadJSON(&first); err != nil {
		return
	}
	s.add(Call{Method: "GATEWAY", Path: "op" + strconv.Itoa(first.Op), Body: first.D}, nil)
	switch first.Op {
	case 2:
		if !s.identify(c, first.D) {
			return
		}
	case 6:
		if !s.resume(c, first.D) {
			return
		}
	default:
		c.close(4003, "Not authenticated.")
		return
	}
	ws.SetReadDeadline(time.Time{})
	for {
		var m struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&m); err != nil {
			return
		}
		s.add(Call{Method: "GATEWAY", Path: "op" + strconv.Itoa(m.Op), Body: m.D}, nil)
		if m.Op == 1 {
			if err := c.send(map[string]any{"op": 11}); err != nil {
				return
			}
		}
	}
}

func (s *Server) tokenOK(t string) bool {
	return strings.TrimPrefix(t, "Bot ") == s.Token && s.Token != ""
}

func (s *Server) identify(c *gatewayConn, raw json.RawMessage) bool {
	var id struct {
		Token   string  `json:"token"`
		Intents int     `json:"intents"`
		Shard   *[2]int `json:"shard"`
	}
	if err := json.Unmarshal(raw, &id); err != nil {
		c.close(4002, "Error while decoding payload.")
		return false
	}
	switch {
	case !s.tokenOK(id.Token):
		c.close(CloseAuthenticationFailed, "Authentication failed.")
		return false
	case id.Intents&int(discordgo.IntentMessageContent) != 0 && !s.MessageContent:
		c.close(CloseDisallowedIntents, "Disallowed intent(s).")
		return false
	case id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]):
		c.close(CloseInvalidShard, "Invalid shard.")
		return false
	}
	s.mu.Lock()
	s.sessions++
	s.session = "fake-session-" + strconv.Itoa(s.sessions)
	s.intents = discordgo.Intent(id.Intents)
	s.seq = 1
	session := s.session
	s.mu.Unlock()
	ready := map[string]any{
		"v": 10, "session_id": session, "resume_gateway_url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway",
		"user":        map[string]any{"id": BotID, "username": "archivebot", "discriminator": "0", "bot": true},
		"application": map[string]any{"id": AppID, "flags": 0},
		"guilds":      []any{map[string]any{"id": GuildID, "unavailable": true}},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	if c.send(map[string]any{"op": 0, "t": "READY", "s": 1, "d": ready}) != nil {
		return false
	}
	s.connected(c)
	return true
}

// connected makes c the connection that events are dispatched on, once
// it has said READY or RESUMED.
func (s *Server) connected(c *gatewayConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn = c
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitConnected waits until the bot is connected to the gateway and ready
// for events.
func (s *Server) WaitConnected(ctx context.Context) error {
	for {
		s.mu.Lock()
		ok, changed := s.conn != nil, s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the bot to connect: %w", ctx.Err())
		case <-changed:
		}
	}
}

func (s *Server) resume(c *gatewayConn, raw json.RawMessage) bool {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		c.close(4002, "Error while decoding payload.")
		return false
	}
	if !s.tokenOK(r.Token) {
		c.close(CloseAuthenticationFailed, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	known := r.SessionID == s.session && s.session != ""
	if known {
		s.seq++
	}
	seq := s.seq
	s.mu.Unlock()
	if !known {
		// An unknown session cannot resume: op 9, and the client identifies.
		return c.send(map[string]any{"op": 9, "d": false}) == nil && s.afterInvalidSession(c)
	}
	if c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}}) != nil {
		return false
	}
	s.connected(c)
	return true
}

// afterInvalidSession waits for the IDENTIFY that follows op 9.
func (s *Server) afterInvalidSession(c *gatewayConn) bool {
	var m struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := c.ws.ReadJSON(&m); err != nil || m.Op != 2 {
		return false
	}
	s.add(Call{Method: "GATEWAY", Path: "op2", Body: m.D}, nil)
	return s.identify(c, m.D)
}

// record wraps a REST handler: it checks the token where Discord wants
// one, checks message bodies against Discord's limits (answering 400 as
// Discord does when one is over), and records the call.
func (s *Server) record(auth bool, h func(http.ResponseWriter, *http.Request, []byte) int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		var files []File
		var err error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			body, files, err = readMultipart(r)
		} else {
			body, err = io.ReadAll(io.LimitReader(r.Body, 1<<20))
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad body"})
			return
		}
		call := Call{Method: r.Method, Path: r.URL.Path, Body: body, Files: files}
		if auth && !s.tokenOK(r.Header.Get("Authorization")) {
			call.Status = writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			s.add(call, nil)
			return
		}
		rejected, warnings := checkBody(call)
		if len(rejected) > 0 {
			call.Status = writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": rejected})
			s.add(call, append(rejected, warnings...))
			return
		}
		call.Status = h(w, r, body)
		s.add(call, warnings)
	}
}

func (s *Server) noContent(w http.ResponseWriter, _ *http.Request, _ []byte) int {
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent
}

// RemoveChannel makes the channel unknown, as if deleted or out of the
// bot's sight: reading it or posting to it answers 404 Unknown Channel.
func (s *Server) RemoveChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone == nil {
		s.gone = map[string]bool{}
	}
	s.gone[id] = true
}

// unknownChannel answers 404 Unknown Channel for a removed channel.
func (s *Server) unknownChannel(w http.ResponseWriter, r *http.Request) (int, bool) {
	s.mu.Lock()
	gone := s.gone[r.PathValue("channel")]
	s.mu.Unlock()
	if !gone {
		return 0, false
	}
	return writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Channel", "code": 10003}), true
}

// channel answers GET /channels/{id}: a text channel of the fake's guild.
func (s *Server) channel(w http.ResponseWriter, r *http.Request, _ []byte) int {
	if status, ok := s.unknownChannel(w, r); ok {
		return status
	}
	return writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("channel"), "guild_id": GuildID, "type": 0, "name": "reading-room"})
}

func (s *Server) messageCreated(w http.ResponseWriter, r *http.Request, body []byte) int {
	if status, ok := s.unknownChannel(w, r); ok {
		return status
	}
	s.mu.Lock()
	s.nextID++
	id := strconv.Itoa(900000000000000000 + s.nextID)
	s.mu.Unlock()
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	out := map[string]any{"id": id, "channel_id": r.PathValue("channel"), "content": m["content"], "embeds": m["embeds"], "flags": m["flags"]}
	if out["channel_id"] == "" {
		out["channel_id"] = Channel
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) commands(w http.ResponseWriter, r *http.Request, body []byte) int {
	var cmds []map[string]any
	if err := json.Unmarshal(body, &cmds); err != nil {
		return writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
	}
	for i, c := range cmds {
		c["id"] = strconv.Itoa(500000000000000000 + i)
		c["application_id"] = r.PathValue("app")
		c["version"] = "1"
	}
	return writeJSON(w, http.StatusOK, cmds)
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}

// filterMessage applies a session's intents to a MESSAGE_CREATE payload,
// as Discord does.
func filterMessage(m map[string]any, intents discordgo.Intent) (map[string]any, error) {
	guild, _ := m["guild_id"].(string)
	switch {
	case guild != "" && intents&discordgo.IntentsGuildMessages == 0:
		return nil, errors.New("dispatch: the bot did not ask for the guild messages intent, so Discord would not send this message")
	case guild == "" && intents&discordgo.IntentsDirectMessages == 0:
		return nil, errors.New("dispatch: the bot did not ask for the direct messages intent, so Discord would not send this message")
	}
	if guild == "" || intents&discordgo.IntentMessageContent != 0 || mentions(m, BotID) {
		return m, nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	out["content"] = ""
	out["embeds"] = []any{}
	out["attachments"] = []any{}
	return out, nil
}

// mentions reports whether a message payload mentions the user id.
func mentions(m map[string]any, id string) bool {
	users, _ := m["mentions"].([]any)
	for _, u := range users {
		if u, ok := u.(map[string]any); ok && u["id"] == id {
			return true
		}
	}
	return false
}
