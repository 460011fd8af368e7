#!/usr/bin/env python3
"""Consistency checks for rewordings11 (run from this directory: python3 verify_labels.py).

Checks that every labelled and quiet row points at an existing line spoken by the expected
side and equal to its note/sentence; that no line is both labelled and quiet; that each call
has 15-40 lines, its two metadata lines, five different labels, at least eight quiet agent
sentences with each of a, b, c, d and exactly one customer line; that the ASR calls carry no
punctuation and have fillers and digits, and the dialect calls punctuation and at least three
markers of their region; that the dev and blind wordings of an item share no 6-character run;
and that no labelled line contains a wording quoted in ../rewordings10/README.md's per-item table.
"""
import csv
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
HALVES = ('dev', 'blind')
ITEMS = ['%02d' % i for i in range(1, 31)]

# Transcript form of each call: odd items are ASR in dev and dialect in blind, even the reverse.
REGION = {
    ('dev', '02'): 'ne', ('dev', '04'): 'sc', ('dev', '06'): 'sh', ('dev', '08'): 'hn',
    ('dev', '10'): 'gz', ('dev', '12'): 'hen', ('dev', '14'): 'ne', ('dev', '16'): 'sc',
    ('dev', '18'): 'gz', ('dev', '20'): 'sh', ('dev', '22'): 'hen', ('dev', '24'): 'hn',
    ('dev', '26'): 'gz', ('dev', '28'): 'ne', ('dev', '30'): 'sc',
    ('blind', '01'): 'gz', ('blind', '03'): 'sh', ('blind', '05'): 'hen', ('blind', '07'): 'ne',
    ('blind', '09'): 'hn', ('blind', '11'): 'sc', ('blind', '13'): 'gz', ('blind', '15'): 'sh',
    ('blind', '17'): 'hen', ('blind', '19'): 'ne', ('blind', '21'): 'sc', ('blind', '23'): 'hn',
    ('blind', '25'): 'hn', ('blind', '27'): 'sh', ('blind', '29'): 'hen',
}
MARKERS = {
    'sc': ['啥子', '莫', '没得', '晓得', '咋个', '噻', '要得', '屋头', '哪个', '嘛'],
    'gz': ['唔', '冇', '咩', '佢', '嘅', '咗', '喺', '啲', '畀', '系'],
    'sh': ['侬', '伐', '阿拉', '搿', '勿', '老', '个', '伊'],
    'ne': ['整', '嘎哈', '咋', '唠', '咱', '贼', '瞅', '寻思', '磨叽', '嘛'],
    'hn': ['么子', '冇得', '么样', '么事', '啵', '咯', '晓得', '搞', '伢'],
    'hen': ['中不中', '咋弄', '嘞', '恁', '俺', '弄啥', '木有', '中'],
}


def is_asr(half, nn):
    return (half, nn) not in REGION


PUNCT = set('，。？！、；：“”‘’（）《》【】…—·,.?!;:"\'()[]<>~～')
FILLERS = ('呃', '嗯', '那个')

# Traditional -> Simplified for the characters that occur in rewordings10's table.
FOLD = dict(zip('頭講過畀聽嚟讀真報搵哋總部訴啲經嘈錯沒說麼亂腦袋醒錢塊輪還東這價經細聲說單',
                '头讲过畀听来读真报揾哋总部诉啲经嘈错没说么乱脑袋醒钱块轮还东这价经细声说单'))


def norm(s):
    s = ''.join(FOLD.get(ch, ch) for ch in s)
    return ''.join(ch for ch in s if not ch.isspace() and ch not in PUNCT)


def read_call(half, nn):
    with open(os.path.join(HERE, 'calls', half, 'rw11-%s.txt' % nn), encoding='utf-8') as f:
        return f.read().split('\n')[:-1]


def parse(line):
    m = re.match(r'^(坐席|客户)：(.+)$', line)
    return (m.group(1), m.group(2)) if m else (None, None)


def rewordings10_fragments():
    path = os.path.join(HERE, '..', 'rewordings10', 'README.md')
    frags = set()
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for row in re.findall(r'^\| \d\d \|.*$', text, re.M):
        for paren in re.findall(r'\(([^()]*)\)', row):
            for frag in paren.split(', '):
                pieces = frag.split(' ')
                if any(len(p) >= 4 for p in pieces):      # plain text: each spaced piece
                    cands = [p for p in pieces if len(norm(p)) >= 3]
                else:                                      # ASR: the whole fragment
                    cands = [frag]
                for c in cands:
                    n = norm(c)
                    if len(n) >= 3 and not re.fullmatch(r'[A-Za-z]+', n):
                        frags.add(n)
    return frags


def runs(s, k=6):
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def main():
    errors = []
    err = errors.append
    labels = defaultdict(list)   # (half, nn) -> [(line, note)]
    quiet = defaultdict(list)    # (half, nn) -> [(line, kind, sentence)]
    for half in HALVES:
        with open(os.path.join(HERE, 'labels', half + '.csv'), encoding='utf-8') as f:
            r = list(csv.reader(f))
        if r[0] != ['file', 'verdict', 'concept', 'line', 'note']:
            err('%s.csv: bad header' % half)
        for row in r[1:]:
            fname, verdict, concept, line, note = row
            m = re.fullmatch(r'%s/rw11-(\d\d)\.txt' % half, fname)
            if not m or verdict != 'fail' or concept != 'forbidden-phrase':
                err('%s.csv: bad row %r' % (half, row))
                continue
            labels[(half, m.group(1))].append((int(line), note))
        with open(os.path.join(HERE, 'labels', 'quiet-%s.csv' % half), encoding='utf-8') as f:
            r = list(csv.reader(f))
        if r[0] != ['file', 'line', 'kind', 'sentence']:
            err('quiet-%s.csv: bad header' % half)
        for row in r[1:]:
            fname, line, kind, sentence = row
            m = re.fullmatch(r'%s/rw11-(\d\d)\.txt' % half, fname)
            if not m or kind not in ('a', 'b', 'c', 'd', 'customer'):
                err('quiet-%s.csv: bad row %r' % (half, row))
                continue
            quiet[(half, m.group(1))].append((int(line), kind, sentence))

    n_calls = 0
    for half in HALVES:
        for nn in ITEMS:
            key = (half, nn)
            where = '%s/rw11-%s.txt' % key
            try:
                lines = read_call(half, nn)
            except OSError as e:
                err('%s: %s' % (where, e))
                continue
            n_calls += 1
            if not 15 <= len(lines) <= 40:
                err('%s: %d lines' % (where, len(lines)))
            if lines[0] != '# call_id: RW11-%s-%s' % (nn, half) or not lines[1].startswith('# industry: '):
                err('%s: metadata' % where)
            for i, ln in enumerate(lines[2:], 3):
                if parse(ln)[0] is None:
                    err('%s:%d: not a 坐席/客户 line' % (where, i))
            lab = labels[key]
            if len(lab) != 5 or len({n for _, n in lab}) != 5:
                err('%s: %d labels (want five different)' % (where, len(lab)))
            lab_lines = set()
            for line, note in lab:
                lab_lines.add(line)
                spk, text = parse(lines[line - 1]) if 0 < line <= len(lines) else (None, None)
                if spk != '坐席' or text != note:
                    err('%s:%d: labelled line is not the agent saying %r' % (where, line, note))
            kinds = Counter()
            for line, kind, sentence in quiet[key]:
                kinds[kind] += 1
                if line in lab_lines:
                    err('%s:%d: both labelled and quiet' % (where, line))
                want = '客户' if kind == 'customer' else '坐席'
                spk, text = parse(lines[line - 1]) if 0 < line <= len(lines) else (None, None)
                if spk != want or text != sentence:
                    err('%s:%d: quiet line is not %s saying %r' % (where, line, want, sentence))
            agent_quiet = sum(kinds[k] for k in 'abcd')
            if agent_quiet < 8 or any(kinds[k] < 1 for k in 'abcd') or kinds['customer'] != 1:
                err('%s: quiet kinds %s' % (where, dict(kinds)))
            body = [parse(ln)[1] or '' for ln in lines[2:]]
            if is_asr(half, nn):
                for i, t in enumerate(body, 3):
                    bad = [ch for ch in t if ch in PUNCT]
                    if bad:
                        err('%s:%d: punctuation in an ASR call: %s' % (where, i, ''.join(bad)))
                joined = ' '.join(body)
                if not any(f in joined for f in FILLERS) or not re.search(r'\d', joined):
                    err('%s: ASR call without fillers or digits' % where)
            else:
                joined = ''.join(body)
                if not any(ch in PUNCT for ch in joined):
                    err('%s: dialect call without punctuation' % where)
                found = [m for m in MARKERS[REGION[key]] if m in joined]
                if len(found) < 3:
                    err('%s: too few %s markers: %s' % (where, REGION[key], found))

    for nn in ITEMS:
        dev = [norm(n) for _, n in labels[('dev', nn)]]
        blind = [norm(n) for _, n in labels[('blind', nn)]]
        for d in dev:
            for b in blind:
                common = runs(d) & runs(b)
                if common:
                    err('item %s: dev and blind share %s' % (nn, sorted(common)))

    frags = rewordings10_fragments()
    for key, lab in sorted(labels.items()):
        for line, note in lab:
            n = norm(note)
            hit = [f for f in frags if f in n]
            if hit:
                err('%s/rw11-%s.txt:%d: contains rewordings10 wording %s' % (key[0], key[1], line, hit))

    n_lab = sum(len(v) for v in labels.values())
    n_quiet = sum(len(v) for v in quiet.values())
    for e in errors:
        print(e)
    if errors:
        print('%d problems' % len(errors))
        return 1
    print('%d calls, %d labelled lines, %d quiet lines (%d rewordings10 wordings checked): OK'
          % (n_calls, n_lab, n_quiet, len(frags)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
