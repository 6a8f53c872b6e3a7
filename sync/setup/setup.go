// Package setup provides the one-call layout of a coalition's spreadsheet
// behind `coalition setup`: it creates the spreadsheet, or adopts one a
// coalition already has, with every tab and header row of the sheet
// contract (sync/sheets.Schema), frozen bold headers, lists to choose from,
// colors that make flags and missed quorums stand out, warnings over what
// the service fills in, and a Dashboard chart of attendance and quorum.
//
// Setup adds what is missing and never changes what people wrote: missing
// headers go after the last column people use, and no cell below the
// header row is ever written. Every tab it lays out carries developer
// metadata (MetadataKey) with a hash of its layout, so running setup again
// makes no write call at all; when people have moved columns since, setup
// removes only what it laid itself and lays it again on the new places.
// Its lists have no ID, so the metadata also records where setup laid
// them: a list left on a column whose header people retyped is cleared
// when its row 2 still holds setup's very rule, and never otherwise.
//
// A run costs, in calls to the Sheets API: creating, one
// spreadsheets.create and one spreadsheets.batchUpdate; adopting, one
// spreadsheets.get (no grid data), one values.batchGet of the header rows
// and, when anything is missing, one spreadsheets.batchUpdate. When setup
// lays its lists again and some column it listed before gets none now,
// one more spreadsheets.get reads the data validation of row 2 of just
// those columns.
package setup

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// Options says which spreadsheet setup works on and in which language.
type Options struct {
	// SpreadsheetID is the spreadsheet to adopt; empty creates a new one.
	SpreadsheetID string
	// Title is the new spreadsheet's title (only when creating).
	Title string
	// Lang is the language of the words setup writes: the Dashboard's and
	// Sync issues' headers, the chart, the warnings and help texts, and the
	// lines of Result.Added. Tab names, people's column headers and list
	// values stay in English: the codec finds them by those words.
	Lang domain.Lang
	// TimeZone is the new spreadsheet's time zone, such as
	// "America/Chicago" (only when creating; empty leaves Google's default).
	TimeZone string
}

func (o Options) lang() domain.Lang {
	if o.Lang == "" {
		return domain.English
	}
	return o.Lang
}

// Result is what a run did.
type Result struct {
	// SpreadsheetID is the spreadsheet set up, also when a run that created
	// it then failed: run setup again with this ID to finish.
	SpreadsheetID string
	// Created is true when the run created the spreadsheet.
	Created bool
	// Added says what was added, one line each, in plain words.
	Added []string
	// Requests is how many requests the spreadsheets.batchUpdate carried
	// (0 when nothing was missing, and then no write call was made).
	Requests int
	// Reads and Writes count the calls made to the Sheets API.
	Reads, Writes int
}

// ErrNoTitle is returned when a spreadsheet is to be created without a title.
var ErrNoTitle = errors.New("a new spreadsheet needs a title")

// Run sets the spreadsheet up: it reads it (when adopting), plans what is
// missing and writes it in at most two calls.
func Run(ctx context.Context, svc *sheetsapi.Service, opts Options) (*Result, error) {
	p, reads, err := plan(ctx, svc, opts)
	res := &Result{SpreadsheetID: opts.SpreadsheetID, Reads: reads}
	if err != nil {
		return res, err
	}
	if p.Create != nil {
		ss, err := svc.Spreadsheets.Create(p.Create).Fields("spreadsheetId").Context(ctx).Do()
		res.Writes++
		if err != nil {
			return res, fmt.Errorf("create the spreadsheet %q: %w", opts.Title, err)
		}
		res.SpreadsheetID, res.Created = ss.SpreadsheetId, true
		res.Added = p.Added[:1] // the creation, until the rest is done
	}
	if len(p.Requests) > 0 {
		req := &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: p.Requests}
		_, err := svc.Spreadsheets.BatchUpdate(res.SpreadsheetID, req).Fields("spreadsheetId").Context(ctx).Do()
		res.Writes++
		if err != nil {
			// A batchUpdate is all or nothing: none of it was made.
			return res, fmt.Errorf("lay out the spreadsheet %s (%d changes, none made; run setup again with this ID): %w",
				res.SpreadsheetID, len(p.Requests), err)
		}
		res.Requests = len(p.Requests)
	}
	res.Added = p.Added
	return res, nil
}

// DryRun returns what Run would do, making no write call: nothing at all
// when creating; when adopting, one spreadsheets.get and one
// values.batchGet, and the second spreadsheets.get of row 2 when Run would
// make it.
func DryRun(ctx context.Context, svc *sheetsapi.Service, opts Options) (*Plan, error) {
	p, _, err := plan(ctx, svc, opts)
	return p, err
}

func plan(ctx context.Context, svc *sheetsapi.Service, opts Options) (*Plan, int, error) {
	if opts.SpreadsheetID == "" {
		if strings.TrimSpace(opts.Title) == "" {
			return nil, 0, ErrNoTitle
		}
		return newDraft(nil, nil, opts).plan(nil), 0, nil
	}
	ss, headers, reads, err := read(ctx, svc, opts.SpreadsheetID)
	if err != nil {
		return nil, reads, err
	}
	// Which columns may still hold a list setup laid before is known only
	// from this get's metadata and the batchGet's headers, so their row 2
	// is read after them, only when setup lays its lists again elsewhere.
	d := newDraft(ss, headers, opts)
	var seen validations
	if checks := d.checks(); len(checks) > 0 {
		seen, err = readValidations(ctx, svc, opts.SpreadsheetID, checks)
		reads++
		if err != nil {
			return nil, reads, err // nothing is written in a run where a read failed
		}
	}
	return d.plan(seen), reads, nil
}

// readFields asks for what setup compares, never grid data.
const readFields = "spreadsheetId,sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount))," +
	"protectedRanges,conditionalFormats,charts,developerMetadata)"

// read gets the spreadsheet's tabs and what is laid on them (one
// spreadsheets.get) and the header row of each tab of the contract it has
// (one values.batchGet).
func read(ctx context.Context, svc *sheetsapi.Service, id string) (*sheetsapi.Spreadsheet, map[string][]string, int, error) {
	ss, err := svc.Spreadsheets.Get(id).Fields(readFields).Context(ctx).Do()
	if err != nil {
		return nil, nil, 1, fmt.Errorf("read the spreadsheet %s: %w", id, err)
	}
	ss.SpreadsheetId = id
	var titles []string
	for _, sh := range ss.Sheets {
		if sh.Properties == nil {
			continue
		}
		if _, ok := sheets.SchemaFor(sh.Properties.Title); ok {
			titles = append(titles, sh.Properties.Title)
		}
	}
	headers := map[string][]string{}
	if len(titles) == 0 {
		return ss, headers, 1, nil
	}
	ranges := make([]string, len(titles))
	for i, t := range titles {
		ranges[i] = "'" + strings.ReplaceAll(t, "'", "''") + "'!1:1"
	}
	resp, err := svc.Spreadsheets.Values.BatchGet(id).Ranges(ranges...).
		ValueRenderOption("FORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
	if err != nil {
		return nil, nil, 2, fmt.Errorf("read the header rows of %s: %w", strings.Join(titles, ", "), err)
	}
	for i, vr := range resp.ValueRanges {
		if i >= len(titles) || len(vr.Values) == 0 {
			continue
		}
		row := make([]string, len(vr.Values[0]))
		for j, v := range vr.Values[0] {
			if v != nil {
				row[j] = fmt.Sprint(v)
			}
		}
		headers[titles[i]] = row
	}
	return ss, headers, 2, nil
}
