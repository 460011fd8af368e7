// Keyboard shortcuts on a call page: j/k move between findings, c confirms and r rejects
// the selected one, m jumps to the missed-violation form, n opens the next call.
(function () {
  const items = Array.from(document.querySelectorAll('#findings .finding'));
  let at = items.findIndex((li) => !li.classList.contains('confirm') && !li.classList.contains('reject'));
  if (at < 0) at = 0;
  function select(i) {
    if (!items.length) return;
    at = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((li, k) => li.classList.toggle('selected', k === at));
    items[at].scrollIntoView({ block: 'nearest' });
  }
  select(at);
  function decide(value) {
    const form = items[at] && items[at].querySelector('form');
    if (!form) return;
    const button = form.querySelector('button[value="' + value + '"]');
    if (button) form.requestSubmit(button);
  }
  document.addEventListener('keydown', (e) => {
    if (e.target.matches('input, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case 'j': select(at + 1); break;
      case 'k': select(at - 1); break;
      case 'c': decide('confirm'); break;
      case 'r': decide('reject'); break;
      case 'm': { const f = document.querySelector('#missed input[name=line]'); if (f) { e.preventDefault(); f.focus(); } break; }
      case 'n': { const n = document.getElementById('next'); if (n) location.href = n.href; break; }
      default: return;
    }
  });
})();
