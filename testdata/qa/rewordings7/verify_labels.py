#!/usr/bin/env python3
"""Checks the hand labels of rewordings7 against the calls (run from this directory).

- every call: metadata first (# call_id: RW7-NN-half, # industry:), 22-35 lines, every other
  line `[hh:mm:ss] `? + 坐席：/客户： + utterance; timed calls have increasing times from
  00:00:30 or earlier, ASR calls have no sentence punctuation;
- every labelled row (labels/dev.csv, labels/blind.csv) points at an agent line whose
  utterance equals its note; every quiet row (labels/quiet-*.csv) at a line of the expected
  side whose utterance equals its sentence; no line is both, none twice;
- each call has five labels, all different, and one quiet sentence of each kind;
- the labelled wordings of dev and blind of one item share no 6-character run (punctuation
  and spaces ignored), and no labelled wording shares a run of 6 Chinese characters with the
  wordings quoted in ../rewordings6/README.md (its table of seeds left out).
Exit status 1 and a list of problems when anything is off.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HALVES = ("dev", "blind")
ITEMS = ["%02d" % i for i in range(1, 31)]
KINDS = {"polite-counterpart": "坐席", "customer-says": "客户", "agent-disowns": "坐席",
         "helpful-shared-words": "坐席"}
ASR = {("dev", n) for n in ("03", "08", "12", "17", "22", "26", "29")} | \
      {("blind", n) for n in ("02", "06", "10", "15", "19", "25")}
TIMED = {("dev", n) for n in ("01", "05", "14", "20", "22")} | \
        {("blind", n) for n in ("04", "09", "13", "23", "28")}
RUN = 6
LINE_RE = re.compile(r"^(\[(\d\d):(\d\d):(\d\d)\] )?(坐席|客户)：(.+)$")
PUNCT = "，。？！、；："

problems = []


def bad(msg):
    problems.append(msg)


def norm(s):
    """Letters, digits and CJK only (punctuation, quotes and spaces dropped), lower-cased."""
    return "".join(ch for ch in s.lower() if ch.isalnum())


def runs(s, n=RUN):
    s = norm(s)
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def cjk_runs(s, n=RUN):
    """Runs of n CJK characters only (rewordings6's README is half English prose)."""
    return {r for r in runs(s, n) if all("\u3400" <= ch <= "\u9fff" or ch > "\uffff" for ch in r)}


# ---- calls ----
calls = {}
for half in HALVES:
    d = os.path.join(HERE, "calls", half)
    names = sorted(os.listdir(d))
    want = ["rw7-%s.txt" % n for n in ITEMS]
    if names != want:
        bad("%s: files %s, expected rw7-01..30.txt" % (d, names))
    for nn in ITEMS:
        key = (half, nn)
        path = os.path.join(d, "rw7-%s.txt" % nn)
        if not os.path.exists(path):
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        calls[key] = lines
        where = "%s/rw7-%s.txt" % (half, nn)
        if not 22 <= len(lines) <= 35:
            bad("%s: %d lines (want 22-35)" % (where, len(lines)))
        if lines[0] != "# call_id: RW7-%s-%s" % (nn, half):
            bad("%s:1 call_id line is %r" % (where, lines[0]))
        if not lines[1].startswith("# industry: ") or len(lines[1]) <= len("# industry: "):
            bad("%s:2 industry line is %r" % (where, lines[1]))
        last = -1
        for i, ln in enumerate(lines[2:], start=3):
            m = LINE_RE.match(ln)
            if not m:
                bad("%s:%d not an utterance: %r" % (where, i, ln))
                continue
            if key in TIMED:
                if not m.group(1):
                    bad("%s:%d timed call, line without time" % (where, i))
                else:
                    t = int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4))
                    if i == 3 and t > 30:
                        bad("%s:3 first time %ds is past 00:00:30" % (where, t))
                    if t <= last:
                        bad("%s:%d time does not increase" % (where, i))
                    last = t
            elif m.group(1):
                bad("%s:%d untimed call has a time" % (where, i))
            if key in ASR and any(p in m.group(6) for p in PUNCT):
                bad("%s:%d ASR call with punctuation: %r" % (where, i, m.group(6)))


def utterance(key, no):
    lines = calls.get(key)
    if lines is None or not 3 <= no <= len(lines):
        return None, None
    m = LINE_RE.match(lines[no - 1])
    if not m:
        return None, None
    return m.group(5), m.group(6)


def parse_file(s, half, where):
    m = re.match(r"^(dev|blind)/rw7-(\d\d)\.txt$", s)
    if not m or m.group(1) != half:
        bad("%s: bad file %r" % (where, s))
        return None
    return (m.group(1), m.group(2))


# ---- labels ----
labelled = {}   # key -> list of (line, note)
used = set()
for half in HALVES:
    path = os.path.join(HERE, "labels", half + ".csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["file", "verdict", "concept", "line", "note"]:
        bad("%s: header %r" % (path, rows[0]))
    for r_no, row in enumerate(rows[1:], start=2):
        where = "labels/%s.csv:%d" % (half, r_no)
        if len(row) != 5:
            bad("%s: %d fields" % (where, len(row)))
            continue
        key = parse_file(row[0], half, where)
        if key is None:
            continue
        if row[1] != "fail" or row[2] != "forbidden-phrase":
            bad("%s: verdict/concept %r %r" % (where, row[1], row[2]))
        no = int(row[3])
        who, text = utterance(key, no)
        if who != "坐席":
            bad("%s: line %d is not an agent line (%r)" % (where, no, who))
        if text != row[4]:
            bad("%s: line %d is %r, note says %r" % (where, no, text, row[4]))
        if (key, no) in used:
            bad("%s: line %d labelled twice" % (where, no))
        used.add((key, no))
        labelled.setdefault(key, []).append((no, row[4]))

quiet = {}
for half in HALVES:
    path = os.path.join(HERE, "labels", "quiet-%s.csv" % half)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["file", "line", "kind", "sentence"]:
        bad("%s: header %r" % (path, rows[0]))
    for r_no, row in enumerate(rows[1:], start=2):
        where = "labels/quiet-%s.csv:%d" % (half, r_no)
        if len(row) != 4:
            bad("%s: %d fields" % (where, len(row)))
            continue
        key = parse_file(row[0], half, where)
        if key is None:
            continue
        no = int(row[1])
        if row[2] not in KINDS:
            bad("%s: kind %r" % (where, row[2]))
            continue
        who, text = utterance(key, no)
        if who != KINDS[row[2]]:
            bad("%s: line %d spoken by %r, %s wants %s" % (where, no, who, row[2], KINDS[row[2]]))
        if text != row[3]:
            bad("%s: line %d is %r, sentence says %r" % (where, no, text, row[3]))
        if (key, no) in used:
            bad("%s: line %d is labelled or listed twice" % (where, no))
        used.add((key, no))
        quiet.setdefault(key, []).append(row[2])

# ---- per call ----
for key in sorted(calls):
    where = "%s/rw7-%s.txt" % key
    labs = labelled.get(key, [])
    if len(labs) != 5:
        bad("%s: %d labels (want 5)" % (where, len(labs)))
    if len({norm(t) for _, t in labs}) != len(labs):
        bad("%s: two labelled wordings are the same" % where)
    if sorted(quiet.get(key, [])) != sorted(KINDS):
        bad("%s: quiet kinds %s" % (where, sorted(quiet.get(key, []))))

# ---- dev vs blind ----
for nn in ITEMS:
    dev = labelled.get(("dev", nn), [])
    blind = labelled.get(("blind", nn), [])
    for dn, dt in dev:
        for bn, bt in blind:
            common = runs(dt) & runs(bt)
            if common:
                bad("item %s: dev line %d and blind line %d share %s" % (nn, dn, bn, sorted(common)))

# ---- rewordings6's README ----
rw6 = os.path.join(HERE, "..", "rewordings6", "README.md")
if os.path.exists(rw6):
    text = open(rw6, encoding="utf-8").read()
    # leave out the table of seeds (rows naming 000 / 001 seeds)
    kept = [ln for ln in text.split("\n") if not re.match(r"^\| \d\d \| 00[01]", ln)]
    quoted = set()
    for ln in kept:
        quoted |= cjk_runs(ln)
    for key, labs in sorted(labelled.items()):
        for no, t in labs:
            common = cjk_runs(t) & quoted
            if common:
                bad("%s/rw7-%s.txt:%d shares %s with rewordings6/README.md" % (key + (no,) + (sorted(common),)))
else:
    print("note: ../rewordings6/README.md not found, that check skipped")

n_lab = sum(len(v) for v in labelled.values())
n_quiet = sum(len(v) for v in quiet.values())
if problems:
    print("\n".join(problems))
    print("%d problem(s)" % len(problems))
    sys.exit(1)
print("ok: %d calls, %d labelled lines, %d quiet lines" % (len(calls), n_lab, n_quiet))
for half in HALVES:
    ks = [k for k in calls if k[0] == half]
    kinds = {}
    for k in ks:
        for q in quiet.get(k, []):
            kinds[q] = kinds.get(q, 0) + 1
    print("  %s: %d calls, %d labelled, quiet %s" % (
        half, len(ks), sum(len(labelled.get(k, [])) for k in ks),
        " / ".join("%s %d" % (q, kinds.get(q, 0)) for q in KINDS)))
