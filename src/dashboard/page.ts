// The release dashboard as one self-contained HTML page: inline styles, a small inline
// script (the compare picker, live refresh when served, open notes for printing), no
// request anywhere. Everything but the picker and live refresh works without JavaScript.
// Pure: data in, HTML out; every piece of untrusted text goes through html`` (html.ts).
import { createHash } from 'node:crypto';
import { html, jsonForScript, safeHref, trusted, type Html } from './html.js';
import type { ComparePair, DashboardData, DashboardRow, DeployEvent, LinkedChange, ProjectData, ReleaseGroup, RepoData } from './data.js';

export interface PageOptions {
  /** served by `--serve`: the script polls ./fragment every interval seconds */
  live?: { intervalSeconds: number } | null;
}

const HEALTH_TEXT: Record<DashboardRow['health'], { mark: string; label: string }> = {
  failed: { mark: '✖', label: 'deploy failed' },
  error: { mark: '⚠', label: 'not answering' },
  running: { mark: '◷', label: 'deploy running' },
  behind: { mark: '↓', label: 'behind' },
  unknown: { mark: '?', label: 'unknown' },
  current: { mark: '✔', label: 'up to date' },
};

const SOURCE_TEXT: Record<string, string> = { status: 'status endpoint', gitops: 'GitOps repository', 'deploy-log': 'deploy record' };

/** 2026-11-26 10:32 UTC */
function when(iso: string | null | undefined): Html {
  if (!iso) return html``;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`${iso}`;
  const text = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** A stable, attribute-safe key for <details> whose open state survives a live refresh. */
function key(...parts: Array<string | null>): string {
  return createHash('sha1').update(parts.map((p) => p ?? '').join('\0')).digest('hex').slice(0, 12);
}

function commitLink(sha: string, url: string | null): Html {
  const href = safeHref(url);
  return href ? html`<a class="sha" href="${href}"><code>${shortSha(sha)}</code></a>` : html`<code class="sha">${shortSha(sha)}</code>`;
}

function changeItem(c: LinkedChange): Html {
  return html`<li>${commitLink(c.sha, c.url)} <span class="subject">${c.header}</span></li>`;
}

const KINDS: Array<[keyof Pick<ReleaseGroup, 'breaking' | 'features' | 'fixes'>, string]> = [
  ['breaking', 'Breaking changes'],
  ['features', 'Features'],
  ['fixes', 'Fixes'],
];

function notesDetails(tag: string, notes: string | null, scope: string): Html {
  if (notes === null) return html`<p class="muted">${tag} is a lightweight tag: no release notes</p>`;
  return html`<details class="notes" data-key="${key('notes', scope, tag)}"><summary>Release notes of ${tag}</summary><pre>${notes}</pre></details>`;
}

/** Changes grouped by release, then by kind; each release's notes one click away. */
function groupsBlock(groups: ReleaseGroup[], notes: Map<string, string | null>, scope: string, level: 4 | 5): Html {
  return html`${groups.map((g) => {
    const title = g.tag ? html`In ${g.tag}` : html`Not released yet`;
    const heading = level === 4 ? html`<h4>${title}</h4>` : html`<h5>${title}</h5>`;
    return html`<section class="release">${heading}${g.tag ? notesDetails(g.tag, notes.get(g.tag) ?? null, scope) : ''}${KINDS.map(([k, label]) =>
      g[k].length ? html`<p class="kind kind-${k}">${label}</p><ul class="changes">${g[k].map(changeItem)}</ul>` : '',
    )}</section>`;
  })}`;
}

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

function overview(data: DashboardData): Html {
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

function pairSummary(p: ComparePair): string {
  const a = `${p.from}${p.fromVersion ? ` (${p.fromVersion})` : ''}`;
  const b = `${p.to}${p.toVersion ? ` (${p.toVersion})` : ''}`;
  switch (p.state) {
    case 'ahead': {
      const releases = new Set(p.changes.map((c) => c.releasedIn)).size;
      return `In ${a}, not yet in ${b}: ${plural(p.changes.length, 'change')}${p.changes.length ? ` in ${plural(releases, 'release')}` : ''}`;
    }
    case 'same':
      return `${p.from} and ${p.to} run the same release (${p.fromVersion})`;
    case 'behind':
      return `Nothing in ${a} that ${b} lacks (${p.to} runs a newer release)`;
    default:
      return `${p.from} and ${p.to} cannot be compared: ${!p.fromVersion ? `${p.from}'s version is unknown` : !p.toVersion ? `${p.to}'s version is unknown` : 'a version has no tag'}`;
  }
}

function compareBlock(repo: RepoData, pr: ProjectData, notes: Map<string, string | null>): Html {
  if (pr.environments.length < 2) return html``;
  const scope = `${repo.repo}\0${pr.project}`;
  const options = (selected: string) => pr.environments.map((e) => html`<option value="${e}"${e === selected ? trusted(' selected') : ''}>${e}</option>`);
  return html`<section class="compare" data-scope="${key('compare', scope)}"><h3>Compare two environments</h3>
<form class="picker" hidden><label>In <select name="from">${options(pr.environments[0]!)}</select></label> <label>not yet in <select name="to">${options(pr.environments[1]!)}</select></label></form>
<p class="same-env muted" hidden>Choose two different environments.</p>
${pr.compare.map(
    (p) => html`<details class="pair" data-from="${p.from}" data-to="${p.to}" data-key="${key('pair', scope, p.from, p.to)}"><summary>${pairSummary(p)}</summary>${
      p.state === 'ahead'
        ? groupsBlock(p.groups, notes, scope, 5)
        : html`<p class="muted">${
            p.state === 'same'
              ? 'Nothing to deploy from one to the other.'
              : p.state === 'behind'
                ? `Choose ${p.to} first and ${p.from} second to see what ${p.from} lacks.`
                : 'Both need a released version (a version with its tag) to be compared.'
          }</p>`
    }</details>`,
  )}</section>`;
}

function envBlock(r: DashboardRow, notes: Map<string, string | null>, scope: string): Html {
  const status = r.running ? `runs ${r.running}` : r.state === 'no-status' ? 'version unknown' : r.state;
  let body: Html;
  if (!r.running || r.releasesBehind === null) body = html`<p class="muted">${r.summary}</p>`;
  else if (!r.missing.length) body = html`<p class="ok-text">Has every change of the latest release${r.latest ? html` (${r.latest})` : ''}.</p>`;
  else body = groupsBlock(r.missing, notes, scope, 5);
  return html`<article class="env h-${r.health}"><h4>${r.env}: ${status}${r.releasesBehind ? html` — ${plural(r.releasesBehind, 'release')}, ${plural(r.commitsBehind ?? 0, 'commit')} behind ${r.latest}` : ''}</h4>${body}</article>`;
}

function appSection(repo: RepoData, data: DashboardData): Html {
  if (repo.error) {
    return html`<section class="app" aria-label="${repo.name}"><h2>${repo.name}</h2><p class="badge b-error">⚠ ${repo.error}</p></section>`;
  }
  return html`${repo.projects.map((pr) => {
    const scope = `${repo.repo}\0${pr.project}`;
    const notes = new Map<string, string | null>(pr.releases.map((r) => [r.tag, r.notes]));
    const rows = pr.environments.map((e) => data.rows.find((r) => r.repo === repo.repo && r.project === pr.project && r.env === e)).filter((r): r is DashboardRow => Boolean(r));
    const remote = safeHref(repo.remote?.url);
    return html`<section class="app" aria-labelledby="h-${key('app', scope)}"><h2 id="h-${key('app', scope)}">${pr.project}</h2>
<p class="meta"><code>${repo.repo}</code>${remote ? html` · <a href="${remote}">${remote}</a>` : ''} · latest release <strong>${pr.latest ?? 'none'}</strong></p>
<h3>What each environment lacks</h3>
${rows.map((r) => envBlock(r, notes, scope))}
<h3>Unreleased on ${repo.branch ?? 'the release branch'}</h3>
${
  !repo.branch
    ? html`<p class="muted">No release branch (branches.release in shipver.yaml) in this clone.</p>`
    : pr.unreleased.length
      ? html`<p>${plural(pr.unreleasedCount, 'commit')} after ${pr.releases[0]?.tag ?? 'the start'}, not in a release yet${pr.unreleasedCount > pr.unreleased.length ? ` (the newest ${pr.unreleased.length} shown)` : ''}:</p><ul class="changes">${pr.unreleased.map(
          (c) => html`<li>${commitLink(c.sha, c.url)} <span class="subject">${c.header}</span>${c.kind ? html` <span class="tag tag-${c.kind}">${c.kind === 'feat' ? 'feature' : c.kind}</span>` : ''}</li>`,
        )}</ul>`
      : html`<p class="ok-text">None: ${repo.branch} is at ${pr.releases[0]?.tag ?? 'its first commit'}.</p>`
}
${compareBlock(repo, pr, notes)}
<h3>Releases</h3>
${
  pr.releases.length
    ? html`<ul class="releases">${pr.releases.map((r) => {
        const href = safeHref(r.url);
        return html`<li><details class="notes" data-key="${key('release', scope, r.tag)}"><summary><strong>${r.tag}</strong> <span class="detail">${r.date}</span></summary>${
          r.notes !== null ? html`<pre>${r.notes}</pre>` : html`<p class="muted">a lightweight tag: no release notes</p>`
        }${href ? html`<p><a href="${href}">${r.tag} on ${repo.remote?.kind === 'gitlab' ? 'GitLab' : 'GitHub'}</a></p>` : ''}</details></li>`;
      })}</ul>`
    : html`<p class="muted">No release yet.</p>`
}
</section>`;
  })}`;
}

/** The part of the page live refresh replaces. */
export function renderMain(data: DashboardData): Html {
  const counts = { apps: new Set(data.rows.map((r) => `${r.repo}\0${r.app}`)).size, envs: data.rows.filter((r) => r.env).length };
  const attention = data.rows.filter((r) => r.health === 'failed' || r.health === 'error').length;
  return html`<p class="meta" id="generated">Read ${when(data.generatedAt)} · ${plural(counts.apps, 'app')}, ${plural(counts.envs, 'environment')}${
    attention ? html` · <strong class="warn-text">${plural(attention, 'environment needs', 'environments need')} attention</strong>` : ''
  }</p>
${overview(data)}
${data.repos.map((r) => appSection(r, data))}`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#5a6470;--line:#d6dbe1;--soft:#f4f6f8;--ok:#116329;--ok-bg:#dafbe1;--warn:#7d4e00;--warn-bg:#fff3c4;--bad:#a40e26;--bad-bg:#ffebe9;--run:#0550ae;--run-bg:#ddf4ff;--band0:#8fb8e8;--band1:#b7d3f2;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9aa5b1;--line:#30363d;--soft:#161b22;--ok:#56d364;--ok-bg:#12361d;--warn:#e3b341;--warn-bg:#3b2e0a;--bad:#ff7b72;--bad-bg:#4a1416;--run:#79c0ff;--run-bg:#0c2d4f;--band0:#1f6feb;--band1:#388bfd;--link:#79c0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:1400px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.02rem;margin:20px 0 6px}
h4{font-size:.98rem;margin:12px 0 4px}
h5{font-size:.92rem;margin:8px 0 2px}
a{color:var(--link)}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0}
.muted,.meta,.detail{color:var(--muted)}
.detail{font-size:.85rem}
table{border-collapse:collapse;width:100%}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:0 0 6px}
th,td{text-align:left;vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-bottom:2px solid var(--line)}
tbody th{font-weight:600}
tr.row{border-left:4px solid transparent}
tr.h-failed,tr.h-error{border-left-color:var(--bad);background:var(--bad-bg)}
tr.h-running{border-left-color:var(--run)}
tr.h-behind{border-left-color:var(--warn)}
tr.h-current{border-left-color:var(--ok)}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:1px 7px;border-radius:10px;white-space:nowrap}
.b-failed,.b-error{color:var(--bad);background:var(--bad-bg);border:1px solid var(--bad)}
.b-running{color:var(--run);background:var(--run-bg);border:1px solid var(--run)}
.b-behind{color:var(--warn);background:var(--warn-bg)}
.b-unknown{color:var(--muted);background:var(--soft)}
.b-current{color:var(--ok);background:var(--ok-bg)}
.attention .detail{margin-top:2px}
.version{font-size:1.05rem}
.ok-text{color:var(--ok)}
.warn-text{color:var(--bad)}
code.url,code.cmd{word-break:break-all}
code.url{font-size:12px}
time{white-space:nowrap}
td.c-running{min-width:8em;max-width:18em;overflow-wrap:anywhere}
td.c-source{min-width:12em;max-width:16em}
td.c-deploy{min-width:15em;max-width:26em}
td.c-behind{min-width:8em}
.table-wrap{overflow-x:auto}
svg.timeline{display:block}
.timeline line{stroke:var(--line);stroke-width:2}
.timeline .band-0 rect{fill:var(--band0)}.timeline .band-1 rect{fill:var(--band1)}
.timeline text{font:10px ui-monospace,monospace;fill:var(--fg)}
.timeline .mark-failed circle{fill:var(--bad)}.timeline .mark-running circle{fill:var(--run)}
.timeline .mark text{fill:#fff;font-weight:700}
.app{margin-top:8px}
article.env{border-left:3px solid var(--line);padding:0 0 0 12px;margin:10px 0}
article.env.h-failed,article.env.h-error{border-left-color:var(--bad)}
article.env.h-behind{border-left-color:var(--warn)}
article.env.h-current{border-left-color:var(--ok)}
.kind{margin:6px 0 2px;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.kind-breaking{color:var(--bad)}
ul.changes,ul.releases{margin:2px 0 8px;padding-left:20px}
ul.changes li{margin:2px 0}
.sha{margin-right:4px}
.tag{font-size:.75rem;padding:0 6px;border-radius:8px;background:var(--soft);border:1px solid var(--line)}
.tag-breaking{color:var(--bad);border-color:var(--bad)}
details{margin:4px 0}
summary{cursor:pointer}
details.pair{border:1px solid var(--line);border-radius:6px;padding:6px 10px}
form.picker{margin:6px 0 10px}
select{font:inherit;padding:2px 4px}
footer{padding:24px 20px;font-size:.8rem;color:var(--muted)}
@media print{
  :root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#999;--soft:#fff;--ok:#116329;--ok-bg:#fff;--warn:#7d4e00;--warn-bg:#fff;--bad:#a40e26;--bad-bg:#fff;--run:#0550ae;--run-bg:#fff;--band0:#aaa;--band1:#ddd;--link:#000}
  body{font-size:10pt}
  header,main,footer{max-width:none;padding:0}
  form.picker,#live{display:none}
  .table-wrap{overflow:visible}
  td.c-running,td.c-source,td.c-deploy,td.c-behind{min-width:0;max-width:none}
  th,td{padding:4px}
  code{word-break:break-all}
  svg.timeline{width:130px;height:auto}
  tr.row{break-inside:avoid}
  section.app{break-before:page}
  details.pair[hidden]{display:block}
  a{text-decoration:none}
}
`;

// The page's only script. It builds no markup: the picker shows and hides sections the
// server rendered, and live refresh puts the server's escaped HTML in place.
const SCRIPT = `(() => {
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

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

export function renderPage(data: DashboardData, opts: PageOptions = {}): string {
  const live = opts.live ?? null;
  // Nothing but this page's own style and script; a served page may also ask its server for updates.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; connect-src ${live ? "'self'" : "'none'"}; form-action 'none'; base-uri 'none'`;
  const title = `Release dashboard — ${[...new Set(data.rows.map((r) => r.app))].join(', ')}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="shipver dashboard">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body${live ? html` data-live="${String(live.intervalSeconds)}"` : ''}>
<header><h1>Release dashboard</h1><p class="meta">Which version runs where, what each environment lacks, what failed.${
    live ? html` <span id="live" role="status">live: re-read every ${plural(live.intervalSeconds, 'second')}</span>` : ''
  }</p></header>
<main id="main">
${renderMain(data)}
</main>
<footer>Made by <code>shipver dashboard</code>. The data: <code>shipver dashboard --json</code>, or the JSON below in this page.</footer>
<script type="application/json" id="shipver-data">${jsonForScript(data)}</script>
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
