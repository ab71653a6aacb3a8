// The page's section of each app (a project of a repository): what each environment lacks,
// the unreleased commits, the comparison of two environments, the releases and their notes.
import { html, safeHref, trusted, type Html } from './html.js';
import type { ComparePair } from './compare.js';
import type { DashboardRow } from './environments.js';
import type { DashboardData, ProjectData, RepoData } from './data.js';
import { commitLink, groupsBlock, key, plural } from './markup.js';

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

export function appSection(repo: RepoData, data: DashboardData): Html {
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
