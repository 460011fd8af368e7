#!/usr/bin/env python3
"""Checks rewordings10's labels against its calls. Run from this directory: python3 verify_labels.py"""
import csv, os, re, sys

ASR = {"dev": "02 05 08 11 14 17 20 23 26 29", "blind": "01 06 09 12 15 17 18 21 24 27 30"}
TIMED = {"dev": "03 07 13 19 25", "blind": "04 10 16 22 28"}
TRAD = {"dev": "10 22", "blind": "05 17"}
ENGLISH = {"dev": "22", "blind": "22 29"}
ASR, TIMED, TRAD, ENGLISH = ({h: set(v.split()) for h, v in d.items()} for d in (ASR, TIMED, TRAD, ENGLISH))
T2S = dict(zip("亂來係們個倉傳傾價兩內別剛務區員問單嗎報場塊塗壞夠寫對導層帳幫幾庫廳張後態應戶換據擺數斷時會東楓樂樓標樣機檢欄歲氣沒況滿灣為煩爛現當發確碼禮種節籤約細組給經維網緊線總續聖聲職聽腦腳興華葉著處號補裡見覺訂計訊記訴話該認誕說誰請講謝證讀負貨責貴買費貼賣質購軸較輪轉辦這進遊運過遞還邊郵鋁錄錢錯鐘門開間陣雜雞電靜預領頭題鬧鮮麼點齒齡釋溫舊鏽聞飯業緒曉極囉術規貓飲齊遠業麵傷廣實啟從淨龍黃萬與專劃產會歡慶憂紀幣鐵聯車達動務條訪頁輸準備歷隨標雙設檔",
               "乱来系们个仓传倾价两内别刚务区员问单吗报场块涂坏够写对导层帐帮几库厅张后态应户换据摆数断时会东枫乐楼标样机检栏岁气没况满湾为烦烂现当发确码礼种节签约细组给经维网紧线总续圣声职听脑脚兴华叶着处号补里见觉订计讯记诉话该认诞说谁请讲谢证读负货责贵买费贴卖质购轴较轮转办这进游运过递还边邮铝录钱错钟门开间阵杂鸡电静预领头题闹鲜么点齿龄释温旧锈闻饭业绪晓极啰术规猫饮齐远业面伤广实启从净龙黄万与专划产会欢庆忧纪币铁联车达动务条访页输准备历随标双设档"))
SIMPLIFIED_ONLY = set("这们说话时个来会为对没还点么问题请边给吗过关钱单货里样应该让学习电经发见东车门长开间华温旧几头买卖较轮换张后态户数断当确码种节约细组网紧线总续声听脑脚兴叶处号补觉订计讯记诉该认诞谁讲谢证读负责贵费贴质购转办进游运递还邮录错钟阵杂鸡静预领闹鲜齿龄释")
PUNCT = re.compile(r"[，。？！、；：“”‘’「」（）,?!;:()]")
KINDS = {"a", "b", "c", "d", "customer"}


def fold(s):
    s = "".join(T2S.get(c, c) for c in s)
    return re.sub(r"[\s，。？！、；：“”‘’「」（）()…—,.?!:;'\"]", "", s)


def body(line):
    return re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", line)


errors = []
def err(*a):
    errors.append(" ".join(str(x) for x in a))

calls = {}
for h in ("dev", "blind"):
    for n in range(1, 31):
        p = f"calls/{h}/rw10-{n:02d}.txt"
        calls[f"{h}/rw10-{n:02d}.txt"] = open(p, encoding="utf-8").read().split("\n")[:-1]

labels, quiet = {}, {}
for h in ("dev", "blind"):
    with open(f"labels/{h}.csv", encoding="utf-8") as f:
        r = list(csv.reader(f))
    if r[0] != ["file", "verdict", "concept", "line", "note"]: err(h, "bad header")
    for f_, verdict, concept, line, note in r[1:]:
        if (verdict, concept) != ("fail", "forbidden-phrase"): err(f_, line, "verdict/concept")
        labels.setdefault(f_, []).append((int(line), note))
    with open(f"labels/quiet-{h}.csv", encoding="utf-8") as f:
        r = list(csv.reader(f))
    if r[0] != ["file", "line", "kind", "sentence"]: err(h, "bad quiet header")
    for f_, line, kind, sent in r[1:]:
        if kind not in KINDS: err(f_, line, "kind", kind)
        quiet.setdefault(f_, []).append((int(line), kind, sent))

for f_, lines in calls.items():
    h, name = f_.split("/")
    nn = name[5:7]
    if not (15 <= len(lines) <= 40): err(f_, "length", len(lines))
    if lines[0] != f"# call_id: RW10-{nn}-{h}" or not lines[1].startswith("# industry: "): err(f_, "metadata")
    prev = -1
    for i, l in enumerate(lines[2:], 3):
        m = re.match(r"^\[(\d\d):(\d\d):(\d\d)\] ", l)
        if (m is not None) != (nn in TIMED[h]): err(f_, i, "timestamp presence")
        if m:
            t = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
            if t < prev: err(f_, i, "time goes back")
            prev = t
        b = body(l)
        if not re.match(r"^(坐席|客户)：", b): err(f_, i, "speaker tag")
        text = b[3:]
        if nn in ASR[h] and PUNCT.search(text): err(f_, i, "punctuation in ASR call")
        if nn in TRAD[h]:
            bad = [c for c in text if c in SIMPLIFIED_ONLY]
            if bad: err(f_, i, "simplified characters", "".join(bad))
    if nn in ENGLISH[h] and not re.search(r"[A-Za-z]{3,}", "\n".join(lines[2:])): err(f_, "no English")
    lab = labels.get(f_, [])
    if len(lab) != 5 or len({fold(n) for _, n in lab}) != 5: err(f_, "five different labels", len(lab))
    for ln, note in lab:
        if ln > len(lines): err(f_, ln, "no such line"); continue
        b = body(lines[ln - 1])
        if not b.startswith("坐席：") or b[3:] != note: err(f_, ln, "label does not match agent line")
    q = quiet.get(f_, [])
    kinds = [k for _, k, _ in q]
    if sum(k in "abcd" for k in kinds) < 8 or any(k not in kinds for k in "abcd") or kinds.count("customer") != 1:
        err(f_, "quiet kinds", kinds)
    for ln, kind, sent in q:
        if ln > len(lines): err(f_, ln, "no such line"); continue
        b = body(lines[ln - 1])
        want = "客户：" if kind == "customer" else "坐席："
        if not b.startswith(want) or b[3:] != sent: err(f_, ln, "quiet row does not match line")
        if ln in {x for x, _ in lab}: err(f_, ln, "both labelled and quiet")

for n in range(1, 31):
    d = [fold(x) for _, x in labels.get(f"dev/rw10-{n:02d}.txt", [])]
    b = [fold(x) for _, x in labels.get(f"blind/rw10-{n:02d}.txt", [])]
    grams = {x[i:i + 6] for x in d for i in range(len(x) - 5)}
    for x in b:
        for i in range(len(x) - 5):
            if x[i:i + 6] in grams: err(f"item {n:02d}", "dev and blind share", x[i:i + 6])

# wordings quoted in rewordings9's README (its per-item table and the dialect forms it lists)
rw9 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rewordings9", "README.md")
if os.path.exists(rw9):
    words = set()
    for line in open(rw9, encoding="utf-8"):
        if re.match(r"\| \d\d \|", line):
            for g in re.findall(r"\(([^)]*)\)", line):
                words |= {w.strip() for w in g.split(", ")}
    words |= {"在讲一次", "不行就是不行", "侬还有完呒没完", "改唔到就係改唔到", "技术部门远程调", "技术部门的活"}
    for f_, lab in labels.items():
        for ln, note in lab:
            for w in words:
                if re.fullmatch(r"[A-Za-z ]+", w):
                    if re.search(r"\b" + re.escape(w) + r"\b", note): err(f_, ln, "rewordings9 wording", w)
                elif len(fold(w)) >= 2 and fold(w) in fold(note): err(f_, ln, "rewordings9 wording", w)
else:
    print("note: ../rewordings9/README.md not found, wording check skipped")

for e in errors: print(e)
if errors: sys.exit(1)
nq = sum(len(v) for v in quiet.values())
print(f"{len(calls)} calls, {sum(len(v) for v in labels.values())} labelled lines, {nq} quiet lines: OK")
