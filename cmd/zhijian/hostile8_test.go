package main_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// timedRun runs the binary in dir with a deadline and returns the result and the CPU
// time it took (user and system: steadier than the wall on a shared machine).
func timedRun(t *testing.T, dir string, env []string, limit time.Duration, args ...string) (result, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=", "GOGC=", "GOMEMLIMIT=")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %v", args, limit)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errOut.String(), code}, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// TestManyRoleLabels: a rulebook's roles: labels were added one at a time, each copying
// the map of all before it: 40,000 labels took 77 s to load (20,000 in rules lint 24 s).
func TestManyRoleLabels(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("name: d\nversion: \"1\"\nextends: default\nroles:\n  agent:\n")
	for i := range 40000 {
		fmt.Fprintf(&b, "    - 标签%d\n", i)
	}
	writeFile(t, dir, "roles.yaml", []byte(b.String()))
	writeFile(t, dir, "call.txt", []byte("标签39999：您好，请问有什么可以帮您？\n客户：我也没办法\n"))
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"check", []string{"check", "-q", "-f", "json", "--rules", "roles.yaml", "call.txt"}, 1},
		{"lint", []string{"rules", "lint", "roles.yaml"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, cpu := timedRun(t, dir, nil, 2*time.Minute, tc.args...)
			if r.code != tc.code || cpu > 10*time.Second {
				t.Errorf("exit %d (want %d) after %v of CPU\n%.500s%.500s", r.code, tc.code, cpu, r.stdout, r.stderr)
			}
			if tc.name == "check" && !strings.Contains(r.stdout, `"role": "agent"`) {
				t.Errorf("the last label is not the agent's\n%.1000s", r.stdout)
			}
		})
	}
}
