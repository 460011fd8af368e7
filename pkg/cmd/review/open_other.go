//go:build !unix

package review

import "os"

func openWorkbook(name string) (*os.File, error) { return os.Open(name) }
