// The release dashboard as one self-contained HTML page: inline styles, a small inline
// script (the compare picker, live refresh when served, open notes for printing), no
// request anywhere. Everything but the picker and live refresh works without JavaScript.
// Pure: data in, HTML out; every piece of untrusted text goes through html`` (html.ts).
//
// Here: the page's frame (head, header, footer, the data as JSON) and its main part. The
// sections: overview.ts (the environments table), app-section.ts (each app); shared markup:
// markup.ts; the style sheet: page-style.ts; the script: page-script.ts.
import { html, jsonForScript, trusted, type Html } from './html.js';
import type { DashboardData } from './data.js';
import { plural, when } from './markup.js';
import { overview } from './overview.js';
import { appSection } from './app-section.js';
import { STYLE } from './page-style.js';
import { SCRIPT, SCRIPT_HASH } from './page-script.js';

export interface PageOptions {
  /** served by `--serve`: the script polls ./fragment every interval seconds */
  live?: { intervalSeconds: number } | null;
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
