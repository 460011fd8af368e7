package transcript

import (
	"regexp"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Readers for the JSON output of speech recognition services. Field names follow the
// services' documentation; testdata/formats/json/README.md links the pages.

// aliyunKeys names the fields of an Alibaba Cloud 录音文件识别 result.
type aliyunKeys struct {
	result, sentences, text, channel, begin, end, taskID, status, statusCode string
}

var (
	// aliyunV4 is the GetTaskResult response, and the callback of service version 4.0:
	// {"TaskId", "StatusText", "StatusCode", "Result": {"Sentences": [{"ChannelId",
	// "BeginTime", "EndTime", "Text", "SilenceDuration", "SpeechRate", "EmotionValue"}]}}.
	aliyunV4 = aliyunKeys{result: "Result", sentences: "Sentences", text: "Text", channel: "ChannelId",
		begin: "BeginTime", end: "EndTime", taskID: "TaskId", status: "StatusText", statusCode: "StatusCode"}
	// aliyunLegacy is the callback of the older service version 2.0:
	// {"task_id", "status_text", "result": [{"channel_id", "begin_time", "end_time", "text"}]}.
	aliyunLegacy = aliyunKeys{sentences: "result", text: "text", channel: "channel_id",
		begin: "begin_time", end: "end_time", taskID: "task_id", status: "status_text", statusCode: "status_code"}
)

// aliyun reads an Alibaba Cloud file transcription result, or its Result object alone.
// Times are milliseconds; ChannelId (the audio track, or the speaker with auto_split) is
// the speaker id.
func (p *jsonParser) aliyun(m map[string]any, k aliyunKeys) (*draft, error) {
	const source = "阿里云录音文件识别 / Alibaba Cloud file transcription"
	src := m
	if k.result != "" {
		if r, ok := m[k.result].(map[string]any); ok {
			src = r
		}
	}
	d := &draft{meta: map[string]string{}, source: "阿里云录音文件识别", diarised: true}
	if id, ok := scalar(m[k.taskID]); ok && id != "" {
		d.meta["task_id"] = id
	}
	raw, present := src[k.sentences]
	sentences, ok := raw.([]any)
	if present && raw != nil && !ok {
		return nil, p.errorf(0, "transcript.not-array", source, k.sentences)
	}
	if len(sentences) == 0 {
		if status, _ := scalar(m[k.status]); status != "" && !strings.HasPrefix(status, "SUCCESS") {
			code, _ := scalar(m[k.statusCode])
			return nil, p.errorf(0, "transcript.task-has-not-succeeded-there",
				source, status, code)
		}
	}
	for i, e := range sentences {
		n := i + 1
		s, ok := e.(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.sentence-not-object", source, n)
		}
		text, ok := s[k.text].(string)
		if !ok && s[k.text] != nil {
			return nil, p.errorf(0, "transcript.sentence-not-string", source, n, k.text)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		where := msg.Sprintf("transcript.sentence", source, n)
		sg, err := p.asrSeg(text, s[k.channel], s[k.begin], s[k.end], time.Millisecond, where)
		if err != nil {
			return nil, err
		}
		d.segs = append(d.segs, sg)
	}
	return d, nil
}

// tencent reads a Tencent Cloud 录音文件识别 DescribeTaskStatus response, or its Data
// (TaskStatus) object. Sentences come from
// ResultDetail (FinalSentence, StartMs, EndMs in milliseconds, SpeakerId: the channel or
// the diarised speaker); when ResultDetail is empty, from the Result text
// ("[0:1.020,0:4.300,0]  text" lines, the third number being the speaker when present).
func (p *jsonParser) tencent(m map[string]any) (*draft, error) {
	const source = "腾讯云录音文件识别 / Tencent Cloud file recognition"
	data := m
	if resp, ok := m["Response"].(map[string]any); ok {
		if e, ok := resp["Error"].(map[string]any); ok {
			code, _ := scalar(e["Code"])
			msg, _ := scalar(e["Message"])
			return nil, p.errorf(0, "transcript.api-returned-error", source, code, msg)
		}
		dm, ok := resp["Data"].(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.response-data-missing", source)
		}
		data = dm
	} else if dm, ok := m["Data"].(map[string]any); ok {
		data = dm
	}

	status, _ := scalar(data["StatusStr"])
	code, _ := scalar(data["Status"])
	switch {
	case status == "failed" || code == "3":
		msg, _ := scalar(data["ErrorMsg"])
		return nil, p.errorf(0, "transcript.recognition-task-failed", source, msg)
	case status == "waiting" || status == "doing" || code == "0" || code == "1":
		return nil, p.errorf(0, "transcript.recognition-task-has-not-finished",
			source, status)
	}

	d := &draft{meta: map[string]string{}, source: "腾讯云录音文件识别", diarised: true}
	if id, ok := scalar(data["TaskId"]); ok && id != "" {
		d.meta["task_id"] = id
	}
	raw := data["ResultDetail"]
	details, ok := raw.([]any)
	if raw != nil && !ok {
		return nil, p.errorf(0, "transcript.resultdetail-not-array", source)
	}
	for i, e := range details {
		n := i + 1
		s, ok := e.(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.sentence-not-object", source, n)
		}
		text, ok := s["FinalSentence"].(string)
		if !ok && s["FinalSentence"] != nil {
			return nil, p.errorf(0, "transcript.sentence-finalsentence-not-string", source, n)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		where := msg.Sprintf("transcript.sentence", source, n)
		sg, err := p.asrSeg(text, s["SpeakerId"], s["StartMs"], s["EndMs"], time.Millisecond, where)
		if err != nil {
			return nil, err
		}
		d.segs = append(d.segs, sg)
	}
	if len(details) == 0 {
		if res, ok := data["Result"].(string); ok && strings.TrimSpace(res) != "" {
			if err := p.tencentResultText(d, res); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// tencentLine is one line of Tencent's Result text: [start,end] or [start,end,speaker],
// times as minutes:seconds.millis.
var tencentLine = regexp.MustCompile(`^\[\s*(\d+:\d+(?:\.\d+)?)\s*,\s*(\d+:\d+(?:\.\d+)?)\s*(?:,\s*(\d+)\s*)?\]\s*(.*)$`)

func (p *jsonParser) tencentResultText(d *draft, res string) error {
	line := p.loc.line(res)
	for i, l := range strings.Split(res, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		mm := tencentLine.FindStringSubmatch(l)
		if mm == nil {
			return p.errorf(line, "transcript.tencent-cloud-file-recognition-result", i+1, excerpt(l))
		}
		if strings.TrimSpace(mm[4]) == "" {
			continue
		}
		start, err1 := ParseTime(mm[1])
		end, err2 := ParseTime(mm[2])
		if err1 != nil || err2 != nil {
			return p.errorf(line, "transcript.tencent-cloud-file-recognition-invalid", i+1, excerpt(l))
		}
		s := seg{line: line, text: strings.TrimSpace(mm[4]), start: start, end: end, hasStart: true, hasEnd: true}
		if mm[3] != "" {
			s.label, s.named, s.isID = mm[3], true, true
		}
		d.segs = append(d.segs, s)
	}
	return nil
}

// funASR reads one FunASR result: {"key", "text", "timestamp", "sentence_info": [{"text",
// "start", "end", "timestamp", "spk"}]}, times in milliseconds; "spk" is there when a
// speaker model (spk_model) was used.
func (p *jsonParser) funASR(m map[string]any) (*draft, error) {
	const source = "FunASR"
	d := &draft{meta: map[string]string{}, source: source, diarised: true}
	if key, ok := scalar(m["key"]); ok && key != "" {
		d.meta["key"] = key
	}
	raw, present := m["sentence_info"]
	info, ok := raw.([]any)
	if !present || raw == nil {
		return nil, p.errorf(0, "transcript.funasr-result-has-no-sentence")
	}
	if !ok {
		return nil, p.errorf(0, "transcript.sentence-info-not-array")
	}
	for i, e := range info {
		n := i + 1
		s, ok := e.(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.sentence-not-object-2", n)
		}
		var text, locate string
		switch t := s["text"].(type) {
		case nil:
		case string:
			text, locate = t, t
		case []any:
			// Without punctuation FunASR gives the sentence as a list of tokens.
			tokens := make([]string, 0, len(t))
			for _, tok := range t {
				if ts, ok := tok.(string); ok {
					tokens = append(tokens, ts)
				}
			}
			text = joinTokens(tokens)
			if len(tokens) > 0 {
				locate = tokens[0]
			}
		default:
			return nil, p.errorf(0, "transcript.sentence-text-not-string", n)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		where := msg.Sprintf("transcript.sentence-2", n)
		sg, err := p.asrSegAt(locate, text, s["spk"], s["start"], s["end"], time.Millisecond, where)
		if err != nil {
			return nil, err
		}
		d.segs = append(d.segs, sg)
	}
	return d, nil
}

// whisper reads openai-whisper JSON output ({"text", "segments": [{"id", "seek", "start",
// "end", "text", "tokens", ...}], "language"}), times in seconds. Whisper does not tell
// speakers apart, so the speakers come from prefixes in the text; a "speaker" field on the
// segments (as WhisperX writes after diarisation) is used when present.
func (p *jsonParser) whisper(m map[string]any) (*draft, error) {
	const source = "Whisper JSON"
	d := &draft{meta: map[string]string{}, source: source}
	if lang, ok := scalar(m["language"]); ok && lang != "" {
		d.meta["language"] = lang
	}
	segments, ok := m["segments"].([]any)
	if !ok {
		return nil, p.errorf(0, "transcript.segments-not-array")
	}
	for i, e := range segments {
		n := i + 1
		s, ok := e.(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.segment-not-object", n)
		}
		text, ok := s["text"].(string)
		if !ok && s["text"] != nil {
			return nil, p.errorf(0, "transcript.segment-text-not-string", n)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		where := msg.Sprintf("transcript.segment", n)
		sg, err := p.asrSeg(text, s["speaker"], s["start"], s["end"], time.Second, where)
		if err != nil {
			return nil, err
		}
		if sg.named {
			d.diarised = true
		}
		d.segs = append(d.segs, sg)
	}
	return d, nil
}

// asrSeg builds a segment from a recognised sentence located by its text.
func (p *jsonParser) asrSeg(text string, speaker, start, end any, unit time.Duration, where string) (seg, error) {
	return p.asrSegAt(text, text, speaker, start, end, unit, where)
}

// asrSegAt builds a segment; locate is the string value to find the line by. The speaker
// or channel id, when present, is the label.
func (p *jsonParser) asrSegAt(locate, text string, speaker, start, end any, unit time.Duration, where string) (seg, error) {
	s := seg{text: strings.TrimSpace(text)}
	if locate != "" {
		s.line = p.loc.line(locate)
	}
	id, ok, err := p.speakerID(speaker, s.line, where)
	if err != nil {
		return s, err
	}
	if ok {
		s.label, s.named, s.isID = id, true, true
	}
	if s.start, s.hasStart, err = p.offset(start, unit, false, s.line, where, "start"); err != nil {
		return s, err
	}
	if s.end, s.hasEnd, err = p.offset(end, unit, false, s.line, where, "end"); err != nil {
		return s, err
	}
	return s, nil
}
