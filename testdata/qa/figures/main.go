// Command figures pools zhijian calibrate over the parts of the evaluation set under
// testdata/qa: the dev halves (tuned on) or the blind halves (never tuned on), each part
// checked with its own labels, the verdicts, findings and concepts summed.
//
//	go run ./testdata/qa/figures                # dev halves
//	go run ./testdata/qa/figures -blind         # blind halves
//	go run ./testdata/qa/figures -blind -concept forbidden-phrase
//	go run ./testdata/qa/figures -rewordings    # the 禁语 rewording sets' blind halves
//	go run ./testdata/qa/figures -list dis.tsv  # and every disagreement of the dev halves one
//	                                            # may tune on (not the held-out rounds), a line each
//	go run ./testdata/qa/figures -blind -bin /tmp/zhijian-before   # the same parts, another build
//
// It runs the zhijian built from this checkout (go build), or -bin, with --no-config: a
// build from before a change measured on today's rounds is the "before" of its figures.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// part is a label file (or folder) and the calls it labels, under testdata/qa.
type part struct{ name, labels, calls string }

// rounds are the batches with a dev and a blind half (round10 has only a blind one).
var rounds = []string{"round2", "round3", "round4", "round5", "round6", "round7", "round8", "round9", "round10", "round11", "round12", "round13", "round15", "round16", "round17", "round18", "round19", "round20", "round21", "round22", "round23", "round24", "round25", "round26", "round27", "round28", "round29", "round30", "round31", "round32", "round33", "round34", "round35", "round36", "round37", "round38", "round39", "round40", "round41", "round42", "round43", "round44", "round45", "round46", "round47", "round48", "round49", "round50", "round51", "round52", "round53", "round54", "round55", "round56", "round57", "round58", "round59", "round60", "round61", "round62", "round63", "round64", "round65", "round66", "round67", "round68", "round69", "round70", "round71", "round72", "round73", "round74", "round75", "round76", "round77", "round78", "round79", "round80", "round81", "round82", "round83", "round84", "round85", "round86", "round87", "round88", "round89", "round90", "round91", "round92", "round93", "round94", "round95", "round96", "round97", "round98", "round99", "round100"}

func parts(blind, rewordings bool) []part {
	if rewordings {
		return []part{
			{"rewordings", "rewordings/labels/blind.csv", "rewordings/calls/blind"},
			{"rewordings2", "rewordings2/labels/blind.csv", "rewordings2/calls/blind"},
			{"rewordings3", "rewordings3/labels/blind.csv", "rewordings3/calls/blind"},
			{"rewordings4", "rewordings4/labels/blind.csv", "rewordings4/calls/blind"},
			{"rewordings5", "rewordings5/labels/blind.csv", "rewordings5/calls/blind"},
			{"rewordings6", "rewordings6/labels/blind.csv", "rewordings6/calls/blind"},
			{"rewordings7", "rewordings7/labels/blind.csv", "rewordings7/calls/blind"},
			{"rewordings8", "rewordings8/labels/blind.csv", "rewordings8/calls/blind"},
			{"rewordings9", "rewordings9/labels/blind.csv", "rewordings9/calls/blind"},
			{"rewordings10", "rewordings10/labels/blind.csv", "rewordings10/calls/blind"},
			{"rewordings11", "rewordings11/labels/blind.csv", "rewordings11/calls/blind"},
		}
	}
	half, industries := "dev", "open"
	if blind {
		half, industries = "blind", "blind"
	}
	out := []part{{"industries", "labels/" + industries, "calls/" + industries}}
	for _, r := range rounds {
		out = append(out, part{r, r + "/labels/" + half + ".csv", r + "/calls/" + half})
	}
	return out
}

// heldOut are the rounds kept whole as a test: their dev halves are measured, never
// listed for tuning. Rounds 70 and 71, written at the end of a session and measured
// whole then, gave their dev halves to tuning in the next; their blind halves stay blind.
var heldOut = map[string]bool{"round37": true, "round38": true, "round43": true, "round54": true, "round59": true, "round60": true, "round63": true, "round68": true, "round75": true, "round77": true, "round80": true, "round81": true, "round86": true, "round87": true, "round88": true, "round89": true, "round92": true, "round93": true, "round96": true, "round100": true}

// disagreement is one entry of calibrate's disagreements, as -list writes it.
type disagreement struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Type    string `json:"type"`
	Concept string `json:"concept"`
	Role    string `json:"role"`
	Text    string `json:"text"`
	Rule    string `json:"rule"`
}

// figures is the part of calibrate's JSON read here.
type figures struct {
	Calls   int `json:"calls"`
	Verdict struct {
		Pass toolVerdicts `json:"labelled_pass"`
		Fail toolVerdicts `json:"labelled_fail"`
	} `json:"verdict"`
	Overall       counts         `json:"overall"`
	Disagreements []disagreement `json:"disagreements"`
	Concepts      []struct {
		Concept string `json:"concept"`
		counts
	} `json:"concepts"`
}

type toolVerdicts struct {
	ToolPass int `json:"tool_pass"`
	ToolFail int `json:"tool_fail"`
}

type counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

func (c *counts) add(d counts) { c.TP, c.FP, c.FN = c.TP+d.TP, c.FP+d.FP, c.FN+d.FN }

func (c counts) String() string {
	p, r := ratio(c.TP, c.TP+c.FP), ratio(c.TP, c.TP+c.FN)
	return fmt.Sprintf("P %.3f  R %.3f  (TP %d FP %d FN %d)", p, r, c.TP, c.FP, c.FN)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func main() {
	blind := flag.Bool("blind", false, "the blind halves (never tuned on) instead of the dev halves")
	rewordings := flag.Bool("rewordings", false, "the 禁语 rewording sets' blind halves, for forbidden-phrase")
	concept := flag.String("concept", "", "compare only this concept")
	root := flag.String("root", "testdata/qa", "the evaluation set")
	list := flag.String("list", "", "write every disagreement of the dev halves one may tune on to this file (TSV)")
	prebuilt := flag.String("bin", "", "run this zhijian binary instead of building the checkout's")
	flag.Parse()
	if *list != "" && (*blind || *rewordings) {
		log.Fatal("-list is for the dev halves: the blind halves are for measuring only")
	}
	var listed []string
	// A directory of its own: two checkouts measured at once must not run each other's build.
	dir, err := os.MkdirTemp("", "zhijian-figures-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "zhijian")
	if *prebuilt != "" {
		bin = *prebuilt
	} else if out, err := exec.Command("go", "build", "-o", bin, "./cmd/zhijian").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}
	if *rewordings && *concept == "" {
		*concept = "forbidden-phrase"
	}
	var total counts
	byConcept := map[string]*counts{}
	calls, agree := 0, 0
	var verdicts [2][2]int // [labelled fail][tool fail]
	for _, p := range parts(*blind, *rewordings) {
		if _, err := os.Stat(filepath.Join(*root, p.labels)); os.IsNotExist(err) {
			continue // a batch without this half
		}
		args := []string{"calibrate", "--no-config", "-f", "json"}
		if *concept != "" {
			args = append(args, "--concept", *concept)
		}
		args = append(args, filepath.Join(*root, p.labels), filepath.Join(*root, p.calls))
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			log.Fatalf("%s: zhijian %v: %v", p.name, args, err)
		}
		var f figures
		if err := json.Unmarshal(out, &f); err != nil {
			log.Fatalf("%s: %v", p.name, err)
		}
		if *list != "" && !heldOut[p.name] {
			for _, d := range f.Disagreements {
				listed = append(listed, fmt.Sprintf("%s\t%s\t%s:%d\t%s\t%s\t%s", d.Type, d.Concept, d.File, d.Line, d.Role, d.Text, d.Rule))
			}
		}
		a := f.Verdict.Pass.ToolPass + f.Verdict.Fail.ToolFail
		calls, agree = calls+f.Calls, agree+a
		verdicts[0][0] += f.Verdict.Pass.ToolPass
		verdicts[0][1] += f.Verdict.Pass.ToolFail
		verdicts[1][0] += f.Verdict.Fail.ToolPass
		verdicts[1][1] += f.Verdict.Fail.ToolFail
		total.add(f.Overall)
		for _, c := range f.Concepts {
			if byConcept[c.Concept] == nil {
				byConcept[c.Concept] = &counts{}
			}
			byConcept[c.Concept].add(c.counts)
		}
		fmt.Printf("%-12s verdicts %3d/%-3d  %v\n", p.name, a, f.Calls, f.Overall)
	}
	fmt.Printf("%-12s verdicts %3d/%-3d  %v\n", "all", agree, calls, total)
	// Which way the verdicts disagree: a good call failed is an agent's appeal, a failing
	// call passed is a lapse that went through.
	fmt.Printf("%-12s labelled pass: tool pass %d, fail %d; labelled fail: tool pass %d, fail %d\n\n", "",
		verdicts[0][0], verdicts[0][1], verdicts[1][0], verdicts[1][1])
	names := make([]string, 0, len(byConcept))
	for n := range byConcept {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := byConcept[names[i]], byConcept[names[j]]
		if a.FP+a.FN != b.FP+b.FN {
			return a.FP+a.FN > b.FP+b.FN
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		fmt.Printf("  %-30s %v\n", n, *byConcept[n])
	}
	if *list != "" {
		sort.Strings(listed)
		if err := os.WriteFile(*list, []byte(strings.Join(listed, "\n")+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
