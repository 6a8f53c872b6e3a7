// Package calendar is being written on the cal branch; this stub holds the
// agreed shapes so the engine compiles meanwhile. Replaced at merge.
package calendar

import (
	"context"
	"errors"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

type Meeting struct {
	Key, Date          domain.Date
	Start, End         time.Time
	TimeZone           string
	Title, Description string
	Guests             []string
	Cancelled          bool
}

type Record struct {
	ID                        string
	Key                       domain.Date
	Part                      int
	Date                      domain.Date
	Guests, Refused, Declined []string
	Link, MeetLink, Hash      string
	Notice                    string
	Cancelled                 bool
}

type Change struct{}

type Result struct{ Created, Updated, Cancelled, Invitations, Calls int }

type Response struct {
	EventID   string
	Declined  []string
	Cancelled bool
}

var ErrNeedsOrganizer = errors.New("needs organizer")

func EventID(coalitionID string, key domain.Date, part int) string { return "" }

func Plan(coalitionID string, want []Meeting, recs []Record) []Change { return nil }

type Client struct{}

func NewClient(svc any, calendarID string) *Client { return &Client{} }

func (c *Client) Apply(ctx context.Context, changes []Change) ([]Record, Result, error) {
	return nil, Result{}, nil
}

func (c *Client) Responses(ctx context.Context, syncToken string, ours func(eventID string) bool) ([]Response, string, error) {
	return nil, "", nil
}

type Channel struct {
	ID, ResourceID string
	Expiration     time.Time
}

func (c *Client) Watch(ctx context.Context, id, address, token string, ttl time.Duration) (Channel, error) {
	return Channel{}, nil
}
func (c *Client) Stop(ctx context.Context, ch Channel) error { return nil }
