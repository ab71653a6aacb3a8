// Every two environments of a project compared: which release each runs, and the changes
// the first runs that the second does not yet, grouped by release and kind.
import semver from '../version/semver-fns.js';
import type { Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { missingChanges, type EnvRow } from '../deploy/env-rows.js';
import type { VersionTag } from '../release/version-tags.js';
import { groupChanges, type Change, type LinkedChange, type ReleaseGroup } from './changes.js';

export interface ComparePair {
  /** "in `from`, not yet in `to`" */
  from: string;
  to: string;
  fromVersion: string | null;
  toVersion: string | null;
  /** ahead: from runs a newer release; same; behind: to runs a newer one; unknown: a version is missing or untagged */
  state: 'ahead' | 'same' | 'behind' | 'unknown';
  changes: LinkedChange[];
  groups: ReleaseGroup[];
}

export interface CompareContext {
  git: Git;
  config: Config;
  /** the project its tags are named after, and the paths its commits touch (none: all) */
  tagProject: string;
  paths: string[];
  link: (c: Change) => LinkedChange;
  versionOf: (tag: string) => string | null;
}

/** Every two environments (rows of one project), each way round: what the first runs that the second does not. */
export async function comparePairs(projectRows: EnvRow[], tags: VersionTag[], ctx: CompareContext): Promise<ComparePair[]> {
  const known = new Set(tags.map((t) => t.version));
  const ascending = tags.map((t) => t.version).reverse();
  const compare: ComparePair[] = [];
  for (const a of projectRows) {
    for (const b of projectRows) {
      if (a === b) continue;
      const va = a.running && known.has(a.running) ? a.running : null;
      const vb = b.running && known.has(b.running) ? b.running : null;
      const pair: ComparePair = { from: a.env, to: b.env, fromVersion: a.running, toVersion: b.running, state: 'unknown', changes: [], groups: [] };
      if (va && vb) {
        pair.state = semver.gt(va, vb) ? 'ahead' : semver.lt(va, vb) ? 'behind' : 'same';
        if (pair.state === 'ahead') {
          const between = ascending.filter((v) => semver.gt(v, vb) && semver.lte(v, va));
          const { changes } = await missingChanges(ctx.git, ctx.config, ctx.tagProject, ctx.paths, vb, between);
          pair.changes = changes.filter((c) => c.releasedIn !== null).map(ctx.link);
          pair.groups = groupChanges(pair.changes, ctx.versionOf);
        }
      }
      compare.push(pair);
    }
  }
  return compare;
}
