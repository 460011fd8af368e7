//go:build !unix

package source

import "io/fs"

// fileID tells directories apart; without inode numbers a symbolic link to a directory
// is not followed (idOf fails), as a loop could not be told.
type fileID struct{ dev, ino uint64 }

func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }
