// The page's only script. It builds no markup: the picker shows and hides sections the
// server rendered, and live refresh puts the server's escaped HTML in place.
import { createHash } from 'node:crypto';

export const SCRIPT = `(() => {
  'use strict';
  const all = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const choices = new Map();
  function pickers() {
    for (const box of all('section.compare')) {
      const form = box.querySelector('form.picker');
      const from = form.querySelector('select[name=from]');
      const to = form.querySelector('select[name=to]');
      const saved = choices.get(box.dataset.scope);
      if (saved) { from.value = saved[0]; to.value = saved[1]; }
      form.hidden = false;
      const show = () => {
        choices.set(box.dataset.scope, [from.value, to.value]);
        for (const d of all('details.pair', box)) {
          const match = d.dataset.from === from.value && d.dataset.to === to.value;
          d.hidden = !match;
          if (match) d.open = true;
        }
        box.querySelector('.same-env').hidden = from.value !== to.value;
      };
      from.addEventListener('change', show);
      to.addEventListener('change', show);
      show();
    }
  }
  pickers();
  let closed = [];
  addEventListener('beforeprint', () => {
    closed = all('details:not([open])');
    for (const d of closed) d.open = true;
  });
  addEventListener('afterprint', () => {
    for (const d of closed) d.open = false;
    closed = [];
  });
  const interval = Number(document.body.dataset.live || 0);
  if (!interval) return;
  const main = document.getElementById('main');
  const state = document.getElementById('live');
  async function refresh() {
    try {
      const res = await fetch('fragment', { cache: 'no-store' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const fragment = await res.text();
      const open = new Set(all('details[open][data-key]').map((d) => d.dataset.key));
      main.innerHTML = fragment;
      for (const d of all('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
      pickers();
      state.textContent = 'live: updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      state.textContent = 'live: could not update (' + e.message + '); trying again';
    } finally {
      setTimeout(refresh, interval * 1000);
    }
  }
  setTimeout(refresh, interval * 1000);
})();`;

export const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');
