// Renders one changelog section as conventional-changelog-writer 8 renders it with the
// conventionalcommits preset's templates, without Handlebars: the same reverted-commit
// filter, grouping, sort orders, whitespace and links, written out as string building.
//
// Why: at 100k commits the writer's Handlebars pass cost ~0.5 s of a changelog's ~2.5 s
// (template context per section, a property lookup per {{field}}, a partial call per
// commit). The output is byte-for-byte the writer's: test/changelog/render.test.ts renders
// every corpus message, random sections, reverts and link formats both ways.
//
// What the templates say, in order (mainTemplate, headerPartial, commitPartial):
//   ## [version](compare link) (date)                (link only with linkCompare; a
//                                                     "title" would follow the version, shipver gives none)
//   per note group:   \n### ⚠ title\n\n  * **scope:** text\n ...
//   per commit group: \n### title\n\n    * **scope:** subject (hash link), closes #1, #2\n ...
// then the writer trims the whole and adds one newline.

import { filterReverted } from '../commits/revert.js';

/** A commit as the templates read it (see items.ts Entry). */
export interface RenderCommit {
  hash?: string | null;
  shortHash?: string | null;
  header?: string | null;
  /** the section title: commits are grouped by it */
  type?: string | null;
  scope?: string | null;
  subject?: string | null;
  notes: ReadonlyArray<{ title: string; text: string }>;
  references?: ReadonlyArray<RenderReference> | null;
  revert?: Record<string, string | null> | null;
}

export interface RenderReference {
  owner?: string | null;
  repository?: string | null;
  prefix?: string | null;
  issue?: string | null;
}

/** The section's own fields (the writer's "key commit"). */
export interface RenderHeader {
  version: string;
  currentTag: string;
  previousTag: string | null;
  linkCompare: boolean;
  date: string;
}

type Comparator<T> = (a: T, b: T) => number;
interface Group {
  title: string;
  commits: RenderCommit[];
}

export interface RenderOptions {
  /** context.linkReferences: commit hashes and issues become links */
  linkReferences: boolean;
  /** the remote's host, owner and repository (context.host/owner/repository) */
  root: { host?: string; owner?: string; repository?: string };
  /** the URL formats (urlFormats in remote.ts), with {{host}}, {{owner}}, {{hash}}... */
  formats: { commitUrlFormat: string; compareUrlFormat: string; issueUrlFormat: string } | null;
  /** the preset's writer options: commitsSort, commitGroupsSort, noteGroupsSort, notesSort */
  commitsSort?: unknown;
  commitGroupsSort?: unknown;
  noteGroupsSort?: unknown;
  notesSort?: unknown;
}

/** Handlebars' {{#if}}: false for undefined, null, false, '', 0, NaN and empty arrays. */
function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

/** Handlebars' {{value}} with noEscape. */
function text(v: unknown): string {
  return v == null ? '' : String(v);
}

/** The writer's createComparator: a key, several keys (concatenated), or a function. */
export function comparator<T>(by: unknown): Comparator<T> | undefined {
  const field = (o: T, k: string) => ((o as Record<string, unknown>)[k] || '') as string;
  if (typeof by === 'string') return (a, b) => field(a, by).localeCompare(field(b, by));
  if (Array.isArray(by)) {
    return (a, b) => {
      let x = '';
      let y = '';
      for (const k of by as string[]) {
        x += field(a, k);
        y += field(b, k);
      }
      return x.localeCompare(y);
    };
  }
  return typeof by === 'function' ? (by as Comparator<T>) : undefined;
}

// conventional-commits-filter's reverted-commit filter: one rule with `next` (commits/revert.ts)
export { filterReverted };

/** Fills a URL format's {{name}} placeholders. */
function fill(format: string, value: (name: string) => string): string {
  return format.replace(/\{\{(\w+)\}\}/g, (_, name: string) => value(name));
}

/** One section, as the writer yields it for a section that is not the first (no leading newline). */
export function renderSection(header: RenderHeader, entries: readonly RenderCommit[], o: RenderOptions): string {
  const root = o.root;
  // the preset expands {{owner}} and {{repository}} to "this.owner if set, else @root.owner"
  const ownerOf = (self: { owner?: unknown }) => text(truthy(self.owner) ? self.owner : root.owner);
  const repositoryOf = (self: { repository?: unknown }) => text(truthy(self.repository) ? self.repository : root.repository);
  const commits = filterReverted(entries);

  // ## [version](compare) "title" (date)
  let out = '## ';
  if (header.linkCompare && o.formats) {
    // in the header "this" is the root: its own owner and repository
    const url = fill(o.formats.compareUrlFormat, (k) =>
      k === 'host' ? text(root.host) : k === 'owner' ? text(root.owner) : k === 'repository' ? text(root.repository) : k === 'previousTag' ? text(header.previousTag) : k === 'currentTag' ? text(header.currentTag) : '',
    );
    out += `[${text(header.version)}](${url})`;
  } else out += text(header.version);
  if (truthy(header.date)) out += ` (${text(header.date)})\n`;

  // notes, grouped by title in order of appearance
  const noteGroups: Array<{ title: string; notes: Array<{ text: string; scope: unknown }> }> = [];
  for (const c of commits) {
    for (const n of c.notes) {
      let g = noteGroups.find((x) => x.title === n.title);
      if (!g) noteGroups.push((g = { title: n.title, notes: [] }));
      g.notes.push({ ...n, scope: c.scope });
    }
  }
  const noteGroupsSort = comparator<{ title: string }>(o.noteGroupsSort);
  if (noteGroupsSort) noteGroups.sort(noteGroupsSort);
  const notesSort = comparator<unknown>(o.notesSort);
  if (notesSort) for (const g of noteGroups) g.notes.sort(notesSort);
  for (const g of noteGroups) {
    out += `\n### ⚠ ${text(g.title)}\n\n`;
    for (const n of g.notes) out += `* ${truthy(n.scope) ? `**${text(n.scope)}:** ` : ''}${text(n.text)}\n`;
  }

  // commit groups: by title in order of appearance (the section's own group, '', first)
  const byTitle = new Map<string, RenderCommit[]>([['', []]]);
  for (const c of commits) {
    const title = c.type || '';
    const list = byTitle.get(title);
    if (list) list.push(c);
    else byTitle.set(title, [c]);
  }
  const commitsSort = comparator<RenderCommit>(o.commitsSort);
  let groups: Group[] = [];
  for (const [title, list] of byTitle) {
    if (commitsSort) list.sort(commitsSort);
    groups.push({ title, commits: list });
  }
  const groupsSort = comparator<Group>(o.commitGroupsSort);
  if (groupsSort) groups.sort(groupsSort);
  groups = groups.filter((g) => g.commits.length > 0);

  const link = o.linkReferences;
  for (const g of groups) {
    out += '\n';
    if (truthy(g.title)) out += `### ${text(g.title)}\n\n`;
    for (const c of g.commits) {
      let line = '*';
      if (truthy(c.scope)) line += ` **${text(c.scope)}:**`;
      line += ` ${truthy(c.subject) ? text(c.subject) : text(c.header)}`;
      if (truthy(c.hash)) {
        if (link && o.formats) {
          const url = fill(o.formats.commitUrlFormat, (k) => (k === 'host' ? text(root.host) : k === 'owner' ? ownerOf(c as object) : k === 'repository' ? repositoryOf(c as object) : k === 'hash' ? text(c.hash) : ''));
          line += ` ([${text(c.shortHash)}](${url}))`;
        } else line += ` ${text(c.shortHash)}`;
      }
      if (truthy(c.references)) {
        line += ', closes';
        for (const r of c.references!) {
          const name = `${truthy(r.owner) ? `${text(r.owner)}/` : ''}${text(r.repository)}${text(r.prefix)}${text(r.issue)}`;
          if (link && o.formats) {
            const url = fill(o.formats.issueUrlFormat, (k) =>
              k === 'host' ? text(root.host) : k === 'owner' ? ownerOf(r) : k === 'repository' ? repositoryOf(r) : k === 'id' ? text(r.issue) : k === 'prefix' ? text(r.prefix) : '',
            );
            line += ` [${name}](${url})`;
          } else line += ` ${name}`;
        }
      }
      out += `${line}\n`;
    }
  }
  return `${out.trim()}\n`;
}
