package rulebook_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// bigRulebook writes a rulebook of rules × phrases random Chinese phrases, some with
// alternatives, optional parts and gaps.
func bigRulebook(rules, phrases int) []byte {
	rnd := rand.New(rand.NewSource(1))
	han := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研")
	var b strings.Builder
	b.WriteString("name: big\nrules:\n")
	for r := 0; r < rules; r++ {
		fmt.Fprintf(&b, "  - id: r%d\n    kind: forbidden\n    message: m\n    phrases:\n", r)
		for p := 0; p < phrases; p++ {
			word := func(n int) string {
				s := make([]rune, n)
				for i := range s {
					s[i] = han[rnd.Intn(len(han))]
				}
				return string(s)
			}
			switch p % 4 {
			case 0:
				fmt.Fprintf(&b, "      - %s\n", word(4))
			case 1:
				fmt.Fprintf(&b, "      - \"%s(%s|%s)\"\n", word(2), word(2), word(2))
			case 2:
				fmt.Fprintf(&b, "      - \"%s[%s]%s\"\n", word(3), word(1), word(2))
			default:
				fmt.Fprintf(&b, "      - \"%s{0,6}%s\"\n", word(2), word(3))
			}
		}
	}
	return []byte(b.String())
}

// BenchmarkCompile10kPhrases compiles a rulebook of 100 rules × 100 phrases.
func BenchmarkCompile10kPhrases(b *testing.B) {
	data := bigRulebook(100, 100)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := rulebook.Parse("big.yaml", data, segment.New()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileDefault compiles the shipped default rulebook.
func BenchmarkCompileDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := rulebook.Load(nil, segment.New()); err != nil {
			b.Fatal(err)
		}
	}
}
