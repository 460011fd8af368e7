package iostreams

import (
	"testing"
)

func TestTestStreams(t *testing.T) {
	s, in, out, errOut := Test()
	if s.IsStdoutTTY() || s.IsStderrTTY() || s.ColorEnabled() {
		t.Error("Test streams should be non-TTY without colour")
	}
	in.WriteString("x")
	if s.In != in || s.Out != out || s.ErrOut != errOut {
		t.Error("Test streams should be the returned buffers")
	}
	s.SetStdoutTTY(true)
	s.SetStderrTTY(true)
	s.SetColorEnabled(true)
	if !s.IsStdoutTTY() || !s.IsStderrTTY() || !s.ColorEnabled() {
		t.Error("setters did not take effect")
	}
}

func TestColorAllowed(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"TERM": "xterm-256color"}, true},
		{map[string]string{"NO_COLOR": ""}, true}, // empty means unset, per no-color.org
		{map[string]string{"NO_COLOR": "1"}, false},
		{map[string]string{"NO_COLOR": "0"}, false}, // any non-empty value disables
		{map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		got := colorAllowed(func(k string) string { return tt.env[k] })
		if got != tt.want {
			t.Errorf("colorAllowed(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestSystemNoColorEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if System().ColorEnabled() {
		t.Error("colour enabled despite NO_COLOR")
	}
}

func TestColorScheme(t *testing.T) {
	on := NewColorScheme(true)
	if got, want := on.Red("x"), "\x1b[31mx\x1b[0m"; got != want {
		t.Errorf("Red = %q, want %q", got, want)
	}
	if got, want := on.Bold(""), ""; got != want {
		t.Errorf("Bold(\"\") = %q, want %q", got, want)
	}
	off := NewColorScheme(false)
	var nilScheme *ColorScheme
	for _, c := range []*ColorScheme{off, nilScheme} {
		for _, f := range []func(string) string{c.Red, c.Green, c.Yellow, c.Bold, c.Gray, c.Cyan} {
			if got := f("x"); got != "x" {
				t.Errorf("disabled scheme changed string: %q", got)
			}
		}
	}
	s, _, _, _ := Test()
	if s.ColorScheme().Enabled() {
		t.Error("Test streams gave an enabled scheme")
	}
	s.SetColorEnabled(true)
	if !s.ColorScheme().Enabled() {
		t.Error("SetColorEnabled(true) not reflected in ColorScheme")
	}
}
