package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/archivebot/archivebot/bot"
)

// maxAck is the largest Socket Mode acknowledgement Slack accepts: it
// silently drops one of 20 KB or more, so a bigger answer is posted to
// the response_url instead.
const maxAck = 20 * 1024

// RunSocketMode connects to Slack over Socket Mode and answers until ctx
// is done; it reconnects when Slack asks it to. It returns nil after a
// clean shutdown, and an error when Slack refuses the tokens.
func (a *Adapter) RunSocketMode(ctx context.Context) error {
	if err := a.checkAuth(ctx); err != nil {
		return err
	}
	client := socketmode.New(a.api, socketmode.OptionLog(logBridge{a.log}))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	defer a.ready.Store(false)
	for {
		select {
		case <-ctx.Done():
			a.ready.Store(false)
			a.drain()
			a.log.Info("disconnected from Slack")
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				continue // shutting down: ctx.Done is ready too
			}
			cancel()
			a.drain()
			return fmt.Errorf("socket mode: %w", redact(err))
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt)
		}
	}
}

// socketEvent handles one event of the Socket Mode client. Requests from
// Slack are acknowledged at once and answered in the background, so that
// the event loop never waits.
func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.ready.Store(false)
		a.log.DebugContext(ctx, "connecting to Slack over Socket Mode")
	case socketmode.EventTypeConnected:
		a.ready.Store(true)
		a.log.InfoContext(ctx, "connected to Slack over Socket Mode")
	case socketmode.EventTypeConnectionError:
		a.ready.Store(false)
		var err error = errors.New("unknown")
		if e, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok && e.ErrorObj != nil {
			err = redact(e.ErrorObj)
		}
		a.log.WarnContext(ctx, "Socket Mode connection failed; retrying", "err", err)
	case socketmode.EventTypeInvalidAuth:
		a.ready.Store(false)
		a.log.ErrorContext(ctx, "Slack refused the app-level token")
	case socketmode.EventTypeDisconnect:
		a.ready.Store(false)
		a.log.InfoContext(ctx, "Slack asked us to reconnect")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.WarnContext(ctx, "Socket Mode message lost", "type", string(evt.Type))
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slackapi.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		envelope := evt.Request.EnvelopeID
		ctx := bot.WithRequestID(ctx, bot.NewRequestID())
		a.track(ctx, func(ctx context.Context) {
			a.slashCommand(ctx, sc, func(msg *slackapi.WebhookMessage) error {
				if msg == nil {
					return client.AckCtx(ctx, envelope, nil)
				}
				// Slack drops an acknowledgement of 20 KB or more without
				// a word: never send one.
				js, err := json.Marshal(socketmode.Response{EnvelopeID: envelope, Payload: msg})
				if err != nil || len(js) >= maxAck {
					return errTooBig
				}
				return client.AckCtx(ctx, envelope, msg)
			})
		})
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || evt.Request == nil {
			return
		}
		ctx := bot.WithRequestID(ctx, bot.NewRequestID())
		a.ack(ctx, client, evt.Request)
		if !a.start(ctx, func(ctx context.Context) { a.event(ctx, ev) }) {
			a.log.WarnContext(ctx, "event dropped: too busy")
		}
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		ctx := bot.WithRequestID(ctx, bot.NewRequestID())
		a.ack(ctx, client, evt.Request)
		if !a.start(ctx, func(ctx context.Context) { a.interaction(ctx, ic) }) {
			a.track(ctx, func(ctx context.Context) {
				a.respond(ctx, ic.ResponseURL, newMessage(render(busy(), view{}), false))
			})
		}
	}
}

// ack acknowledges a Socket Mode request with no payload.
func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, req *socketmode.Request) {
	if err := client.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
		a.log.WarnContext(ctx, "acknowledge Socket Mode request", "err", err)
	}
}
