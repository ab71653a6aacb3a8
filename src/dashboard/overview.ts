// The page's first section: the table of every app and environment, worst first, with the
// version each runs, where that was read, the last deploy, how far behind it is and a
// timeline of its deploys.
import { html, type Html } from './html.js';
import type { DeployEvent } from './deploys.js';
import type { DashboardRow } from './environments.js';
import type { DashboardData } from './data.js';
import { plural, when } from './markup.js';

const HEALTH_TEXT: Record<DashboardRow['health'], { mark: string; label: string }> = {
  failed: { mark: '✖', label: 'deploy failed' },
  error: { mark: '⚠', label: 'not answering' },
  running: { mark: '◷', label: 'deploy running' },
  behind: { mark: '↓', label: 'behind' },
  unknown: { mark: '?', label: 'unknown' },
  current: { mark: '✔', label: 'up to date' },
};

const SOURCE_TEXT: Record<string, string> = { status: 'status endpoint', gitops: 'GitOps repository', 'deploy-log': 'deploy record' };

/** Which version ran when, from the deploy record: one band per successful deploy, a mark per failed or running one. */
export function timelineSvg(events: DeployEvent[], now: string, label: string): Html {
  if (!events.length) return html`<span class="muted">no deploys recorded</span>`;
  const W = 200;
  const H = 34;
  const t = (e: { start: string }) => new Date(e.start).getTime();
  const t0 = Math.min(...events.map(t));
  const t1 = Math.max(new Date(now).getTime(), ...events.map(t)) + 1;
  const x = (ms: number) => 4 + ((ms - t0) / (t1 - t0)) * (W - 8);
  const ok = events.filter((e) => e.status === 'ok');
  const bands = ok.map((e, i) => {
    const x1 = x(t(e));
    const x2 = i + 1 < ok.length ? x(t(ok[i + 1]!)) : W - 4;
    const width = Math.max(2, x2 - x1);
    return html`<g class="band band-${i % 2}"><title>${e.version} deployed ${e.start}</title><rect x="${x1.toFixed(1)}" y="6" width="${width.toFixed(1)}" height="12" rx="2"></rect>${
      width > 30 ? html`<text x="${(x1 + 3).toFixed(1)}" y="30">${e.version}</text>` : ''
    }</g>`;
  });
  const marks = events
    .filter((e) => e.status !== 'ok')
    .map((e) => {
      const cx = x(t(e));
      const what = e.status === 'running' ? `${e.version}: deploy ${e.outcome}` : `${e.version}: deploy ${e.outcome}${e.exitCode !== null ? ` (exit ${e.exitCode})` : ''}`;
      return html`<g class="mark mark-${e.status}"><title>${what} at ${e.start}</title><circle cx="${cx.toFixed(1)}" cy="12" r="5"></circle><text x="${cx.toFixed(1)}" y="15.5" text-anchor="middle">${e.status === 'running' ? '…' : '×'}</text></g>`;
    });
  const desc = events.map((e) => `${e.version} ${e.outcome} ${e.start.slice(0, 16).replace('T', ' ')}`).join('; ');
  return html`<svg class="timeline" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${`${label}: ${desc}`}"><line x1="4" y1="12" x2="${W - 4}" y2="12"></line>${bands}${marks}</svg>`;
}

function runningCell(r: DashboardRow): Html {
  if (r.env === null) return html`<span class="badge b-error">repository not readable</span>`;
  if (r.running && r.state !== 'untagged') return html`<strong class="version">${r.running}</strong>`;
  if (r.running) return html`<strong class="version">${r.running}</strong> <span class="detail">${r.detail}</span>`;
  if (r.state === 'no-status') return html`<span class="muted">unknown</span> <span class="detail">no status URL, no deploy recorded</span>`;
  return html`<span class="badge b-error">${r.state}</span> <span class="detail">${r.detail}</span>`;
}

function sourceCell(r: DashboardRow): Html {
  if (!r.source) return html`<span class="muted">—</span>`;
  const what = SOURCE_TEXT[r.source] ?? r.source;
  const where = r.source === 'status' && r.url ? html`<br><code class="url">${r.url}</code>` : r.source === 'gitops' && r.detail ? html`<br><span class="detail">${r.detail}</span>` : '';
  const time = r.source === 'deploy-log' ? html`<br><span class="detail">deployed ${when(r.readAt)}</span>` : html`<br><span class="detail">read ${when(r.readAt)}</span>`;
  return html`${what}${where}${time}`;
}

function deployCell(r: DashboardRow): Html {
  const a = r.deploys.attention;
  if (a) {
    const cls = a.status === 'running' ? 'b-running' : 'b-failed';
    const head = a.status === 'running' ? `◷ deploy of ${a.version} running` : `✖ deploy of ${a.version} ${a.outcome.toUpperCase()}${a.exitCode !== null ? ` (exit ${a.exitCode})` : ''}`;
    return html`<div class="attention"><span class="badge ${cls}">${head}</span> <span class="detail">${when(a.start)}${a.message ? html` — ${a.message}` : ''}</span>${
      a.log ? html`<div class="detail">log: <code>${a.log}</code></div>` : ''
    }${a.status === 'failed' ? html`<div class="detail">retry: <code class="cmd">${a.retry}</code> <span class="muted">in</span> <code>${a.cwd}</code></div>` : ''}</div>`;
  }
  const l = r.deploys.last;
  if (!l) return html`<span class="muted">none recorded</span>`;
  return html`<span class="ok-text">✔ ${l.version} ${l.outcome}</span> <span class="detail">${when(l.start)}</span>`;
}

function behindCell(r: DashboardRow): Html {
  if (r.releasesBehind === null) return html`<span class="muted">—</span>`;
  if (r.releasesBehind === 0) return html`<span class="ok-text">up to date</span>`;
  return html`<strong>${plural(r.releasesBehind, 'release')}</strong>, ${plural(r.commitsBehind ?? 0, 'commit')} <span class="detail">behind ${r.latest}</span>`;
}

export function overview(data: DashboardData): Html {
  return html`<section aria-labelledby="h-overview"><h2 id="h-overview">Environments</h2>
<div class="table-wrap"><table class="overview">
<caption>One row per app and environment, the worst state first.</caption>
<thead><tr><th scope="col">App</th><th scope="col">Environment</th><th scope="col">State</th><th scope="col">Running</th><th scope="col">Read from</th><th scope="col">Last deploy</th><th scope="col">Behind the latest release</th><th scope="col">Timeline</th></tr></thead>
<tbody>${data.rows.map((r) => {
    const h = HEALTH_TEXT[r.health];
    return html`<tr class="row h-${r.health}" data-app="${r.app}" data-env="${r.env ?? ''}">
<th scope="row">${r.app}</th><td>${r.env ?? html`<span class="muted">${r.repo}</span>`}</td><td><span class="badge b-${r.health}">${h.mark} ${h.label}</span></td><td class="c-running">${runningCell(r)}</td><td class="c-source">${sourceCell(r)}</td><td class="c-deploy">${deployCell(r)}</td><td class="c-behind">${behindCell(r)}</td><td>${
      r.env ? timelineSvg(r.deploys.timeline, data.generatedAt, `${r.app} in ${r.env}`) : ''
    }</td></tr>`;
  })}</tbody>
</table></div></section>`;
}
