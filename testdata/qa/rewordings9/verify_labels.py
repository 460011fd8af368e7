#!/usr/bin/env python3
"""Check the hand-written labels of rewordings9 against its calls.

Run from this directory: python3 verify_labels.py
Checks, for both halves:
  * every call rw9-01..30 exists, has 15-35 lines, starts with its metadata
    (# call_id: RW9-NN-half, # industry: ...), and every other line is
    `[hh:mm:ss] ` (timed calls only, times never going back) + 坐席：/客户： + text;
  * every labelled line exists, is spoken by 坐席 and equals its note;
    five labels per call, all different, verdict fail, concept forbidden-phrase;
  * every quiet line exists, is spoken by 客户 (customer-says) or 坐席 (the other
    kinds), equals its sentence, is not labelled; one quiet sentence of each kind;
  * ASR calls carry no punctuation (a bare …… pause apart), Traditional calls no
    Simplified-only characters, English-mixed calls some Latin words;
  * dev and blind wordings of an item share no 6-character run (spaces and
    punctuation ignored, Traditional folded to Simplified), and no labelled
    wording contains a wording quoted in rewordings6's README or in the
    regional-colour table of rewordings7's README.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HALVES = ('dev', 'blind')
KINDS = ('polite-counterpart', 'customer-says', 'agent-disowns', 'helpful-shared-words')

def ids(s):
    return {'%02d' % int(x) for x in s.split()}

ASR = {'dev': ids('1 2 4 5 7 8 9 12 14 15 16 18 20 23 24 27 29'),
       'blind': ids('3 6 8 10 11 13 17 19 20 21 25 26 28 30')}
TIMED = {'dev': ids('3 7 13 17 25 30'), 'blind': ids('1 5 9 14 23 27')}
TRAD = {'dev': ids('8 11 28'), 'blind': ids('1 4 17')}
ENGLISH = {'dev': ids('3 5 14 19 20'), 'blind': ids('2 9 12 24 27')}

# Traditional -> Simplified, for the characters these calls use
T2S = dict(zip(
    '來係個們傳價償優兇兌內兩剛務勢區參員唸問單嗎囉國圖報場塊媽嬤學實寫將對師帳帶幫廢張態應戶換擔據數時晝曉書會條業極樓樣機氣沒況淨滿為無煩熱燈狀現畫當確碼禮種筆簡紀約紅紙級結給統經綠維網緊緒線編總續聲聽興舊蓋處號術補裡見規視訂訊託記試話該誇認說誰請講謝證識議讀讓負貨責買費貼資賠賣賬趕車較辦這連進運過選還邊錄錢錯鏽鐘長門開間關離難電頁頭題額顏飛飯飲馬麼點後著於',
    '来系个们传价偿优凶兑内两刚务势区参员念问单吗啰国图报场块妈嬷学实写将对师帐带帮废张态应户换担据数时昼晓书会条业极楼样机气没况净满为无烦热灯状现画当确码礼种笔简纪约红纸级结给统经绿维网紧绪线编总续声听兴旧盖处号术补里见规视订讯托记试话该夸认说谁请讲谢证识议读让负货责买费贴资赔卖账赶车较办这连进运过选还边录钱错锈钟长门开间关离难电页头题额颜飞饭饮马么点后着于'))
# Simplified forms that never appear in Traditional text
SIMPLIFIED_ONLY = set(T2S.values()) - set('系念凶里托夸于着后干')

# Wordings quoted in rewordings6/README.md (regional table, registers, judgement calls)
# and in the regional-colour table of rewordings7/README.md; no labelled line may contain one.
QUOTED = [
    'CPU干烧', 'battle', 'confused', 'cover', 'digest', 'draw个流程图', 'exception', 'explain过了',
    'final decision', 'follow up', 'follow得上吗', 'get back to you', 'get到了吗', 'loop您进来',
    'make sense', 'misunderstand', 'negotiate', 'never说过OK', 'no way', 'ping', 'policy说no就是no',
    'promise', 'put words in my mouth', 'reach out', 'record里没有', 'reject', 'sync', 'understand',
    '一个字没捞着', '一句话呾成三截', '一声不响', '一头雾水', '一年级', '一年级都会整', '一点谱都没有', '一点都不来斯', '一百次有一百次准', '一窍不通',
    '一线就是个传话的', '一锅粥', '三岁小孩', '三岁的囝仔', '上头定的章程', '不clear', '不中', '不亮清', '不关我事', '不办拉倒', '不可能的啦',
    '不大清楚', '不大清楚哦', '不太了解哦', '不存在出错的可能', '不归我们客服管', '不归我们管', '不得就是不得', '不挨着', '不是很有底',
    '不是我们大巴公司的事', '不给办 就 不给办', '不给排就是不给排', '不赖我', '两眼一抹黑', '丫头子', '中国字你不认得', '主打一个真实', '么办法', '么子',
    '么子办法都冇得', '么样啊快滴说', '么治', '乖乖隆地咚', '买白菜的钱想吃肉', '二年级的伢子都晓得', '亚克西的腔调', '人设', '从制度层面讲', '代志',
    '会懂不会懂', '伢子', '作业制度', '你们这婚结得够随性的', '你是躲在被窝头打电话蛮', '你有冇搞错啊', '你聽錯咗', '你讲乜嘢啊 再讲过一次 我冇听清楚',
    '你这脑子跟上了没', '使不上劲', '侬记错了吧', '侬讲呀', '侬问别人', '便宜没好货', '便宜货就是便宜货', '俺们这儿就认', '俺找谁说理去', '做呢无声',
    '做脉个', '儿子娃娃', '先放一放', '克机场失物招领问去', '入唔入脑', '入门的价钱实木的成色', '八竿子打不着', '公司向来就是这么收的', '公司定的就是这样咯',
    '公司条例', '公安的代志', '关脱了', '冇个响动', '冇声冇气', '冇带耳朵', '冇底', '冇得倾', '冇得加', '冇得我挂了', '冇得招', '冇得法子',
    '冇认得字', '再嚟过', '再整一遍', '再来一道', '再讲过一次', '出不了这种纰漏', '出个声儿', '出这点钱就买这点东西', '刚睡醒哦', '利索点',
    '别在我这儿发泄', '别造谣', '到时候再说', '制度就这么订的', '前头在物乜', '前脚才讲过', '办还是不办', '加戏', '勿会错', '勿可能的', '勿大晓得',
    '区域总监', '半点不懂', '半理', '卡紧办', '卡紧去外事办问', '厂里定死的', '压根儿没听', '压根儿没说过', '又来一道', '又来问一回', '号码呾出来',
    '吃勿准', '后台搞技术的', '含着槟榔讲话', '听不进去', '听唔全', '听唔到', '听差了', '听无', '听有了吧', '听起稀里糊涂', '吭一声',
    '吭一声能咋的', '吭气儿', '吱一声', '吼大声点噻', '咋个不开腔', '咋个晓得', '咋没个完咧', '咋还糊涂着', '咱家店就这规矩', '哎呀妈呀', '哑巴了',
    '哪天有准信了', '哪晓得嘛', '哪有可能出包', '哪有贱价钱', '哪样价钱就是哪样货色', '哪样喃', '哪门', '哪门可能', '哪门讲', '唔关我哋街道事',
    '唔关𠊎事', '唔好屈我', '唔得就系唔得', '唔晓得', '喊大一滴', '嗓门儿放开', '嗯 这个 我 不 大 清 楚', '嘛玩意儿', '嘛设置不设置的',
    '嘴就停不下来', '嘴让糨糊粘住了', '嘴还没合上', '回头再联系侬', '圪蹴那儿不出气', '坐在这搭能顶啥用', '塞了个汤圆', '声气尕得很', '复读机卡带',
    '外甥女八岁', '外行', '多少钱买多少东西', '多轮测试', '大些', '天王老子来也勿改', '头壳有转过来没', '头头', '奈位', '奶娃娃', '嫑问咧',
    '字母都认不全', '字都认识吧', '学不会', '孩仔玩电话手表', '安怎', '安怎不早讲', '完结篇', '定死的规矩', '定规', '实时同步', '家人们谁懂啊',
    '将将才讲过', '小娃仔', '小学生', '小学生都不带问', '小把戏', '尕事情', '就这么个', '已读不回', '干着急', '干瞪眼', '幼儿园', '应一声撒',
    '开嘴讲', '开还是勿开', '开连续剧', '开麦', '弄勿清爽', '弄呢不弄', '弄啥嘞', '弄拧了', '张嘴', '张嘴说地址啊', '归研发运维', '往外崩',
    '往外蹦', '心里也没个准', '快快儿的', '快点中不中', '态度不满意你找我们领导告去', '总部文件写着的', '恁张张嘴呗', '恁找他们客服去', '恁说话咋恁慢',
    '您凑合听吧', '您压根儿没听是吧', '您听不惯我也没辙', '您是不识字吗', '您那声儿跟猫叫似的', '憋屈找店长去', '懂不了', '懂的都懂', '懵着',
    '我上哪儿打听去', '我不会', '我不晓得', '我介儿又不是气象台', '我侄子四岁', '我哋呢度唔理', '我哪知道', '我幾時講過', '我真的会谢', '我问我们家猫去',
    '才呾', '打工人', '打我嘴里出不来', '打死也不会', '托儿所的小孩', '扯到天黑', '扯起嗓子', '找上头去', '找主管发噻', '找我们老板发去', '找领导闹',
    '技术科', '技术那边的锅', '技术部那边在搞', '抠出来', '报号', '拎勿清', '拿不稳', '挖也无会看', '挖也无办法', '挖无懂', '掏多少钱就拿多少货',
    '接茬儿', '掰扯', '插不上手', '搁这儿挂机', '搁那儿愣着', '搞不来', '搞快点撒', '搞的啥名堂', '搞错了没有嘛', '搞错没有哦', '搭不上边', '摆烂',
    '摸不清底', '撒气', '收不住', '收声', '收声啦', '改勿了', '改日给你回个话', '整不了', '整不整', '整不明白', '整啥呢', '整明白没有', '整错',
    '无可能出差错', '无可能错', '无奈何', '无法度', '日怪了', '早 干 啥 去 了', '早些时候做啥子去了', '早做乜去', '早寻思啥去了', '早时做什么去了',
    '明唔明', '明未', '是你自己记错吧', '晓不得', '晚八春了', '有 完 没 完', '有亲楚没', '有人伐', '有冇搞错', '有听懂没有', '有完冇完',
    '有就快讲', '有火儿找经理撒去', '有空再打给你', '有要办没有', '有辰光再讲', '木佬佬严', '木有', '条条框框', '根本就不会发生', '沉默是金',
    '没get', '没听真', '没商量', '没影儿的事儿', '没得声音', '没得法', '没得用', '没截图就等于我没说过', '没接住', '没辙', '流程里是不可能发生的',
    '浪到啥时候', '海绵的钱乳胶的货', '淘神', '港话啵', '港过了咯', '火烧眉毛', '炒芒果', '照着中文读', '爱咋咋地', '爽气点', '物乜',
    '甚时候也没超过温', '甭指望我软和', '甭磨', '电脑记个就系真个', '痛快话', '白扯', '白讲', '白说', '百分之百准足', '看不来么子', '看都看无明',
    '眼睛长到哪里去了', '睇清楚先', '瞅不明白', '瞎说的嘛', '破防', '第三遍了', '等伊有空了再打电话给侬', '等排上了再跟你讲', '等有辰光再跟侬讲', '管唔到',
    '管无着', '系统自动生成的东西怎么会错', '紧滴呾', '紧紧呾', '紧赶说', '纯纯工具人', '细伢子都点得来', '给个准信', '绝无可能', '维保公司在负责',
    '老总', '老牛车', '老表', '耳朵里塞羊毛', '胡整', '胶己人', '能成不能成', '脑壳就漏了', '脑子跟上了没', '脑子转勿过来', '脑补',
    '花多大钱享多大福', '莫乱讲', '莫得数', '莫得权限', '莫想了', '蔫儿了', '蚊子哼哼', '被窝头', '装不装', '要伐要开', '规定就是规定', '言传',
    '认不得字', '让风刮跑了', '记串了', '记岔了', '讲一句要半日', '讲不准哦', '讲勿清爽', '讲句闲话呀', '讲呀', '讲哈', '讲无出', '识不识字',
    '话都还热乎的', '话音还没落', '说下的么', '说不上来', '说不准', '说不好', '说句话嘛', '说噻', '说死了没戏', '说话不会拐弯', '调性', '调调',
    '谣言止于智者', '赛拜努', '赶紧儿的', '超长待机', '跟俺们没关系', '跟唔跟得上', '跟我不相干', '跟猫叫似的', '跟阮无关', '路边的椰子树',
    '转不过弯儿', '过几天嘛', '运营负责人', '还有个头么', '还有冇得', '还要额给你读', '这么简单都不会', '这副腔调', '这号事压根儿就不存在', '这德行',
    '这搭', '这搭么办法', '这搭弄清了再跟你联系', '这摊儿', '这道理阿懂', '这锅我不背', '迷糊嘞', '那么大的中文字您是看不懂吗', '醒醒定定', '重讲',
    '重说', '错勿了', '门外汉', '门店管理层', '问到几时先停', '问到阿达', '问我们家猫去', '问我跟问墙一样', '问老天爷去', '问问那辆车', '闹不明白',
    '阅读理解有困难', '阮不理', '阮这里从来无发生过', '阿达', '阿门', '阿门俩', '阿门算', '陪您一起emo', '零差错', '鲁问挖', '麻利儿点',
    '黄花菜都凉了'
]

PUNCT = re.compile(r'[\s，。？！、；：“”‘’（）()《》「」『』…—\-,.?!;:"\'·+/]')
LINE = re.compile(r'^(\[(\d\d):(\d\d):(\d\d)\] )?(坐席|客户)：(.*)$')

def norm(s):
    s = ''.join(T2S.get(c, c) for c in s)
    return PUNCT.sub('', s).lower()

def runs(s, n=6):
    s = norm(s)
    return {s[i:i + n] for i in range(len(s) - n + 1)}

errors = []
def err(msg):
    errors.append(msg)

def read_csv(name):
    with open(os.path.join(HERE, 'labels', name), encoding='utf-8', newline='') as fh:
        return list(csv.DictReader(fh))

calls = {}
notes = {h: {} for h in HALVES}
for half in HALVES:
    for n in range(1, 31):
        nn = '%02d' % n
        rel = '%s/rw9-%s.txt' % (half, nn)
        path = os.path.join(HERE, 'calls', rel)
        if not os.path.exists(path):
            err('%s: missing' % rel)
            continue
        lines = open(path, encoding='utf-8').read().split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        calls[rel] = lines
        if not 15 <= len(lines) <= 35:
            err('%s: %d lines' % (rel, len(lines)))
        if lines[0] != '# call_id: RW9-%s-%s' % (nn, half):
            err('%s: line 1 is %r' % (rel, lines[0]))
        if not lines[1].startswith('# industry: ') or len(lines[1]) <= len('# industry: '):
            err('%s: line 2 is %r' % (rel, lines[1]))
        last = -1
        latin = 0
        for i, l in enumerate(lines[2:], 3):
            m = LINE.match(l)
            if not m:
                err('%s:%d: not a speaker line: %r' % (rel, i, l))
                continue
            timed = m.group(1) is not None
            if timed != (nn in TIMED[half]):
                err('%s:%d: time stamp %s' % (rel, i, 'unexpected' if timed else 'missing'))
            if timed:
                t = int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4))
                if t < last:
                    err('%s:%d: time goes back' % (rel, i))
                last = t
            text = m.group(6)
            if nn in ASR[half] and re.search(r'[，。？！、；：“”‘’（）()《》「」,.?!;:"]', text):
                err('%s:%d: punctuation in an ASR call: %r' % (rel, i, text))
            if nn in TRAD[half]:
                bad = sorted(set(text) & SIMPLIFIED_ONLY)
                if bad:
                    err('%s:%d: Simplified characters %s in a Traditional call' % (rel, i, ''.join(bad)))
            latin += len(re.findall(r'[A-Za-z]{2,}', text))
        if nn in ENGLISH[half] and latin < 5:
            err('%s: English-mixed call with %d Latin words' % (rel, latin))

def utterance(rel, line):
    lines = calls.get(rel)
    if lines is None or not 3 <= line <= len(lines):
        return None, None
    m = LINE.match(lines[line - 1])
    return (m.group(5), m.group(6)) if m else (None, None)

labelled = {}
for half in HALVES:
    rows = read_csv('%s.csv' % half)
    per = {}
    for r in rows:
        rel, line = r['file'], int(r['line'])
        if not rel.startswith(half + '/'):
            err('%s.csv: %s in the wrong half' % (half, rel))
        if r['verdict'] != 'fail' or r['concept'] != 'forbidden-phrase':
            err('%s.csv: %s:%d verdict/concept %s/%s' % (half, rel, line, r['verdict'], r['concept']))
        spk, text = utterance(rel, line)
        if spk != '坐席':
            err('%s:%d: labelled line is not the agent\'s (%s)' % (rel, line, spk))
        if text != r['note']:
            err('%s:%d: note differs from the line:\n  note %r\n  line %r' % (rel, line, r['note'], text))
        if (rel, line) in labelled:
            err('%s:%d: labelled twice' % (rel, line))
        labelled[(rel, line)] = r['note']
        per.setdefault(rel, []).append(r['note'])
        nn = rel[-6:-4]
        notes[half].setdefault(nn, []).append(r['note'])
        folded = norm(r['note'])
        for q in QUOTED:
            if re.fullmatch(r'[A-Za-z ]+', q):
                hit = re.search(r'\b%s\b' % re.escape(q), r['note'], re.I)
            else:
                hit = norm(q) in folded
            if hit:
                err('%s:%d: contains the quoted wording %r' % (rel, line, q))
    for n in range(1, 31):
        rel = '%s/rw9-%02d.txt' % (half, n)
        got = per.get(rel, [])
        if len(got) != 5 or len(set(map(norm, got))) != 5:
            err('%s: %d labels, %d different' % (rel, len(got), len(set(map(norm, got)))))

quiet = set()
for half in HALVES:
    rows = read_csv('quiet-%s.csv' % half)
    per = {}
    for r in rows:
        rel, line, kind = r['file'], int(r['line']), r['kind']
        if kind not in KINDS:
            err('quiet-%s.csv: unknown kind %r' % (half, kind))
        spk, text = utterance(rel, line)
        want = '客户' if kind == 'customer-says' else '坐席'
        if spk != want:
            err('%s:%d: quiet %s line spoken by %s' % (rel, line, kind, spk))
        if text != r['sentence']:
            err('%s:%d: sentence differs from the line:\n  sentence %r\n  line %r' % (rel, line, r['sentence'], text))
        if (rel, line) in labelled:
            err('%s:%d: both labelled and quiet' % (rel, line))
        if (rel, line) in quiet:
            err('%s:%d: quiet twice' % (rel, line))
        quiet.add((rel, line))
        per.setdefault(rel, []).append(kind)
    for n in range(1, 31):
        rel = '%s/rw9-%02d.txt' % (half, n)
        if sorted(per.get(rel, [])) != sorted(KINDS):
            err('%s: quiet kinds %s' % (rel, sorted(per.get(rel, []))))

for n in range(1, 31):
    nn = '%02d' % n
    d = set().union(*[runs(s) for s in notes['dev'].get(nn, [])] or [set()])
    b = set().union(*[runs(s) for s in notes['blind'].get(nn, [])] or [set()])
    if d & b:
        err('item %s: dev and blind share %s' % (nn, sorted(d & b)))

for e in errors:
    print(e)
print('%d calls, %d labelled lines, %d quiet lines: %s' % (
    len(calls), len(labelled), len(quiet), 'OK' if not errors else '%d problems' % len(errors)))
sys.exit(1 if errors else 0)
