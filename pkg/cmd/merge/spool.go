package merge

import (
	"io"
	"os"
)

// spool opens the reports to merge. Merge reads each report twice (report.MergeStream),
// and a pipe only once: a report given as <(ssh host cat part1.json) or a named pipe gave
// "not a zhijian JSON report: EOF" at its second reading. What is not a regular file is
// copied, as the first reading goes, to a temporary file that the second reads. The
// temporary file is removed as soon as it is made (it lives while open), so nothing is
// left behind, interrupted or not; and the copy never runs ahead of the reading, which
// stops at the first byte that is not a report (<(cat /dev/zero) fills no disk).
type spool struct {
	copies map[string]*os.File
}

func newSpool() *spool { return &spool{copies: map[string]*os.File{}} }

func (s *spool) open(name string) (io.ReadCloser, error) {
	if c, ok := s.copies[name]; ok {
		end, err := c.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(io.NewSectionReader(c, 0, end)), nil
	}
	f, err := openReport(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.Mode().IsRegular() {
		return f, err
	}
	c, err := os.CreateTemp("", "zhijian-merge-*")
	if err != nil {
		f.Close()
		return nil, err
	}
	os.Remove(c.Name())
	s.copies[name] = c
	return struct {
		io.Reader
		io.Closer
	}{io.TeeReader(f, c), f}, nil
}

// close closes the copies.
func (s *spool) close() {
	for _, c := range s.copies {
		c.Close()
	}
}
