package cmdutil

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// A Read is a file a command reads besides its transcripts: a rulebook, the
// configuration, a baseline, the store, a report to merge. What is the catalogue key of
// what the file is, in words (a Chinese and an English form).
type Read struct {
	Path string
	What string
}

// StoreFile is the SQLite file a --store DSN names, "" for PostgreSQL.
func StoreFile(dsn string) string {
	if dsn == "" || strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return ""
	}
	return strings.TrimPrefix(dsn, "sqlite:")
}

// storeSidecars are the files SQLite keeps beside its database: writing a report over
// one corrupts the store as surely as over the database itself.
var storeSidecars = []string{"-wal", "-shm", "-journal"}

// OutputIsRead refuses a command whose output file is one of the files it reads
// (`check -o json=rules.yaml --rules rules.yaml`, `sample --store qa.db -o qa.db`, `merge
// a.json b.json -o a.json`): the rulebook, the store with every review in it, the shard
// report would be replaced, not read. Outputs that do not exist yet, and devices and
// pipes (written through, never replaced), pass.
func OutputIsRead(outputs []string, reads []Read) error {
	for _, out := range outputs {
		for _, r := range reads {
			if r.Path == "" || r.Path == "-" {
				continue
			}
			clash := sameFile(out, r.Path)
			if r.What == "cmdutil.the-store" {
				// SQLite makes these while the store is open: they need not exist yet.
				for _, s := range storeSidecars {
					clash = clash || sameFile(out, r.Path+s) || samePath(out, r.Path+s)
				}
			}
			if clash {
				return msg.Errorf("cmdutil.output-is-read", out, msg.ZH.Sprintf(r.What), msg.EN.Sprintf(r.What))
			}
		}
	}
	return nil
}

// sameFile reports whether out is an existing regular file that is also in.
func sameFile(out, in string) bool {
	ofi, err := os.Stat(out)
	if err != nil || !ofi.Mode().IsRegular() {
		return false
	}
	ifi, err := os.Stat(in)
	return err == nil && os.SameFile(ofi, ifi)
}

// samePath reports whether a and b name the same path, whether or not it exists.
func samePath(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && a == b
}
