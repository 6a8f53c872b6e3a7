package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// TabApprovalRequests is the tab of requests to use the coalition's name or
// image.
const TabApprovalRequests = "Approval requests"

// Verdict is one member's answer to an approval request.
type Verdict int

// The answers a member can give.
const (
	Approved Verdict = iota + 1
	Objected
)

// Response is one line of the Responses cell: an answer and who gave it.
type Response struct {
	Verdict Verdict
	Who     string // as typed, such as "Casa Ejemplo"; "" when not said
}

// ApprovalRequest is one row of the Approval requests tab.
type ApprovalRequest struct {
	Row         int
	RequestedAt DateTime // zero when blank or unreadable
	What        string
	Link        string
	RequestedBy string
	Responses   []Response
}

// ApprovalStatus is where a request stands.
type ApprovalStatus int

// The statuses of an approval request.
const (
	// ApprovalWaiting: no answer yet, and the deadline has not passed (or
	// is not known).
	ApprovalWaiting ApprovalStatus = iota
	// ApprovalApproved: at least one member approved and none objected.
	ApprovalApproved
	// ApprovalObjected: at least one member objected (an objection wins
	// over any approval).
	ApprovalObjected
	// ApprovalOverdue: no answer, and the deadline has passed.
	ApprovalOverdue
)

// String returns the status as the check's JSON writes it: waiting,
// approved, objected or overdue.
func (s ApprovalStatus) String() string {
	switch s {
	case ApprovalWaiting:
		return "waiting"
	case ApprovalApproved:
		return "approved"
	case ApprovalObjected:
		return "objected"
	case ApprovalOverdue:
		return "overdue"
	}
	return "ApprovalStatus(" + strconv.Itoa(int(s)) + ")"
}

// ApprovalResult is what the rules say about one request.
type ApprovalResult struct {
	Row    int
	Status ApprovalStatus
	// Deadline is when answers are due, in the coalition's time zone; zero
	// when Requested at is blank or unreadable.
	Deadline time.Time
	// Left is the time until the deadline (waiting only, and only when the
	// deadline is known).
	Left time.Duration
	// ApprovedBy and ObjectedBy are who answered, as typed (blank names
	// left out).
	ApprovedBy []string
	ObjectedBy []string
}

// Deadline returns when answers to a request made at requested are due in
// loc: the rules say members answer "generally within 24 hours", counted
// here on the coalition's clock, so the same time the next day. On the days
// the clocks change that is 23 or 25 hours later, not 24: a request made at
// 8:00 PM the evening before clocks go forward is due at 8:00 PM the next
// evening. It returns the zero time for a blank request time.
func Deadline(requested DateTime, loc *time.Location) time.Time {
	if requested.IsZero() {
		return time.Time{}
	}
	return requested.In(loc).AddDate(0, 0, 1)
}

// EvaluateApproval decides a request's status at the instant now: objected
// when anyone objected, else approved when anyone approved, else overdue
// when now is after the deadline, else waiting. It does not read the clock.
func EvaluateApproval(r ApprovalRequest, loc *time.Location, now time.Time) ApprovalResult {
	res := ApprovalResult{Row: r.Row, Deadline: Deadline(r.RequestedAt, loc)}
	for _, resp := range r.Responses {
		switch resp.Verdict {
		case Approved:
			if resp.Who != "" {
				res.ApprovedBy = append(res.ApprovedBy, resp.Who)
			}
		case Objected:
			if resp.Who != "" {
				res.ObjectedBy = append(res.ObjectedBy, resp.Who)
			}
		}
	}
	has := func(v Verdict) bool {
		for _, resp := range r.Responses {
			if resp.Verdict == v {
				return true
			}
		}
		return false
	}
	switch {
	case has(Objected):
		res.Status = ApprovalObjected
	case has(Approved):
		res.Status = ApprovalApproved
	case !res.Deadline.IsZero() && now.After(res.Deadline):
		res.Status = ApprovalOverdue
	default:
		res.Status = ApprovalWaiting
		if !res.Deadline.IsZero() {
			res.Left = res.Deadline.Sub(now)
		}
	}
	return res
}

// EvaluateApprovals decides every request's status at now (see
// EvaluateApproval), in the same order.
func EvaluateApprovals(rs []ApprovalRequest, loc *time.Location, now time.Time) []ApprovalResult {
	out := make([]ApprovalResult, len(rs))
	for i, r := range rs {
		out[i] = EvaluateApproval(r, loc, now)
	}
	return out
}

// Describe says the status in words for the Approval requests tab's Status
// cell, such as "Waiting: 5 hours left" or "Objected by Casa Ejemplo".
func (r ApprovalResult) Describe() Text {
	switch r.Status {
	case ApprovalApproved:
		if len(r.ApprovedBy) == 0 {
			return T("rules.approval.approved")
		}
		return T("rules.approval.approved_by", strings.Join(r.ApprovedBy, ", "))
	case ApprovalObjected:
		if len(r.ObjectedBy) == 0 {
			return T("rules.approval.objected")
		}
		return T("rules.approval.objected_by", strings.Join(r.ObjectedBy, ", "))
	case ApprovalOverdue:
		return T("rules.approval.overdue", dateTimeArg(r.Deadline))
	}
	switch h := int(r.Left / time.Hour); {
	case r.Deadline.IsZero():
		return T("rules.approval.waiting_no_deadline")
	case h >= 2:
		return T("rules.approval.waiting_hours", h)
	case h == 1:
		return T("rules.approval.waiting_hour")
	}
	return T("rules.approval.waiting_minutes")
}

// responseWords are the words a response line may start (or end) with,
// as fold writes them.
var responseWords = map[string]Verdict{
	"approved": Approved, "approve": Approved, "approves": Approved, "approval": Approved,
	"aprobado": Approved, "aprobada": Approved, "aprobados": Approved, "aprobadas": Approved,
	"apruebo": Approved, "aprueba": Approved, "aprobamos": Approved, "aprueban": Approved,
	"objected": Objected, "object": Objected, "objects": Objected, "objection": Objected,
	"objecion": Objected, "objeccion": Objected, "objetado": Objected, "objetada": Objected,
	"objetados": Objected, "objetadas": Objected, "objeto": Objected, "objeta": Objected,
	"objetamos": Objected, "objetan": Objected,
}

// responseSeparators may stand between the answer and the name: a hyphen,
// an en dash, an em dash, a colon or a comma.
const responseSeparators = "-–—:,"

// ParseResponses reads the Responses cell: one answer a line, the word
// first and then who gave it, such as "Approved — Casa Ejemplo",
// "Objected - Ana", "Aprobado: Casa Ejemplo", "Objeción – Río Claro" or
// "Approved by Casa Ejemplo"; the name first works too ("Casa Ejemplo —
// Approved"). The words are Approved or Objected in English or Spanish
// (Aprobado/Aprobada, Objeción, Objetado/Objetada and their forms), any
// case, accents optional. Blank lines are skipped; a line that says
// neither is returned in unread, as typed (trimmed), so the caller can
// report it.
func ParseResponses(s string) (responses []Response, unread []string) {
	for line := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r, ok := parseResponse(line); ok {
			responses = append(responses, r)
		} else {
			unread = append(unread, line)
		}
	}
	return responses, unread
}

// parseResponse reads one line: the answer's word first, else last.
func parseResponse(line string) (Response, bool) {
	// The word first: letters up to the first character that is not one.
	end := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(line)
	}
	if v, ok := responseWords[fold(line[:end])]; ok {
		rest := strings.TrimSpace(line[end:])
		r, _ := firstRune(rest)
		switch {
		case rest == "":
		case strings.ContainsRune(responseSeparators, r):
			rest = strings.TrimSpace(strings.TrimLeft(rest, responseSeparators+" "))
		case hasWordPrefix(rest, "by"), hasWordPrefix(rest, "por"), hasWordPrefix(rest, "de"):
		default:
			return Response{}, false // "Approved plan" is not an answer
		}
		for _, w := range []string{"by", "por", "de"} {
			if hasWordPrefix(rest, w) {
				rest = strings.TrimSpace(rest[len(w):])
				break
			}
		}
		return Response{Verdict: v, Who: rest}, true
	}
	// The word last, after a separator: "Casa Ejemplo — Approved".
	cut := strings.LastIndexFunc(line, func(r rune) bool { return strings.ContainsRune(responseSeparators, r) })
	if cut < 0 {
		return Response{}, false
	}
	_, size := firstRune(line[cut:])
	if v, ok := responseWords[fold(line[cut+size:])]; ok {
		who := strings.TrimSpace(strings.TrimRight(line[:cut], responseSeparators+" "))
		return Response{Verdict: v, Who: who}, true
	}
	return Response{}, false
}

// hasWordPrefix reports whether s starts with the word w (any case)
// followed by a space or nothing.
func hasWordPrefix(s, w string) bool {
	if len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
		return false
	}
	return len(s) == len(w) || s[len(w)] == ' '
}

// firstRune returns the first rune of s and its size in bytes.
func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}
