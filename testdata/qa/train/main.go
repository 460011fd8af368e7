// Command train fits the shipped meaning models (rules/models) to the dev halves of the
// hand-labelled evaluation set under testdata/qa, never to a blind half:
//
//	go run ./testdata/qa/train            # writes rules/models/forbidden-phrase.bin
//	go run ./testdata/qa/train -check     # cross-validation figures only
//
// An example is an agent's utterance; it is positive when a reviewer labelled a
// forbidden-phrase (禁语, by meaning) on its line. Lines labelled with another concept
// (a rude remark filed as rude-attitude, a command) are left out: they are neither a
// 禁语 nor a clean sentence. The threshold is chosen by five-fold cross-validation (folds
// by call): the out-of-fold score that only MaxFalseRate of the clean sentences of
// ordinary calls reach.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// MaxFalseRate is the share of clean agent sentences of ordinary calls the shipped
// threshold lets through in cross-validation: one in 500.
const MaxFalseRate = 0.002

// devSets are the label files trained on and the folder their file column is relative to.
var devSets = [][2]string{
	{"labels/open", "calls"},
	{"round2/labels/dev.csv", "round2/calls"},
	{"round3/labels/dev.csv", "round3/calls"},
	{"round4/labels/dev.csv", "round4/calls"},
	{"round5/labels/dev.csv", "round5/calls"},
	{"round6/labels/dev.csv", "round6/calls"},
	{"rewordings/labels/open.csv", "rewordings/calls"},
	{"rewordings2/labels/dev.csv", "rewordings2/calls"},
	{"rewordings3/labels/dev.csv", "rewordings3/calls"},
	{"rewordings4/labels/dev.csv", "rewordings4/calls"},
}

type example struct {
	meaning.Example
	call     string // relative to the set's root: the folds do not depend on where it is
	ordinary bool   // from a whole call, not a set of 禁语 rewordings
}

func main() {
	check := flag.Bool("check", false, "print the cross-validation figures only")
	root := flag.String("root", "testdata/qa", "the evaluation set")
	out := flag.String("o", "rules/models/forbidden-phrase.bin", "the model file to write")
	flag.Parse()
	data, threshold, err := build(*root, *check)
	if err != nil {
		log.Fatal(err)
	}
	if *check {
		return
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s (%d bytes), threshold %.4f\n", *out, len(data), threshold)
}

// build loads the dev halves under root, prints the cross-validated figures, and
// returns the stored model trained on all of them (none with checkOnly).
func build(root string, checkOnly bool) ([]byte, float64, error) {
	examples, err := load(root)
	if err != nil {
		return nil, 0, err
	}
	// A fixed shuffle: SGD must not see all of one call, or all positives, in a row.
	rand.New(rand.NewSource(1)).Shuffle(len(examples), func(i, j int) { examples[i], examples[j] = examples[j], examples[i] })
	pos := 0
	for _, e := range examples {
		if e.Positive {
			pos++
		}
	}
	fmt.Printf("%d agent utterances, %d labelled 禁语\n", len(examples), pos)
	threshold := crossValidate(examples)
	if checkOnly {
		return nil, threshold, nil
	}
	m := meaning.New("forbidden-phrase")
	m.Threshold = threshold
	m.About = fmt.Sprintf("服务禁语（按意思）：%d 句坐席话语（%d 句标为禁语）训练，testdata/qa 各开发集 / 禁语 by meaning: trained on %d agent utterances (%d labelled 禁语), the dev halves of testdata/qa",
		len(examples), pos, len(examples), pos)
	m.Train(plain(examples), meaning.Defaults)
	data, err := m.MarshalBinary()
	return data, threshold, err
}

func plain(es []example) []meaning.Example {
	out := make([]meaning.Example, len(es))
	for i, e := range es {
		out[i] = e.Example
	}
	return out
}

// crossValidate prints out-of-fold figures and returns the threshold: the highest of
// those three different splits into folds give. The score one clean sentence in 500
// reaches moves with the split (a handful of sentences decide it), and a false 禁语
// costs an agent more than a missed one costs the centre.
func crossValidate(examples []example) float64 {
	threshold := 0.0
	for salt := range 3 {
		threshold = max(threshold, crossValidateOnce(examples, uint32(salt), salt == 0))
	}
	fmt.Printf("threshold %.4f (the highest of three splits)\n", threshold)
	return threshold
}

func crossValidateOnce(examples []example, salt uint32, print bool) float64 {
	const folds = 5
	scores := make([]float64, len(examples))
	for k := 0; k < folds; k++ {
		var train []meaning.Example
		for _, e := range examples {
			if fold(e.call, salt) != k {
				train = append(train, e.Example)
			}
		}
		m := meaning.New("cv")
		m.Train(train, meaning.Defaults)
		for i, e := range examples {
			if fold(e.call, salt) == k {
				scores[i] = m.Score(e.Norm)
			}
		}
	}
	var clean []float64
	for i, e := range examples {
		if !e.Positive && e.ordinary {
			clean = append(clean, scores[i])
		}
	}
	sort.Float64s(clean)
	threshold := clean[min(len(clean)-1, int(float64(len(clean))*(1-MaxFalseRate)))]
	if !print {
		return threshold
	}
	for _, part := range []string{"ordinary calls", "rewording sets"} {
		tp, fp, p := 0, 0, 0
		for i, e := range examples {
			if e.ordinary != (part == "ordinary calls") {
				continue
			}
			if e.Positive {
				p++
			}
			if scores[i] >= threshold {
				if e.Positive {
					tp++
				} else {
					fp++
				}
			}
		}
		fmt.Printf("cross-validated, %s: 禁语 %d, found %d (R %.3f), false %d (P %.3f)\n",
			part, p, tp, float64(tp)/float64(max(p, 1)), fp, float64(tp)/float64(max(tp+fp, 1)))
	}
	return threshold
}

func fold(call string, salt uint32) int {
	h := fnv.New32a()
	h.Write([]byte{byte(salt)})
	h.Write([]byte(call))
	return int(h.Sum32() % 5)
}

// load reads every dev call's agent utterances with their labels.
func load(root string) ([]example, error) {
	var out []example
	for _, set := range devSets {
		files, err := labelFiles(filepath.Join(root, set[0]))
		if err != nil {
			return nil, err
		}
		ordinary := !isRewordings(set[0])
		for _, lf := range files {
			labels, err := readLabels(lf)
			if err != nil {
				return nil, err
			}
			for _, file := range slices.Sorted(maps.Keys(labels)) {
				path := filepath.Join(root, set[1], file)
				data, err := os.ReadFile(path)
				if err != nil {
					return nil, err
				}
				call, err := transcript.ParsePlain(path, string(data), transcript.DefaultRoles())
				if err != nil {
					return nil, fmt.Errorf("%s: %v", path, err)
				}
				for _, u := range call.Utterances {
					concept, labelled := labels[file][u.Line]
					if u.Role != transcript.Agent || labelled && concept != "forbidden-phrase" {
						continue
					}
					out = append(out, example{Example: meaning.Example{Norm: normalize.String(u.Text), Positive: labelled},
						call: filepath.ToSlash(filepath.Join(set[1], file)), ordinary: ordinary})
				}
			}
		}
	}
	return out, nil
}

// isRewordings says whether a label file is one of a set of 禁语 rewordings (calls
// written to hold rewordings), not of ordinary calls.
func isRewordings(set string) bool {
	m, _ := filepath.Match("rewordings*", filepath.Dir(filepath.Dir(set)))
	return m
}

func labelFiles(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	return filepath.Glob(filepath.Join(p, "*.csv"))
}

// readLabels is file → line → concept (forbidden-phrase wins when a line has several).
func readLabels(path string) (map[string]map[int]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	out := map[string]map[int]string{}
	for _, r := range rows[1:] {
		if out[r[0]] == nil {
			out[r[0]] = map[int]string{}
		}
		line, err := strconv.Atoi(r[3])
		if err != nil || r[2] == "" {
			continue
		}
		if out[r[0]][line] != "forbidden-phrase" {
			out[r[0]][line] = r[2]
		}
	}
	return out, nil
}
