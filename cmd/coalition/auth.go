package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/service"
)

// authTimeout is how long auth waits for the person to approve in the
// browser.
const authTimeout = 10 * time.Minute

// runAuth asks a facilitator, once, to let the service act as their Google
// account (for coalitions without Google Workspace): Google's consent flow
// for installed apps, with a loopback redirect and PKCE, asking for
// offline access so that Google gives a refresh token. It writes the
// authorized-user credential that AUTHORIZED_USER takes, readable by its
// owner only.
func runAuth(ctx context.Context, args []string, e env) int {
	fs := newFlags("auth", "--client FILE [--out FILE]", e)
	clientFile := fs.String("client", "", "the OAuth client of type Desktop app, as downloaded from Google Cloud's Credentials page (JSON)")
	out := fs.String("out", "authorized-user.json", "where to write the credential; - writes it to standard output (to pipe into gcloud secrets create)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if *clientFile == "" {
		fmt.Fprintln(e.stderr, "coalition auth: say which OAuth client to use with --client FILE (docs/deploy.md, step 5, says how to make one)")
		return exitUsage
	}
	data, err := os.ReadFile(*clientFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition auth: read the OAuth client: %v\n", err)
		return exitUsage
	}
	conf, err := google.ConfigFromJSON(data, service.Scopes...)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition auth: %s is not an OAuth client file (download it as JSON from the Credentials page): %v\n", *clientFile, err)
		return exitUsage
	}
	cfg, err := config.LoadFrom(ctx, e.lookup)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition auth: %v\n", err)
		return exitUsage
	}
	if cfg.WorkspaceEndpoint != "" { // the local stand-in: Google's token endpoint is there too
		opts, err := service.LocalClient(cfg)
		if err != nil {
			fmt.Fprintf(e.stderr, "coalition auth: %v\n", err)
			return exitUsage
		}
		ctx = context.WithValue(ctx, oauth2.HTTPClient, opts)
	}
	prompt := e.stdout
	if *out == "-" {
		prompt = e.stderr // standard output carries the credential only
	}
	cred, err := consentFlow(ctx, conf, prompt)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition auth: %v\n", err)
		return exitFail
	}
	if *out == "-" {
		fmt.Fprintln(e.stdout, string(cred))
		return exitOK
	}
	if err := writePrivate(*out, cred); err != nil {
		fmt.Fprintf(e.stderr, "coalition auth: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, `Saved the permission in %s (only you can read it). Keep it secret: it lets
the service act as the account that approved.
  - Locally: set AUTHORIZED_USER=%s
  - Deployed: put it in Secret Manager and hand it to the service as AUTHORIZED_USER:
      gcloud secrets create coalition-authorized-user --data-file=%s
    then delete the file.
`, *out, *out, *out)
	return exitOK
}

// consentFlow runs the loopback consent flow and returns the
// authorized-user credential as JSON.
func consentFlow(ctx context.Context, conf *oauth2.Config, prompt io.Writer) ([]byte, error) {
	// The loopback address Google's installed-app flow redirects to; the
	// port is chosen by the system and stays open until the answer comes.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("open a local address for Google's answer: %w", err)
	}
	defer ln.Close()
	conf.RedirectURL = "http://" + ln.Addr().String() + "/"
	state := randomState()
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("prompt", "consent"))

	type answer struct {
		code string
		err  error
	}
	answers := make(chan answer, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var a answer
		switch {
		case q.Get("state") != state:
			http.Error(w, "This answer is not for this request. Run coalition auth again.", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			a.err = fmt.Errorf("Google says %q: the account did not allow access; run coalition auth again and choose Allow", q.Get("error"))
		case q.Get("code") == "":
			a.err = errors.New("Google's answer holds no code; run coalition auth again")
		default:
			a.code = q.Get("code")
		}
		msg := "Done: coalitionsync may now act as this account. You can close this window."
		if a.err != nil {
			msg = "Access was not given: " + a.err.Error()
		}
		fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>coalitionsync</title><p>%s</p>", html.EscapeString(msg))
		select {
		case answers <- a:
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	fmt.Fprintf(prompt, "Open this address in a browser, sign in as the coalition's account, and choose Allow:\n\n  %s\n\nWaiting for Google's answer...\n", authURL)
	ctx, cancel := context.WithTimeout(ctx, authTimeout)
	defer cancel()
	var a answer
	select {
	case a = <-answers:
	case <-ctx.Done():
		return nil, fmt.Errorf("no answer from the browser within %s; run coalition auth again", authTimeout)
	}
	if a.err != nil {
		return nil, a.err
	}
	tok, err := conf.Exchange(ctx, a.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchange Google's answer for a permission: %w", err)
	}
	if tok.RefreshToken == "" {
		return nil, errors.New("Google gave no lasting permission (refresh token): remove coalitionsync from the account's third-party access (myaccount.google.com, Security) and run coalition auth again")
	}
	return json.MarshalIndent(map[string]string{
		"type":          "authorized_user",
		"client_id":     conf.ClientID,
		"client_secret": conf.ClientSecret,
		"refresh_token": tok.RefreshToken,
	}, "", "  ")
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writePrivate writes data to path readable and writable by its owner
// only, also when the file was there before.
func writePrivate(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
