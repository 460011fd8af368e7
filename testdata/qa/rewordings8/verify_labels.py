#!/usr/bin/env python3
"""Checks the hand labels of rewordings8 against its calls.

Run from this directory: python3 verify_labels.py
Exit code 0 when every check passes, 1 otherwise (each problem is printed).
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ITEMS = ['%02d' % i for i in range(1, 31)]
HALVES = ('dev', 'blind')
KINDS = ('polite-counterpart', 'customer-says', 'agent-disowns', 'helpful-shared-words')

# transcript forms, as the README lists them
ASR = {('dev', n) for n in ('02', '11', '17', '24')} | \
      {('blind', n) for n in ('01', '05', '09', '19', '21', '27')}
TIMED = {('dev', n) for n in ('01', '04', '10', '20', '27')} | \
        {('blind', n) for n in ('03', '05', '07', '14', '23')}
CHAT = {('dev', n) for n in ('08', '13', '18', '22', '29')} | \
       {('blind', n) for n in ('12', '15', '26', '28', '30')}

# Wordings quoted in rewordings6's README (and the rw6 label rows read for the format) and in
# the regional-colour table (with the paragraphs printed after it) of rewordings7's README.
# A labelled line of this set must not contain a short one (2-5 characters, punctuation and
# spaces ignored) nor share a 6-character run with a longer one.
QUOTED = """
你讲乜嘢啊再讲过一次我冇听清楚|不给办就不给办|有完没完|你有冇搞错啊|早干啥去了|嗯这个我不大清楚|唔得就系唔得|有完冇完
整啥呢|吱一声|蔫儿了|接茬儿|吭一声能咋的|弄啥嘞|吭气儿|搁那儿愣着
说句话嘛|说噻|应一声撒|没得声音|侬讲呀|一声不响|有人伐|讲句闲话呀
整明白没有|掰扯|脑子跟上了没|明唔明|跟唔跟得上|入唔入脑|明未
嘛？跟猫叫似的|嗓门儿放开|蚊子哼哼|听起稀里糊涂|吼大声点噻|扯起嗓子|被窝头
再讲过一次|听唔到|再嚟过|听唔全|再整一遍|嘛玩意儿？重说|没听真
爱咋咋地|这德行|甭指望我软和|这副腔调|改勿了|天王老子来也勿改
快点中不中|麻利儿点|恁说话咋恁慢|么样啊快滴说|搞快点撒|往外崩
哪晓得嘛|晓不得|跟我不相干|咋个晓得|不挨着|这摊儿|两眼一抹黑|不赖我
冇得法子|么子办法都冇得|冇得招|没辙|干瞪眼|白扯|使不上劲
有火儿找经理撒去|憋屈找店长去|找主管发噻|找上头去|找领导闹
不中|甭磨|没商量|说死了没戏|冇得倾|冇得加
整不整|痛快话|办还是不办|不办拉倒|要伐要开|开还是勿开|爽气点|关脱了
咋没个完咧|嫑问咧|收不住|问到几时先停|收声|冇底
不可能的啦|哪有可能出包|零差错|勿会错|错勿了|百分之百准足
压根儿没听|话音还没落|第三遍了|哪样喃|将将才讲过|话都还热乎的
我上哪儿打听去|问老天爷去|问我跟问墙一样|我介儿又不是气象台|问我们家猫去
有冇搞错|睇清楚先|醒醒定定|胡整|听差了|整错|弄拧了|记串了
弄勿清爽|拎勿清|脑子转勿过来|一头雾水|迷糊嘞|转不过弯儿|整不明白|听不进去
早寻思啥去了|火烧眉毛|晚八春了|早些时候做啥子去了|咋个不开腔|黄花菜都凉了
技术部那边在搞|莫得权限|没得法|归研发运维|一线就是个传话的
哎呀妈呀|一年级都会整|小学生都不带问|二年级的伢子都晓得|细伢子都点得来
哪样价钱就是哪样货色|出这点钱就买这点东西|便宜没好货|这道理阿懂|花多大钱享多大福
勿可能的|木佬佬严|出不了这种纰漏|甚时候也没超过温|这号事压根儿就不存在|打死也不会
跟俺们没关系|恁找他们客服去|搭不上边|唔关我哋街道事|我哋呢度唔理|管唔到
不大清楚哦|莫得数|摸不清底|勿大晓得|讲勿清爽|吃勿准|侬问别人
压根儿没说过|打我嘴里出不来|记岔了|没影儿的事儿|我幾時講過|你聽錯咗|唔好屈我
嘛设置不设置的|一窍不通|整不了|外行|搞不来|一点都不来斯|门外汉
咱家店就这规矩|定死的规矩|上头定的章程|俺们这儿就认|条条框框|制度就这么订的
字母都认不全|瞅不明白|字都认识吧|认不得字|中国字你不认得|还要额给你读
等排上了再跟你讲|有空再打给你|到时候再说|等伊有空了再打电话给侬|回头再联系侬|有辰光再讲
报号|张嘴说地址啊|您压根儿没听是吧|您那声儿跟猫叫似的|我问我们家猫去|你们这婚结得够随性的|您凑合听吧|恁张张嘴呗|过几天嘛
退到哪原路退恁说话咋恁慢利索点|6月30号还有冇得有就快讲|你是躲在被窝头打电话蛮
出个声儿|张嘴|吭一声|讲呀|我不晓得|我哪知道|不大清楚|我不会|一年级|小学生|幼儿园|伢子|外甥女八岁|等有辰光再跟侬讲
您听不惯我也没辙|态度不满意你找我们领导告去|有就快讲冇得我挂了|是你自己记错吧|侬记错了吧|收声啦
喂喂喂整啥呢接通了倒是吱一声啊|翻着呢也出个声儿啊别跟那儿干耗着报号|人呢又蔫儿了张嘴说地址啊|孩子哭归哭您那边倒是接茬儿说啊
喂恁那边弄啥嘞打通了咋不吭气儿|尾号呢搁那儿愣着弄啥出声啊|哭也得先把话说囫囵了啊还有啥倒是说出来|又不吭了恁张张嘴呗
赛拜努|言传|圪蹴那儿不出气|哑巴了|嘴让糨糊粘住了|做呢无声|物乜|胶己人|开嘴讲
老表|港话啵|冇声冇气|冇个响动|开麦|已读不回|家人们谁懂啊|CPU干烧|搁这儿挂机|沉默是金
有听懂没有|头壳有转过来没|会懂不会懂|有亲楚没|听有了吧|get到了吗|follow得上吗|digest|make sense|draw个流程图
含着槟榔讲话|喊大一滴|听无|声气尕得很|这搭|阿门|阿达|大些
讲哈|哪门|再来一道|没接住|抠出来|乖乖隆地咚|塞了个汤圆|淘神|一个字没捞着
儿子娃娃|就这么个|调调|亚克西的腔调|说话不会拐弯|人设|主打一个真实|摆烂|调性|battle|破防
讲一句要半日|紧滴呾|紧紧呾|一句话呾成三截|老牛车|快快儿的|赶紧儿的|紧赶说|往外蹦
维保公司在负责|不归我们客服管|八竿子打不着|不关我事|唔关𠊎事|唔晓得|做脉个|奈位
么办法|白说|坐在这搭能顶啥用|么治|挖也无办法|无法度|无奈何|管无着
找我们老板发去|老总|头头|没得用|撒气|门店管理层|区域总监|运营负责人|别在我这儿发泄
policy说no就是no|exception|reject|final decision|negotiate|no way|不得就是不得|莫想了|哪门讲|不给排就是不给排|白讲
阿门俩|装不装|半理|弄呢不弄|尕事情|浪到啥时候|有要办没有|安怎|卡紧办|给个准信
开连续剧|我真的会谢|复读机卡带|完结篇|超长待机|还有个头么|嘴就停不下来|问到阿达|扯到天黑
实时同步|不存在出错的可能|多轮测试|系统自动生成的东西怎么会错|无可能错|电脑记个就系真个|一百次有一百次准
前脚才讲过|耳朵里塞羊毛|又来问一回|让风刮跑了|嘴还没合上|港过了咯|又来一道|冇带耳朵|脑壳就漏了
鲁问挖|路边的椰子树|炒芒果|木有|问问那辆车|俺找谁说理去
搞错没有哦|哪门可能|眼睛长到哪里去了|莫乱讲|丫头子|搞错了没有嘛|搞的啥名堂|瞎说的嘛
说下的么|咋还糊涂着|懵着|一锅粥|不亮清|能成不能成|explain过了|confused|cover|没get|不clear|understand
早时做什么去了|安怎不早讲|刚睡醒哦|早做乜去|才呾|前头在物乜
技术那边的锅|纯纯工具人|懂的都懂|陪您一起emo|打工人|后台搞技术的|这搭么办法|技术科|干着急|插不上手
小把戏|托儿所的小孩|三岁小孩|我侄子四岁|小娃仔|孩仔玩电话手表|奶娃娃|三岁的囝仔
多少钱买多少东西|买白菜的钱想吃肉|海绵的钱乳胶的货|入门的价钱实木的成色|哪有贱价钱|便宜货就是便宜货|掏多少钱就拿多少货
绝无可能|阮这里从来无发生过|代志|无可能出差错|流程里是不可能发生的|从制度层面讲|根本就不会发生
克机场失物招领问去|不是我们大巴公司的事|不归我们管|公安的代志|卡紧去外事办问|跟阮无关|阮不理
说不好|日怪了|拿不稳|说不上来|说不准|闹不明白|讲不准哦|心里也没个准|不太了解哦|不是很有底
never说过OK|promise|misunderstand|put words in my mouth|record里没有|别造谣|这锅我不背|脑补|加戏|没截图就等于我没说过|谣言止于智者
挖无懂|挖也无会看|看都看无明|讲无出|阿门算|一点谱都没有|半点不懂|学不会|懂不了
公司定的就是这样咯|总部文件写着的|定规|规定就是规定|厂里定死的|公司向来就是这么收的|作业制度|公司条例
那么大的中文字您是看不懂吗|阅读理解有困难|您是不识字吗|冇认得字|看不来么子|识不识字|照着中文读
这搭弄清了再跟你联系|先放一放|哪天有准信了|改日给你回个话|follow up|loop您进来|get back to you|sync|reach out|ping
言传！|号码呾出来|重讲|嘴让糨糊粘住了|你冇认得字啊|你眼睛长到哪里去了|嘴里含着槟榔讲话啊|是不是嫌挖的耳朵太好使|挖去问路边的椰子树啊
挖早自己去炒芒果了|您这是要开连续剧吗|还要我draw个流程图给您吗|耳朵里塞羊毛了|你这记性是让风刮跑了|您港一声嘛|您再把声气往大里提一提嘛
您快着些问嘛|您倒是再来一趟嘛|您放心嘛我们机器核对的东西哪会错呢|您就别为难我了|这事我真么办法|这个鲁家三岁的囝仔都会开
根本就不会发生|那几行中文你上次来冇看懂|宝这回总算问到头了吧|我嘴就这么冲|你头壳有转过来没|脑壳就漏了么|您老公冇带耳朵啊|您就只配用五十八的板子呗|我听到个屁
"""
# homophone slips already used by rewordings7's ASR calls: not reused here
RW7_SLIPS = ['丈号', '续飞', '再吗', '亲楚', '半理', '规还', '景德正', '真珠棉', '代价', '海棉', '成诺', '教室资格证']

PUNCT = re.compile(r'[\s，。！？、；：“”‘’（）()…,.!?;:"\'《》【】—\-·～~]')
TIME = re.compile(r'^\[(\d\d):(\d\d):(\d\d)\] ')
SPEAKER = re.compile(r'^(坐席|客户)：(.*)$')
ASR_BAD = re.compile(r'[，。！？、；：“”‘’,.!?;:"]')

problems = []


def bad(msg):
    problems.append(msg)


def norm(s):
    return PUNCT.sub('', s).lower()


def runs(s, n=6):
    s = norm(s)
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def read_call(path):
    with open(path, encoding='utf-8') as fh:
        return fh.read().split('\n')[:-1]


def utterance(line, timed):
    """(speaker, text) of a call line, or (None, None) when it is not an utterance."""
    rest = line
    if timed:
        m = TIME.match(line)
        if not m:
            return None, None
        rest = line[m.end():]
    m = SPEAKER.match(rest)
    if not m:
        return None, None
    return m.group(1), m.group(2)


def load_csv(name):
    with open(os.path.join(HERE, 'labels', name), encoding='utf-8', newline='') as fh:
        return list(csv.DictReader(fh))


calls = {}
for half in HALVES:
    for nn in ITEMS:
        path = os.path.join(HERE, 'calls', half, 'rw8-%s.txt' % nn)
        if not os.path.exists(path):
            bad('missing call %s' % path)
            continue
        calls[(half, nn)] = read_call(path)
extra = [f for half in HALVES for f in os.listdir(os.path.join(HERE, 'calls', half))
         if not re.match(r'^rw8-(\d\d)\.txt$', f) or f[4:6] not in ITEMS]
if extra:
    bad('unexpected files under calls/: %s' % extra)

# the form of each call
for (half, nn), lines in sorted(calls.items()):
    f = '%s/rw8-%s.txt' % (half, nn)
    timed, asr, chat = (half, nn) in TIMED, (half, nn) in ASR, (half, nn) in CHAT
    if not 15 <= len(lines) <= 35:
        bad('%s: %d lines, expected 15-35' % (f, len(lines)))
    if lines[0] != '# call_id: RW8-%s-%s' % (nn, half):
        bad('%s: first line is %r' % (f, lines[0]))
    if not re.match(r'^# industry: [a-z0-9-]+$', lines[1]):
        bad('%s: second line is %r' % (f, lines[1]))
    has_chat = len(lines) > 2 and lines[2] == '# channel: chat'
    if has_chat != chat:
        bad('%s: channel: chat is %s, expected %s' % (f, has_chat, chat))
    body = lines[3:] if has_chat else lines[2:]
    last = 0
    for i, line in enumerate(body):
        if line.startswith('#'):
            bad('%s: metadata line among the utterances: %r' % (f, line))
            continue
        if not timed and TIME.match(line):
            bad('%s: a time in an untimed call: %r' % (f, line))
        spk, text = utterance(line, timed)
        if spk is None:
            bad('%s: not an utterance (timed=%s): %r' % (f, timed, line))
            continue
        if timed:
            h, m, s = map(int, TIME.match(line).groups())
            t = h * 3600 + m * 60 + s
            if i == 0 and t != 1:
                bad('%s: first time is not 00:00:01' % f)
            if t <= last and i:
                bad('%s: times do not increase at %r' % (f, line))
            last = t
        if asr:
            if ASR_BAD.search(text):
                bad('%s: punctuation in an ASR call: %r' % (f, line))
            if ' ' not in text.strip('…（）') and len(norm(text)) > 3:
                bad('%s: no spaces in an ASR line: %r' % (f, line))
        elif not chat and not re.search(r'[，。！？、；：“”…（）]', text) and len(norm(text)) > 8:
            bad('%s: no punctuation in a non-ASR line: %r' % (f, line))
    if asr:
        slips = [w for w in RW7_SLIPS if w in norm(' '.join(body))]
        if slips:
            bad('%s: homophone slips of rewordings7 reused: %s' % (f, slips))

quoted = [norm(q) for q in QUOTED.replace('\n', '|').split('|') if len(norm(q)) >= 2]

labelled = {}
wordings = {}
for half in HALVES:
    rows = load_csv('%s.csv' % half)
    seen = set()
    for r in rows:
        key = (r['file'], r['line'])
        m = re.match(r'^(dev|blind)/rw8-(\d\d)\.txt$', r['file'])
        if not m or m.group(1) != half or (half, m.group(2)) not in calls:
            bad('%s.csv: bad file %r' % (half, r['file']))
            continue
        nn = m.group(2)
        if r['verdict'] != 'fail' or r['concept'] != 'forbidden-phrase':
            bad('%s.csv: %s:%s is not fail/forbidden-phrase' % (half, r['file'], r['line']))
        if key in seen:
            bad('%s.csv: %s:%s labelled twice' % (half, r['file'], r['line']))
        seen.add(key)
        lines = calls[(half, nn)]
        ln = int(r['line'])
        if not 1 <= ln <= len(lines):
            bad('%s: line %d not in the call' % (r['file'], ln))
            continue
        spk, text = utterance(lines[ln - 1], (half, nn) in TIMED)
        if spk != '坐席':
            bad('%s:%d: labelled line is not the agent\'s: %r' % (r['file'], ln, lines[ln - 1]))
        if text != r['note']:
            bad('%s:%d: note %r differs from the line %r' % (r['file'], ln, r['note'], text))
        labelled[key] = r['note']
        wordings.setdefault((half, nn), []).append(r['note'])

    qrows = load_csv('quiet-%s.csv' % half)
    qkinds = {}
    for r in qrows:
        m = re.match(r'^(dev|blind)/rw8-(\d\d)\.txt$', r['file'])
        if not m or m.group(1) != half or (half, m.group(2)) not in calls:
            bad('quiet-%s.csv: bad file %r' % (half, r['file']))
            continue
        nn = m.group(2)
        key = (r['file'], r['line'])
        if key in labelled:
            bad('%s:%s is both labelled and quiet' % key)
        if r['kind'] not in KINDS:
            bad('quiet-%s.csv: unknown kind %r' % (half, r['kind']))
        qkinds.setdefault((half, nn), []).append(r['kind'])
        lines = calls[(half, nn)]
        ln = int(r['line'])
        if not 1 <= ln <= len(lines):
            bad('%s: quiet line %d not in the call' % (r['file'], ln))
            continue
        spk, text = utterance(lines[ln - 1], (half, nn) in TIMED)
        want = '客户' if r['kind'] == 'customer-says' else '坐席'
        if spk != want:
            bad('%s:%d: %s line spoken by %s' % (r['file'], ln, r['kind'], spk))
        if text != r['sentence']:
            bad('%s:%d: sentence %r differs from the line %r' % (r['file'], ln, r['sentence'], text))
    for nn in ITEMS:
        if (half, nn) not in calls:
            continue
        got = wordings.get((half, nn), [])
        if len(got) != 5:
            bad('%s/rw8-%s.txt: %d labels, expected 5' % (half, nn, len(got)))
        if len({norm(w) for w in got}) != len(got):
            bad('%s/rw8-%s.txt: two labelled wordings are the same' % (half, nn))
        if sorted(qkinds.get((half, nn), [])) != sorted(KINDS):
            bad('%s/rw8-%s.txt: quiet kinds %s' % (half, nn, qkinds.get((half, nn))))

# dev and blind of an item share no labelled wording; no wording quoted in rw6/rw7 READMEs
for nn in ITEMS:
    d = set().union(*[runs(w) for w in wordings.get(('dev', nn), [])] or [set()])
    b = set().union(*[runs(w) for w in wordings.get(('blind', nn), [])] or [set()])
    if d & b:
        bad('item %s: dev and blind share %s' % (nn, sorted(d & b)))
for (half, nn), ws in sorted(wordings.items()):
    for w in ws:
        nw = norm(w)
        for q in quoted:
            if (len(q) < 6 and q in nw) or (len(q) >= 6 and runs(q) & runs(nw)):
                bad('%s/rw8-%s.txt: labelled %r reuses the quoted wording %r' % (half, nn, w, q))

for p in problems:
    print(p)
nl = sum(len(v) for v in wordings.values())
print('%d calls, %d labelled lines, %d problems' % (len(calls), nl, len(problems)))
sys.exit(1 if problems else 0)
