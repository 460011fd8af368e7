package pipeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// StreamJSONL checks the calls of a JSON Lines stream as they come, the way a Hadoop
// Streaming or Spark pipe stage feeds them on standard input: lines are read ahead a
// little, the calls checked on the workers, and each entry emitted in line order as soon
// as it and every one before it are done (a call is complete once the next line starts
// another, or the stream ends). Memory holds a few runs of lines, never the
// stream, and a bad line is that call's error, not the stream's.
//
// The lines of one call must be adjacent: a call may be one line or several (one turn a
// line), and the stream is cut into calls between two lines whose call_id differ; a
// line going back to a call the stream has passed is an error naming it, as in a file
// (the last MaxCalls calls are remembered: as many as a file may hold). A line without a call_id that holds a whole call (the generic format with its turns, or a
// speech recognition result) is a call of its own, as in a file. Turns without a call_id
// stay with the lines around them, so a stream of such turns is checked as one input, as
// a file would be. The text must be UTF-8, as JSON Lines are; one call (or run of lines
// without call_id) may be at most MaxSize bytes. A line over MaxSize bytes, or with a
// NUL byte, ends the stream with an error naming it as soon as it is met (an endless
// line, /dev/zero, was read for ever). A stream with no call in it (an empty partition
// of a Spark job) gives no entries.
func (c *Checker) StreamJSONL(r io.Reader, path string, emit func(report.Call) error) (report.Summary, error) {
	max := c.MaxSize
	if max <= 0 {
		max = source.DefaultMaxSize
	}
	calls := make(chan lineCall, 4*maxChunk)
	// done stops the reader when the check ends before the stream does (emit failed,
	// or cancelled): it exits at its next send, or once its read in progress returns.
	done := make(chan struct{})
	defer close(done)
	go readCalls(r, path, max, c.recentCalls(), calls, done)
	next := func() (work, bool) {
		var run []lineCall
		// Wait for one call, then take those already read, up to a full run: a stage fed
		// slowly still gets each result as soon as its line is checked.
		select {
		case lc, ok := <-calls:
			if !ok {
				return nil, false
			}
			run = append(run, lc)
		case <-c.ctx().Done():
			return nil, false
		}
	more:
		for len(run) < maxChunk {
			select {
			case lc, ok := <-calls:
				if !ok {
					break more
				}
				run = append(run, lc)
			default:
				break more
			}
		}
		return func(cancelled func() bool) (files []report.Call) {
			for _, lc := range run {
				if cancelled() {
					return files
				}
				files = append(files, c.checkLines(path, lc)...)
			}
			return files
		}, true
	}
	return c.stream(next, nil, emit)
}

// maxChunk is the most inputs, or calls of a stream, a worker takes at once.
const maxChunk = 16

// lineCall is the lines of one call of a JSON Lines stream (or an error reading them).
type lineCall struct {
	first int // line number of the first line
	data  []byte
	err   error
}

// checkLines checks the calls in lc, a panic becoming their one entry.
func (c *Checker) checkLines(path string, lc lineCall) (files []report.Call) {
	defer c.recoverInto(path, &files)
	if lc.err != nil {
		return []report.Call{errorFile(path, lc.err)}
	}
	if n := source.InvalidLine(lc.data); n > 0 {
		n += lc.first - 1
		return []report.Call{errorFile(path, &source.Error{Path: path, Line: n,
			Msg: msg.Sprintf("pipeline.not-valid-utf-json-lines")})}
	}
	if c.Sizing != nil {
		c.Sizing(int64(len(lc.data)))
	}
	return c.checkText(path, string(lc.data), transcript.JSONL, lc.first)
}

// readCalls reads r a line at a time and sends its calls to out, then closes it. A call
// over max bytes is an error entry of its own, and reading goes on after it; a line over
// max bytes, a NUL byte or a failed read ends the stream with an error entry. It stops
// early once done is closed.
func readCalls(r io.Reader, path string, max int64, recent int, out chan<- lineCall, done <-chan struct{}) {
	defer close(out)
	br := bufio.NewReaderSize(r, 64<<10)
	var cur lineCall // the call being gathered
	curID := ""      // the call_id of its lines, "" while none had one
	loose := false   // it holds a line without call_id
	stopped := false
	// ended remembers the calls already sent, by call_id, with their first lines: a line
	// going back to one is an error, as in a file (whose calls are at most recent, so
	// that many calls are remembered). refused is the call_id of such a line: the lines
	// after it of the same call are part of its error.
	ended := newRecentIDs(recent)
	refused := ""
	send := func(lc lineCall) {
		select {
		case out <- lc:
		case <-done:
			stopped = true
		}
	}
	// broken holds unparsable lines met inside a call with a call_id: whether they are
	// part of it is known at the next line. If it continues the call, they join it, and
	// the call is one error naming the broken line — not two halves scored as if whole.
	var broken []lineCall
	flush := func() {
		if len(cur.data) > 0 {
			send(cur)
			if curID != "" {
				ended.add(curID, cur.first)
			}
		}
		cur, curID, loose = lineCall{}, "", false
		for _, b := range broken {
			send(b)
		}
		broken = nil
	}
	fail := func(line int, msg string) {
		send(lineCall{first: line, err: &source.Error{Path: path, Line: line, Msg: msg}})
	}
	limit := sizeText(max)
	for lineNo := 1; !stopped; lineNo++ {
		line, err := readLine(br, max)
		switch {
		case err == io.EOF:
			flush()
			return
		case errors.Is(err, errLineTooLong):
			// Its end may never come (/dev/zero): the stream ends here.
			flush()
			fail(lineNo, msg.Sprintf("pipeline.line-over-see-max-size", lineNo, limit))
			return
		case errors.Is(err, errNUL):
			flush()
			fail(lineNo, msg.Sprintf("source.line-has-nul-byte-0x00", lineNo))
			return
		case err != nil:
			flush()
			fail(lineNo, msg.Sprintf("pipeline.cannot-read-line", lineNo, err))
			return
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue // blank lines hold no call
		}
		id := callID(line)
		if id != refused {
			refused = ""
		} else if id != "" {
			continue // the rest of a call refused for going back
		}
		if id != "" && curID != "" && id != curID {
			flush()
		}
		if first, ok := ended.get(id); ok && id != "" && id != curID {
			flush()
			refused = id
			send(lineCall{first: lineNo, err: transcript.NotAdjacent(path, lineNo, idText(id), first)})
			continue
		}
		if len(broken) > 0 && id == curID {
			for _, b := range broken {
				cur.data = append(cur.data, b.data...)
			}
			broken = nil
		}
		if id == "" && !loose && int64(len(line)) < max && transcript.WholeCallLine(line) {
			// A whole call without a call_id is a call of its own, as in a file: it
			// needs no neighbour, so a stream of such lines is still checked as it
			// comes. (Among turns without call_id it stays with them: a file makes
			// one call of those, wherever they are.)
			flush()
			send(lineCall{first: lineNo, data: append(line, '\n')})
			continue
		}
		if id == "" && !json.Valid(line) {
			b := lineCall{first: lineNo, data: append(line, '\n')}
			if curID != "" {
				broken = append(broken, b) // inside the call, if the next line continues it
				continue
			}
			// Not inside a call: an entry of its own, naming the line.
			flush()
			send(b)
			continue
		}
		if int64(len(cur.data)+len(line)) >= max {
			first := lineNo
			if len(cur.data) > 0 {
				first = cur.first
			}
			cur, curID, loose = lineCall{}, "", false
			fail(first, msg.Sprintf("pipeline.call-from-line-run-lines", first, limit))
			continue
		}
		if len(cur.data) == 0 {
			cur.first = lineNo
		}
		cur.data = append(append(cur.data, line...), '\n')
		if id != "" {
			curID = id
		} else {
			loose = true
		}
	}
}

// recentCalls is how many calls of a stream are remembered to refuse a line that goes
// back to one: as many as a file may hold.
func (c *Checker) recentCalls() int {
	if c.MaxCalls > 0 {
		return c.MaxCalls
	}
	return DefaultMaxCalls
}

// recentIDs remembers the last n call_ids added, with a line each.
type recentIDs struct {
	n     int
	lines map[string]int
	ring  []string // the ids in the order added, the oldest at next once full
	next  int
}

func newRecentIDs(n int) *recentIDs { return &recentIDs{n: max(n, 1), lines: map[string]int{}} }

func (r *recentIDs) add(id string, line int) {
	if _, ok := r.lines[id]; ok {
		return
	}
	if len(r.ring) < r.n {
		r.ring = append(r.ring, id)
	} else {
		delete(r.lines, r.ring[r.next])
		r.ring[r.next] = id
		r.next = (r.next + 1) % r.n
	}
	r.lines[id] = line
}

func (r *recentIDs) get(id string) (int, bool) {
	line, ok := r.lines[id]
	return line, ok
}

// idText is a call_id as callID gives it (as written) made text: a JSON string decoded.
func idText(id string) string {
	var s string
	if json.Unmarshal([]byte(id), &s) == nil {
		return s
	}
	return id
}

var (
	errLineTooLong = errors.New("line too long")
	errNUL         = errors.New("NUL byte")
)

// sizeText writes a size limit as --max-size gives it, in MB, or else in bytes.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d 字节 bytes", n)
}

// readLine returns the next line without its end. A line over max bytes is
// errLineTooLong and a line with a NUL byte errNUL, as soon as the bytes read show it:
// the rest of the line is not read.
func readLine(br *bufio.Reader, max int64) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		if bytes.IndexByte(frag, 0) >= 0 {
			return nil, errNUL
		}
		if int64(len(line)+len(frag)) > max+1 {
			return nil, errLineTooLong
		}
		line = append(line, frag...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(line) > 0:
			// The last line, without a line end.
		case err != nil:
			return nil, err
		}
		return bytes.TrimRight(line, "\r\n"), nil
	}
}

// callID returns the value of the first "call_id" key in a JSON line, as written ("" when
// there is none): enough to tell where one call's lines end, without decoding the line.
func callID(line []byte) string {
	i := bytes.Index(line, []byte(`"call_id"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(line[i+len(`"call_id"`):], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t")
	if len(rest) > 0 && rest[0] == '"' {
		for j := 1; j < len(rest); j++ {
			switch rest[j] {
			case '\\':
				j++
			case '"':
				return string(rest[:j+1])
			}
		}
		return ""
	}
	end := bytes.IndexAny(rest, ",}] \t")
	if end < 0 {
		end = len(rest)
	}
	return string(rest[:end])
}
