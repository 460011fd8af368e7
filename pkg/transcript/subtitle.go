package transcript

import (
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// ParseSubtitles reads an SRT or WebVTT file, as written by speech-recognition services.
//
//	1                                      SRT: a cue number (optional), the times, the text
//	00:00:01,000 --> 00:00:04,000
//	坐席：您好，请问有什么可以帮到您？
//
//	WEBVTT                                 WebVTT: a header, then cues with optional ids;
//	                                       NOTE, STYLE and REGION blocks are skipped
//	c1
//	00:01.000 --> 00:04.000 align:start
//	<v 坐席>您好，请问有什么可以帮到您？</v>
//
// The speaker of a cue comes from a voice tag (<v 坐席>, <v.loud Speaker 1>) or a label
// before the text: "坐席：", "A:", "[坐席]", "坐席(1024)：". Labels are mapped with opts.Roles;
// any other voice tag is a speaker id, and ResolveSpeakers gives those their roles. An
// unknown label before a colon ("Speaker 1:", "[SPEAKER_00]:") is a speaker id only when it
// starts at least two cue lines or is in opts.Speakers, so that speech containing a colon
// ("请记录：电话是123") is not mistaken for a speaker. Every cue line with a speaker starts an
// utterance with the cue's start and end; a cue line without one continues the utterance
// before it (within the cue or from an earlier cue, whose end it then extends). The first cue
// must have a speaker.
//
// Other tags (<b>, <i>, <c.x>, <00:00:02.000>, <font>) and {\an8}-style overrides are
// removed, and in WebVTT character references (&amp;) decoded. The lines of an utterance
// are joined with joinText. Line is the line of the text, not of the cue's times. A WebVTT
// header line "Key: value" goes to Metadata under the lower-cased key (HLS's
// "X-TIMESTAMP-MAP=..." does not). A file that starts with WEBVTT is read as WebVTT whatever
// format says. All errors are *ParseError.
func ParseSubtitles(path, text string, format Format, opts Options) (*Call, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	call := &Call{Path: path, Metadata: map[string]string{}}
	roles := opts.roles()

	// First pass: unknown labels count as speakers only when they start two or more
	// lines.
	counts := map[string]int{}
	vtt := false
	err := walkCues(path, text, format, call.Metadata, func(c cue, isVTT bool) bool {
		vtt = isVTT
		for li := range c.text {
			cl := &c.text[li]
			cl.voice, cl.clean = splitVoice(cl.raw, vtt)
			if cl.voice != "" {
				continue
			}
			if label, _, ok := cueLabel(cl.clean, roles); ok {
				if _, _, known := lookupLabel(roles, label); !known {
					counts[label]++
				}
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}

	// tail collects the continuation lines of the last utterance (see joiner).
	var tail joiner
	flushTail := func() {
		if n := len(call.Utterances); n > 0 && tail.b.Len() > 0 {
			call.Utterances[n-1].Text = joinText(call.Utterances[n-1].Text, tail.String())
			tail.reset()
		}
	}
	// Second pass: the utterances, ending at the first one over the limit.
	var failed *ParseError
	err = walkCues(path, text, format, nil, func(c cue, vtt bool) bool {
		for _, cl := range c.text {
			cl.voice, cl.clean = splitVoice(cl.raw, vtt)
			label, body, hasLabel := cl.voice, cl.clean, cl.voice != ""
			if !hasLabel {
				if l, b, ok := cueLabel(cl.clean, roles); ok {
					_, _, known := lookupLabel(roles, l)
					_, mapped := opts.Speakers[l]
					if known || mapped || counts[l] >= 2 {
						label, body, hasLabel = l, b, true
					}
				}
			}
			body = strings.TrimSpace(body)
			n := len(call.Utterances)
			if !hasLabel {
				if body == "" {
					continue
				}
				if n == 0 {
					failed = &ParseError{Path: path, Line: cl.line,
						Msg: msg.Sprintf("transcript.first-cue-has-no-speaker")}
					return false
				}
				prev := &call.Utterances[n-1]
				tail.add(body)
				if c.end > prev.End {
					prev.End = c.end
				}
				continue
			}
			role, id, known := lookupLabel(roles, label)
			if !known {
				role = Unknown
			}
			if role == Agent && id != "" {
				if _, ok := call.Metadata["agent_id"]; !ok {
					call.Metadata["agent_id"] = id
				}
			}
			if opts.MaxTurns > 0 && n == opts.MaxTurns {
				failed = TooManyTurns(path, cl.line, opts.MaxTurns)
				return false
			}
			flushTail()
			call.Utterances = append(call.Utterances, Utterance{
				Turn: n + 1, Line: cl.line, Role: role, Label: label,
				Start: c.start, End: c.end, HasStart: true, HasEnd: true,
				Text: body,
			})
		}
		return true
	})
	if err == nil {
		err = failed
	}
	if err != nil {
		return nil, err
	}
	flushTail()
	if len(call.Utterances) == 0 {
		return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.no-utterances-file")}
	}
	for _, u := range call.Utterances {
		if u.Role == Unknown {
			ResolveSpeakers(call, opts)
			break
		}
	}
	return call, nil
}

// walkCues hands each cue of a subtitle file to each, in order, until it returns false;
// metadata, when not nil, gets the WebVTT header's "Key: value" lines. The lines are
// walked as they are split, a block of cue lines at a time, and no cue is held: sixty
// million blank lines held as a slice took a gigabyte for their string headers alone,
// and a million and a half cues another. The error is the first problem met.
func walkCues(path, text string, format Format, metadata map[string]string, each func(c cue, vtt bool) bool) *ParseError {
	const (
		opening = iota // before the first line with text
		header         // in a WebVTT header block
		cueing
	)
	state, vtt := opening, false
	var block []string
	blockStart, lineNo := 0, 0
	var failed *ParseError
	stopped := false // each asked for no more cues
	endBlock := func() {
		if len(block) == 0 || failed != nil || stopped {
			block = block[:0]
			return
		}
		if !(vtt && isVTTSkipBlock(block[0])) {
			c, err := parseCue(block, blockStart, vtt)
			switch {
			case err != nil:
				failed = &ParseError{Path: path, Line: err.line, Msg: err.msg}
			case !each(c, vtt):
				stopped = true
			}
		}
		block = block[:0]
	}
	for raw := range strings.SplitSeq(text, "\n") {
		lineNo++
		if failed != nil || stopped {
			break
		}
		l := strings.TrimRight(raw, "\r")
		blank := strings.TrimSpace(l) == ""
		switch state {
		case opening:
			if blank {
				continue
			}
			vtt = isWebVTTHeader(l)
			if format == VTT && !vtt {
				return &ParseError{Path: path, Line: lineNo, Msg: msg.Sprintf("transcript.webvtt-file-must-start-with")}
			}
			if vtt {
				// The header block: WEBVTT, then optional "Key: value" lines up to a blank line.
				state = header
				continue
			}
			state = cueing
		case header:
			if blank {
				state = cueing
				continue
			}
			if strings.Contains(l, "-->") {
				return &ParseError{Path: path, Line: lineNo, Msg: msg.Sprintf("transcript.blank-line-must-follow-webvtt")}
			}
			if k, v, ok := splitLabel(l); ok && k != "" && !strings.ContainsAny(k, "= \t") {
				if metadata != nil {
					metadata[strings.ToLower(k)] = v
				}
			}
			continue
		}
		if blank {
			endBlock()
			continue
		}
		if len(block) == 0 {
			blockStart = lineNo
		}
		block = append(block, l)
	}
	endBlock()
	if failed != nil {
		return failed
	}
	if state == opening && format == VTT {
		return &ParseError{Path: path, Msg: msg.Sprintf("transcript.webvtt-file-must-start-with")}
	}
	return nil

}

// cue is one subtitle cue.
type cue struct {
	start, end time.Duration
	text       []cueLine
}

// cueLine is a line of cue text; voice and clean are filled in by splitVoice.
type cueLine struct {
	line  int
	raw   string
	voice string // the speaker of a <v ...> tag
	clean string // the text without tags
}

type cueError struct {
	line int
	msg  string
}

func isWebVTTHeader(l string) bool {
	return l == "WEBVTT" || strings.HasPrefix(l, "WEBVTT ") || strings.HasPrefix(l, "WEBVTT\t")
}

// isVTTSkipBlock reports whether a WebVTT block is a comment, style or region definition.
func isVTTSkipBlock(first string) bool {
	for _, kw := range []string{"NOTE", "STYLE", "REGION"} {
		if first == kw || strings.HasPrefix(first, kw+" ") || strings.HasPrefix(first, kw+"\t") {
			return true
		}
	}
	return false
}

// parseCue reads a block: an optional id (the SRT number), the timing line, the text.
func parseCue(block []string, firstLine int, vtt bool) (cue, *cueError) {
	k := 0
	if !strings.Contains(block[0], "-->") {
		k = 1
	}
	if k >= len(block) || !strings.Contains(block[k], "-->") {
		return cue{}, &cueError{firstLine, msg.Sprintf("transcript.cue-has-no-timing-line")}
	}
	timing := block[k]
	lineNo := firstLine + k
	bad := &cueError{lineNo, msg.Sprintf("transcript.malformed-cue-timing", excerpt(strings.TrimSpace(timing)))}
	left, right, _ := strings.Cut(timing, "-->")
	rightFields := strings.Fields(right)
	if strings.TrimSpace(left) == "" || len(rightFields) == 0 {
		return cue{}, bad
	}
	start, err := ParseTime(left)
	if err != nil {
		return cue{}, bad
	}
	end, err := ParseTime(rightFields[0])
	if err != nil {
		return cue{}, bad
	}
	if end < start {
		return cue{}, &cueError{lineNo, msg.Sprintf("transcript.cue-ends-before-it-starts", excerpt(strings.TrimSpace(timing)))}
	}
	c := cue{start: start, end: end}
	for j, l := range block[k+1:] {
		c.text = append(c.text, cueLine{line: lineNo + 1 + j, raw: l})
	}
	return c, nil
}

var (
	voiceTag    = regexp.MustCompile(`^\s*<v(?:\.[^\s>]*)?[ \t]+([^>]*)>`)
	markupTag   = regexp.MustCompile(`</?[A-Za-z0-9][^<>]*>`)
	assOverride = regexp.MustCompile(`\{\\[^{}]*\}`)
)

// splitVoice takes the speaker from a leading <v ...> tag and strips all markup.
func splitVoice(raw string, vtt bool) (voice, clean string) {
	if m := voiceTag.FindStringSubmatchIndex(raw); m != nil {
		voice = strings.TrimSpace(raw[m[2]:m[3]])
		raw = raw[m[1]:]
	}
	clean = assOverride.ReplaceAllString(markupTag.ReplaceAllString(raw, ""), "")
	if vtt {
		clean = html.UnescapeString(clean)
	}
	return voice, strings.TrimSpace(clean)
}

// cueLabel finds a candidate speaker label at the start of a cue line: "坐席：text",
// "[坐席] text", "[SPEAKER_00]: text".
func cueLabel(s string, roles RoleMap) (label, text string, ok bool) {
	if content, rest, isBracket := cutBracket(s); isBracket {
		content = strings.TrimSpace(content)
		if _, _, known := lookupLabel(roles, content); known || looksLikeSpeakerID(content) {
			rest = strings.TrimSpace(rest)
			if i, size := indexColon(rest); i == 0 {
				rest = rest[size:]
			}
			return content, strings.TrimSpace(rest), true
		}
	}
	label, text, ok = splitSpeakerLabel(s, roles)
	if !ok || !looksLikeLabel(label) {
		return "", "", false
	}
	return strings.Trim(label, "[]【】"), text, true
}

// looksLikeSpeakerID accepts bracketed ids such as SPEAKER_00, spk1 or 说话人1 without a
// colon after them: they must end in a digit, so "[笑声]" stays text.
func looksLikeSpeakerID(s string) bool {
	if !looksLikeLabel(s) || s == "" {
		return false
	}
	last := s[len(s)-1]
	return last >= '0' && last <= '9' && !isDigits(s)
}
