package workspacetest

// pushState holds the fake's Push data. Guarded by Server.mu.
type pushState struct{}

func newPushState() *pushState { return &pushState{} }

// registerPush adds the Push methods to the router.
func (s *Server) registerPush() {}
