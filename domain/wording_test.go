package domain_test

import (
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/domain/texttest"
)

func TestWording(t *testing.T) {
	t.Parallel()
	texttest.CheckPackage(t, ".", nil) // the rules build some keys at run time: see below
}

// TestComputedKeysHaveText covers the keys the source scan cannot see
// because they are put together at run time ("rules.status." plus a status):
// every value they can take has wording in every language.
func TestComputedKeysHaveText(t *testing.T) {
	t.Parallel()
	var labels []interface{ Label(domain.Lang) string }
	for _, s := range []domain.Status{domain.StatusApplicant, domain.StatusActive, domain.StatusRemoved, domain.StatusWithdrawn} {
		labels = append(labels, s)
	}
	for _, k := range []domain.VoteKind{domain.KindAdmit, domain.KindRemove, domain.KindOther} {
		labels = append(labels, k)
	}
	for _, c := range []domain.Code{domain.Unrecorded, domain.Present, domain.Notified, domain.Absent} {
		labels = append(labels, c)
	}
	for _, f := range []domain.FlagKind{domain.FlagRemovalReviewDue, domain.FlagNoWorkingGroup, domain.FlagContraryActionReview} {
		labels = append(labels, domain.Flag{Kind: f})
	}
	for _, p := range domain.Perspectives {
		labels = append(labels, p)
	}
	for _, lang := range domain.Languages {
		for _, l := range labels {
			if got := l.Label(lang); got == "" || strings.Contains(got, "rules.") {
				t.Errorf("%#v.Label(%s) = %q, want wording", l, lang, got)
			}
		}
		for _, n := range []int{1, 2} {
			f := domain.Flag{Kind: domain.FlagRemovalReviewDue, Dates: make([]domain.Date, n)}
			for i := range f.Dates {
				f.Dates[i] = domain.NewDate(2026, 1, 26+i)
			}
			if got := f.Detail(lang); got == "" || strings.Contains(got, "rules.") {
				t.Errorf("removal review detail with %d dates in %s = %q, want wording", n, lang, got)
			}
		}
	}
	for _, k := range domain.Missing() {
		if strings.HasPrefix(k, "rules.") {
			t.Errorf("a rules message has no wording: %s", k)
		}
	}
}
