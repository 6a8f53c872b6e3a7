package workspacetest

// calendarState holds the fake's Calendar data. Guarded by Server.mu.
type calendarState struct{}

func newCalendarState() *calendarState { return &calendarState{} }

// registerCalendar adds the Calendar methods to the router.
func (s *Server) registerCalendar() {}
