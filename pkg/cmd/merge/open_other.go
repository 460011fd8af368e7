//go:build !unix

package merge

import "os"

func openReport(name string) (*os.File, error) { return os.Open(name) }
