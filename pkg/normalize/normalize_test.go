package normalize_test

import (
	"github.com/longbridgeapp/opencc"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"您好，请讲！", "您好请讲"},
		{"你 有 完 没 完", "你有完没完"},
		{"ＡＢＣ１２３", "abc123"},
		{"Hello, World", "helloworld"},
		{"處理投訴的十句禁語", "处理投诉的十句禁语"},
		// a number's mask stays (139****2234 is one number), other stars are punctuation
		{"打我手机，137****8842。", "打我手机137****8842"},
		{"一三八＊＊＊＊五五九零", "一三八****五五九零"},
		{"发 到 1 3 9 * * * * 0 7 4 8 这个", "发到139****0748这个"},
		{"**注意**：退款*三天*到账", "注意退款三天到账"},
		{"聯繫聯絡，綫線", "联系联络线线"},
		{"改天再聯系(通知)你", "改天再联系通知你"},
		{"“谢谢您的电话，再见！”", "谢谢您的电话再见"},
		{"……", ""},
		{"", ""},
		{"\u200b好的\t", "好的"},
	}
	for _, tt := range tests {
		if got := normalize.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSource(t *testing.T) {
	tests := []struct {
		in, sub, want string
	}{
		{"谢谢您的电话，再见！", "电话再见", "电话，再见"},
		{"你 有 完 没 完？", "有完没完", "有 完 没 完"},
		{"我們的電腦是絕對不會出錯的", "电脑是绝对", "電腦是絕對"},
		{"ＡＢＣ好", "abc", "ＡＢＣ"},
	}
	for _, tt := range tests {
		txt := normalize.New(tt.in)
		sub := normalize.String(tt.sub)
		i := indexOf(txt.Norm, sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, txt.Norm)
		}
		if got := txt.Source(i, i+len(sub)); got != tt.want {
			t.Errorf("Source(%q in %q) = %q, want %q", tt.sub, tt.in, got, tt.want)
		}
	}
}

func TestBreaks(t *testing.T) {
	txt := normalize.New("谢谢您的电话，再见！ 好")
	// 谢谢您的电话 is 6 runes of 3 bytes; the comma ends a clause, the trailing
	// "！ " another.
	want := []int{0, 18, 24, len(txt.Norm)}
	got := txt.Chunks()
	if len(got) != len(want) {
		t.Fatalf("Chunks() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Chunks() = %v, want %v", got, want)
		}
	}
	if !txt.IsBreak(18) || txt.IsBreak(3) {
		t.Errorf("IsBreak wrong: 18=%v 3=%v", txt.IsBreak(18), txt.IsBreak(3))
	}
	// Spaces are not breaks: ASR output spaces every character.
	if len(normalize.New("你 有 完").Chunks()) != 2 {
		t.Errorf("spaces must not split clauses")
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestTraditionalTable checks the generated table of characters t2s converts against
// OpenCC itself, on the CJK blocks (the dialect words of one character — 冇, 侬, 搿, 勿,
// 伐, 啵, 唔, 啱, 莫 — are folded besides).
func TestTraditionalTable(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0x3400); r < 0xA000; r++ {
		s, err := cc.Convert(string(r))
		if err != nil {
			t.Fatal(err)
		}
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune("冇侬搿勿伐啵唔啱莫", r) {
			continue
		}
		if got := normalize.String(string(r)); got != s {
			t.Fatalf("U+%04X %c: normalize gives %q, OpenCC %q (run go generate ./pkg/normalize)", r, r, got, s)
		}
	}
}

// DecodeRune decodes every lead byte followed by every two bytes (and cut short) as
// utf8.DecodeRuneInString does.
func TestDecodeRuneAgreesWithLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("16 million sequences")
	}
	buf := make([]byte, 4)
	for b0 := 0; b0 < 256; b0++ {
		for b1 := 0; b1 < 256; b1++ {
			for b2 := 0; b2 < 256; b2++ {
				if b0 < utf8.RuneSelf && b1+b2 > 0 {
					continue // ASCII: one byte whatever follows
				}
				buf[0], buf[1], buf[2], buf[3] = byte(b0), byte(b1), byte(b2), 0x80
				for _, n := range []int{1, 2, 3, 4} {
					s := string(buf[:n])
					r, size := normalize.DecodeRune(s, 0)
					wr, wsize := utf8.DecodeRuneInString(s)
					if r != wr || size != wsize {
						t.Fatalf("% x: %U %d, library %U %d", s, r, size, wr, wsize)
					}
				}
			}
		}
	}
}

// TestDialectWords: dialect question words and negations read as their Mandarin words,
// in place (the way back to the original text still points at what was said), and a
// Mandarin word that holds the same characters is left alone.
func TestDialectWords(t *testing.T) {
	for _, tt := range []struct{ in, norm string }{
		{"你这是么子态度咯？", "你这是什么态度咯"},
		{"电费何解比上个月多了？", "电费为啥比上个月多了"},
		{"網上冒得這個功能。", "网上没有这个功能"},
		{"啥子事嘛，咋个搞的", "什么事嘛怎么搞的"},
		{"我冇收到", "我没收到"},
		{"我哋乜嘢都冇做", "我哋什么都没做"},
		{"我们平台冇得这个业务", "我们平台没有这个业务"},
		{"为么事不能在网上办啊，为哪样只能提这么点", "为什么不能在网上办啊为什么只能提这么点"},
		{"么样看回放咯", "怎样看回放咯"},
		{"请问还有么事要我帮您弄的吗？", "请问还有啥事要我帮您弄的吗"},
		{"为什么事情这么多", "为什么事情这么多"},
		{"不晓得我这样讲您听清楚了冇？", "不知道我这样讲您听清楚了没"},
		{"我勿晓得啥叫自动续费", "我不知道啥叫自动续费"},
		{"我这样讲，您听得清爽伐？", "我这样讲您听得清楚吗"},
		{"侬搿是啥意思，阿拉是老客户", "你这是啥意思我们是老客户"},
		{"手机上哪能交啦？", "手机上怎么交啦"},
		{"为么斯不能用医保咧？", "为什么不能用医保咧"},
		{"您稍等一下好啵？你这是么态度咧？", "您稍等一下好吗你这是啥态度咧"},
		{"唔好意思，唔系三点，系三点半。唔该晒！", "不好意思不是三点系三点半谢谢晒"},
		{"唔该你帮我睇下，唔使急，点样先可以报销？", "唔该你帮我睇下不用急怎样先可以报销"},
		{"咁样讲系唔啱嘅，我啱啱先知", "咁样讲系不对嘅我刚刚先知"},
		{"什么态度，怎么时候", "什么态度怎么时候"},
		{"请勿吸烟，砍伐树木，步伐，阿拉伯语，口感清爽", "请勿吸烟砍伐树木步伐阿拉伯语口感清爽"},
		{"这么事多", "这么事多"},
		{"如何解决这个问题", "如何解决这个问题"},
		{"此事何解释得清", "此事何解释得清"},
		{"怎么样", "怎么样"},
		{"要么子女来办", "要么子女来办"},
		{"这不是额们的事，你听额说", "这不是我们的事你听我说"},
		{"歹势哦，刚才口气有点冲。免客气，呒要紧啦", "抱歉哦刚才口气有点冲不客气没关系啦"},
		{"免费，免客气", "免费不客气"},
		{"您莫急，明天莫出门，莫得问题", "您别急明天别出门没有问题"},
		{"莫名其妙，莫非，莫过于，约莫，莫斯科", "莫名其妙莫非莫过于约莫莫斯科"},
		{"我昨天晚上的课冒赶上，这确实是我们冒做到位", "我昨天晚上的课没赶上这确实是我们没做到位"},
		{"我感冒看了医生", "我感冒看了医生"},
		{"您的余额还有十块，额度不变", "您的余额还有十块额度不变"},
	} {
		n := normalize.New(tt.in)
		if n.Norm != tt.norm {
			t.Errorf("%q: norm %q, want %q", tt.in, n.Norm, tt.norm)
			continue
		}
		if i := strings.Index(tt.norm, "没"); i >= 0 && strings.Contains(tt.in, "冇") {
			if got := n.Source(i, i+len("没")); got != "冇" {
				t.Errorf("%q: 没 maps back to %q, want 冇", tt.in, got)
			}
		}
	}
}

// TestInvisibleAndLookalikeCharacters: characters no font draws (private use,
// noncharacters, unassigned code points) slipped into a 禁语 hid it, and so did CJK
// Radicals Supplement characters drawn as the whole character (⻢后炮, ⻓话短说), which
// have no NFKC form. The first are dropped inside a word, the second folded. The
// iteration mark 々 stood as itself: 谢々您的电话 was no closing.
func TestInvisibleAndLookalikeCharacters(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"我也\ue000没办法", "我也没办法"},       // private use
		{"我也\U000F0000没办法", "我也没办法"},   // supplementary private use
		{"我也\ufdd0没办法", "我也没办法"},       // noncharacter
		{"我也\uffff没办法", "我也没办法"},       // noncharacter
		{"我也\U0010FFFE没办法", "我也没办法"},   // noncharacter
		{"我也\u0378没办法", "我也没办法"},       // unassigned
		{"⻢后炮", "马后炮"},                 // C-SIMPLIFIED HORSE
		{"⻓话短说", "长话短说"},               // C-SIMPLIFIED LONG
		{"技术部⻔听不⻅", "技术部门听不见"},         // GATE, SEE
		{"⻑話短說", "长话短说"},               // LONG ONE, then Traditional to Simplified
		{"天⺩老子", "天王老子"},               // JADE
		{"\U00030000字", "\U00030000字"}, // an ideograph of plane 3 is kept, assigned or not
		{"谢々您的电话", "谢谢您的电话"},           // the iteration mark repeats the character before
		{"你问我〻问谁", "你问我我问谁"},           // its vertical form too
		{"々好", "々好"},                   // with nothing before it, it stays
		{"谢，々", "谢々"},                  // nor across a clause
	}
	for _, tt := range tests {
		if got := normalize.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if txt := normalize.New(tt.in); txt.Source(0, len(txt.Norm)) != tt.in {
			t.Errorf("Source of %q = %q: a finding quotes the text as written", tt.in, txt.Source(0, len(txt.Norm)))
		}
	}
}
