package workspacetest

// Drive's version of a Google Sheets file, and the push notifications on
// it, are reported to lag the edits people make by about three minutes
// (googleapis/google-api-go-client#444). FreezeVersion lets tests live in
// that window: edits land, Drive does not show them yet.

// lagState holds the files whose Drive version is frozen, with the number
// of edits made since.
type lagState struct {
	frozen map[string]int
}

// FreezeVersion stops Drive's version (and the push notifications) of a
// file from following its edits, as while Google lags behind them; the
// content changes as usual. ThawVersion catches up.
func (s *Server) FreezeVersion(fileID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lag.frozen == nil {
		s.lag.frozen = map[string]int{}
	}
	if _, ok := s.lag.frozen[fileID]; !ok {
		s.lag.frozen[fileID] = 0
	}
}

// ThawVersion lets a frozen file's version catch up: if it was edited
// meanwhile, the version moves once and the channels watching it are
// notified once, as when Google's lag ends.
func (s *Server) ThawVersion(fileID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.lag.frozen[fileID]
	if !ok {
		return
	}
	delete(s.lag.frozen, fileID)
	if n > 0 {
		s.touchFileLocked(fileID)
	}
}

// lagsLocked reports whether the file's version is frozen, counting the
// edit. Call with s.mu held.
func (s *Server) lagsLocked(fileID string) bool {
	n, ok := s.lag.frozen[fileID]
	if ok {
		s.lag.frozen[fileID] = n + 1
	}
	return ok
}
