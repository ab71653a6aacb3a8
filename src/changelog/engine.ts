// The one place that turns commit messages into rendered notes, shared by the single
// range (notes.ts) and the whole history (history.ts):
//
//   classify(sha, message)  → not conventional | hidden | an included entry (small)
//   render(items, sink)     → [section marker, entries..., section marker, entries...]
//                             rendered section by section as conventional-changelog-writer
//                             renders them with the preset's templates (render.ts)
//
// classify runs the conventionalcommits preset's writer transform (its reimplementation,
// preset-transform.ts) at parse time, so only the commits that will be shown are kept (a
// few fields each), and the renderer never sees hidden ones. A cheap, exact pre-check
// skips the full parser for messages whose header alone decides the outcome (not
// conventional, or a hidden type with no breaking-change or Release-As footer possible) —
// see quickClassify. The items it makes: items.ts; render, section by section: sections.ts.
import '../commits/parser-guard.js';
import { CommitParser, type Commit } from 'conventional-commits-parser';
import createPreset from 'conventional-changelog-conventionalcommits';
import { MAX_SCANNED_LINE } from '../commits/parser-guard.js';
import { mergeRevertOf } from '../commits/revert.js';
import type { ChangelogType } from '../config/types.js';
import { urlFormats, type RemoteInfo } from './remote.js';
import type { RenderOptions } from './render.js';
import type { Classified, Entry, Item, Marker, SectionHeader } from './items.js';
import { presetTransform } from './preset-transform.js';
import { renderSections } from './sections.js';

export interface EngineOptions {
  remote: RemoteInfo | null;
  types: readonly ChangelogType[];
}

const NOT_CONVENTIONAL: Classified = { kind: 'not-conventional' };
const HIDDEN: Classified = { kind: 'hidden' };

type PresetTransform = (commit: Commit & { hash: string }, context: Record<string, unknown>) => Partial<Entry> | undefined | null;

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
    const patch = own ? presetTransform(parsed, sha, this.types, this.formats, this.linkContext) : this.presetTransform({ ...parsed, hash: sha } as Commit & { hash: string }, this.linkContext);
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

  /** Renders `items` section by section into `sink` (sections.ts renderSections, with the preset's sort orders and the remote's links). */
  render(items: AsyncIterable<Item> | Iterable<Item>, sink: (chunk: string) => void, opts: { emptySections?: boolean } = {}): Promise<{ leftOut: string[] }> {
    return renderSections(items, sink, this.sectionOptions, opts);
  }
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
