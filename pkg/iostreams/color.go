package iostreams

// ColorScheme wraps strings in ANSI escape codes when enabled and returns them
// unchanged otherwise, so callers never branch on colour themselves. A nil
// *ColorScheme is valid and never colours.
type ColorScheme struct {
	enabled bool
}

// NewColorScheme returns a scheme that colours when enabled is true.
func NewColorScheme(enabled bool) *ColorScheme {
	return &ColorScheme{enabled: enabled}
}

// Enabled reports whether the scheme emits escape codes.
func (c *ColorScheme) Enabled() bool { return c != nil && c.enabled }

const reset = "\x1b[0m"

func (c *ColorScheme) wrap(code, s string) string {
	if !c.Enabled() || s == "" {
		return s
	}
	return code + s + reset
}

func (c *ColorScheme) Bold(s string) string   { return c.wrap("\x1b[1m", s) }
func (c *ColorScheme) Red(s string) string    { return c.wrap("\x1b[31m", s) }
func (c *ColorScheme) Green(s string) string  { return c.wrap("\x1b[32m", s) }
func (c *ColorScheme) Yellow(s string) string { return c.wrap("\x1b[33m", s) }
func (c *ColorScheme) Cyan(s string) string   { return c.wrap("\x1b[36m", s) }

// Gray uses "bright black", which the 16-colour palettes all render as gray.
func (c *ColorScheme) Gray(s string) string { return c.wrap("\x1b[90m", s) }
