package calendar

// SetGuestCap lowers the guest cap Plan uses, for a test; the returned
// function puts it back. Tests that call it must not run in parallel.
func SetGuestCap(n int) (restore func()) {
	old := guestCap
	guestCap = n
	return func() { guestCap = old }
}

// RecordFor is the record Apply returns for ch when every write works.
func RecordFor(ch Change) Record {
	m := ch.Meeting
	if ch.Kind == Cancel {
		r := *ch.Old
		r.Cancelled = true
		return r
	}
	return Record{ID: ch.EventID, Key: m.Key, Part: ch.Part, Date: m.Date, Guests: ch.Guests,
		Refused: sortedCopy(ch.Refused), Hash: contentHash(m, ch.Guests, false), Notice: noticeHash(m, false)}
}
