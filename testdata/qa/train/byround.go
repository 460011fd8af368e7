package main

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
)

// byRoundFigures prints how t's model fares on wordings it never saw: each round (and
// each written set) is scored by a model trained on all the others, and the figures are
// read at several false rates, by utterance and by call (a condition such as the
// customer complaining is on for a call when one utterance reaches the threshold, or
// when two reach a lower one).
func byRoundFigures(root string, t task) error {
	if err := tryOptions(&t); err != nil {
		return err
	}
	examples, err := t.load(root)
	if err != nil {
		return err
	}
	rand.New(rand.NewSource(1)).Shuffle(len(examples), func(i, j int) { examples[i], examples[j] = examples[j], examples[i] })
	scores := outOfFold(examples, t, setFolds(examples))
	logit := func(p float64) float64 { p = min(max(p, 1e-12), 1-1e-12); return math.Log(p / (1 - p)) }
	var clean []float64
	for i, e := range examples {
		if e.ordinary && !e.Positive && !e.border {
			clean = append(clean, logit(scores[i]))
		}
	}
	sort.Float64s(clean)
	at := func(rate float64) float64 { return clean[min(len(clean)-1, int(float64(len(clean))*(1-rate)))] }

	fmt.Println("by utterance (border: negatives labelled with the neighbouring concept)")
	for _, rate := range []float64{0.001, 0.002, 0.005} {
		th := at(rate)
		var n [4][2]int // ordinary positive, ordinary false, written positive, border: [all, found]
		for i, e := range examples {
			k := 0
			switch {
			case e.border:
				k = 3
			case !e.ordinary && e.Positive:
				k = 2
			case !e.ordinary:
				continue
			case !e.Positive:
				k = 1
			}
			n[k][0]++
			n[k][1] += b2i(logit(scores[i]) >= th)
		}
		fmt.Printf("  rate %.3f (threshold %.4f): ordinary R %d/%d %.3f, false %d (P %.3f); written R %d/%d; border %d/%d\n",
			rate, 1/(1+math.Exp(-th)), n[0][1], n[0][0], float64(n[0][1])/float64(max(1, n[0][0])), n[1][1],
			float64(n[0][1])/float64(max(1, n[0][1]+n[1][1])), n[2][1], n[2][0], n[3][1], n[3][0])
	}

	type call struct {
		positive bool
		top      [2]float64 // the two highest scores, in logits
	}
	calls := map[string]*call{}
	for i, e := range examples {
		if !e.ordinary || e.border {
			continue
		}
		c := calls[e.call]
		if c == nil {
			c = &call{top: [2]float64{math.Inf(-1), math.Inf(-1)}}
			calls[e.call] = c
		}
		c.positive = c.positive || e.Positive
		switch s := logit(scores[i]); {
		case s > c.top[0]:
			c.top[1], c.top[0] = c.top[0], s
		case s > c.top[1]:
			c.top[1] = s
		}
	}
	fmt.Println("by call")
	byCall := func(name string, on func(c *call) bool) {
		var n [2][2]int
		for _, c := range calls {
			n[b2i(c.positive)][b2i(on(c))]++
		}
		fmt.Printf("  %-44s positive %d, found %d (R %.3f); negative %d, switched on %d (%.3f)\n", name,
			n[1][0]+n[1][1], n[1][1], float64(n[1][1])/float64(max(1, n[1][0]+n[1][1])),
			n[0][0]+n[0][1], n[0][1], float64(n[0][1])/float64(max(1, n[0][0]+n[0][1])))
	}
	for _, rate := range []float64{0.0005, 0.001, 0.002, 0.005} {
		th := at(rate)
		byCall(fmt.Sprintf("one at rate %.4f (%.4f)", rate, 1/(1+math.Exp(-th))), func(c *call) bool { return c.top[0] >= th })
	}
	for _, rate := range []float64{0.005, 0.0075, 0.01, 0.015, 0.02} {
		one, two := at(0.001), at(rate)
		byCall(fmt.Sprintf("one at 0.001 or two at %.3f (%.4f)", rate, 1/(1+math.Exp(-two))), func(c *call) bool { return c.top[0] >= one || c.top[1] >= two })
	}
	return nil
}
