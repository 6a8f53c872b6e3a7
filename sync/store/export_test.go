package store

// WithCommitBytes lowers the bytes a save puts in one commit (MaxCommitBytes
// otherwise), so that a test can exercise the cap with a small coalition.
func WithCommitBytes(n int) Option { return func(s *Store) { s.commitBytes = n } }
