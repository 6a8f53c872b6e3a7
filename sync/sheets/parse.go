package sheets

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Message keys of the issues the codec reports; their wording is in
// text.go.
const (
	msgDuplicateHeader     = "sheets.duplicate_header"
	msgNoVotingColumn      = "sheets.no_voting_column"
	msgNoStatusColumn      = "sheets.no_status_column"
	msgNameMissing         = "sheets.name_missing"
	msgDuplicateID         = "sheets.duplicate_id"
	msgBadDate             = "sheets.bad_date"
	msgBadMeetingHeader    = "sheets.bad_meeting_header"
	msgBadType             = "sheets.bad_type"
	msgBadStatus           = "sheets.bad_status"
	msgBlankStatus         = "sheets.blank_status"
	msgBadYesNo            = "sheets.bad_yes_no"
	msgBadWorkingGroups    = "sheets.bad_working_groups"
	msgFormulaError        = "sheets.formula_error"
	msgAttendanceNoMember  = "sheets.attendance_no_member"
	msgAttendanceUnmatched = "sheets.attendance_unmatched"
	msgAttendanceAmbiguous = "sheets.attendance_ambiguous"
	msgAttendanceDuplicate = "sheets.attendance_duplicate"
	msgBadCode             = "sheets.bad_code"
	msgDuplicateMeeting    = "sheets.duplicate_meeting"
	msgVoteNoMeeting       = "sheets.vote_no_meeting"
	msgVoteBadMeeting      = "sheets.vote_bad_meeting"
	msgVoteNoKind          = "sheets.vote_no_kind"
	msgVoteBadKind         = "sheets.vote_bad_kind"
	msgVoteBadCount        = "sheets.vote_bad_count"
	msgMeetingNoDate       = "sheets.meeting_no_date"
	msgDuplicateMeetingRow = "sheets.duplicate_meeting_row"
)

// TabLayout is where one tab's columns and records are in the sheet.
type TabLayout struct {
	Tab    string
	Header *Header
	// Rows[i] is the sheet row number (header row is 1) of record i, in the
	// order the parser returned the records: Members[i], Votes[i],
	// Overrides[i]. For Attendance, Rows[i] is the row of Members[i] in the
	// Attendance tab, 0 when that member has no attendance row.
	Rows []int
	// Skipped lists the sheet rows that had content but could not be read
	// (each has an issue). A writer must not write results there as if they
	// were read, and must not reuse them for new records.
	Skipped []int
	// LastRow is the last sheet row with any content (1 when only the header
	// has content): new records are appended after it.
	LastRow int
	// MeetingColumns[j] is the 0-based column of Coalition.Meetings[j]
	// (Attendance only).
	MeetingColumns []int
}

// A1 returns the A1 reference of known column col in record i's row, such as
// "'Members'!N14", and false when the tab has no such column or record i has
// no row.
func (t *TabLayout) A1(i int, col string) (string, bool) {
	if t == nil || i < 0 || i >= len(t.Rows) || t.Rows[i] == 0 {
		return "", false
	}
	c, ok := t.Header.Index(col)
	if !ok {
		return "", false
	}
	return A1(t.Tab, c, t.Rows[i]), true
}

// tabReader collects a tab's issues and layout while it is read.
type tabReader struct {
	tab    string
	h      *Header
	layout *TabLayout
	issues []domain.Issue
}

func newTabReader(tab string, grid [][]string) *tabReader {
	var header []string
	if len(grid) > 0 {
		header = grid[0]
	}
	h, issues := IndexHeader(tab, header)
	r := &tabReader{tab: tab, h: h, issues: issues,
		layout: &TabLayout{Tab: tab, Header: h, LastRow: 1}}
	for i := len(grid) - 1; i >= 1; i-- {
		if !blankRow(grid[i]) {
			r.layout.LastRow = i + 1
			break
		}
	}
	return r
}

// issue records a problem at row and col. Text arguments and the column
// (a header people wrote, for a meeting column) are quoted by their first
// characters (domain.Excerpt): a cell can hold 50,000 characters, and the
// Sync issues tab must not copy it whole.
func (r *tabReader) issue(row int, col string, key string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = domain.Excerpt(s)
		}
	}
	if r.h.Schema.FormHeaders {
		col = r.h.AsWritten(col)
	}
	r.issues = append(r.issues, domain.Issue{Tab: r.tab, Row: row, Column: domain.Excerpt(col), Message: domain.T(key, args...)})
}

func (r *tabReader) skip(row int) { r.layout.Skipped = append(r.layout.Skipped, row) }

// date reads an optional date cell as people type dates (domain.ReadDate):
// blank is the zero Date, a bad one is an issue that says what to type, and
// blank.
func (r *tabReader) date(row int, cells []string, col string) domain.Date {
	s := r.h.Cell(cells, col)
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ReadDate(s)
	if err != nil {
		r.issue(row, col, msgBadDate, s, domain.DateHint(err))
		return domain.Date{}
	}
	return d
}

// yesNo reads an optional yes/no cell: blank is no, a bad one is an issue and no.
func (r *tabReader) yesNo(row int, cells []string, col string) bool {
	s := r.h.Cell(cells, col)
	if s == "" {
		return false
	}
	v, ok := domain.ParseYesNo(s)
	if !ok {
		r.issue(row, col, msgBadYesNo, s)
		return false
	}
	return v
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ParseMembers reads the Members tab. Name is required; every other column
// of the schema is optional. Rows with no name but other content are
// reported and skipped; blank rows are skipped silently. Each member's Row is
// its sheet row.
func ParseMembers(grid [][]string) ([]domain.Member, *TabLayout, []domain.Issue, error) {
	r := newTabReader(TabMembers, grid)
	if errs := r.h.require(); len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	if !r.h.Has(ColVoting) {
		r.issue(1, ColVoting, msgNoVotingColumn, ColVoting)
	}
	if !r.h.Has(ColStatus) {
		r.issue(1, ColStatus, msgNoStatusColumn, ColStatus)
	}
	var members []domain.Member
	ids := map[string]int{} // normalized Member ID -> sheet row
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if blankRow(cells) {
			continue
		}
		m := domain.Member{Row: row, Name: strings.Join(strings.Fields(r.h.Cell(cells, ColName)), " ")}
		if m.Name == "" {
			r.issue(row, ColName, msgNameMissing)
			r.skip(row)
			continue
		}
		m.ID = r.h.Cell(cells, ColMemberID)
		if m.ID != "" {
			k := idKey(m.ID)
			if first, dup := ids[k]; dup {
				r.issue(row, ColMemberID, msgDuplicateID, m.ID, first)
			} else {
				ids[k] = row
			}
		}
		if s := r.h.Cell(cells, ColType); s != "" {
			t, ok := parseMemberType(s)
			if !ok {
				r.issue(row, ColType, msgBadType, s)
			}
			m.Type = t
		}
		if r.h.Has(ColStatus) {
			s := r.h.Cell(cells, ColStatus)
			if s == "" {
				r.issue(row, ColStatus, msgBlankStatus)
			} else if st, ok := domain.ParseStatus(s); ok {
				m.Status = st
			} else {
				r.issue(row, ColStatus, msgBadStatus, s)
			}
		}
		m.Voting = r.yesNo(row, cells, ColVoting)
		m.CoreTeam = r.yesNo(row, cells, ColCoreTeam)
		m.ShareContact = r.yesNo(row, cells, ColShareContact)
		m.Joined = r.date(row, cells, ColJoined)
		m.Left = r.date(row, cells, ColLeft)
		m.LastReview = r.date(row, cells, ColLastReview)
		if s := r.h.Cell(cells, ColWorkingGroups); s != "" {
			groups, unknown := domain.ParseWorkingGroups(s)
			m.WorkingGroups = groups
			for _, u := range unknown {
				r.issue(row, ColWorkingGroups, msgBadWorkingGroups, u)
			}
		}
		m.TaxStatus = r.h.Cell(cells, ColTaxStatus)
		m.Sector = r.h.Cell(cells, ColSector)
		m.Representative = r.h.Cell(cells, ColRepresentative)
		m.Title = r.h.Cell(cells, ColTitle)
		m.Pronouns = r.h.Cell(cells, ColPronouns)
		m.Email = r.h.Cell(cells, ColEmail)
		m.Phone = r.h.Cell(cells, ColPhone)
		m.Address = r.h.Cell(cells, ColAddress)
		m.Alternates = r.h.Cell(cells, ColAlternates)
		m.Language = r.h.Cell(cells, ColLanguage)
		m.ContraryAction = r.text(row, cells, ColContraryAction)
		members = append(members, m)
		r.layout.Rows = append(r.layout.Rows, row)
	}
	return members, r.layout, r.issues, nil
}

// formulaErrors are the values Google Sheets shows in a cell whose formula
// fails (Sheets' help, "Types of errors in Google Sheets").
var formulaErrors = []string{"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!"}

// text reads a free-text cell whose mere presence means something (such
// as a contrary action reported): a formula's error there is reported and
// read as blank, never taken for what people typed.
func (r *tabReader) text(row int, cells []string, col string) string {
	s := r.h.Cell(cells, col)
	for _, e := range formulaErrors {
		if strings.EqualFold(strings.TrimSpace(s), e) {
			r.issue(row, col, msgFormulaError, e)
			return ""
		}
	}
	return s
}

// parseMemberType reads Organization or Individual, in English or Spanish,
// ignoring case.
func parseMemberType(s string) (domain.MemberType, bool) {
	switch NormalizeHeader(s) {
	case "organization", "organisation", "org", "organización", "organizacion":
		return domain.TypeOrganization, true
	case "individual", "person", "persona":
		return domain.TypeIndividual, true
	}
	return "", false
}

// ParseAttendance reads the Attendance tab into c.Meetings and c.Attendance,
// matching each row to c.Members by Member ID, else by name ignoring case and
// extra spaces. Every column whose header is a date, as domain.ReadDate reads
// it (2026-08-24, 8/24/2026, Aug 24, 2026, 24 de agosto de 2026...), is a
// held meeting. A header that looks like a date but cannot be read (Aug 24,
// 24/08/2026) is reported, since its marks are not counted; other extra
// columns are ignored. The tab needs a Member ID or a Name column.
//
// c.Meetings comes out ascending and distinct; c.Attendance has one entry per
// member (nil for a member with no attendance row), each as long as
// c.Meetings. Which meetings are already held as of a date is for the rules
// to decide, not the codec.
func ParseAttendance(grid [][]string, c *domain.Coalition) (*TabLayout, []domain.Issue, error) {
	r := newTabReader(TabAttendance, grid)
	if err := attendanceHeaderError(r.h); err != nil {
		return nil, nil, err
	}
	hasName := r.h.Has(ColName)

	// Meeting columns, then sorted by date.
	type meetingCol struct {
		date domain.Date
		col  int
		text string
	}
	var cols []meetingCol
	seen := map[domain.Date]int{}
	for _, cell := range r.h.Extra() {
		d, err := domain.ReadDate(cell.Text)
		if err != nil {
			if domain.LooksLikeDate(cell.Text) {
				r.issue(1, cell.Text, msgBadMeetingHeader, strings.TrimSpace(cell.Text), ColumnLetter(cell.Index), domain.DateHint(err))
			}
			continue
		}
		if first, dup := seen[d]; dup {
			r.issue(1, cell.Text, msgDuplicateMeeting, d, ColumnLetter(first))
			continue
		}
		seen[d] = cell.Index
		cols = append(cols, meetingCol{date: d, col: cell.Index, text: cell.Text})
	}
	slices.SortFunc(cols, func(a, b meetingCol) int { return a.date.Compare(b.date) })
	c.Meetings = make([]domain.Date, len(cols))
	r.layout.MeetingColumns = make([]int, len(cols))
	for j, mc := range cols {
		c.Meetings[j] = mc.date
		r.layout.MeetingColumns[j] = mc.col
	}

	// Members by ID and by name.
	byID := map[string]int{}
	byName := map[string][]int{}
	for i, m := range c.Members {
		if m.ID != "" {
			if _, dup := byID[idKey(m.ID)]; !dup {
				byID[idKey(m.ID)] = i
			}
		}
		// Compared as written to a cell (CapCell): the service copies names
		// into the Attendance tab capped under Google's limit.
		n := domain.NormalizeName(CapCell(m.Name))
		byName[n] = append(byName[n], i)
	}

	c.Attendance = make([][]domain.Code, len(c.Members))
	r.layout.Rows = make([]int, len(c.Members))
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if blankRow(cells) {
			continue
		}
		hasMarks := false
		for _, mc := range cols {
			if mc.col < len(cells) && strings.TrimSpace(cells[mc.col]) != "" {
				hasMarks = true
				break
			}
		}
		id, name := r.h.Cell(cells, ColMemberID), r.h.Cell(cells, ColName)
		idx := -1
		if id != "" {
			if k, ok := byID[idKey(id)]; ok {
				idx = k
			}
		}
		if idx < 0 && name != "" {
			switch found := byName[domain.NormalizeName(CapCell(name))]; len(found) {
			case 0:
			case 1:
				idx = found[0]
			default:
				r.issue(row, ColName, msgAttendanceAmbiguous, strings.Join(strings.Fields(name), " "))
				r.skip(row)
				continue
			}
		}
		if idx < 0 {
			switch {
			case id == "" && name == "":
				if hasMarks {
					r.issue(row, attendanceKeyColumn(hasName), msgAttendanceNoMember)
					r.skip(row)
				}
			case name != "":
				r.issue(row, ColName, msgAttendanceUnmatched, strings.Join(strings.Fields(name), " "))
				r.skip(row)
			default:
				r.issue(row, ColMemberID, msgAttendanceUnmatched, id)
				r.skip(row)
			}
			continue
		}
		if first := r.layout.Rows[idx]; first != 0 {
			r.issue(row, attendanceKeyColumn(hasName), msgAttendanceDuplicate, first)
			r.skip(row)
			continue
		}
		r.layout.Rows[idx] = row
		codes := make([]domain.Code, len(cols))
		for j, mc := range cols {
			if mc.col >= len(cells) {
				continue
			}
			s := strings.TrimSpace(cells[mc.col])
			if s == "" {
				continue
			}
			code, ok := domain.ParseCode(s)
			if !ok {
				r.issue(row, mc.text, msgBadCode, s)
				code = domain.Unrecorded
			}
			codes[j] = code
		}
		c.Attendance[idx] = codes
	}
	return r.layout, r.issues, nil
}

// attendanceHeaderError says when an Attendance header has neither Member ID
// nor Name.
func attendanceHeaderError(h *Header) error {
	if !h.Has(ColMemberID) && !h.Has(ColName) {
		return &MissingColumnError{Tab: TabAttendance, Column: ColMemberID + " or " + ColName}
	}
	return nil
}

// idKey is the form Member IDs are compared in, as domain.SameID does.
func idKey(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

// attendanceKeyColumn is the column an issue about a whole attendance row
// points at: Name when the tab has one, else Member ID.
func attendanceKeyColumn(hasName bool) string {
	if hasName {
		return ColName
	}
	return ColMemberID
}

// ParseVotes reads the Votes tab. Meeting, Kind, Yes and No are required
// columns; Motion, Subject and Abstain are optional. A row whose meeting
// date, kind or counts cannot be read is reported and skipped, because
// counting it with a guessed value could give a wrong result. Blank counts
// are 0.
func ParseVotes(grid [][]string) ([]domain.Vote, *TabLayout, []domain.Issue, error) {
	r := newTabReader(TabVotes, grid)
	if errs := r.h.require(); len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	var votes []domain.Vote
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if blankRow(cells) {
			continue
		}
		v := domain.Vote{Row: row,
			Motion:  r.h.Cell(cells, ColMotion),
			Subject: strings.Join(strings.Fields(r.h.Cell(cells, ColSubject)), " "),
		}
		ok := true
		if s := r.h.Cell(cells, ColMeeting); s == "" {
			r.issue(row, ColMeeting, msgVoteNoMeeting)
			ok = false
		} else if d, err := domain.ReadDate(s); err != nil {
			r.issue(row, ColMeeting, msgVoteBadMeeting, s, domain.DateHint(err))
			ok = false
		} else {
			v.Meeting = d
		}
		if s := r.h.Cell(cells, ColKind); s == "" {
			r.issue(row, ColKind, msgVoteNoKind)
			ok = false
		} else if k, good := domain.ParseVoteKind(s); !good {
			r.issue(row, ColKind, msgVoteBadKind, s)
			ok = false
		} else {
			v.Kind = k
		}
		for _, f := range []struct {
			col string
			dst *int
		}{{ColYes, &v.Yes}, {ColNo, &v.No}, {ColAbstain, &v.Abstain}} {
			s := r.h.Cell(cells, f.col)
			n, good := parseCount(s)
			if !good {
				r.issue(row, f.col, msgVoteBadCount, s)
				ok = false
			}
			*f.dst = n
		}
		if !ok {
			r.skip(row)
			continue
		}
		votes = append(votes, v)
		r.layout.Rows = append(r.layout.Rows, row)
	}
	return votes, r.layout, r.issues, nil
}

// maxCount bounds a vote count: far above any coalition, low enough that
// sums never overflow.
const maxCount = 1_000_000

// parseCount reads a vote count: blank is 0, otherwise a whole number with
// digits only.
func parseCount(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > maxCount {
		return 0, false
	}
	return n, true
}

// ParseMeetings reads the people's columns of the Meetings tab: Date (the
// scheduled day, required), Date override and Cancelled. It returns one
// override per meeting row, in sheet order, including rows where nothing is
// overridden (MovedTo zero, Cancelled false), so that the layout's Rows
// address every meeting row. A date written twice is reported and the later
// row skipped.
func ParseMeetings(grid [][]string) ([]domain.MeetingOverride, *TabLayout, []domain.Issue, error) {
	r := newTabReader(TabMeetings, grid)
	if errs := r.h.require(); len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	var out []domain.MeetingOverride
	seen := map[domain.Date]int{}
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if blankRow(cells) {
			continue
		}
		s := r.h.Cell(cells, ColDate)
		if s == "" {
			r.issue(row, ColDate, msgMeetingNoDate)
			r.skip(row)
			continue
		}
		d, err := domain.ReadDate(s)
		if err != nil {
			r.issue(row, ColDate, msgBadDate, s, domain.DateHint(err))
			r.skip(row)
			continue
		}
		if first, dup := seen[d]; dup {
			r.issue(row, ColDate, msgDuplicateMeetingRow, d, first)
			r.skip(row)
			continue
		}
		seen[d] = row
		out = append(out, domain.MeetingOverride{
			Scheduled: d,
			MovedTo:   r.date(row, cells, ColDateOverride),
			Cancelled: r.yesNo(row, cells, ColCancelled),
		})
		r.layout.Rows = append(r.layout.Rows, row)
	}
	return out, r.layout, r.issues, nil
}
