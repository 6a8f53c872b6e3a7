package workspacetest

// driveState holds the fake's Drive data. Guarded by Server.mu.
type driveState struct{}

func newDriveState() *driveState { return &driveState{} }

// registerDrive adds the Drive methods to the router.
func (s *Server) registerDrive() {}

// addSpreadsheetFileLocked records a new spreadsheet as a Drive file (the
// Sheets API's spreadsheets.create does this at Google). Call with s.mu held.
func (s *Server) addSpreadsheetFileLocked(id, title string) {}

// touchFileLocked records that a file's content changed: its version and
// modifiedTime move on, Drive changes are recorded and push notifications
// go to the channels watching it. Call with s.mu held.
func (s *Server) touchFileLocked(id string) {}
