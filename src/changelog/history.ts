// The whole history as a changelog (`shipver changelog --from-start`): one section per
// version tag, newest first.
//
// Cost model (issue 7: within 3x of one `git log` over the whole history at 100k commits):
//  - git: one `for-each-ref` for the tags and ONE `git log` over the whole history (with a
//    path filter, one extra `git rev-list --parents`, shas only), never a process per tag;
//  - the log is read in git's default order, which streams (`--topo-order` would make git
//    walk the whole history before its first line), so each message is classified while
//    git is still walking: a header-only check decides most hidden and non-conventional
//    commits without the full parser, and only the commits that will be shown are kept,
//    as small entries;
//  - once the log has ended, the sections are decided on the graph (shas and parents)
//    and render.ts renders them, newest first.
//
// Which sections list a commit: those `shipver release` wrote it in. A prerelease's
// section lists what was new since the tag before it, a stable release's everything since
// the previous stable release (its prereleases' commits included). So a commit is listed
// under the first release that shipped it: the lowest version (semver order) among the
// version tags that contain it; and when that is a prerelease, also under the first stable
// release that contains it. That is exact on any graph (merged branches, maintenance
// lines, skewed commit dates): see CommitGraph.ranks. With collapsePrereleases, the
// prereleases below a stable release have no section of their own. Within a section,
// commits keep git log's order, as in the notes of a single release.
import type { Git } from '../git/git.js';
import type { ChangelogType } from '../config/types.js';
import { NotesEngine } from './engine.js';
import { zeroCounts, type Classified, type Entry, type Item, type NotesCounts, type SectionHeader } from './items.js';
import type { RemoteInfo } from './remote.js';
import { compareTagsDesc, readVersionTags, type TagMatcher, type VersionTag } from '../release/version-tags.js';
import { eachLine, eachNulRecord } from './gitread.js';

export interface HistoryOptions {
  matcher: TagMatcher;
  /** the ref the history ends at (default HEAD) */
  to?: string;
  /** only commits touching these paths (none, or '.', = the whole repository) */
  paths?: readonly string[];
  /** fold prereleases into the section of the next stable release (when there is one) */
  collapsePrereleases: boolean;
  remote: RemoteInfo | null;
  types: readonly ChangelogType[];
  /** also render the commits after the newest version, under this heading */
  unreleased?: { version: string; date: string } | null;
  /** a version with nothing to list: its heading and NOTHING_NOTABLE (true), or no section (false) */
  emptySections?: boolean;
}

export interface HistorySection {
  version: string;
  tag: string;
  previousTag: string | null;
  date: string;
  counts: NotesCounts;
}

export interface HistoryResult {
  /** the rendered sections, newest first */
  sections: HistorySection[];
  /** totals over the rendered sections */
  counts: NotesCounts;
  /** commits after the newest version tag (rendered only with `unreleased`) */
  unreleasedCommits: number;
  /** versions with nothing to list, left out (emptySections: false) */
  leftOut: string[];
}

/**
 * The tags that start a section, oldest first. With collapsing, a prerelease is dropped
 * when a stable release above it exists (its commits then belong to the first stable
 * release that contains them); a prerelease with no stable release after it yet keeps
 * its own section.
 */
export function sectionTags(tags: readonly VersionTag[], collapsePrereleases: boolean): VersionTag[] {
  const sorted = [...tags].sort(compareTagsDesc).reverse();
  if (!collapsePrereleases) return sorted;
  let stableAbove = false;
  const kept: VersionTag[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const t = sorted[i]!;
    if (!t.prerelease) stableAbove = true;
    else if (stableAbove) continue;
    kept.push(t);
  }
  return kept.reverse();
}

/**
 * The commit graph of a history, as git log / rev-list list it (any order): each commit
 * once, with git's list of its parents (%P: shas separated by spaces). Parents outside
 * the listed history (a shallow clone's boundary) are left out.
 */
export class CommitGraph {
  private readonly index = new Map<string, number>();
  private readonly parentLists: string[] = [];

  get size(): number {
    return this.parentLists.length;
  }

  /** Adds a commit and returns its index (the order of the calls). */
  add(sha: string, parents: string): number {
    const i = this.parentLists.length;
    this.index.set(sha, i);
    this.parentLists.push(parents);
    return i;
  }

  indexOf(sha: string): number | undefined {
    return this.index.get(sha);
  }

  /** Every commit's parents as indices: those of commit i are flat[start[i]] .. flat[start[i + 1] - 1]. */
  private parentIndices(): { start: Int32Array; flat: Int32Array } {
    const n = this.size;
    const start = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let i = 0; i < n; i++) {
      start[i] = flat.length;
      const list = this.parentLists[i]!;
      for (let p = 0; p < list.length; ) {
        const space = list.indexOf(' ', p);
        const end = space === -1 ? list.length : space;
        const j = this.index.get(p === 0 && end === list.length ? list : list.slice(p, end));
        if (j !== undefined) flat.push(j);
        p = end + 1;
      }
    }
    start[n] = flat.length;
    return { start, flat: Int32Array.from(flat) };
  }

  /**
   * Each commit's rank: the lowest rank among the `tips` (commit indices, by rank) whose
   * history contains it; `tips.length` when none does. One flood per tip, lowest rank
   * first, that stops at commits already ranked: whatever a lower tip reaches, it also
   * reaches all their ancestors, so every commit is visited once, in any graph order.
   */
  ranks(tips: readonly (number | undefined)[]): Int32Array {
    const { start, flat } = this.parentIndices();
    const unset = -1;
    const rank = new Int32Array(this.size).fill(unset);
    const stack: number[] = [];
    tips.forEach((tip, r) => {
      if (tip === undefined || rank[tip] !== unset) return;
      stack.push(tip);
      while (stack.length) {
        const i = stack.pop()!;
        if (rank[i] !== unset) continue;
        rank[i] = r;
        for (let k = start[i]!; k < start[i + 1]!; k++) if (rank[flat[k]!] === unset) stack.push(flat[k]!);
      }
    });
    for (let i = 0; i < rank.length; i++) if (rank[i] === unset) rank[i] = tips.length;
    return rank;
  }
}

/**
 * Renders the history, handing the Markdown to `sink` section by section (newest first).
 * `to` must name a commit (callers resolve it first for a friendly error).
 */
export async function writeHistory(git: Git, opts: HistoryOptions, sink: (chunk: string) => void): Promise<HistoryResult> {
  const to = opts.to ?? 'HEAD';
  const paths = (opts.paths ?? []).filter((p) => p !== '' && p !== '.' && p !== './');
  const wholeRepo = paths.length === 0 || (opts.paths ?? []).some((p) => p === '.' || p === './');

  // The git calls are independent: start them all at once. The log is read in git's own
  // order, so it streams: messages are classified while git is still walking.
  const log = git.streamHistory(to, wholeRepo ? null : paths);
  const revList = wholeRepo ? null : git.streamParents(to);
  const allTags = readVersionTags(git, opts.matcher);
  allTags.catch(() => undefined); // awaited below, after the log
  // the whole history reaches its root: whether that is a shallow clone's cut is asked meanwhile
  git.shallowBoundary().catch(() => undefined);

  const engine = new NotesEngine({ remote: opts.remote, types: opts.types });
  const graph = new CommitGraph();
  // the non-merge commits in log order (merges are never listed): their graph index and classification
  const listed: Array<{ at: number; c: Classified }> = [];
  // commits without parents: the root, or where a shallow clone's history is cut off
  const roots: string[] = [];
  if (wholeRepo) {
    await eachNulRecord(
      log,
      3,
      ([sha, parents, message]) => {
        const at = graph.add(sha!, parents!);
        if (!parents) roots.push(sha!);
        if (!parents!.includes(' ')) listed.push({ at, c: engine.classify(sha!, message ?? '') });
      },
      ['latin1', 'latin1', 'utf8'],
    );
  } else {
    // path-limited: the whole graph from rev-list (shas only) decides the sections; the
    // log gives the messages of the commits that touch the paths
    const touched: Array<{ sha: string; c: Classified }> = [];
    await Promise.all([
      eachLine(revList!, (line) => {
        const space = line.indexOf(' ');
        if (space === -1) {
          graph.add(line, '');
          roots.push(line);
        }
        else graph.add(line.slice(0, space), line.slice(space + 1));
      }),
      eachNulRecord(log, 2, ([sha, message]) => touched.push({ sha: sha!, c: engine.classify(sha!, message ?? '') }), ['latin1', 'utf8']),
    ]);
    for (const t of touched) {
      const at = graph.indexOf(t.sha);
      if (at !== undefined) listed.push({ at, c: t.c });
    }
  }

  await git.assertNotCut([to], roots, true);

  // the version tags in this history (a tag whose commit the log did not list is not reachable from `to`)
  const cuts = sectionTags(
    (await allTags).filter((t) => graph.indexOf(t.sha) !== undefined),
    opts.collapsePrereleases,
  );
  const U = cuts.length; // rank of "unreleased"
  const rank = graph.ranks(cuts.map((t) => graph.indexOf(t.sha)));
  // the stable releases among the cuts (their ranks), and each commit's first stable release
  // (an index into `stable`): needed only when a prerelease has a section
  const stable = cuts.flatMap((t, r) => (t.prerelease ? [] : [r]));
  const stableRank = stable.length < U ? graph.ranks(stable.map((r) => graph.indexOf(cuts[r]!.sha))) : null;

  const counts: NotesCounts[] = Array.from({ length: U + 1 }, zeroCounts);
  const total = zeroCounts();
  const buckets: Entry[][] = Array.from({ length: U + 1 }, () => []);
  const renderUnreleased = Boolean(opts.unreleased);
  const count = (n: NotesCounts, c: Classified) => {
    n.commits++;
    if (c.kind === 'not-conventional') n.notConventional++;
    else if (c.kind === 'hidden') n.hidden++;
    else n.included++;
  };
  const add = (r: number, c: Classified) => {
    count(counts[r]!, c);
    if (c.kind === 'included' && (r < U || renderUnreleased)) buckets[r]!.push(c.entry);
  };
  for (const { at, c } of listed) {
    const r = rank[at]!;
    add(r, c);
    // each commit once in the totals, in the sections rendered
    if (r < U || renderUnreleased) count(total, c);
    if (stableRank && r < U && cuts[r]!.prerelease) {
      const s = stable[stableRank[at]!];
      if (s !== undefined) add(s, c);
    }
  }
  listed.length = 0;

  // the compare link starts where the release's notes started: the previous stable release
  // for a stable one, the previous tag of any kind for a prerelease (and for the unreleased commits)
  const previousOf = (r: number): string | null => {
    for (let p = r - 1; p >= 0; p--) if (r === U || cuts[r]!.prerelease || !cuts[p]!.prerelease) return cuts[p]!.name;
    return null;
  };
  const headerOf = (r: number): SectionHeader => {
    if (r === U) return { version: opts.unreleased!.version, tag: to, previousTag: previousOf(U), date: opts.unreleased!.date };
    const t = cuts[r]!;
    return { version: t.version, tag: t.name, previousTag: previousOf(r), date: t.date };
  };
  const sections: HistorySection[] = [];
  function* items(): Generator<Item> {
    for (let r = renderUnreleased ? U : U - 1; r >= 0; r--) {
      const h = headerOf(r);
      sections.push({ ...h, counts: counts[r]! });
      yield engine.marker(h);
      yield* buckets[r]!;
      buckets[r] = [];
    }
  }
  const { leftOut } = await engine.render(items(), sink, { emptySections: opts.emptySections ?? true });

  return { sections: sections.filter((s) => !leftOut.includes(s.version)), counts: total, unreleasedCommits: counts[U]!.commits, leftOut };
}

/** writeHistory collected into one string. */
export async function renderHistory(git: Git, opts: HistoryOptions): Promise<HistoryResult & { markdown: string }> {
  let markdown = '';
  const result = await writeHistory(git, opts, (chunk) => {
    markdown += chunk;
  });
  return { ...result, markdown };
}
