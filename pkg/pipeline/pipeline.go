// Package pipeline runs the stages over a batch: read & decode → parse → normalise →
// segment → match → evaluate → score, and hands results to the report stage in input
// order, whatever order the workers finish in.
package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/baseline"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/score"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Checker checks transcripts against one compiled rulebook.
type Checker struct {
	Rulebook *rulebook.Rulebook
	// MaxSize is the largest file read, in bytes; 0 means source.DefaultMaxSize.
	MaxSize int64
	// Sizing, when set, is told the size in bytes of each input (or call of a stream)
	// before it is checked, by the worker that checks it: check raises the collector's
	// soft limit for a large one.
	Sizing func(size int64)
	// Workers is how many files are checked at once; 0 means one per CPU.
	Workers int
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Encoding forces a text encoding ("gbk", "big5", ...); "" detects it per file.
	Encoding string
	// Format forces an input format; Auto detects it per file.
	Format transcript.Format
	// Speakers maps ASR channel or speaker ids to roles.
	Speakers map[string]transcript.Role
	// Columns maps CSV fields to header names.
	Columns map[string]string

	// Adoption (suppress.go). Disabled names the rules switched off for a file (the
	// per-path overrides of .zhijian.yaml); Baseline sets aside the findings it knows;
	// FailLevel fails a call with a finding of that severity or worse, whatever its score.
	Disabled  func(path string) map[string]bool
	Baseline  *baseline.Baseline
	FailLevel rule.Severity
	idsOnce   sync.Once
	ids       map[string]bool
	// Debug adds the stack to the error of a file whose check panicked.
	Debug bool
	// NearMiss reports, for each missing required phrase, where it almost matched.
	NearMiss bool
	// KeepPII (--no-mask) leaves phone, ID-card and bank-card numbers whole in what the
	// reports show, as a rulebook's mask_pii: false does; by default they are masked.
	KeepPII bool
	// MaxTurns and MaxUtteranceLength bound one call; 0 means the defaults.
	MaxTurns, MaxUtteranceLength int
	// MaxCalls bounds the calls of one file; 0 means DefaultMaxCalls. (A stream on
	// standard input has no bound: its calls are checked as they come.)
	MaxCalls int
	// KeepTranscripts attaches each call's utterances to its entry (report.Call
	// Transcript), for the HTML page's drill-down: no report reads an input twice.
	KeepTranscripts bool
	// EncodeLines and EncodeEntries have Stream's workers encode each file's JSON Lines
	// and JSON report entries (report.Call.EncodeLine, EncodeEntry) before handing it on:
	// the one goroutine that writes the results, for every worker, then only writes them.
	EncodeLines, EncodeEntries bool
	// Context, when cancelled, stops a Stream at once: no new file is started, a read
	// waiting on a pipe or standard input gives up, the results not yet emitted are
	// dropped, and Stream returns ErrInterrupted — even when every file had started, so
	// a batch cut short is never reported as complete. nil never cancels.
	Context context.Context
}

// ctx is the Checker's Context, never nil.
func (c *Checker) ctx() context.Context {
	if c.Context == nil {
		return context.Background()
	}
	return c.Context
}

// ErrInterrupted is returned by Stream when its Context was cancelled before the batch
// was done.
var ErrInterrupted = msg.Errorf("pipeline.interrupted")

// Run checks every input and returns the whole report. For large batches use Stream,
// which holds only the results not yet written.
func (c *Checker) Run(inputs []source.Input, problems []*source.Error) *report.Report {
	rep := &report.Report{Rulebook: c.RulebookID()}
	rep.Summary, _ = c.Stream(inputs, problems, func(f report.Call) error {
		rep.Files = append(rep.Files, f)
		return nil
	})
	return rep
}

// RulebookID names the rulebook in reports.
func (c *Checker) RulebookID() report.Rulebook {
	return report.Rulebook{Name: c.Rulebook.Name, Version: c.Rulebook.Version}
}

// Verdicts is RulebookID with how the calls are judged passed: the pass mark, when
// every rulebook a call may be routed to has the same, and the fail level. Check's
// reports carry them, for merge to hold each call's verdict to its score.
func (c *Checker) Verdicts() report.Rulebook {
	id := c.RulebookID()
	id.FailLevel = string(c.FailLevel)
	books := c.Rulebook.Books()
	pass := books[0].PassScore
	for _, b := range books[1:] {
		if b.PassScore != pass {
			return id
		}
	}
	id.PassScore = &pass
	return id
}

// Stream checks every input on a pool of workers and calls emit with each report entry
// in input order, as soon as it and every entry before it are done, so memory stays flat
// however many files there are. Problems found while expanding the command line follow as
// errored entries. An error from emit stops the batch and is returned.
func (c *Checker) Stream(inputs []source.Input, problems []*source.Error, emit func(report.Call) error) (report.Summary, error) {
	return c.StreamInputs(slices.Values(inputs), func() []*source.Error { return problems }, emit)
}

// StreamInputs is Stream over inputs that come one at a time, as a source.Walker finds
// them: the batch starts before the list is known and never holds it. problems is asked
// once the inputs have run out.
//
// Workers take the inputs a run of several at a time (chunkSize): a transcript takes a
// fraction of a millisecond, and passing each one between goroutines on its own costs a
// wake-up of the writer, the feeder and a worker every time. A batch too small to give
// every worker several full runs is cut finer; the inputs are read that far ahead to
// tell.
func (c *Checker) StreamInputs(inputs iter.Seq[source.Input], problems func() []*source.Error, emit func(report.Call) error) (report.Summary, error) {
	pull, stop := iter.Pull(inputs)
	defer stop() // after stream: its feeder, the only caller of pull, has returned
	ahead := make([]source.Input, 0, 8*maxChunk*c.workers())
	for len(ahead) < cap(ahead) {
		in, ok := pull()
		if !ok {
			break
		}
		ahead = append(ahead, in)
	}
	size := maxChunk
	if len(ahead) < cap(ahead) {
		size = chunkSize(len(ahead), c.workers())
	}
	return c.stream(func() (work, bool) {
		var chunk []source.Input
		for len(chunk) < size {
			if len(ahead) > 0 {
				chunk, ahead = append(chunk, ahead[0]), ahead[1:]
				continue
			}
			in, ok := pull()
			if !ok {
				break
			}
			chunk = append(chunk, in)
		}
		if len(chunk) == 0 {
			return nil, false
		}
		return func(cancelled func() bool) (files []report.Call) {
			for _, in := range chunk {
				if cancelled() {
					return files // no new file once cancelled
				}
				files = append(files, c.CheckInput(in)...)
			}
			return files
		}, true
	}, problems, emit)
}

// work is one run of a batch for a worker: it checks its inputs (or calls) and returns
// their report entries in order, stopping early when the batch is cancelled.
type work func(cancelled func() bool) []report.Call

func (c *Checker) workers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// stream runs the work that next hands out (next is called from one goroutine, in turn)
// on the workers, and emits the entries in the order of the work, then the problems, if
// any.
func (c *Checker) stream(next func() (work, bool), problems func() []*source.Error, emit func(report.Call) error) (report.Summary, error) {
	var tally report.Tally
	out := func(f report.Call) error {
		tally.Add(f)
		return emit(f)
	}
	ctx := c.ctx()
	done := ctx.Done()
	workers := c.workers()
	// window bounds the runs held while an earlier, slower one is still running.
	window := 4 * workers
	type job struct {
		k int
		w work
	}
	type result struct {
		k     int // the run's place in the batch
		files []report.Call
	}
	jobs := make(chan job)
	results := make(chan result, window)
	// stop tells the feeder and the workers the writer has stopped reading: emit failed
	// or the batch was cancelled. A worker still checking finishes its file and exits.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	cancelled := func() bool { return ctx.Err() != nil }
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				files := j.w(cancelled)
				// On failure the writer encodes the entry, and reports why.
				for k := range files {
					if c.EncodeLines {
						files[k].EncodeLine()
					}
					if c.EncodeEntries {
						files[k].EncodeEntry()
					}
				}
				select {
				case results <- result{j.k, files}:
				case <-stop:
					return
				}
			}
		}()
	}
	// slots caps how far the feeder may run ahead of the writer.
	slots := make(chan struct{}, window)
	go func() {
		defer close(jobs)
		for k := 0; ; k++ {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			case <-done:
				return
			}
			w, ok := next()
			if !ok {
				return
			}
			select {
			case jobs <- job{k, w}:
			case <-stop:
				return
			case <-done:
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := map[int][]report.Call{}
	due := 0 // the run to emit next
	for {
		var r result
		var ok bool
		select {
		case r, ok = <-results:
		case <-done:
			// Not waiting for the files in progress: one may be a pipe whose writer
			// stalls, or minutes of parsing. Their results are dropped.
			close(stop)
			return tally.Summary(), ErrInterrupted
		}
		if !ok {
			break
		}
		pending[r.k] = r.files
		for files, ok := pending[due]; ok; files, ok = pending[due] {
			delete(pending, due)
			due++
			<-slots
			var err error
			for _, f := range files {
				if err == nil {
					err = out(f)
				}
			}
			if err != nil {
				close(stop)
				return tally.Summary(), err
			}
		}
	}
	// A cancellation that came while the last files were checked still cuts the batch:
	// some of them may have been left unread.
	if cancelled() {
		return tally.Summary(), ErrInterrupted
	}
	if problems == nil {
		return tally.Summary(), nil
	}
	for _, p := range problems() {
		if err := out(errorFile(p.Path, p)); err != nil {
			return tally.Summary(), err
		}
	}
	return tally.Summary(), nil
}

// chunkSize is how many inputs a worker takes at once: up to 16, fewer when the batch is
// small, so every worker still gets several runs to do.
func chunkSize(inputs, workers int) int {
	return max(1, min(maxChunk, inputs/(8*workers)))
}

// CheckInput reads, parses and checks one input, a report entry per call in it. A panic
// while checking becomes that file's error: one bad file must not cost the batch.
func (c *Checker) CheckInput(in source.Input) (files []report.Call) {
	defer c.recoverInto(in.Path, &files)
	max := c.MaxSize
	if max <= 0 {
		max = source.DefaultMaxSize
	}
	text, err := source.Read(in, c.Stdin, source.ReadOptions{MaxSize: max, Encoding: c.Encoding, Context: c.Context})
	if err != nil {
		return []report.Call{errorFile(in.Path, err)}
	}
	if c.Sizing != nil {
		c.Sizing(int64(len(text)))
	}
	return c.checkText(in.Path, text, c.Format, 1)
}

// recoverInto makes a panic while checking the input path its one entry, in *files.
func (c *Checker) recoverInto(path string, files *[]report.Call) {
	if r := recover(); r != nil {
		err := msg.Errorf("pipeline.internal-error-please-report-it", r)
		if c.Debug {
			err = fmt.Errorf("%w\n%s", err, debug.Stack())
		}
		*files = []report.Call{errorFile(path, err)}
	}
}

// checkText parses and checks the calls of decoded text from path, whose first line is
// line firstLine of the input.
func (c *Checker) checkText(path, text string, format transcript.Format, firstLine int) (files []report.Call) {
	maxTurns, maxLen := c.limits()
	calls, err := transcript.Parse(path, text, format, transcript.Options{
		Roles: c.Rulebook.Roles, Speakers: c.Speakers, Columns: c.Columns, FirstLine: firstLine,
		MaxTurns: maxTurns, MaxUtteranceLength: maxLen, MaxCalls: c.maxCalls(path)})
	if err != nil {
		return []report.Call{errorFile(path, err)}
	}
	for _, call := range calls {
		if err := c.WithinLimits(call); err != nil {
			files = append(files, errorFile(path, err))
			continue
		}
		files = append(files, c.CheckCall(call))
	}
	if c.KeepTranscripts {
		n := firstLine - 1 + lineCount(text)
		for i := range files {
			files[i].Lines = n
		}
	}
	return files
}

// lineCount is how many lines text has, counted as reports count them (the file's own
// lines): by line feeds, or by carriage returns in a file with none; a last line end
// ends the last line and starts none.
func lineCount(text string) int {
	end := byte('\n')
	if strings.IndexByte(text, '\n') < 0 {
		end = '\r'
	}
	n := strings.Count(text, string(end))
	if text != "" && text[len(text)-1] != end {
		n++
	}
	return n
}

// Limits on one call, so a file that is not a turn-by-turn transcript (a whole recording
// in one line, millions of tiny turns) is an error instead of minutes of work and
// gigabytes of memory.
const (
	DefaultMaxTurns = 20000
	// DefaultMaxCalls bounds the calls of one file: they are held and reported together
	// (a CSV of a million one-turn calls took 9 GB).
	DefaultMaxCalls           = 20000
	DefaultMaxUtteranceLength = 10000 // characters
)

// WithinLimits is the error a call parsed elsewhere meets against the limits on one call
// (MaxTurns, MaxUtteranceLength, the metadata), nil when it has none.
func (c *Checker) WithinLimits(call *transcript.Call) error {
	maxTurns, maxLen := c.limits()
	if len(call.Metadata) > transcript.MaxMetadata {
		return transcript.TooMuchMetadata(call.Path, 0) // a JSON object's keys, a CSV header's columns
	}
	if len(call.Utterances) > maxTurns {
		return transcript.TooManyTurns(call.Path, call.Utterances[maxTurns].Line, maxTurns)
	}
	for ui := range call.Utterances {
		u := &call.Utterances[ui] // not a copy of each utterance
		if len(u.Text) > maxLen && utf8.RuneCountInString(u.Text) > maxLen {
			return transcript.UtteranceTooLong(call.Path, u.Line, maxLen)
		}
	}
	return nil
}

// maxCalls is the bound on the calls of one file, none for standard input (a JSON Lines
// stream is checked a call at a time).
func (c *Checker) maxCalls(path string) int {
	if path == source.Stdin {
		return 0
	}
	if c.MaxCalls > 0 {
		return c.MaxCalls
	}
	return DefaultMaxCalls
}

// limits are the bounds on one call, defaults filled in.
func (c *Checker) limits() (maxTurns, maxLen int) {
	maxTurns, maxLen = c.MaxTurns, c.MaxUtteranceLength
	if maxTurns <= 0 {
		maxTurns = DefaultMaxTurns
	}
	if maxLen <= 0 {
		maxLen = DefaultMaxUtteranceLength
	}
	return maxTurns, maxLen
}

// CheckCall evaluates every rule over a parsed call and scores it.
func (c *Checker) CheckCall(call *transcript.Call) report.Call {
	rb := c.Rulebook.For(call.Metadata) // an online chat is judged by the chat rulebook
	pc := rule.PrepareFor(call, rb.Matcher)
	var findings []rule.Finding
	var skipped []string
	skippedRules := map[string][]string{}
	off := c.disabled(call)
	for _, r := range rb.Rules {
		if off[r.Meta().ID] {
			continue
		}
		if s, ok := r.(rule.Skipper); ok {
			if why := s.Skip(pc); why != "" {
				if _, seen := skippedRules[why]; !seen {
					skipped = append(skipped, why)
				}
				skippedRules[why] = append(skippedRules[why], r.Meta().ID)
				continue
			}
		}
		findings = append(findings, r.Check(pc)...)
	}
	// Findings read in call order; what is missing (no utterance to point at) comes last.
	slices.SortStableFunc(findings, func(a, b rule.Finding) int {
		return cmp.Compare(turn(a), turn(b))
	})
	findings = redLinesTakeTheSentence(fallbacksYield(oncePerConcept(findings)))
	findings, aside := c.setAside(call, findings, off)
	res := score.Score(findings, rb.PassScore, rb.Card)
	f := report.Call{
		Path:       report.DisplayPath(call.Path),
		Metadata:   call.Metadata,
		Score:      &res.Score,
		Grade:      res.Grade,
		Passed:     res.Passed && !c.failsLevel(findings),
		Fatal:      res.Fatal,
		Warnings:   append(append(call.Warnings, dateWarning(call)...), c.unknownSuppressions(call)...),
		Skipped:    skippedNotes(skipped, skippedRules),
		Findings:   make([]report.Finding, 0, len(findings)),
		Suppressed: aside,
	}
	earned := map[int]bool{}
	for _, i := range res.Bonus {
		earned[i] = true
	}
	for i, fd := range findings {
		switch {
		case fd.Rule.Bonus == 0:
			f.Findings = append(f.Findings, toReport(fd, res.Deducts[i]))
		case earned[i]: // a bonus item: what earned it, not a violation
			b := toReport(fd, 0)
			f.Bonuses = append(f.Bonuses, report.Bonus{Rule: b.Rule, Message: b.Message, Points: fd.Rule.Bonus,
				Line: b.Line, Turn: b.Turn, Role: b.Role, Text: b.Text, Match: b.Match})
		}
	}
	for _, s := range res.Sections {
		f.Sections = append(f.Sections, report.SectionScore(s))
	}
	if c.KeepTranscripts {
		f.Transcript = transcriptOf(call)
	}
	for _, n := range pc.Notes {
		if off[n.Rule.ID] {
			continue
		}
		rn := toReport(n, 0)
		rn.Shown, rn.Fatal = report.ShownNote, false
		f.Notes = append(f.Notes, rn)
	}
	if c.NearMiss {
		for _, nm := range rule.NearMisses(rb.Rules, pc, rule.DefaultNearMiss) {
			rn := report.NearMiss{Rule: nm.Rule.ID, Phrase: nm.Phrase, Heard: nm.Heard, Distance: nm.Distance, Length: nm.Length}
			if nm.Utterance != nil {
				rn.Line, rn.Turn = nm.Utterance.Line, nm.Utterance.Turn
			}
			f.NearMisses = append(f.NearMisses, rn)
		}
	}
	if !c.KeepPII && !rb.KeepPII {
		f.MaskPII()
	}
	return f
}

// skippedNotes says once per reason which rules did not apply.
func skippedNotes(reasons []string, rules map[string][]string) []string {
	var out []string
	for _, why := range reasons {
		out = append(out, fmt.Sprintf("%s: %s", why, strings.Join(rules[why], ", ")))
	}
	return out
}

func turn(f rule.Finding) int {
	if f.Utterance == nil {
		return math.MaxInt
	}
	return f.Utterance.Turn
}

func toReport(fd rule.Finding, deduct float64) report.Finding {
	m := fd.Rule
	rf := report.Finding{
		Rule:     m.ID,
		Kind:     m.Kind,
		Severity: string(m.Severity),
		Message:  m.Message,
		Deduct:   deduct,
		Fatal:    m.Fatal,
		Role:     string(m.Role),
		Match:    fd.Match,
	}
	if u := fd.Utterance; u != nil {
		rf.Line, rf.Turn, rf.Role, rf.Text = u.Line, u.Turn, string(u.Role), u.Text
		if fd.Line > 0 { // on a continuation line of the utterance
			rf.Line = fd.Line
		}
		if u.HasStart {
			rf.Time = transcript.FormatTime(u.Start)
		}
	}
	// A timing finding names its own span: a silence starts before its utterance.
	if fd.HasStart {
		rf.Time = transcript.FormatTime(fd.Start)
	}
	if fd.HasEnd {
		rf.End = transcript.FormatTime(fd.End)
	}
	rf.Value, rf.Limit, rf.Unit, rf.Detail = fd.Value, fd.Limit, fd.Unit, fd.Detail
	if fd.Fuzzy != "" {
		rf.Fuzzy, rf.Phrase = fd.Fuzzy, fd.Phrase
	}
	rf.Shown = report.ShownOf(rf)
	return rf
}

func errorFile(path string, err error) report.Call {
	return report.Call{Path: report.DisplayPath(path), Metadata: map[string]string{}, Error: err.Error()}
}

// oncePerConcept keeps one finding per concept and utterance among the things said: two
// rules that check one concept (a 禁语 list and the complaint 禁语, a rhetorical question
// and a scolding) charge one sentence once, the rule that costs more. findings are in
// call order and stay so.
func oncePerConcept(findings []rule.Finding) []rule.Finding {
	type key struct {
		concept string
		u       *transcript.Utterance
	}
	kept := map[key]int{} // → index in out
	out := findings[:0:0]
	for _, f := range findings {
		if f.Utterance == nil || f.Match == "" || f.Rule.Concept == "" {
			out = append(out, f)
			continue
		}
		k := key{f.Rule.Concept, f.Utterance}
		if i, ok := kept[k]; ok {
			// A phrase rule's finding over a model's (Fallback), then the costlier.
			if out[i].Rule.Fallback != f.Rule.Fallback {
				if out[i].Rule.Fallback {
					out[i] = f
				}
				continue
			}
			if f.Rule.Deduct > out[i].Rule.Deduct || f.Rule.Fatal && !out[i].Rule.Fatal {
				out[i] = f
			}
			continue
		}
		kept[k] = len(out)
		out = append(out, f)
	}
	return out
}

// redLinesTakeTheSentence drops the lesser wording findings (a rude remark, a command:
// rules of kind forbidden or meaning that do not fail the call) on an utterance that has
// a red-line finding (a 禁语, fatal): inspectors charge one sentence once, as its gravest
// fault, and a 禁语 said as a rhetorical question (刚才不是跟你说了吗，怎么还问？) is the 禁语,
// not also 反问的口气. Across the dev halves, 8 of the 9 rude-attitude findings no writer
// made were such sentences.
func redLinesTakeTheSentence(findings []rule.Finding) []rule.Finding {
	var red map[*transcript.Utterance]bool
	for _, f := range findings {
		if f.Rule.Fatal && f.Utterance != nil && !f.Due {
			if red == nil {
				red = map[*transcript.Utterance]bool{}
			}
			red[f.Utterance] = true
		}
	}
	if red == nil {
		return findings // the usual call: no red line
	}
	out := findings[:0:0]
	for _, f := range findings {
		if red[f.Utterance] && !f.Rule.Fatal && !f.Due && (f.Rule.Kind == "forbidden" || f.Rule.Kind == "meaning") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// fallbacksYield drops a fallback finding (a model's) on an utterance some other rule
// already has a finding on: the model only adds sentences the phrase rules missed.
func fallbacksYield(findings []rule.Finding) []rule.Finding {
	if !slices.ContainsFunc(findings, func(f rule.Finding) bool { return f.Rule.Fallback }) {
		return findings // the usual call: no model finding, nothing to build
	}
	// Not a step missing from a window, pinned where it was due (the closing, at the last
	// agent turn): that says nothing about the turn, and a 禁语 in it is still a 禁语.
	said := map[*transcript.Utterance]bool{}
	for _, f := range findings {
		if f.Utterance != nil && !f.Rule.Fallback && !f.Due {
			said[f.Utterance] = true
		}
	}
	// Two models claiming one utterance for different concepts (a 禁语, a rude remark):
	// the one whose score cleared its threshold by more, except that a fatal claim made
	// with some confidence stands. Writers file a scolding that rewords no 禁语 under
	// rude-attitude, and the 禁语 model scores many such remarks just over its threshold
	// (by 0.7–1.8 in log-odds on three of four in rounds 24–26), while the lines writers
	// of earlier rounds called 禁语 cleared it by 2.9–5.3.
	keep := map[*transcript.Utterance]*rule.Finding{}
	for i := range findings {
		f := &findings[i]
		if !f.Rule.Fallback || said[f.Utterance] {
			continue
		}
		if k := keep[f.Utterance]; k == nil || outweighs(f, k) {
			keep[f.Utterance] = f
		}
	}
	out := findings[:0:0]
	for i, f := range findings {
		if f.Rule.Fallback && (said[f.Utterance] || keep[f.Utterance] != &findings[i]) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// confidentFatal is the margin (log-odds over its threshold) from which a model's fatal
// finding keeps its utterance against another model's.
const confidentFatal = 2.0

// outweighs says whether model finding f should take an utterance from k.
func outweighs(f, k *rule.Finding) bool {
	if k.Rule.Fatal && !f.Rule.Fatal && k.Margin >= confidentFatal {
		return false
	}
	if f.Rule.Fatal && !k.Rule.Fatal && f.Margin >= confidentFatal {
		return true
	}
	return f.Margin > k.Margin
}

// transcriptOf is the whole call as a report shows it.
func transcriptOf(call *transcript.Call) []report.Utterance {
	out := make([]report.Utterance, len(call.Utterances))
	for i := range call.Utterances {
		u := &call.Utterances[i] // not a copy of each utterance
		out[i] = report.Utterance{Line: u.Line, Turn: u.Turn, Role: string(u.Role), Text: u.Text}
		if u.HasStart {
			out[i].Time = transcript.FormatTime(u.Start)
		}
	}
	return out
}

// dateWarning says when the call's date metadata is no date (the call is judged by the
// rules, and routed to the rulebook, in force today) or its truncated metadata says
// nothing known (it is judged as whole): the reader must know.
func dateWarning(call *transcript.Call) []string {
	quote := func(s string) string {
		if r := []rune(s); len(r) > 40 { // a message quotes an excerpt
			s = string(r[:40]) + "…"
		}
		return report.Printable(s)
	}
	var out []string
	if d := call.Metadata["date"]; strings.TrimSpace(d) != "" {
		if _, ok := rule.ParseDate(d); !ok {
			out = append(out, msg.Sprintf("pipeline.date-not-a-date", quote(d)))
		}
	}
	// truncated: maybe judged the call as whole without a word.
	if v, unknown := rule.TruncatedUnknown(call); unknown {
		out = append(out, msg.Sprintf("pipeline.truncated-unknown", quote(v)))
	}
	return out
}
