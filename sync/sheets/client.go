package sheets

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"google.golang.org/api/googleapi"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/sync/retry"
)

// Client reads and writes one spreadsheet through the official Sheets API
// client. It is the Sheets adapter of the sync engine: reads are one
// values.batchGet, writes one values.batchUpdate.
type Client struct {
	svc *sheetsapi.Service
	id  string
	// Retry bounds the retries of each call; the zero value means
	// retry.Default. Quota refusals are retried for every call, server
	// errors only for calls that are safe to repeat.
	Retry retry.Policy

	mu sync.Mutex
	// props are the tab properties read when ReadTabs had to find out which
	// tabs exist, kept briefly so that the Ensure of the same run needs no
	// second spreadsheets.get.
	props   []*sheetsapi.SheetProperties
	propsAt time.Time
}

// propsFresh is how long tab properties read by ReadTabs serve Ensure.
const propsFresh = time.Minute

// NewClient returns a client for the spreadsheet with the given ID.
func NewClient(svc *sheetsapi.Service, spreadsheetID string) *Client {
	return &Client{svc: svc, id: spreadsheetID}
}

func (c *Client) retry() retry.Policy {
	if c.Retry.Attempts == 0 {
		return retry.Default
	}
	return c.Retry
}

// SpreadsheetID returns the ID of the spreadsheet the client works on.
func (c *Client) SpreadsheetID() string { return c.id }

// ReadTabs reads whole tabs by name with one values.batchGet, as people see
// them (formatted values, as a CSV download gives). Tabs that do not exist
// are left out of the result; finding out costs one spreadsheets.get, only
// when the batch names a tab that is not there.
func (c *Client) ReadTabs(ctx context.Context, names []string) (map[string][][]string, error) {
	out, err := c.batchGet(ctx, names)
	if err == nil || !isRangeError(err) {
		return out, err
	}
	titles, err := c.TabTitles(ctx)
	if err != nil {
		return nil, err
	}
	var present []string
	for _, n := range names {
		for _, t := range titles {
			if NormalizeHeader(t) == NormalizeHeader(n) {
				present = append(present, t)
				break
			}
		}
	}
	if len(present) == 0 {
		return map[string][][]string{}, nil
	}
	return c.batchGet(ctx, present)
}

func (c *Client) batchGet(ctx context.Context, names []string) (map[string][][]string, error) {
	ranges := make([]string, len(names))
	for i, n := range names {
		ranges[i] = quoteTab(n)
	}
	var resp *sheetsapi.BatchGetValuesResponse
	err := c.retry().Do(ctx, true, func() (err error) {
		resp, err = c.svc.Spreadsheets.Values.BatchGet(c.id).Ranges(ranges...).
			ValueRenderOption("FORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read tabs %s: %w", strings.Join(names, ", "), err)
	}
	out := make(map[string][][]string, len(names))
	for i, vr := range resp.ValueRanges {
		if i >= len(names) {
			break
		}
		out[names[i]] = toGrid(vr.Values)
	}
	return out, nil
}

// isRangeError reports whether err is Sheets' answer to a range that names a
// tab that does not exist.
func isRangeError(err error) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == http.StatusBadRequest && strings.Contains(ge.Message, "Unable to parse range")
}

// TabTitles lists the spreadsheet's tab names in order.
func (c *Client) TabTitles(ctx context.Context) ([]string, error) {
	props, err := c.tabProps(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.props, c.propsAt = props, time.Now()
	c.mu.Unlock()
	titles := make([]string, len(props))
	for i, p := range props {
		titles[i] = p.Title
	}
	return titles, nil
}

// tabProps reads every tab's ID, title and grid size (one spreadsheets.get).
func (c *Client) tabProps(ctx context.Context) ([]*sheetsapi.SheetProperties, error) {
	var ss *sheetsapi.Spreadsheet
	err := c.retry().Do(ctx, true, func() (err error) {
		ss, err = c.svc.Spreadsheets.Get(c.id).Fields("sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))").Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the tabs: %w", err)
	}
	props := make([]*sheetsapi.SheetProperties, 0, len(ss.Sheets))
	for _, s := range ss.Sheets {
		if s.Properties != nil {
			props = append(props, s.Properties)
		}
	}
	return props, nil
}

// recentProps returns the tab properties TabTitles read within propsFresh,
// once, or nil.
func (c *Client) recentProps() []*sheetsapi.SheetProperties {
	c.mu.Lock()
	defer c.mu.Unlock()
	props := c.props
	c.props = nil
	if props == nil || time.Since(c.propsAt) > propsFresh {
		return nil
	}
	return props
}

func toGrid(values [][]interface{}) [][]string {
	grid := make([][]string, len(values))
	for i, row := range values {
		cells := make([]string, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case string:
				cells[j] = x
			case nil:
			default:
				cells[j] = fmt.Sprint(x)
			}
		}
		grid[i] = cells
	}
	return grid
}

// Size is how many rows and columns a tab must have.
type Size struct{ Rows, Cols int }

// Ensure makes sure each named tab exists with at least the given size, as
// Sheets refuses to write past a tab's grid. It costs one spreadsheets.get
// (none right after a ReadTabs that had to list the tabs: it reuses that
// list) and, when something is missing, one spreadsheets.batchUpdate (all
// or nothing). Callers pass only tabs they write beyond what they read.
func (c *Client) Ensure(ctx context.Context, need map[string]Size) error {
	if len(need) == 0 {
		return nil
	}
	props := c.recentProps()
	if props == nil {
		var err error
		if props, err = c.tabProps(ctx); err != nil {
			return err
		}
	}
	have := map[string]*sheetsapi.SheetProperties{}
	for _, p := range props {
		have[NormalizeHeader(p.Title)] = p
	}
	names := make([]string, 0, len(need))
	for n := range need {
		names = append(names, n)
	}
	sort.Strings(names)
	req := &sheetsapi.BatchUpdateSpreadsheetRequest{}
	for _, n := range names {
		want := need[n]
		p, ok := have[NormalizeHeader(n)]
		if !ok {
			req.Requests = append(req.Requests, &sheetsapi.Request{AddSheet: &sheetsapi.AddSheetRequest{
				Properties: &sheetsapi.SheetProperties{Title: n, GridProperties: &sheetsapi.GridProperties{
					FrozenRowCount: 1, RowCount: int64(max(want.Rows, 1000)), ColumnCount: int64(max(want.Cols, 26)),
				}},
			}})
			continue
		}
		g := p.GridProperties
		if g == nil {
			g = &sheetsapi.GridProperties{}
		}
		if extra := int64(want.Rows) - g.RowCount; extra > 0 {
			req.Requests = append(req.Requests, &sheetsapi.Request{AppendDimension: &sheetsapi.AppendDimensionRequest{
				SheetId: p.SheetId, Dimension: "ROWS", Length: max(extra, 100), ForceSendFields: []string{"SheetId"},
			}})
		}
		if extra := int64(want.Cols) - g.ColumnCount; extra > 0 {
			req.Requests = append(req.Requests, &sheetsapi.Request{AppendDimension: &sheetsapi.AppendDimensionRequest{
				SheetId: p.SheetId, Dimension: "COLUMNS", Length: max(extra, 5), ForceSendFields: []string{"SheetId"},
			}})
		}
	}
	if len(req.Requests) == 0 {
		return nil
	}
	// Adding a tab twice fails: repeated only when Google refused it for quota.
	if err := c.retry().Do(ctx, false, func() error {
		_, err := c.svc.Spreadsheets.BatchUpdate(c.id, req).Context(ctx).Do()
		return err
	}); err != nil {
		return fmt.Errorf("add or grow tabs %s: %w", strings.Join(names, ", "), err)
	}
	return nil
}

// Cell is one cell the service writes: Tab, 0-based column, sheet row
// (header row is 1), and the value: a string (stored as typed, never read as
// a formula or a date) or an int (stored as a number).
type Cell struct {
	Tab   string
	Col   int
	Row   int
	Value any
}

// A1 returns the cell's A1 reference.
func (c Cell) A1() string { return A1(c.Tab, c.Col, c.Row) }

// Write stores cells with one values.batchUpdate, as RAW input so that text
// people typed, such as "=HYPERLINK(...)" in a name, stays text. Cells next
// to each other in a row are sent as one range. No cells, no call.
func (c *Client) Write(ctx context.Context, cells []Cell) error {
	if len(cells) == 0 {
		return nil
	}
	req := &sheetsapi.BatchUpdateValuesRequest{ValueInputOption: "RAW", Data: Ranges(cells)}
	// Writing the same values again changes nothing: safe to repeat.
	if err := c.retry().Do(ctx, true, func() error {
		_, err := c.svc.Spreadsheets.Values.BatchUpdate(c.id, req).Context(ctx).Do()
		return err
	}); err != nil {
		return fmt.Errorf("write %d cells: %w", len(cells), err)
	}
	return nil
}

// Ranges groups cells into value ranges: cells side by side in one row make
// one range. The result is ordered by tab, row and column. Every text is cut
// to MaxCellLength (CapCell), so that no cell makes Google refuse the whole
// batch.
func Ranges(cells []Cell) []*sheetsapi.ValueRange {
	sorted := append([]Cell(nil), cells...)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Tab != b.Tab {
			return a.Tab < b.Tab
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
	var out []*sheetsapi.ValueRange
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].Tab == sorted[i].Tab && sorted[j].Row == sorted[i].Row && sorted[j].Col == sorted[j-1].Col+1 {
			j++
		}
		row := make([]interface{}, 0, j-i)
		for _, c := range sorted[i:j] {
			if s, ok := c.Value.(string); ok {
				row = append(row, CapCell(s))
				continue
			}
			row = append(row, c.Value)
		}
		rng := sorted[i].A1()
		if j-i > 1 {
			rng += ":" + ColumnLetter(sorted[j-1].Col) + fmt.Sprint(sorted[i].Row)
		}
		out = append(out, &sheetsapi.ValueRange{Range: rng, MajorDimension: "ROWS", Values: [][]interface{}{row}})
		i = j
	}
	return out
}

// MaxCellLength is the most characters the service writes into one cell,
// counted as UTF-16 units (a character outside the Basic Multilingual
// Plane, such as an emoji, counts two). Google refuses a whole
// values.batchUpdate when one of its cells has more than 50,000 characters
// (400 "Your input contains more than the maximum of 50000 characters in a
// single cell.", as reported in freelabz/secator issue #96 and
// airbytehq/airbyte issue #15500; Google's documentation does not state the
// limit or how it counts). Counting UTF-16 units is the stricter of the two
// likely ways, and the margin leaves room for either.
const MaxCellLength = 40_000

// CapCell returns s when it fits in MaxCellLength, else as much of its
// start as fits followed by "…". Characters are never cut in two. Messages
// already quote people's text short (domain.Excerpt); this is the last
// guard for any text the service writes.
func CapCell(s string) string {
	if len(s) <= MaxCellLength {
		return s // each UTF-16 unit takes at least one byte of UTF-8
	}
	units, cut := 0, -1
	for i, r := range s {
		if units+utf16Len(r) > MaxCellLength-1 && cut < 0 {
			cut = i // where the start that leaves room for "…" ends
		}
		units += utf16Len(r)
		if units > MaxCellLength {
			return s[:cut] + "…"
		}
	}
	return s
}

// utf16Len is how many UTF-16 units r takes; invalid UTF-8, read as
// U+FFFD, takes one.
func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}
