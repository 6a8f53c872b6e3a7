package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"

	"github.com/sethvargo/go-envconfig"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/endpoint"
	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/setup"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	"github.com/coalitionsync/coalitionsync/triggers"
	"github.com/coalitionsync/coalitionsync/triggers/idtokentest"
)

// Report is what `coalition demo --json` prints: one deployment's figures,
// measured by the stand-in's call counters and the store's counters.
type Report struct {
	Members int `json:"members"`
	// Meetings are the Meetings tab's rows after the first sync: the held
	// meetings and the ones within the horizon.
	Meetings int `json:"meetings"`
	// APICalls are the first sync's calls to Google, by discovery method ID.
	APICalls map[string]int `json:"api_calls"`
	// FirestoreWrites are the first sync's document writes.
	FirestoreWrites int64 `json:"firestore_writes"`
	// InvitesSent are the invitation emails Calendar sent in the first sync.
	InvitesSent int `json:"invites_sent"`
	// DriveGrants are the first sync's permissions.create calls.
	DriveGrants int `json:"drive_grants"`
	// EditSync is one sync after one Attendance cell was edited, started
	// by a Drive notification.
	EditSync EditFigures `json:"edit_sync"`
	// Rerun is one more Drive notification with nothing new (the run
	// reads once to see its own write-back).
	Rerun RunFigures `json:"rerun"`
	// ReconcileRerun is a scheduled reconcile with nothing new.
	ReconcileRerun RunFigures `json:"reconcile_rerun"`
}

// EditFigures are the calls and documents of an edit's sync.
type EditFigures struct {
	SheetsCalls         int   `json:"sheets_calls"`
	WorkspaceWriteCalls int   `json:"workspace_write_calls"`
	FirestoreReads      int64 `json:"firestore_reads"`
	FirestoreWrites     int64 `json:"firestore_writes"`
}

// RunFigures are the calls and documents of a sync with nothing new.
type RunFigures struct {
	WorkspaceCalls      int   `json:"workspace_calls"`
	WorkspaceWriteCalls int   `json:"workspace_write_calls"`
	FirestoreReads      int64 `json:"firestore_reads"`
	FirestoreWrites     int64 `json:"firestore_writes"`
}

// The invented deployment's accounts and addresses.
const (
	demoServiceAccount = "coalitionsync@invented-project.iam.gserviceaccount.com"
	demoOrganizer      = "organizer@invented-coalition.example.org"
	demoScheduler      = "scheduler@invented-project.iam.gserviceaccount.com"
	demoAudience       = "https://sync.invented-coalition.example.org/reconcile"
)

// RunJSON runs the deployed service on an invented coalition of
// opts.Members members (the sample when 0), locally, and writes one JSON
// document (Report). Every sync goes through the service's real HTTP
// handlers: the scheduled reconcile (with a Google-style signed ID token
// from a local key server) and the Drive notification (with the channel
// token). The service acts as the coalition's organizer through
// domain-wide delegation, as on Google Workspace. It runs on the real
// clock: the meetings are the ones around today.
func RunJSON(ctx context.Context, w io.Writer, opts Options) error {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Lang == "" {
		opts.Lang = domain.English
	}
	stop, err := startEmulator(ctx)
	if err != nil {
		return err
	}
	defer stop()
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.AllowDelegation(demoServiceAccount, service.Scopes...)
	ws.LimitServiceAccounts(true)
	ws.RequireDelegationForAttendees(true)
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	env := map[string]string{
		"COALITION_ID":              "invented-coalition",
		"GOOGLE_CLOUD_PROJECT":      fmt.Sprintf("demo-%d", time.Now().UnixNano()),
		"WORKSPACE_ENDPOINT":        ws.URL,
		"DELEGATED_SERVICE_ACCOUNT": demoServiceAccount,
		"ORGANIZER_EMAIL":           demoOrganizer,
		"TIME_ZONE":                 opts.Location.String(),
		"LANGUAGE":                  string(opts.Lang),
		"CHANNEL_TOKEN":             hex.EncodeToString(secret),
		"SCHEDULE_AUDIENCE":         demoAudience,
		"ALLOWED_SENDERS":           demoScheduler,
		"LOG_LEVEL":                 "error",
	}
	cfg, err := config.LoadFrom(ctx, envconfig.MapLookuper(env))
	if err != nil {
		return err
	}
	// The organizer makes the two spreadsheets with the service (so that
	// its drive.file access covers them) and pastes the roster in.
	sheetOpts, err := service.GoogleOptions(ctx, cfg, service.SheetsScopes)
	if err != nil {
		return err
	}
	ss, err := sheetsapi.NewService(ctx, sheetOpts...)
	if err != nil {
		return err
	}
	today := domain.DateOf(time.Now().In(opts.Location))
	tabs, err := coalitionTabs(opts.Members, today)
	if err != nil {
		return err
	}
	id, err := createSpreadsheet(ctx, ss, "Invented Coalition", opts.Location, tabs)
	if err != nil {
		return err
	}
	dirID, err := createSpreadsheet(ctx, ss, "Invented Coalition member directory", opts.Location, map[string][][]string{"Directory": nil})
	if err != nil {
		return err
	}
	if _, err := setup.Run(ctx, ss, setup.Options{SpreadsheetID: id, Lang: opts.Lang}); err != nil {
		return fmt.Errorf("set up the spreadsheet: %w", err)
	}
	env["SPREADSHEET_ID"], env["DIRECTORY_SPREADSHEET_ID"] = id, dirID

	certs, err := idtokentest.Start()
	if err != nil {
		return err
	}
	defer certs.Close()
	dep, err := endpoint.Build(ctx, endpoint.Options{
		Lookup: envconfig.MapLookuper(env), LogOutput: io.Discard, Owner: "demo",
		NewValidator: func(ctx context.Context) (triggers.TokenValidator, error) { return certs.NewValidator(ctx) },
	})
	if err != nil {
		return err
	}
	defer dep.Close()
	st := dep.Store()
	post := func(path string, header map[string]string) error {
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		dep.Handler.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			return fmt.Errorf("POST %s answered %d: %s", path, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
		return nil
	}
	reconcile := func() error {
		tok, err := certs.SignClaims(idtokentest.Claims(demoAudience, demoScheduler))
		if err != nil {
			return err
		}
		return post("/reconcile", map[string]string{"Authorization": "Bearer " + tok})
	}
	notify := func() error {
		return post("/notify/drive", map[string]string{"X-Goog-Channel-Token": env["CHANNEL_TOKEN"],
			"X-Goog-Channel-ID": "coalitionsync-demo", "X-Goog-Resource-State": "update"})
	}

	rep := Report{Members: len(tabs[sheets.TabMembers]) - 1}
	ws.ResetCalls()
	before := st.Counters()
	if err := reconcile(); err != nil {
		return fmt.Errorf("first sync: %w", err)
	}
	rep.APICalls = ws.Calls()
	rep.FirestoreWrites = st.Counters().Writes - before.Writes
	rep.DriveGrants = rep.APICalls["drive.permissions.create"]
	// The organizer's own calendar ("primary" of the account acted as).
	for _, inv := range ws.Invitations(demoOrganizer) {
		if inv.Kind == "invitation" {
			rep.InvitesSent++
		}
	}
	rep.Meetings = len(ws.Values(id, sheets.TabMeetings)) - 1

	// A facilitator changes one Attendance cell; Drive notifies.
	if err := editAttendance(ws, id); err != nil {
		return err
	}
	calls, reads, writes, err := measure(ws, st, notify)
	if err != nil {
		return fmt.Errorf("edit sync: %w", err)
	}
	for m, n := range calls {
		if strings.HasPrefix(m, "sheets.") {
			rep.EditSync.SheetsCalls += n
		}
	}
	rep.EditSync.WorkspaceWriteCalls = writeCalls(calls)
	rep.EditSync.FirestoreReads, rep.EditSync.FirestoreWrites = reads, writes

	if calls, reads, writes, err = measure(ws, st, notify); err != nil {
		return fmt.Errorf("rerun: %w", err)
	}
	rep.Rerun = RunFigures{WorkspaceCalls: total(calls), WorkspaceWriteCalls: writeCalls(calls), FirestoreReads: reads, FirestoreWrites: writes}
	if calls, reads, writes, err = measure(ws, st, reconcile); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	rep.ReconcileRerun = RunFigures{WorkspaceCalls: total(calls), WorkspaceWriteCalls: writeCalls(calls), FirestoreReads: reads, FirestoreWrites: writes}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// measure runs one trigger and returns the Google calls it made and the
// Firestore documents it read and wrote.
func measure(ws *workspacetest.Server, st *store.Store, fn func() error) (map[string]int, int64, int64, error) {
	ws.ResetCalls()
	before := st.Counters()
	err := fn()
	after := st.Counters()
	return ws.Calls(), after.Reads - before.Reads, after.Writes - before.Writes, err
}

// createSpreadsheet makes a spreadsheet with the given tabs and pastes
// their rows in as a person types them (USER_ENTERED: dates become dates).
func createSpreadsheet(ctx context.Context, ss *sheetsapi.Service, title string, loc *time.Location, tabs map[string][][]string) (string, error) {
	names := make([]string, 0, len(tabs))
	for n := range tabs {
		names = append(names, n)
	}
	sort.Strings(names)
	body := &sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: title, TimeZone: loc.String()}}
	for _, n := range names {
		rows := int64(max(1000, len(tabs[n])+10))
		body.Sheets = append(body.Sheets, &sheetsapi.Sheet{Properties: &sheetsapi.SheetProperties{Title: n,
			GridProperties: &sheetsapi.GridProperties{RowCount: rows, ColumnCount: 40}}})
	}
	created, err := ss.Spreadsheets.Create(body).Fields("spreadsheetId").Context(ctx).Do()
	if err != nil {
		return "", fmt.Errorf("create the spreadsheet %q: %w", title, err)
	}
	req := &sheetsapi.BatchUpdateValuesRequest{ValueInputOption: "USER_ENTERED"}
	for _, n := range names {
		if len(tabs[n]) == 0 {
			continue
		}
		values := make([][]any, len(tabs[n]))
		for i, r := range tabs[n] {
			values[i] = make([]any, len(r))
			for j, v := range r {
				values[i][j] = v
			}
		}
		req.Data = append(req.Data, &sheetsapi.ValueRange{Range: sheets.A1(n, 0, 1), Values: values})
	}
	if len(req.Data) > 0 {
		if _, err := ss.Spreadsheets.Values.BatchUpdate(created.SpreadsheetId, req).Context(ctx).Do(); err != nil {
			return "", fmt.Errorf("fill the spreadsheet %q: %w", title, err)
		}
	}
	return created.SpreadsheetId, nil
}

// editAttendance changes the first member's mark at the latest meeting
// that has one, as a facilitator would.
func editAttendance(ws *workspacetest.Server, id string) error {
	g := ws.Values(id, sheets.TabAttendance)
	if len(g) < 2 {
		return fmt.Errorf("the Attendance tab has no member row")
	}
	for j := len(g[1]) - 1; j >= 1; j-- {
		if v := g[1][j]; v == "P" || v == "A" || v == "N" {
			next := "A"
			if v == "A" {
				next = "P"
			}
			return ws.SetCells(id, sheets.A1(sheets.TabAttendance, j, 2), [][]string{{next}})
		}
	}
	return fmt.Errorf("the Attendance tab has no mark to change in row 2")
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}

// writeCalls counts the calls that change something at Google.
func writeCalls(calls map[string]int) int {
	n := 0
	for m, c := range calls {
		last := m[strings.LastIndex(m, ".")+1:]
		switch last {
		case "batchUpdate", "update", "append", "clear", "create", "insert", "patch", "delete", "watch", "stop":
			n += c
		}
	}
	return n
}
