package store

import "time"

// SetClock makes the store read the time from now, for tests of expiry.
func (s *Store) SetClock(now func() time.Time) { s.now = now }
