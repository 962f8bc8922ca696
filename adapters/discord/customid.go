package discord

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// A button's custom id carries everything needed to answer its click, so
// that any replica can answer it and none keeps conversation state:
//
//	"1" version | action | signature (11 characters) | command
//
// e.g. "1p" + "Xk3…" + "quote tungsten page:2". The signature is an HMAC
// of the rest, so a tampered or foreign id is recognised and answered
// politely. A command too long to fit in Discord's 100 characters gets no
// button.

// idVersion changes when the format does; older buttons then read as stale.
const idVersion = '1'

// Button actions.
const (
	actionPage   = 'p' // show another page of the same answer, in place
	actionShare  = 's' // post a private answer publicly
	actionChoice = 'c' // run one of the choices the reply offered
)

// sigLen is the length of the encoded signature: 8 bytes of HMAC-SHA256.
// The signature guards against edited ids, not against forgery for gain:
// a forged id could only run a command its sender could type.
const sigLen = 11

// errStaleButton means a custom id is not one this bot signed, or not with
// its current key: tampered, or from an older version or token.
var errStaleButton = errors.New("button id is stale or was not made by this bot")

// buttonState is what a button's custom id carries.
type buttonState struct {
	action  byte
	command string
}

// signer makes and checks button ids.
type signer struct{ key []byte }

// newSigner derives the key from secret; replicas that share the secret
// (the bot token, by default) accept each other's buttons.
func newSigner(secret string) signer {
	sum := sha256.Sum256([]byte("archivebot discord buttons\x00" + secret))
	return signer{key: sum[:]}
}

func (s signer) sign(head, command string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(head))
	m.Write([]byte{0})
	m.Write([]byte(command))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:8])
}

// encode returns the custom id for b, and false if it does not fit.
func (s signer) encode(b buttonState) (string, bool) {
	head := string([]byte{idVersion, b.action})
	id := head + s.sign(head, b.command) + b.command
	if length(id) > maxCustomID || b.command == "" {
		return "", false
	}
	return id, true
}

// decode checks and reads a custom id.
func (s signer) decode(id string) (buttonState, error) {
	if len(id) <= 2+sigLen || id[0] != idVersion {
		return buttonState{}, errStaleButton
	}
	head, sig, command := id[:2], id[2:2+sigLen], id[2+sigLen:]
	if !hmac.Equal([]byte(sig), []byte(s.sign(head, command))) {
		return buttonState{}, errStaleButton
	}
	switch head[1] {
	case actionPage, actionShare, actionChoice:
		return buttonState{action: head[1], command: command}, nil
	}
	return buttonState{}, errStaleButton
}
