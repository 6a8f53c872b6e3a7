package workspacetest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Who a request acts as. Google knows the caller from the OAuth access
// token it carries; so does the fake:
//
//   - no Authorization header: the plain service account
//     ServiceAccountEmail, allowed everything unless LimitServiceAccounts
//     is on (tests written before callers were modelled rely on this);
//   - a token the fake issued at its /token endpoint: the account it was
//     issued for, with the scopes it was issued with;
//   - any other token: 401, as Google answers an unknown or expired token.
//
// The fake issues tokens the way Google does for the service's two ways of
// acting as a person: domain-wide delegation (a JWT signed by the IAM
// Service Account Credentials API's signJwt, then exchanged at the token
// endpoint) and a person's consent (a refresh token exchanged at the token
// endpoint). AllowDelegation and Consent set up what, at Google, an
// administrator or the person does in a browser.

// Caller is the account a request acts as.
type Caller struct {
	Email string
	// Person is true for a person's account (acted as through delegation
	// or consent), false for a plain service account.
	Person bool
	// Scopes the access token was issued with; nil for the default caller,
	// whose scopes are not checked.
	Scopes []string
}

type identities struct {
	browser              string              // the account signed in to the browser, who consents
	codes                map[string]authCode // authorization code → what it grants
	limitServiceAccounts bool
	delegations          map[string][]string // service account → scopes an administrator allowed
	refreshTokens        map[string]Caller   // refresh token → the person who consented
	tokens               map[string]Caller   // access token → caller
	appFiles             map[string]bool     // files created with a token: the app's own, for drive.file
}

// authCode is an authorization code the consent screen gave, with the
// PKCE challenge it must be redeemed with.
type authCode struct {
	caller      Caller
	redirectURI string
	challenge   string
}

func (s *Server) routeIdentity() {
	s.handle("GET", "/o/oauth2/auth", "oauth2.auth", s.oauthAuth)
	s.handle("GET", "/drive/v3/about", "drive.about.get", s.driveAbout)
	s.handle("POST", "/v1/projects/{project}/serviceAccounts/{name}:signJwt", "iamcredentials.projects.serviceAccounts.signJwt", s.iamSignJwt)
	s.handle("POST", "/token", "oauth2.token", s.oauthToken)
}

// LimitServiceAccounts makes the fake answer the plain service account (a
// request with no Authorization header) as Google does: it owns no Drive
// storage, so creating a file fails with 403 storageQuotaExceeded. Off by
// default.
func (s *Server) LimitServiceAccounts(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids.limitServiceAccounts = on
}

// AllowDelegation records what a Workspace administrator does in the Admin
// console (Security, API controls, Domain-wide delegation): the service
// account may act as any user of the domain with these scopes.
func (s *Server) AllowDelegation(serviceAccount string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids.delegations == nil {
		s.ids.delegations = map[string][]string{}
	}
	s.ids.delegations[serviceAccount] = append([]string(nil), scopes...)
}

// Consent records a person's consent on Google's consent screen and
// returns the refresh token Google would give the app.
func (s *Server) Consent(email string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids.refreshTokens == nil {
		s.ids.refreshTokens = map[string]Caller{}
	}
	rt := "1//workspacetest-" + randomHex()
	s.ids.refreshTokens[rt] = Caller{Email: email, Person: true, Scopes: append([]string(nil), scopes...)}
	return rt
}

// SignInBrowser says who is signed in to the browser that opens Google's
// consent screen: that person approves every request for consent, until
// it is called with "" (then the screen answers access_denied, as when the
// person clicks Cancel).
func (s *Server) SignInBrowser(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids.browser = email
}

// oauthAuth is Google's consent screen for an installed app with a
// loopback redirect (https://developers.google.com/identity/protocols/oauth2/native-app):
// the signed-in person approves, and the browser is sent back to
// redirect_uri with a code and the state, or with error=access_denied.
func (s *Server) oauthAuth(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Hostname() != "127.0.0.1" && redirect.Hostname() != "localhost" && redirect.Hostname() != "::1") {
		oauthError(w, http.StatusBadRequest, "invalid_request", "redirect_uri must be a loopback address for an installed app.")
		return
	}
	if q.Get("response_type") != "code" || q.Get("client_id") == "" || q.Get("scope") == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Required parameter is missing: response_type, client_id or scope.")
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	s.mu.Lock()
	who := s.ids.browser
	if who == "" {
		back.Set("error", "access_denied")
	} else {
		if s.ids.codes == nil {
			s.ids.codes = map[string]authCode{}
		}
		code := "4/workspacetest-" + randomHex()
		s.ids.codes[code] = authCode{caller: Caller{Email: who, Person: true, Scopes: strings.Fields(q.Get("scope"))},
			redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge")}
		back.Set("code", code)
		back.Set("scope", q.Get("scope"))
	}
	s.mu.Unlock()
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// driveAbout is Drive's about.get: who the caller is. Drive v3 requires
// the fields parameter for it.
func (s *Server) driveAbout(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	if r.URL.Query().Get("fields") == "" {
		writeError(w, http.StatusBadRequest, "required", "The 'fields' parameter is required for this method.")
		return
	}
	s.mu.Lock()
	c, _ := s.callerOfLocked(r)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"kind": "drive#about",
		"user": map[string]any{"kind": "drive#user", "displayName": c.Email, "emailAddress": c.Email, "me": true}})
}

// RevokeConsent forgets every refresh token of email, as when the person
// removes the app's access from their Google account.
func (s *Server) RevokeConsent(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for rt, c := range s.ids.refreshTokens {
		if c.Email == email {
			delete(s.ids.refreshTokens, rt)
		}
	}
}

func randomHex() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// iamSignJwt is the IAM Service Account Credentials API's
// projects.serviceAccounts.signJwt: it signs the claims given as the
// service account. The fake's "signature" is a marker; its token endpoint
// reads the claims back. (Reference:
// https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/signJwt)
func (s *Server) iamSignJwt(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var body struct {
		Payload string `json:"payload"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Payload == "" {
		writeError(w, http.StatusBadRequest, "badRequest", "Invalid JSON payload received.")
		return
	}
	var claims map[string]any
	if err := json.Unmarshal([]byte(body.Payload), &claims); err != nil {
		writeError(w, http.StatusBadRequest, "badRequest", "Invalid JWT payload.")
		return
	}
	claims["iss"] = p["name"] // signed as that account, whatever the payload says
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	jwt := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "." + enc.EncodeToString([]byte("workspacetest"))
	writeJSON(w, http.StatusOK, map[string]string{"keyId": "workspacetest-key", "signedJwt": jwt})
}

// oauthToken is Google's OAuth 2.0 token endpoint for the two grants the
// service uses: a service account's signed JWT (with sub, domain-wide
// delegation) and a refresh token. Errors have OAuth's shape
// ({"error", "error_description"}), as Google's token endpoint answers.
func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Could not read the request.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var c Caller
	refresh := ""
	switch {
	case r.PostForm.Get("assertion") != "":
		claims, ok := jwtClaims(r.PostForm.Get("assertion"))
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT Signature.")
			return
		}
		iss, _ := claims["iss"].(string)
		sub, _ := claims["sub"].(string)
		scope, _ := claims["scope"].(string)
		scopes := strings.Fields(scope)
		allowed := s.ids.delegations[iss]
		if sub == "" || len(scopes) == 0 || !subset(scopes, allowed) {
			// What Google answers when delegation is not set up for the
			// account or a scope (public reports: googleapis/google-auth-
			// library-ruby#210, googleapis/google-api-php-client#2214).
			oauthError(w, http.StatusUnauthorized, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
			return
		}
		c = Caller{Email: sub, Person: true, Scopes: scopes}
	case r.PostForm.Get("grant_type") == "authorization_code":
		ac, ok := s.ids.codes[r.PostForm.Get("code")]
		delete(s.ids.codes, r.PostForm.Get("code")) // a code is good once
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case !ok, ac.redirectURI != r.PostForm.Get("redirect_uri"):
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Malformed auth code.")
			return
		case ac.challenge != "" && base64.RawURLEncoding.EncodeToString(sum[:]) != ac.challenge:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid code verifier.")
			return
		}
		c = ac.caller
		if s.ids.refreshTokens == nil {
			s.ids.refreshTokens = map[string]Caller{}
		}
		refresh = "1//workspacetest-" + randomHex()
		s.ids.refreshTokens[refresh] = c
	case r.PostForm.Get("grant_type") == "refresh_token":
		got, ok := s.ids.refreshTokens[r.PostForm.Get("refresh_token")]
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		c = got
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+r.PostForm.Get("grant_type"))
		return
	}
	if s.ids.tokens == nil {
		s.ids.tokens = map[string]Caller{}
	}
	tok := "ya29.workspacetest-" + randomHex()
	s.ids.tokens[tok] = c
	body := map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": 3599, "scope": strings.Join(c.Scopes, " "),
	}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	writeJSON(w, http.StatusOK, body)
}

func oauthError(w http.ResponseWriter, code int, kind, desc string) {
	writeJSON(w, code, map[string]string{"error": kind, "error_description": desc})
}

func jwtClaims(jwt string) (map[string]any, bool) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	var claims map[string]any
	return claims, json.Unmarshal(b, &claims) == nil
}

func subset(want, have []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// callerOf returns who r acts as; ok is false for a bearer token the fake
// did not issue. Call with s.mu held.
func (s *Server) callerOfLocked(r *http.Request) (c Caller, ok bool) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return Caller{Email: ServiceAccountEmail}, true
	}
	tok, found := strings.CutPrefix(auth, "Bearer ")
	if !found {
		return Caller{}, false
	}
	c, ok = s.ids.tokens[tok]
	return c, ok
}

// refuseCaller answers for Google when the caller may not make this call:
// an unknown token (401), a token without a scope the API accepts (403), a
// plain service account creating a file (403 storageQuotaExceeded, with
// LimitServiceAccounts on). It reports whether it answered.
func (s *Server) refuseCaller(w http.ResponseWriter, r *http.Request, methodID string) bool {
	if strings.HasPrefix(methodID, "oauth2.") || strings.HasPrefix(methodID, "iamcredentials.") {
		return false
	}
	s.mu.Lock()
	c, ok := s.callerOfLocked(r)
	limit := s.ids.limitServiceAccounts
	s.mu.Unlock()
	if !ok {
		writeErrorBody(w, http.StatusUnauthorized, apiError{Code: http.StatusUnauthorized, Reason: "authError",
			Message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."})
		return true
	}
	if c.Scopes != nil && !scopeCovers(c.Scopes, methodID) {
		writeErrorBody(w, http.StatusForbidden, apiError{Code: http.StatusForbidden, Reason: "insufficientPermissions",
			Message: "Request had insufficient authentication scopes."})
		return true
	}
	if c.Scopes != nil && fileOnly(c.Scopes) && changesFile(methodID) {
		id := fileIDOf(r)
		s.mu.Lock()
		mine := s.ids.appFiles[id]
		s.mu.Unlock()
		if !mine {
			// drive.file covers only the files the app created (or a person
			// opened with it): Drive answers as if the others did not exist
			// (Drive's scope guide: "per-file access to files created or
			// opened by the app").
			writeErrorBody(w, http.StatusNotFound, apiError{Code: http.StatusNotFound, Reason: "notFound",
				Message: "File not found: " + id + "."})
			return true
		}
	}
	if limit && !c.Person && createsFile(methodID) {
		// Google's answer to a service account creating a file in a My
		// Drive (public reports: n8n-io/n8n#26050, burnash/gspread#1568
		// and #1592; Drive's guide to shared drives: "Service accounts
		// don't have storage quota").
		writeErrorBody(w, http.StatusForbidden, apiError{Code: http.StatusForbidden, Reason: "storageQuotaExceeded",
			Message: "Service Accounts do not have storage quota. Leverage shared drives (https://developers.google.com/workspace/drive/api/guides/about-shareddrives), or use OAuth delegation (http://support.google.com/a/answer/7281227) instead."})
		return true
	}
	return false
}

// afterCall records the files a caller with a token created: with the
// drive.file scope, those are the only ones it may change.
func (s *Server) afterCall(r *http.Request, methodID string, bw *bufferedWriter) {
	if !createsFile(methodID) || r.Header.Get("Authorization") == "" || bw.code >= 300 {
		return
	}
	var created struct {
		ID            string `json:"id"`
		SpreadsheetID string `json:"spreadsheetId"`
	}
	if json.Unmarshal(bw.body.Bytes(), &created) != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids.appFiles == nil {
		s.ids.appFiles = map[string]bool{}
	}
	for _, id := range []string{created.ID, created.SpreadsheetID} {
		if id != "" {
			s.ids.appFiles[id] = true
		}
	}
}

// fileOnly reports whether the token's only write access to Drive is
// drive.file.
func fileOnly(scopes []string) bool {
	return slices.Contains(scopes, "https://www.googleapis.com/auth/drive.file") &&
		!slices.Contains(scopes, "https://www.googleapis.com/auth/drive")
}

// changesFile lists the Drive methods that change one file or who can
// open it, which drive.file allows only on the app's own files.
func changesFile(methodID string) bool {
	switch methodID {
	case "drive.permissions.create", "drive.permissions.update", "drive.permissions.delete",
		"drive.files.update", "drive.files.delete":
		return true
	}
	return false
}

// fileIDOf returns the fileId path segment of a Drive method on one file.
func fileIDOf(r *http.Request) string {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for i, seg := range segs {
		if seg == "files" && i+1 < len(segs) {
			return segs[i+1]
		}
	}
	return ""
}

func createsFile(methodID string) bool {
	switch methodID {
	case "drive.files.create", "drive.files.copy", "sheets.spreadsheets.create":
		return true
	}
	return false
}

// scopeCovers reports whether one of scopes lets a token call the method,
// as each API's discovery document lists its scopes (coarsely: any Sheets
// or Drive scope for Sheets, any Drive scope for Drive, any Calendar scope
// for Calendar).
func scopeCovers(scopes []string, methodID string) bool {
	const base = "https://www.googleapis.com/auth/"
	var ok func(string) bool
	switch {
	case strings.HasPrefix(methodID, "sheets."):
		ok = func(s string) bool {
			return strings.HasPrefix(s, base+"spreadsheets") || strings.HasPrefix(s, base+"drive")
		}
	case strings.HasPrefix(methodID, "drive."):
		ok = func(s string) bool { return strings.HasPrefix(s, base+"drive") }
	case strings.HasPrefix(methodID, "calendar."):
		ok = func(s string) bool { return strings.HasPrefix(s, base+"calendar") }
	default:
		return true
	}
	return slices.ContainsFunc(scopes, ok)
}

// String names the caller for test failures.
func (c Caller) String() string { return fmt.Sprintf("%s (person %v)", c.Email, c.Person) }
