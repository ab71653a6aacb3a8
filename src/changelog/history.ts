// The whole history as a changelog (`shipver changelog --from-start`): one section per
// version tag, newest first.
//
// Cost model (issue 7: within 3x of one `git log` over the whole history at 100k commits):
//  - git: one `for-each-ref` for the tags and ONE `git log --topo-order` over the whole
//    history (with a path filter, one extra `git rev-list --parents`, shas only), never a
//    process per tag;
//  - each commit is classified once (a header-only check decides most hidden and
//    non-conventional commits without the full parser) and only the commits that will be
//    shown are kept, as small entries;
//  - one conventional-changelog-writer pass renders every section; a section is handed
//    to the writer as soon as no later commit can belong to it, so on a linear history
//    the buffer holds one section at a time and output streams. (The git output itself
//    is still read whole, because Git.ok buffers it; gitread.ts is where a streaming
//    read drops in.)
//
// Which section a commit belongs to: the lowest version (semver order) among the version
// tags that contain it, i.e. the first release that shipped it. That is exact on any
// graph (merged branches, maintenance lines), computed in a single topological pass:
// every commit's value is the minimum of its own tag and its children's values.
import type { Git } from '../git/git.js';
import type { ChangelogType } from '../config/types.js';
import { addCounts, NotesEngine, zeroCounts, type Entry, type Item, type NotesCounts } from './engine.js';
import type { RemoteInfo } from './remote.js';
import { compareTagsDesc, readVersionTags, type TagMatcher, type VersionTag } from './tags.js';
import { nulRecords, textLines } from './gitread.js';

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
 * Assigns commits, fed in topological order (children before parents, as
 * `git log --topo-order` / `git rev-list --topo-order` give them), to sections: the
 * lowest rank among the section tags that contain the commit; `unreleased` (= the number
 * of ranks) when none does. Memory: the current frontier only.
 */
export class SectionAssigner {
  private readonly pending = new Map<string, number>();
  private readonly pendingCount: number[];
  private readonly seen: boolean[];
  private started = false;
  readonly unreleased: number;

  /** `ranksOf` maps a tagged commit to the ranks of the section tags on it, lowest first. */
  constructor(private readonly ranksOf: ReadonlyMap<string, readonly number[]>, ranks: number) {
    this.unreleased = ranks;
    this.pendingCount = new Array<number>(ranks + 1).fill(0);
    this.seen = new Array<boolean>(ranks + 1).fill(false);
  }

  assign(sha: string, parents: readonly string[]): number {
    this.started = true;
    let v = this.unreleased;
    const own = this.ranksOf.get(sha);
    if (own !== undefined) {
      for (const r of own) this.seen[r] = true;
      v = own[0]!;
    }
    const p = this.pending.get(sha);
    if (p !== undefined) {
      this.pending.delete(sha);
      this.pendingCount[p]!--;
      if (p < v) v = p;
    }
    for (const parent of parents) {
      const q = this.pending.get(parent);
      if (q === undefined) {
        this.pending.set(parent, v);
        this.pendingCount[v]!++;
      } else if (v < q) {
        this.pending.set(parent, v);
        this.pendingCount[q]!--;
        this.pendingCount[v]!++;
      }
    }
    return v;
  }

  /**
   * True when no commit still to come can be assigned `rank`: its tag has been passed
   * and no pending ancestor carries it. (A later commit can only inherit `rank` through
   * a pending entry whose value is exactly `rank`.)
   */
  complete(rank: number): boolean {
    if (!this.started) return false;
    return (rank === this.unreleased || this.seen[rank]!) && this.pendingCount[rank] === 0;
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

  // The git calls are independent: start them all at once (the reachability walk of
  // `for-each-ref --merged` costs about as much as the log on a repository without a
  // commit-graph file).
  const log = wholeRepo
    ? git.stream(['log', '--topo-order', '-z', '--format=%H%x00%P%x00%B', '--end-of-options', to])
    : git.stream(['log', '--no-merges', '-z', '--format=%H%x00%B', '--end-of-options', to, '--', ...paths]);
  const graph = wholeRepo ? null : git.stream(['rev-list', '--topo-order', '--parents', '--end-of-options', to]);
  const reachable = await readVersionTags(git, opts.matcher, { merged: to });
  const cuts = sectionTags(reachable, opts.collapsePrereleases);
  const U = cuts.length; // rank of "unreleased"
  // several section tags on one commit: the lowest takes its commits, the others get
  // (empty) sections of their own
  const ranksOf = new Map<string, number[]>();
  cuts.forEach((t, rank) => {
    const list = ranksOf.get(t.sha);
    if (list) list.push(rank);
    else ranksOf.set(t.sha, [rank]);
  });
  const assigner = new SectionAssigner(ranksOf, U);

  const engine = new NotesEngine({ remote: opts.remote, types: opts.types });
  const counts: NotesCounts[] = Array.from({ length: U + 1 }, zeroCounts);
  const buckets: Entry[][] = Array.from({ length: U + 1 }, () => []);
  const renderUnreleased = Boolean(opts.unreleased);
  const sections: HistorySection[] = [];

  const headerOf = (rank: number) => {
    const previousTag = rank > 0 ? cuts[rank - 1]!.name : null;
    if (rank === U) return { version: opts.unreleased!.version, tag: to, previousTag: cuts[U - 1]?.name ?? null, date: opts.unreleased!.date };
    const t = cuts[rank]!;
    return { version: t.version, tag: t.name, previousTag, date: t.date };
  };

  const take = (rank: number, sha: string, message: string) => {
    const c = counts[rank]!;
    c.commits++;
    if (rank === U && !renderUnreleased) return;
    const r = engine.classify(sha, message);
    if (r.kind === 'not-conventional') c.notConventional++;
    else if (r.kind === 'hidden') c.hidden++;
    else {
      c.included++;
      buckets[rank]!.push(r.entry);
    }
  };

  let next = renderUnreleased ? U : U - 1; // the next section to hand to the writer
  function* flush(rank: number): Generator<Item> {
    const h = headerOf(rank);
    sections.push({ ...h, counts: counts[rank]! });
    yield engine.marker(h);
    const entries = buckets[rank]!;
    buckets[rank] = [];
    yield* entries;
  }
  function* flushCompleted(): Generator<Item> {
    while (next >= 0 && assigner.complete(next)) yield* flush(next--);
  }
  function* flushAll(): Generator<Item> {
    while (next >= 0) yield* flush(next--);
  }

  let items: AsyncIterable<Item>;
  if (wholeRepo) {
    // one pass: topology, tags and messages from the same git log
    items = (async function* () {
      for await (const [sha, parentList, message] of nulRecords(log, 3)) {
        const parents = parentList ? parentList.split(' ') : [];
        const rank = assigner.assign(sha!, parents);
        if (parents.length <= 1) take(rank, sha!, message ?? '');
        yield* flushCompleted();
      }
      yield* flushAll();
    })();
  } else {
    // path-limited: the whole graph from rev-list (shas only) decides the sections,
    // then the messages of the commits that touch the paths are read
    const rankBySha = new Map<string, number>();
    for await (const line of textLines(graph!)) {
      const [sha, ...parents] = line.split(' ');
      const rank = assigner.assign(sha!, parents);
      if (parents.length <= 1) rankBySha.set(sha!, rank);
    }
    items = (async function* () {
      for await (const [sha, message] of nulRecords(log, 2)) {
        const rank = rankBySha.get(sha!);
        if (rank !== undefined) take(rank, sha!, message ?? '');
      }
      yield* flushAll();
    })();
  }

  await engine.render(items, sink);

  const total = zeroCounts();
  for (const s of sections) addCounts(total, s.counts);
  return { sections, counts: total, unreleasedCommits: counts[U]!.commits };
}

/** writeHistory collected into one string. */
export async function renderHistory(git: Git, opts: HistoryOptions): Promise<HistoryResult & { markdown: string }> {
  let markdown = '';
  const result = await writeHistory(git, opts, (chunk) => {
    markdown += chunk;
  });
  return { ...result, markdown };
}
