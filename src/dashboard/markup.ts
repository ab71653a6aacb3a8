// Markup the page's sections share: times, counts, commit links, the changes of a release
// grouped by kind, a release's notes. Every piece of untrusted text goes through html`` (html.ts).
import { createHash } from 'node:crypto';
import { html, safeHref, type Html } from './html.js';
import type { LinkedChange, ReleaseGroup } from './changes.js';

/** 2026-11-26 10:32 UTC */
export function when(iso: string | null | undefined): Html {
  if (!iso) return html``;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`${iso}`;
  const text = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** A stable, attribute-safe key for <details> whose open state survives a live refresh. */
export function key(...parts: Array<string | null>): string {
  return createHash('sha1').update(parts.map((p) => p ?? '').join('\0')).digest('hex').slice(0, 12);
}

export function commitLink(sha: string, url: string | null): Html {
  const href = safeHref(url);
  return href ? html`<a class="sha" href="${href}"><code>${shortSha(sha)}</code></a>` : html`<code class="sha">${shortSha(sha)}</code>`;
}

export function changeItem(c: LinkedChange): Html {
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
export function groupsBlock(groups: ReleaseGroup[], notes: Map<string, string | null>, scope: string, level: 4 | 5): Html {
  return html`${groups.map((g) => {
    const title = g.tag ? html`In ${g.tag}` : html`Not released yet`;
    const heading = level === 4 ? html`<h4>${title}</h4>` : html`<h5>${title}</h5>`;
    return html`<section class="release">${heading}${g.tag ? notesDetails(g.tag, notes.get(g.tag) ?? null, scope) : ''}${KINDS.map(([k, label]) =>
      g[k].length ? html`<p class="kind kind-${k}">${label}</p><ul class="changes">${g[k].map(changeItem)}</ul>` : '',
    )}</section>`;
  })}`;
}
