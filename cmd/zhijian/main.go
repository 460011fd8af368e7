// Command zhijian checks Chinese call-center transcripts against YAML rulebooks.
package main

import (
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/zhijian-qa/zhijian/pkg/cmd/root"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise the module
// version from the build info is used.
var version = ""

func main() {
	cmdutil.CatchSignals(os.Stderr)
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	defer pprof.StopCPUProfile() // --cpuprofile (pkg/cmd/root)
	root.SetLanguage(os.Getenv)
	ios := iostreams.System()
	f := &cmdutil.Factory{IOStreams: ios, Version: buildVersion()}
	cmd := root.NewCmdRoot(f)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if werr := ios.OutError(); werr != nil && cmdutil.ExitCode(err) < cmdutil.ExitInvalid {
		// The command ended as if its output had been written: it was not.
		err = werr
	}
	cmdutil.PrintError(ios.ErrOut, err)
	return cmdutil.ExitCode(err)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
