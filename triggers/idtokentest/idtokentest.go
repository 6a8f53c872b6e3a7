// Package idtokentest provides a local stand-in for Google's ID-token
// signing keys: it serves a key set at Google's certificate path and signs
// tokens with it, so tests check tokens with the real idtoken.Validator
// without reaching Google.
package idtokentest

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/api/idtoken"
	"google.golang.org/api/option"
)

// Certs is a key server with its signing key.
type Certs struct {
	key *rsa.PrivateKey
	srv *httptest.Server
}

// New starts a key server, stopped when the test ends. Two Certs use the
// same key ID with different keys, so one can forge tokens for the other.
func New(t testing.TB) *Certs {
	t.Helper()
	c, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// Start starts a key server outside a test (the local demo calls the
// deployed handlers with it); Close stops it.
func Start() (*Certs, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	c := &Certs{key: key}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth2/v3/certs" {
			http.NotFound(w, r)
			return
		}
		enc := base64.RawURLEncoding
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kid": "test-key", "kty": "RSA", "alg": "RS256", "use": "sig",
			"n": enc.EncodeToString(key.N.Bytes()), "e": enc.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	}))
	return c, nil
}

// Close stops the key server.
func (c *Certs) Close() { c.srv.Close() }

// NewValidator returns the real idtoken validator, its key requests sent to
// this server.
func (c *Certs) NewValidator(ctx context.Context) (*idtoken.Validator, error) {
	host := strings.TrimPrefix(c.srv.URL, "http://")
	client := &http.Client{Transport: rewrite(host)}
	return idtoken.NewValidator(ctx, option.WithHTTPClient(client))
}

type rewrite string

func (h rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = "http", string(h)
	return http.DefaultTransport.RoundTrip(r)
}

// Claims returns the claims of a valid Google ID token for audience aud,
// sent by a verified email, valid for an hour.
func Claims(aud, email string) map[string]any {
	return map[string]any{
		"iss": "https://accounts.google.com", "aud": aud, "email": email, "email_verified": true,
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(), "sub": "1234",
	}
}

// Sign returns a token with the given claims, signed with this server's key.
func (c *Certs) Sign(t testing.TB, claims map[string]any) string {
	t.Helper()
	tok, err := c.SignClaims(claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// SignClaims is Sign outside a test.
func (c *Certs) SignClaims(claims map[string]any) (string, error) {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": "test-key", "typ": "JWT"})
	p, _ := json.Marshal(claims)
	unsigned := enc.EncodeToString(h) + "." + enc.EncodeToString(p)
	sum := sha256.Sum256([]byte(unsigned))
	sig, err := rsa.SignPKCS1v15(rand.Reader, c.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return unsigned + "." + enc.EncodeToString(sig), nil
}
