package workspacetest

// driveState holds the fake's Drive data. Guarded by Server.mu.
type driveState struct{}

func newDriveState() *driveState { return &driveState{} }

// registerDrive adds the Drive methods to the router.
func (s *Server) registerDrive() {}
