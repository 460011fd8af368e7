// Command gencorpus writes a deterministic corpus of call transcripts for benchmarks: calls
// stitched from the utterances of the sample calls (testdata/calls, testdata/procedure),
// some with 禁语, in the plain-text format, and the list of literal forbidden phrases for
// grep -F. With -asr the utterances come from the labelled evaluation set instead
// (testdata/eval: homophones, fillers, lost punctuation, Traditional text, splits), so
// every call reads like raw speech recognition: the batch where tolerant matching works
// hardest.
//
//	go run ./testdata/bench/gencorpus -n 20000 -out /tmp/corpus
//	go run ./testdata/bench/gencorpus -n 20000 -asr -out /tmp/corpus-asr
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/cmd/eval"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

func main() {
	n := flag.Int("n", 20000, "number of calls")
	out := flag.String("out", "corpus", "output directory")
	seed := flag.Int64("seed", 1, "random seed")
	asr := flag.Bool("asr", false, "take the utterances from the ASR evaluation set (testdata/eval)")
	flag.Parse()
	pools := utterances
	if *asr {
		pools = asrUtterances
	}
	if err := run(*n, *out, *seed, pools); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n int, out string, seed int64, pools func() (agent, customer []string, err error)) error {
	agent, customer, err := pools()
	if err != nil {
		return err
	}
	forbidden, err := forbiddenPhrases()
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewSource(seed))
	total := 0
	for i := 0; i < n; i++ {
		dir := filepath.Join(out, fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# call_id: B%06d\n# agent_id: %d\n", i, 1000+rnd.Intn(50))
		turns := 16 + rnd.Intn(16)
		t := 1
		for k := 0; k < turns; k++ {
			label, pool := "客户", customer
			if k%2 == 0 {
				label, pool = "坐席", agent
			}
			text := pool[rnd.Intn(len(pool))]
			if k == 0 {
				text = "您好，快通客服，我是" + fmt.Sprint(1000+rnd.Intn(50)) + "号，请问有什么可以帮到您？"
			} else if k == turns-1 && label == "坐席" {
				text = "谢谢您的电话，欢迎您随时来电，再见！"
			} else if label == "坐席" && rnd.Intn(20) == 0 {
				text = forbidden[rnd.Intn(len(forbidden))] + "。" + text
			}
			fmt.Fprintf(&b, "[%02d:%02d:%02d] %s：%s\n", t/3600, t/60%60, t%60, label, text)
			t += 2 + rnd.Intn(8)
		}
		total += b.Len()
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("call-%06d.txt", i)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(out, "..", filepath.Base(out)+".phrases"), []byte(strings.Join(forbidden, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Printf("%d calls, %.1f MB in %s; %d forbidden phrases in %s.phrases\n", n, float64(total)/(1<<20), out, len(forbidden), out)
	return nil
}

// utterances collects the agent's and the customer's lines of the sample calls.
func utterances() (agent, customer []string, err error) {
	paths, _ := filepath.Glob("testdata/calls/*.txt")
	more, _ := filepath.Glob("testdata/procedure/*.txt")
	paths = append(paths, more...)
	seen := map[string]bool{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, "] "); i >= 0 {
				line = line[i+2:]
			}
			role, text, ok := strings.Cut(line, "：")
			if !ok || seen[text] || strings.ContainsAny(text, "：:") {
				continue
			}
			seen[text] = true
			switch role {
			case "坐席":
				agent = append(agent, text)
			case "客户":
				customer = append(customer, text)
			}
		}
		f.Close()
	}
	if len(agent) == 0 || len(customer) == 0 {
		return nil, nil, fmt.Errorf("no sample utterances found; run from the repository root")
	}
	return agent, customer, nil
}

// asrUtterances takes the single utterances of the evaluation set, said by the agent or
// the customer as labelled (the agent unless the item says otherwise).
func asrUtterances() (agent, customer []string, err error) {
	items, err := eval.LoadItems("testdata/eval")
	if err != nil {
		return nil, nil, fmt.Errorf("%v; run from the repository root", err)
	}
	for _, it := range items {
		if it.Text == "" {
			continue
		}
		if it.Role == "customer" {
			customer = append(customer, it.Text)
		} else {
			agent = append(agent, it.Text)
		}
	}
	if len(agent) == 0 || len(customer) == 0 {
		return nil, nil, fmt.Errorf("no utterances for both roles in testdata/eval")
	}
	return agent, customer, nil
}

// forbiddenPhrases lists the literal forms of the default rulebook's forbidden phrases.
func forbiddenPhrases() ([]string, error) {
	rb, err := rulebook.Load(nil, nil)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	var walk func([]rule.Rule)
	walk = func(rs []rule.Rule) {
		for _, r := range rs {
			switch r := r.(type) {
			case *rule.Forbidden:
				for _, p := range r.Phrases {
					for _, lit := range p.Literals() {
						set[lit] = true
					}
				}
			case *rule.Condition:
				walk(r.Rules)
			}
		}
	}
	walk(rb.Rules)
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}
