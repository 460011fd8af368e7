package root

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// addProfileFlag adds the hidden --cpuprofile flag: a CPU profile of the whole run, for
// finding where a batch spends its time (go tool pprof zhijian FILE). main stops it,
// whatever the command returned.
func addProfileFlag(cmd *cobra.Command) {
	var path string
	cmd.PersistentFlags().StringVar(&path, "cpuprofile", "", "write a CPU profile to FILE")
	_ = cmd.PersistentFlags().MarkHidden("cpuprofile")
	cmd.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		langFromFlag(c)
		if path == "" {
			return nil
		}
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		return nil // the file is complete once main calls StopCPUProfile
	}
}
