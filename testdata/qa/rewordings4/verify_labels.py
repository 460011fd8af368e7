#!/usr/bin/env python3
"""Check labels/*.csv against calls/: every labelled line exists, is the agent's, and
its utterance equals the note; quiet lines likewise; no line is both labelled and quiet;
four labels per call; dev and blind wordings of an item share no 6-character run."""
import csv, re, os, sys
from collections import defaultdict
R = os.path.dirname(os.path.abspath(__file__))
SP = re.compile(r'^(?:\[\d\d:\d\d:\d\d(?:\.\d+)?\] )?(坐席|客户)：(.*)$')
KINDS = {'polite-counterpart', 'customer-says', 'agent-disowns', 'supervisor-disowns', 'helpful-shared-words'}
bad = 0
def err(*a):
    global bad; bad += 1; print('MISMATCH', *a)
def utt(file, line):
    ls = open(os.path.join(R, 'calls', file), encoding='utf-8').read().split('\n')
    if not (1 <= line <= len(ls)): return None, None
    m = SP.match(ls[line - 1]); return (m.group(1), m.group(2)) if m else (None, None)
fwords = {}
for split in ('dev', 'blind'):
    lab = list(csv.DictReader(open(f'{R}/labels/{split}.csv', encoding='utf-8')))
    qui = list(csv.DictReader(open(f'{R}/labels/quiet-{split}.csv', encoding='utf-8')))
    per = defaultdict(list); qper = defaultdict(list); seen = set()
    for r in lab:
        ln = int(r['line']); who, text = utt(r['file'], ln)
        if r['verdict'] != 'fail' or r['concept'] != 'forbidden-phrase': err(r)
        if who != '坐席' or text != r['note']: err(r['file'], ln, who, text, '!=', r['note'])
        if (r['file'], ln) in seen: err('duplicate', r['file'], ln)
        seen.add((r['file'], ln)); per[r['file']].append(r['note'])
    for r in qui:
        ln = int(r['line']); who, text = utt(r['file'], ln)
        if text != r['sentence']: err('quiet', r['file'], ln, text, '!=', r['sentence'])
        if r['kind'] not in KINDS: err('kind', r)
        if r['kind'] == 'customer-says' and who != '客户': err('customer-says not customer', r)
        if r['kind'] != 'customer-says' and who != '坐席': err('quiet not agent', r)
        if (r['file'], ln) in seen: err('labelled and quiet', r['file'], ln)
        qper[r['file']].append(r['kind'])
    files = sorted(f'{split}/{f}' for f in os.listdir(f'{R}/calls/{split}'))
    for f in files:
        if len(per[f]) != 4: err(f, 'labels', len(per[f]))
        if len(qper[f]) < 3: err(f, 'quiet', len(qper[f]))
        fwords[f] = per[f]
    print(f'{split}: {len(files)} calls, {len(lab)} labels, {len(qui)} quiet')
def runs(s, n=6):
    s = re.sub(r'[\s，。？！、,.?!…“”]', '', s); return {s[i:i+n] for i in range(len(s) - n + 1)}
for i in range(1, 31):
    d, b = fwords.get(f'dev/rw4-{i:02d}.txt', []), fwords.get(f'blind/rw4-{i:02d}.txt', [])
    for x in d:
        for y in b:
            if runs(x) & runs(y): err('shared wording', i, x, '|', y)
print('OK' if not bad else f'{bad} problems'); sys.exit(1 if bad else 0)
