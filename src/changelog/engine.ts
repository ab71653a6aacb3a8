// The one place that turns commit messages into rendered notes, shared by the single
// range (notes.ts) and the whole history (history.ts):
//
//   classify(sha, message)  → not conventional | hidden | an included entry (small)
//   render(items, sink)     → [section marker, entries..., section marker, entries...]
//                             rendered section by section as conventional-changelog-writer
//                             renders them with the preset's templates (render.ts)
//
// classify runs the conventionalcommits preset's writer transform (transform() below, its
// reimplementation) at parse time, so only the commits that will be shown are kept (a few
// fields each), and the renderer never sees hidden ones. A cheap, exact pre-check skips the full parser for messages whose
// header alone decides the outcome (not conventional, or a hidden type with no
// breaking-change or Release-As footer possible) — see quickClassify.
import '../commits/parser-guard.js';
import { CommitParser, type Commit, type CommitReference } from 'conventional-commits-parser';
import createPreset from 'conventional-changelog-conventionalcommits';
import { MAX_SCANNED_LINE } from '../commits/parser-guard.js';
import { mergeRevertOf } from '../commits/revert.js';
import type { ChangelogType } from '../config/types.js';
import { urlFormats, type RemoteInfo } from './remote.js';
import { renderSection, type RenderOptions } from './render.js';

export interface NotesCounts {
  /** commits looked at */
  commits: number;
  /** commits shown in the notes */
  included: number;
  /** messages that are not conventional commits (left out) */
  notConventional: number;
  /** conventional commits of a hidden or unlisted type, with no breaking change (left out) */
  hidden: number;
}

export function zeroCounts(): NotesCounts {
  return { commits: 0, included: 0, notConventional: 0, hidden: 0 };
}

/** What the templates read of a commit; everything else is dropped at parse time. */
export interface Entry {
  hash: string;
  shortHash: string;
  header: string | null;
  /** the section title (the preset maps the type to its section); entries are grouped by it */
  type: string | null;
  scope: string | null;
  subject: string | null;
  notes: Array<{ title: string; text: string }>;
  references: CommitReference[];
  revert: Record<string, string | null> | null;
}

export type Classified = { kind: 'not-conventional' } | { kind: 'hidden' } | { kind: 'included'; entry: Entry };

/** The heading of one section: `## [version](compare previousTag...tag) (date)`. */
export interface SectionHeader {
  /** shown in the heading: a version, or a label such as "Unreleased" */
  version: string;
  /** the ref the section ends at (a tag, or HEAD); the right side of the compare link */
  tag: string;
  /** the left side of the compare link; null = no compare link (first release) */
  previousTag: string | null;
  /** YYYY-MM-DD */
  date: string;
}

export interface Marker {
  __section: true;
  version: string;
  currentTag: string;
  previousTag: string | null;
  linkCompare: boolean;
  date: string;
  /** markers pass through the writer's grouping like commits: they need these */
  notes: [];
  revert: null;
}

export type Item = Marker | Entry;

export interface EngineOptions {
  remote: RemoteInfo | null;
  types: readonly ChangelogType[];
}

const NOT_CONVENTIONAL: Classified = { kind: 'not-conventional' };
const HIDDEN: Classified = { kind: 'hidden' };

type PresetTransform = (commit: Commit & { hash: string }, context: Record<string, unknown>) => Partial<Entry> | undefined | null;

// What the preset's transform matches in a subject, and how it fills its URL formats
// (expandTemplate: one String.replace per placeholder, in this order, with the value as
// the replacement string).
const RELEASE_AS = /release-as:\s*\w*@?([0-9]+\.[0-9]+\.[0-9a-z]+(-[0-9a-z.]+)?)\s*/i;
const ISSUE_IN_SUBJECT = /(#)([a-z0-9]+)/g; // (issuePrefixes.join('|'))([a-z0-9]+), prefixes ['#']
const USER_IN_SUBJECT = /`[^`]*`|\B@([a-z0-9](?:-?[a-z0-9/]){0,38})/g;
const PLACEHOLDER = { host: /{{host}}/g, owner: /{{owner}}/g, repository: /{{repository}}/g, id: /{{id}}/g, prefix: /{{prefix}}/g, user: /{{user}}/g };

/** The remote's fields, then an issue's (id, prefix) or a user's, as expandTemplate fills them. */
function expandUrl(format: string, context: Record<string, unknown>, more: { id: string; prefix: string } | { user: string }): string {
  const s = format.replace(PLACEHOLDER.host, String(context.host)).replace(PLACEHOLDER.owner, String(context.owner)).replace(PLACEHOLDER.repository, String(context.repository));
  if ('user' in more) return s.replace(PLACEHOLDER.user, more.user);
  return s.replace(PLACEHOLDER.id, more.id).replace(PLACEHOLDER.prefix, more.prefix);
}

export class NotesEngine {
  readonly remote: RemoteInfo | null;
  private readonly types: readonly ChangelogType[];
  private readonly parser: CommitParser;
  private readonly writerOpts: Record<string, unknown>;
  private readonly presetTransform: PresetTransform;
  private readonly linkContext: Record<string, unknown>;
  private readonly headerPattern: RegExp;
  private readonly breakingHeaderPattern: RegExp | null;
  /** the remote's URL formats (null: no remote, no links) */
  private readonly formats: ReturnType<typeof urlFormats> | null;
  /** false: the preset has issue prefixes transform() does not reimplement, so its own transform runs */
  private readonly ownTransform: boolean;
  /** how render() renders a section: the preset's sort orders, the remote's links */
  private readonly sectionOptions: RenderOptions;

  constructor(opts: EngineOptions) {
    this.remote = opts.remote;
    this.types = opts.types;
    this.formats = opts.remote ? urlFormats(opts.remote.kind) : null;
    const preset = createPreset({
      types: opts.types.map((t) => ({ type: t.type, section: t.section, hidden: t.hidden })),
      ...this.formats,
    });
    this.parser = new CommitParser(preset.parser);
    this.writerOpts = preset.writer;
    this.presetTransform = preset.writer.transform as PresetTransform;
    this.linkContext = opts.remote ? { host: opts.remote.host, owner: opts.remote.owner, repository: opts.remote.repository } : {};
    this.headerPattern = preset.parser.headerPattern as RegExp;
    this.breakingHeaderPattern = (preset.parser.breakingHeaderPattern as RegExp | undefined) ?? null;
    const prefixes = preset.parser.issuePrefixes as unknown;
    this.ownTransform = Array.isArray(prefixes) && prefixes.length === 1 && prefixes[0] === '#';
    const w = preset.writer;
    this.sectionOptions = {
      linkReferences: Boolean(opts.remote),
      root: this.linkContext as RenderOptions['root'],
      formats: this.formats,
      commitsSort: w.commitsSort,
      commitGroupsSort: w.commitGroupsSort,
      noteGroupsSort: w.noteGroupsSort,
      notesSort: w.notesSort,
    };
  }

  /** Never throws: any message (empty, binary garbage, huge) is classified. */
  classify(sha: string, message: string): Classified {
    try {
      return this.quickClassify(message) ?? this.fullClassify(sha, message);
    } catch {
      return NOT_CONVENTIONAL;
    }
  }

  /** The reference result: always the full parser and the preset's own transform (tests check classify against it). */
  classifyExact(sha: string, message: string): Classified {
    try {
      return this.fullClassify(sha, message, false);
    } catch {
      return NOT_CONVENTIONAL;
    }
  }

  /**
   * Decides from the header alone when that is exact, else returns null. It mirrors
   * conventional-commits-parser 6.x: the header is the first line after leading
   * newlines are trimmed (unless it is a `gpg:` line), the type comes only from the
   * header pattern, a revert only from the revert pattern at the start of the message,
   * notes only from a line containing a note keyword or a `!` header.
   */
  private quickClassify(message: string): Classified | null {
    const start = message.search(/[^\r\n]/);
    if (start === -1) return NOT_CONVENTIONAL;
    if (/^revert/i.test(message)) return null;
    const nl = message.indexOf('\n', start);
    let header = nl === -1 ? message.slice(start) : message.slice(start, nl);
    if (header.endsWith('\r')) header = header.slice(0, -1);
    if (/^\s*gpg:/.test(header)) return null;
    const m = this.headerPattern.exec(header);
    if (!m || !m[1]) return NOT_CONVENTIONAL;
    if (this.breakingHeaderPattern?.test(header)) return null;
    const type = m[1].toLowerCase();
    const entry = this.types.find((t) => t.type === type);
    if (entry && !entry.hidden) return null; // shown: needs the full parse for references
    const lower = message.toLowerCase();
    if (lower.includes('breaking change') || lower.includes('breaking-change') || lower.includes('release-as:')) return null;
    return HIDDEN;
  }

  /** The full parser, then transform() or (`own` false) the preset's own transform. */
  private fullClassify(sha: string, message: string, own = this.ownTransform): Classified {
    if (!message.trim()) return NOT_CONVENTIONAL;
    const parsed = this.parser.parse(boundLines(message)) as Commit;
    // a merge's revert is a revert as in `next` (commits/revert.ts), though the preset's pattern misses it
    if (!parsed.revert) {
      const merge = mergeRevertOf(message);
      if (merge) parsed.revert = { ...merge };
    }
    if (!parsed.type && !parsed.revert) return NOT_CONVENTIONAL;
    const patch = own ? this.transform(parsed, sha) : this.presetTransform({ ...parsed, hash: sha } as Commit & { hash: string }, this.linkContext);
    if (!patch) return HIDDEN;
    const entry: Entry = {
      hash: sha,
      shortHash: patch.shortHash ?? sha.slice(0, 7),
      header: parsed.header ?? null,
      type: patch.type ?? null,
      scope: patch.scope ?? null,
      // without a remote the preset would link issues and @users to "undefined/...": keep the text
      subject: this.remote ? (patch.subject ?? null) : (parsed.subject ?? null),
      notes: (patch.notes ?? []).map((n) => ({ title: n.title, text: n.text })),
      references: patch.references ?? [],
      revert: (parsed.revert as Record<string, string | null> | null) ?? null,
    };
    return { kind: 'included', entry };
  }

  /**
   * The conventionalcommits preset's writer transform (v9), for the options shipver gives
   * it (its types, no scope filter, issue prefix "#"), without its per-commit costs: a
   * copy of the commit, a RegExp built per commit and per URL placeholder. The same
   * regexes and replace calls, so the same strings; classifyExact runs the preset's own
   * and the tests compare the two on the corpus.
   */
  private transform(c: Commit, sha: string): Partial<Entry> | undefined {
    const typeKey = (c.revert ? 'revert' : c.type || '').toLowerCase();
    const entry = this.types.find((t) => t.type === typeKey);
    let discard = !((c.footer && RELEASE_AS.test(c.footer)) || (c.body && RELEASE_AS.test(c.body)));
    const notes = c.notes.map((note) => {
      discard = false;
      return { ...note, title: 'BREAKING CHANGES' };
    });
    if (discard && (entry === undefined || entry.hidden)) return undefined;
    const issues: string[] = [];
    let subject = c.subject;
    if (typeof subject === 'string') {
      const { formats, linkContext } = this;
      subject = subject.replace(ISSUE_IN_SUBJECT, (_, prefix: string, issue: string) => {
        issues.push(prefix + issue);
        return formats ? `[${prefix}${issue}](${expandUrl(formats.issueUrlFormat, linkContext, { id: issue, prefix })})` : '';
      });
      if (formats) {
        subject = subject.replace(USER_IN_SUBJECT, (match: string, user: string | undefined) => {
          if (!user) return match;
          if (user.includes('/')) return `@${user}`;
          return `[@${user}](${expandUrl(formats.userUrlFormat, linkContext, { user })})`;
        });
      }
    }
    return {
      notes,
      type: entry ? entry.section : c.type,
      scope: c.scope === '*' ? '' : c.scope,
      shortHash: sha.substring(0, 7),
      subject,
      references: c.references.filter((r) => !issues.includes(r.prefix + r.issue)),
    };
  }

  marker(h: SectionHeader): Marker {
    return {
      __section: true,
      version: h.version,
      currentTag: h.tag,
      previousTag: h.previousTag,
      linkCompare: Boolean(this.remote && h.previousTag && h.tag),
      date: h.date,
      notes: [],
      revert: null,
    };
  }

  /** The preset's writer options and the link context (for rendering with conventional-changelog-writer itself). */
  get writer(): { options: Record<string, unknown>; context: Record<string, unknown> } {
    return { options: this.writerOpts, context: this.linkContext };
  }

  /**
   * Renders `items` (each section starts with a marker; entries before the first marker
   * are dropped), handing each rendered section to `sink` as soon as the next marker (or
   * the end) arrives: exactly what conventional-changelog-writer yields (see render.ts).
   * A section with nothing to list gets NOTHING_NOTABLE under its heading, or, with
   * `emptySections: false`, is left out; the versions left out are returned.
   */
  async render(items: AsyncIterable<Item> | Iterable<Item>, sink: (chunk: string) => void, opts: { emptySections?: boolean } = {}): Promise<{ leftOut: string[] }> {
    const keepEmpty = opts.emptySections ?? true;
    const leftOut: string[] = [];
    const options = this.sectionOptions;
    let header: Marker | null = null;
    let entries: Entry[] = [];
    let first = true;
    const take = (item: Item) => {
      if ((item as Partial<Marker>).__section !== true) {
        entries.push(item as Entry);
        return;
      }
      flush();
      header = item as Marker;
    };
    const flush = () => {
      if (header) {
        const rendered = renderSection(header, entries, options);
        if (!keepEmpty && headingOnly(rendered)) leftOut.push(header.version);
        else {
          const section = noteIfEmpty(rendered);
          sink(first ? section : `\n${section}`);
          first = false;
        }
      }
      entries = [];
    };
    if (Symbol.asyncIterator in items) for await (const item of items) take(item);
    else for (const item of items) take(item);
    flush();
    return { leftOut };
  }
}

/** The line under a version heading with nothing to list (only hidden or non-conventional commits, or none). */
export const NOTHING_NOTABLE = 'No notable changes.';

/**
 * A rendered section (no leading newline) that is its heading alone gets NOTHING_NOTABLE
 * under it: the version stays in the changelog, and the reader sees it is empty on purpose.
 * (conventional-changelog-writer leaves the heading bare; this is shipver's one addition.)
 */
export function noteIfEmpty(section: string): string {
  return headingOnly(section) ? `${section}\n${NOTHING_NOTABLE}\n` : section;
}

function headingOnly(section: string): boolean {
  return section.indexOf('\n') === section.length - 1;
}

/** Lines this long holding an issue prefix make the parser's reference regex crawl: cut them. */
function boundLines(message: string): string {
  if (message.length <= MAX_SCANNED_LINE) return message;
  const lines = message.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.length > MAX_SCANNED_LINE) {
      lines[i] = lines[i]!.slice(0, MAX_SCANNED_LINE);
      changed = true;
    }
  }
  return changed ? lines.join('\n') : message;
}
