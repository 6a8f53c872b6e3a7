package setup

import (
	"slices"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

func TestMetaValue(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		value     string
		wantHash  string
		wantLists []laid
	}{
		{"hash alone, as setup wrote before it recorded lists", "0a1b2c3d4e5f", "0a1b2c3d4e5f", nil},
		{"columns and a span to the edge", "0a1b2c3d4e5f;Type=2-3;Working groups=8-9;meetings=4-",
			"0a1b2c3d4e5f", []laid{{sheets.ColType, 2, 3}, {sheets.ColWorkingGroups, 8, 9}, {meetingsKey, 4, 0}}},
		{"entries that do not read are skipped", "0a1b2c3d4e5f;Type=x-3;=1-2;Status;Voting=5-4;Kind=-1-2;Share contact=22-23",
			"0a1b2c3d4e5f", []laid{{sheets.ColShareContact, 22, 23}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			hash, lists := parseMetaValue(c.value)
			if hash != c.wantHash || !slices.Equal(lists, c.wantLists) {
				t.Errorf("parseMetaValue(%q) = %q, %v; want %q, %v", c.value, hash, lists, c.wantHash, c.wantLists)
			}
		})
	}
	t.Run("round trip", func(t *testing.T) {
		t.Parallel()
		lists := []laid{{sheets.ColStatus, 3, 4}, {meetingsKey, 2, 5}, {meetingsKey, 6, 0}}
		v := metaValue("ffeeddccbbaa", lists)
		if hash, got := parseMetaValue(v); hash != "ffeeddccbbaa" || !slices.Equal(got, lists) {
			t.Errorf("parseMetaValue(metaValue(...)) = %q, %v (from %q); want ffeeddccbbaa, %v", hash, got, v, lists)
		}
		if v := metaValue("ffeeddccbbaa", nil); v != "ffeeddccbbaa" {
			t.Errorf("metaValue with no lists = %q, want the hash alone", v)
		}
	})
}

func TestIsOurList(t *testing.T) {
	t.Parallel()
	values := func(vs ...string) []*sheetsapi.ConditionValue {
		out := make([]*sheetsapi.ConditionValue, len(vs))
		for i, v := range vs {
			out[i] = &sheetsapi.ConditionValue{UserEnteredValue: v}
		}
		return out
	}
	with := func(r *sheetsapi.DataValidationRule, change func(*sheetsapi.DataValidationRule)) *sheetsapi.DataValidationRule {
		c := *r
		cond := *r.Condition
		c.Condition = &cond
		change(&c)
		return &c
	}
	typeEN := ourList(sheets.ColType, domain.English)
	cases := []struct {
		name string
		key  string
		rule *sheetsapi.DataValidationRule
		want bool
	}{
		{"setup's Type list", sheets.ColType, typeEN, true},
		{"setup's Type list laid in Spanish", sheets.ColType, ourList(sheets.ColType, domain.Spanish), true},
		{"setup's Working groups list (not strict)", sheets.ColWorkingGroups, ourList(sheets.ColWorkingGroups, domain.English), true},
		{"setup's P/N/A list", meetingsKey, ourList(meetingsKey, domain.Spanish), true},
		{"setup's Voting list where Type was laid", sheets.ColType, ourList(sheets.ColVoting, domain.English), false},
		{"no list", sheets.ColType, nil, false},
		{"same values, no help text (made in Sheets)", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) { r.InputMessage = "" }), false},
		{"same values, their help text", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) { r.InputMessage = "Org or person?" }), false},
		{"made not strict", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) { r.Strict = false }), false},
		{"a value added", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) {
			r.Condition.Values = values("Organization", "Individual", "Network")
		}), false},
		{"values in another order", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) {
			r.Condition.Values = values("Individual", "Organization")
		}), false},
		{"a list from a range", sheets.ColType, with(typeEN, func(r *sheetsapi.DataValidationRule) {
			r.Condition.Type = "ONE_OF_RANGE"
			r.Condition.Values = values("=Lists!A1:A2")
		}), false},
		{"a key setup does not know", "Favorite color", typeEN, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := isOurList(c.key, c.rule); got != c.want {
				t.Errorf("isOurList(%q, %+v) = %v, want %v", c.key, c.rule, got, c.want)
			}
		})
	}
}

func TestStaleLists(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		old, now []laid
		gridCols int
		want     []stale
	}{
		{"nothing recorded (setup before it recorded lists)", nil, []laid{{sheets.ColType, 18, 19}}, 26, nil},
		{"the same places", []laid{{sheets.ColType, 2, 3}, {sheets.ColStatus, 3, 4}},
			[]laid{{sheets.ColType, 2, 3}, {sheets.ColStatus, 3, 4}}, 26, nil},
		{"two lists swap places: both are laid again over the old ones",
			[]laid{{sheets.ColType, 2, 3}, {sheets.ColStatus, 3, 4}},
			[]laid{{sheets.ColStatus, 2, 3}, {sheets.ColType, 3, 4}}, 26, nil},
		{"Type moved from C to S", []laid{{sheets.ColType, 2, 3}, {sheets.ColVoting, 4, 5}},
			[]laid{{sheets.ColType, 18, 19}, {sheets.ColVoting, 4, 5}}, 26, []stale{{2, sheets.ColType}}},
		{"a column of people's typed among the meetings", []laid{{meetingsKey, 2, 0}},
			[]laid{{meetingsKey, 2, 4}, {meetingsKey, 5, 0}}, 26, []stale{{4, meetingsKey}}},
		{"a span to the edge stops at the grid's edge as read", []laid{{meetingsKey, 2, 0}},
			[]laid{{meetingsKey, 2, 3}}, 6, []stale{{3, meetingsKey}, {4, meetingsKey}, {5, meetingsKey}}},
		{"a column past the grid people shrank is not read", []laid{{sheets.ColShareContact, 22, 23}}, nil, 20, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := staleLists(c.old, c.now, c.gridCols); !slices.Equal(got, c.want) {
				t.Errorf("staleLists = %v, want %v", got, c.want)
			}
		})
	}
}
