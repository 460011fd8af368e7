// zhijian HTML report. Plain script, no libraries, nothing fetched: the page opens from
// disk offline. Text from transcripts only ever goes into the page as textContent.
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('zj-config').textContent);
  var T = cfg.t;
  var calls = JSON.parse(document.getElementById('zj-index').textContent);
  for (var i = 0; i < calls.length; i++) calls[i].i = i;

  var state = { q: '', r: 'all', bin: null, rule: null, agent: null, sort: null, dir: 1, page: 0 };
  var view = calls;
  var $ = function (id) { return document.getElementById(id); };
  var tbody = document.querySelector('#call-table tbody');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1);
    return s.replace(/%d/g, function () { return String(args.shift()); });
  }
  function num(x) { return x == null ? T.NoScore : String(Math.round(x * 100) / 100); }
  function bin(s) { return Math.max(0, Math.min(cfg.bins - 1, Math.floor(s / (100 / cfg.bins)))); }
  function role(r) { return (T.Roles && T.Roles[r]) || r || ''; }
  function sev(s) { return (T.Severities && T.Severities[s]) || s; }
  function resultWord(c) { return c.r === 'pass' ? T.PassWord : c.r === 'error' ? T.ErrorWord : T.FailWord; }

  // ---- the call table: filter, sort, page ----
  function matches(c) {
    if (state.r === 'fail' && c.r !== 'fail') return false;
    if (state.r === 'pass' && c.r !== 'pass') return false;
    if (state.r === 'error' && c.r !== 'error') return false;
    if (state.r === 'fatal' && !c.f) return false;
    if (state.bin !== null && (c.s == null || bin(c.s) !== state.bin)) return false;
    if (state.rule !== null && !(c.u && c.u.indexOf(state.rule) >= 0)) return false;
    if (state.agent !== null && (c.a || '') !== state.agent) return false;
    if (state.q) {
      var hay = (c.p + ' ' + (c.c || '') + ' ' + (c.a || '') + ' ' + (c.u ? c.u.join(' ') : '')).toLowerCase();
      if (hay.indexOf(state.q) < 0) {
        // Then what was said: the words of the call's drill-down (its transcript, its
        // findings' quotes, its metadata such as agent_name).
        var line = detailLine(c.i);
        if (!line || line.toLowerCase().indexOf(state.q) < 0) return false;
      }
    }
    return true;
  }
  function refilter() {
    view = calls.filter(matches);
    if (state.sort) {
      var k = state.sort, d = state.dir;
      view.sort(function (a, b) {
        var x = a[k], y = b[k];
        if (x == null && y == null) return a.i - b.i;
        if (x == null) return 1;
        if (y == null) return -1;
        if (x < y) return -d;
        if (x > y) return d;
        return a.i - b.i;
      });
    }
    state.page = 0;
    render();
  }
  function render() {
    var size = cfg.pageSize, pages = Math.max(1, Math.ceil(view.length / size));
    state.page = Math.min(state.page, pages - 1);
    var frag = document.createDocumentFragment();
    var start = state.page * size;
    view.slice(start, start + size).forEach(function (c) {
      var tr = el('tr', 'link');
      tr.dataset.call = c.i;
      tr.tabIndex = 0;
      var td = el('td', 'path');
      var a = el('a', null, c.p);
      a.href = '#call-' + c.i;
      td.appendChild(a);
      tr.appendChild(td);
      tr.appendChild(el('td', 'mono nowrap', c.c || ''));
      tr.appendChild(el('td', null, c.a || ''));
      tr.appendChild(el('td', 'num', num(c.s)));
      var res = el('td');
      res.appendChild(el('span', 'res ' + c.r, resultWord(c)));
      if (c.f) { res.appendChild(document.createTextNode(' ')); res.appendChild(el('span', 'tag fatal', T.FatalWord)); }
      tr.appendChild(res);
      tr.appendChild(el('td', 'num', c.r === 'error' ? '' : String(c.n)));
      var top = el('td');
      (c.u || []).slice(0, 3).forEach(function (u, j) {
        top.appendChild(el('code', 'chip', u + ' ×' + c.k[j]));
        top.appendChild(document.createTextNode(' '));
      });
      tr.appendChild(top);
      frag.appendChild(tr);
    });
    tbody.textContent = '';
    if (!view.length) {
      var tr = el('tr'), td = el('td', 'empty', T.NoCalls);
      td.colSpan = 7;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    $('page').textContent = fmt(T.PageOf, state.page + 1, pages);
    $('count').textContent = fmt(T.Shown, view.length);
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
  }
  function showFilter(label) {
    var box = $('active-filter');
    box.textContent = '';
    document.querySelectorAll('.on[data-bin], .on[data-rule], .on[data-agent]').forEach(function (e) { e.classList.remove('on'); });
    if (!label) { box.hidden = true; return; }
    box.appendChild(document.createTextNode(T.Filter + ': ' + label));
    var x = el('button', null, '✕');
    x.title = T.Clear;
    x.addEventListener('click', function () { state.bin = state.rule = state.agent = null; showFilter(null); refilter(); });
    box.appendChild(x);
    box.hidden = false;
  }
  function filterBy(kind, value, label, node) {
    state.bin = state.rule = state.agent = null;
    state[kind] = value;
    showFilter(label);
    if (node) node.classList.add('on');
    refilter();
    $('calls-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  // Typing refilters once the typist pauses: every call is looked at on each refilter.
  var typing;
  $('q').addEventListener('input', function (e) {
    clearTimeout(typing);
    typing = setTimeout(function () { state.q = e.target.value.trim().toLowerCase(); refilter(); }, calls.length > 2000 ? 150 : 0);
  });
  document.querySelectorAll('#result-filter button').forEach(function (b) {
    b.addEventListener('click', function () {
      document.querySelectorAll('#result-filter button').forEach(function (x) { x.classList.toggle('on', x === b); });
      state.r = b.dataset.r;
      refilter();
    });
  });
  document.querySelectorAll('#call-table th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      var k = th.dataset.sort;
      state.dir = state.sort === k ? -state.dir : 1;
      state.sort = k;
      document.querySelectorAll('#call-table th').forEach(function (x) { x.classList.remove('asc', 'desc'); });
      th.classList.add(state.dir > 0 ? 'asc' : 'desc');
      refilter();
    });
  });
  $('prev').addEventListener('click', function () { state.page--; render(); });
  $('next').addEventListener('click', function () { state.page++; render(); });
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-call]');
    if (tr && !e.target.closest('a')) location.hash = 'call-' + tr.dataset.call;
  });
  function activate(sel, fn) {
    document.querySelectorAll(sel).forEach(function (n) {
      n.addEventListener('click', function () { fn(n); });
      n.addEventListener('keydown', function (e) { if (e.key === 'Enter') fn(n); });
    });
  }
  activate('#histogram g.bin', function (n) {
    var b = +n.dataset.bin;
    filterBy('bin', b, T.Score + ' ' + n.querySelector('.lbl').textContent, n);
  });
  activate('[data-rule]', function (n) { filterBy('rule', n.dataset.rule, T.Rule + ' ' + n.dataset.rule, n); });
  activate('#agent-table tr[data-agent]', function (n) {
    filterBy('agent', n.dataset.agent, T.Agent + ' ' + n.cells[0].textContent, n);
  });

  // ---- the drill-down: one call's findings over its transcript ----
  var drill = $('drill'), body = $('drill-body');
  // detailLine returns call i's line of the details block. The block starts with a
  // newline and has one line per call; where each starts is found on first use.
  var details = null, starts = null;
  function detailLine(i) {
    if (starts === null) {
      details = document.getElementById('zj-details').textContent;
      starts = [];
      for (var at = details.indexOf('\n'); at >= 0 && at < details.length - 1; at = details.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    if (i < 0 || i >= starts.length) return null;
    var end = details.indexOf('\n', starts[i]);
    return details.slice(starts[i], end < 0 ? details.length : end);
  }

  // detail parses call i's drill-down data (written compactly, see html.go) into
  // objects with readable names.
  function detail(i) {
    var line = detailLine(i);
    if (!line) return null;
    var raw = JSON.parse(line), defs = cfg.defs || [];
    return {
      error: raw.e, meta: raw.meta, warnings: raw.w, skipped: raw.k, full: !!raw.full, orphans: raw.o, notes: raw.n || [],
      findings: raw.f.map(function (f) {
        var d = defs[f[0]];
        // shown: said (default), unanswered, missing, absent, measured or note; ev says
        // in words what stands behind a finding that has no quote (presentation.go).
        var shown = f[4] || 'said';
        return { rule: d[0], sev: d[1], msg: d[2], fatal: d[3], deduct: f[1], line: f[2], match: f[3],
          shown: shown, ev: f[5] || '', missing: shown === 'missing' || shown === 'absent' };
      }),
      lines: raw.L.map(function (u) {
        var segs = typeof u[4] === 'string' ? [{ x: u[4] }] : u[4].map(function (p) {
          return typeof p === 'string' ? { x: p } : { x: p[0], f: p[1] };
        });
        return { l: u[0], n: u[1], r: u[2], t: u[3], s: segs, m: u[5], h: u[6] };
      })
    };
  }
  function costText(f) {
    var parts = [];
    if (f.deduct > 0) parts.push('-' + num(f.deduct));
    if (f.deduct < 0) parts.push('+' + num(-f.deduct));
    if (f.fatal) parts.push(T.FatalWord);
    return parts.length ? '（' + parts.join('，') + '）' : '';
  }
  // missingNote is the box under a line (or above the transcript, orphan) for a finding
  // without a quote: a step missing there or in the whole call, or a measurement.
  function missingNote(f, k, orphan) {
    var measured = f.shown === 'measured';
    var m = el('div', (measured ? 'measured' : 'missing') + (orphan ? ' orphan' : ''));
    m.dataset.f = k;
    m.dataset.shown = f.shown;
    var where = f.shown === 'absent' ? T.Absent : orphan ? '' : T.MissingHere;
    m.appendChild(el('span', 'lbl', measured ? T.Measured : '⚠ ' + (f.shown === 'absent' ? T.Absent : T.Missing)));
    m.appendChild(document.createTextNode(f.msg + '（' + f.rule + '）' + costText(f) +
      (measured ? ' — ' + f.ev : where && f.shown !== 'absent' ? ' — ' + where : '')));
    return m;
  }
  function openCall(i) {
    var c = calls[i], d = detail(i);
    if (!c || !d) return closeDrill();
    body.textContent = '';
    var head = el('div', 'drill-head');
    var h = el('h2', null, c.p);
    h.id = 'drill-title';
    head.appendChild(h);
    var close = el('button', 'close', T.Close);
    close.addEventListener('click', function () { history.pushState('', '', location.pathname + location.search); closeDrill(); });
    head.appendChild(close);
    body.appendChild(head);

    var v = el('div', 'verdict');
    v.appendChild(el('span', 'score', num(c.s)));
    v.appendChild(el('span', 'res ' + c.r, resultWord(c)));
    if (c.f) v.appendChild(el('span', 'tag fatal', T.FatalWord));
    if (c.c) v.appendChild(el('span', 'mono', T.CallID + ' ' + c.c));
    if (c.a) v.appendChild(el('span', null, T.Agent + ' ' + c.a));
    body.appendChild(v);
    if (d.error) body.appendChild(el('div', 'note error', d.error));
    (d.warnings || []).forEach(function (w) { body.appendChild(el('div', 'note', T.Warnings + '：' + w)); });
    (d.skipped || []).forEach(function (s) { body.appendChild(el('div', 'note', T.SkippedRules + '：' + s)); });
    if (d.meta && d.meta.length) {
      var det = el('details');
      det.appendChild(el('summary', null, T.Metadata));
      var dl = el('dl', 'meta');
      d.meta.forEach(function (kv) { dl.appendChild(el('dt', null, kv[0])); dl.appendChild(el('dd', null, kv[1])); });
      det.appendChild(dl);
      body.appendChild(det);
    }
    if (d.error) { show(); return; }

    body.appendChild(el('h3', null, T.Findings + ' (' + d.findings.length + ')'));
    if (!d.findings.length) body.appendChild(el('p', 'empty', T.NoFindings));
    var ol = el('ol', 'findings');
    d.findings.forEach(function (f, k) {
      var li = el('li', 'finding');
      li.dataset.sev = f.sev;
      li.dataset.f = k;
      if (f.line) {
        var a = el('a', 'mono', c.p + ':' + f.line);
        a.addEventListener('click', function (e) { e.preventDefault(); jump(f.line); });
        li.appendChild(a);
        li.appendChild(document.createTextNode(' '));
      }
      li.appendChild(el('span', 'sev sev-' + f.sev, sev(f.sev)));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('code', null, f.rule));
      li.appendChild(document.createTextNode(' ' + f.msg + ' ' + costText(f) + ' '));
      li.dataset.shown = f.shown;
      if (f.shown === 'measured') {
        li.appendChild(el('span', 'tag measure', T.Measured));
        li.appendChild(el('span', 'ev', ' ' + f.ev));
      } else if (f.shown === 'absent') li.appendChild(el('span', 'tag', '⚠ ' + T.Absent));
      else if (f.missing) li.appendChild(el('span', 'tag', '⚠ ' + T.Missing));
      else if (f.shown === 'unanswered') {
        li.appendChild(el('q', 'trigger', f.match));
        li.appendChild(el('span', 'tag neutral', T.Unanswered));
      } else li.appendChild(el('q', null, f.match));
      ol.appendChild(li);
    });
    body.appendChild(ol);
    // What the tool let go, for audit: never a finding, never scored.
    if (d.notes.length) {
      body.appendChild(el('h3', null, T.Note + ' (' + d.notes.length + ')'));
      var nl = el('ul', 'notes');
      d.notes.forEach(function (n) {
        var li = el('li', 'note-item');
        li.dataset.shown = 'note';
        if (n[1]) {
          var a = el('a', 'mono', c.p + ':' + n[1]);
          a.addEventListener('click', function (e) { e.preventDefault(); jump(n[1]); });
          li.appendChild(a);
          li.appendChild(document.createTextNode(' '));
        }
        li.appendChild(el('code', null, n[0]));
        li.appendChild(document.createTextNode(' ' + n[2]));
        nl.appendChild(li);
      });
      body.appendChild(nl);
    }

    body.appendChild(el('h3', null, T.Transcript));
    if (!d.full) body.appendChild(el('div', 'note', T.Partial));
    var tr = el('div', 'transcript');
    (d.orphans || []).forEach(function (k) { tr.appendChild(missingNote(d.findings[k], k, true)); });
    d.lines.forEach(function (u) {
      var row = el('div', 'utt role-' + u.r);
      if (u.l) row.id = 'u' + u.l;
      row.dataset.line = u.l;
      if (u.h) row.classList.add('has-hit');
      if (u.m) row.classList.add('window');
      row.appendChild(el('span', 'ln', u.l ? String(u.l) : ''));
      row.appendChild(el('span', 'tm', u.t || ''));
      row.appendChild(el('span', 'who', role(u.r)));
      var tx = el('span', 'tx');
      u.s.forEach(function (s) {
        if (!s.f) { tx.appendChild(document.createTextNode(s.x)); return; }
        var f = d.findings[s.f[0]];
        // Words that only called for a reply are marked neutrally, not as a violation.
        var trigger = s.f.every(function (k) { return d.findings[k].shown === 'unanswered'; });
        var m = el('mark', trigger ? 'trigger' : 'hit sev-' + f.sev, s.x);
        m.dataset.rule = s.f.map(function (k) { return d.findings[k].rule; }).join(' ');
        m.title = s.f.map(function (k) { return d.findings[k].rule + '：' + d.findings[k].msg; }).join('\n');
        tx.appendChild(m);
      });
      row.appendChild(tx);
      tr.appendChild(row);
      (u.m || []).forEach(function (k) { tr.appendChild(missingNote(d.findings[k], k, false)); });
    });
    body.appendChild(tr);
    show();
  }
  function show() {
    drill.hidden = false;
    body.scrollTop = 0;
    body.querySelector('button.close').focus({ preventScroll: true });
  }
  function jump(line) {
    var row = document.getElementById('u' + line);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.classList.remove('flash');
    void row.offsetWidth;
    row.classList.add('flash');
  }
  function closeDrill() { drill.hidden = true; body.textContent = ''; }
  function route() {
    var m = /^#call-(\d+)$/.exec(location.hash);
    if (m) openCall(+m[1]); else closeDrill();
  }
  drill.addEventListener('click', function (e) { if (e.target === drill) { location.hash = ''; } });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !drill.hidden) location.hash = ''; });
  window.addEventListener('hashchange', route);

  refilter();
  route();
  window.zjReadyAt = performance.now();
  document.documentElement.dataset.ready = '1';
})();
