#!/usr/bin/env python3
"""Checks the rewordings5 labels against the calls (run from this directory).

- every labelled and quiet line exists, is spoken by the expected side
  (labels and quiet agent kinds: 坐席; customer-says: 客户) and its
  utterance after the speaker tag equals the note / sentence;
- no line is both labelled and quiet;
- each call has 15-25 lines, `# call_id` / `# industry` first, only
  坐席/客户 speaker tags, four labels and at least one quiet line of
  polite-counterpart, customer-says, helpful-shared-words and
  agent-/supervisor-disowns;
- the dev and blind labelled wordings of an item share no 6-character run
  (punctuation and spaces ignored).
"""
import csv, glob, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r'^(\[\d\d:\d\d:\d\d\] )?(坐席|客户)：(.*)$')
errors = []

def read_call(rel):
    with open(os.path.join(HERE, 'calls', rel), encoding='utf-8') as f:
        return f.read().split('\n')[:-1]

calls = {}
for path in sorted(glob.glob(os.path.join(HERE, 'calls', '*', 'rw5-*.txt'))):
    rel = os.path.relpath(path, os.path.join(HERE, 'calls'))
    lines = read_call(rel)
    calls[rel] = lines
    if not 15 <= len(lines) <= 25:
        errors.append(f'{rel}: {len(lines)} lines')
    if not (lines[0].startswith('# call_id: ') and lines[1].startswith('# industry: ')):
        errors.append(f'{rel}: metadata')
    for i, l in enumerate(lines[2:], start=3):
        if not LINE.match(l):
            errors.append(f'{rel}:{i}: not a 坐席/客户 line')

def utter(rel, n):
    lines = calls.get(rel)
    if lines is None or not 1 <= n <= len(lines):
        return None, None
    m = LINE.match(lines[n - 1])
    return (m.group(2), m.group(3)) if m else (None, None)

labelled, quiet = {}, {}
for split in ('dev', 'blind'):
    with open(os.path.join(HERE, 'labels', f'{split}.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            rel, n = r['file'], int(r['line'])
            if not rel.startswith(split + '/'):
                errors.append(f'{split}.csv: {rel} in wrong split')
            if (r['verdict'], r['concept']) != ('fail', 'forbidden-phrase'):
                errors.append(f'{rel}:{n}: verdict/concept')
            spk, u = utter(rel, n)
            if spk != '坐席' or u != r['note']:
                errors.append(f'{rel}:{n}: label does not match ({spk}: {u!r} vs {r["note"]!r})')
            labelled.setdefault(rel, []).append((n, r['note']))
    with open(os.path.join(HERE, 'labels', f'quiet-{split}.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            rel, n, kind = r['file'], int(r['line']), r['kind']
            spk, u = utter(rel, n)
            want = '客户' if kind == 'customer-says' else '坐席'
            if spk != want or u != r['sentence']:
                errors.append(f'{rel}:{n}: quiet line does not match ({spk}: {u!r})')
            quiet.setdefault(rel, []).append((n, kind))

for rel in calls:
    ls = {n for n, _ in labelled.get(rel, [])}
    qs = {n for n, _ in quiet.get(rel, [])}
    kinds = {k for _, k in quiet.get(rel, [])}
    if len(ls) != 4:
        errors.append(f'{rel}: {len(ls)} labels')
    if ls & qs:
        errors.append(f'{rel}: lines both labelled and quiet: {sorted(ls & qs)}')
    need = {'polite-counterpart', 'customer-says', 'helpful-shared-words'}
    if not need <= kinds or not kinds & {'agent-disowns', 'supervisor-disowns'}:
        errors.append(f'{rel}: quiet kinds {sorted(kinds)}')

def runs(s, n=6):
    s = re.sub(r'[\s\W_]', '', s)
    return {s[i:i + n] for i in range(len(s) - n + 1)}

for nn in range(1, 31):
    d = set().union(*[runs(t) for _, t in labelled.get(f'dev/rw5-{nn:02d}.txt', [])])
    b = set().union(*[runs(t) for _, t in labelled.get(f'blind/rw5-{nn:02d}.txt', [])])
    if d & b:
        errors.append(f'item {nn:02d}: dev and blind share {sorted(d & b)}')

nl = sum(len(v) for v in labelled.values()); nq = sum(len(v) for v in quiet.values())
print(f'{len(calls)} calls, {nl} labelled rewordings, {nq} quiet sentences')
print('\n'.join(errors) if errors else 'OK')
sys.exit(1 if errors else 0)
