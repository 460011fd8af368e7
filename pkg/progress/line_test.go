package progress

// Line renders the bar's current line (without the carriage return), for tests.
func (b *Bar) Line() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.line()
}
