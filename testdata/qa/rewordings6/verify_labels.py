#!/usr/bin/env python3
"""Self-check of rewordings6 (written from scratch for this set; run from this directory).

Checks that every labelled and quiet line exists, is spoken by the expected side and equals
its note/sentence; that no line is both; that each call has 15-35 lines, its metadata, five
labels and one quiet sentence of each kind; and that the labelled wordings of dev and blind of
one item share no 6-character run (punctuation and spaces ignored)."""
import csv, os, re, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {'polite-counterpart': '坐席', 'customer-says': '客户', 'agent-disowns': '坐席',
         'helpful-shared-words': '坐席'}
LINE = re.compile(r'^(?:\[\d\d:\d\d:\d\d\] )?(坐席|客户)：(.*)$')
errors = []

def err(msg):
    errors.append(msg)

def read_call(rel):
    path = os.path.join(HERE, 'calls', rel)
    with open(path, encoding='utf-8') as f:
        return f.read().split('\n')[:-1]

def norm(s):
    return re.sub(r'[\s\W_]+', '', s)

def runs(s, n=6):
    s = norm(s)
    return {s[i:i + n] for i in range(len(s) - n + 1)}

wordings = defaultdict(list)  # (nn, half) -> labelled texts
for half in ('dev', 'blind'):
    files = sorted(os.listdir(os.path.join(HERE, 'calls', half)))
    calls = {f'{half}/{f}': read_call(f'{half}/{f}') for f in files}
    nlab, kinds, used = defaultdict(int), defaultdict(set), defaultdict(dict)
    with open(os.path.join(HERE, 'labels', f'{half}.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            rel, ln = row['file'], int(row['line'])
            if rel not in calls:
                err(f'{half}.csv: unknown file {rel}'); continue
            if row['verdict'] != 'fail' or row['concept'] != 'forbidden-phrase':
                err(f'{rel}:{ln}: verdict/concept {row["verdict"]}/{row["concept"]}')
            m = LINE.match(calls[rel][ln - 1]) if 0 < ln <= len(calls[rel]) else None
            if not m or m.group(1) != '坐席' or m.group(2) != row['note']:
                err(f'{rel}:{ln}: labelled line is not the agent saying the note')
            if ln in used[rel]:
                err(f'{rel}:{ln}: used twice')
            used[rel][ln] = 'label'; nlab[rel] += 1
            wordings[(rel.split('-')[1][:2], half)].append(row['note'])
    with open(os.path.join(HERE, 'labels', f'quiet-{half}.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            rel, ln, kind = row['file'], int(row['line']), row['kind']
            if rel not in calls or kind not in KINDS:
                err(f'quiet-{half}.csv: bad row {row}'); continue
            m = LINE.match(calls[rel][ln - 1]) if 0 < ln <= len(calls[rel]) else None
            if not m or m.group(1) != KINDS[kind] or m.group(2) != row['sentence']:
                err(f'{rel}:{ln}: quiet line is not {KINDS[kind]} saying the sentence')
            if ln in used[rel]:
                err(f'{rel}:{ln}: both labelled and quiet, or quiet twice')
            used[rel][ln] = kind; kinds[rel].add(kind)
    for rel, lines in calls.items():
        if not (15 <= len(lines) <= 35):
            err(f'{rel}: {len(lines)} lines')
        if not (lines[0].startswith('# call_id: ') and lines[1].startswith('# industry: ')):
            err(f'{rel}: metadata')
        for i, l in enumerate(lines[2:], 3):
            if not LINE.match(l):
                err(f'{rel}:{i}: not a speaker line')
        if nlab[rel] != 5:
            err(f'{rel}: {nlab[rel]} labels')
        if kinds[rel] != set(KINDS):
            err(f'{rel}: quiet kinds {sorted(kinds[rel])}')
    print(f'{half}: {len(calls)} calls, {sum(nlab.values())} labels, '
          f'{sum(len(v) for v in kinds.values())} quiet sentences')

for nn in sorted({k[0] for k in wordings}):
    dev, blind = wordings[(nn, 'dev')], wordings[(nn, 'blind')]
    for half, ws in (('dev', dev), ('blind', blind)):
        if len({norm(w) for w in ws}) != len(ws):
            err(f'item {nn} {half}: repeated wording')
    common = set().union(*map(runs, dev)) & set().union(*map(runs, blind))
    if common:
        err(f'item {nn}: dev and blind share {sorted(common)}')

for e in errors:
    print('ERROR', e)
sys.exit(1 if errors else 0)
