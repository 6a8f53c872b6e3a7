package workspacetest

// sheetsState holds the fake's Sheets data. Guarded by Server.mu.
type sheetsState struct{}

func newSheetsState() *sheetsState { return &sheetsState{} }

// registerSheets adds the Sheets methods to the router.
func (s *Server) registerSheets() {}
