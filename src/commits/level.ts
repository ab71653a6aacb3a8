// Bump level inference: classify each commit, keep the reason, take the highest. Pure.
import type { Level, LevelOrNone } from '../config/types.js';
import type { ParsedCommit } from './conventional.js';
import { filterReverted } from './revert.js';

export interface Classified {
  sha: string | null;
  header: string;
  level: LevelOrNone;
  /** why: "breaking change", "feat", "fix", "chore: not released", "not conventional" */
  reason: string;
}

export interface LevelRules {
  /** commit type → level; types not listed release nothing */
  types: Record<string, LevelOrNone>;
  /** what a breaking change does while the version is 0.x */
  breakingPreMajor: 'major' | 'minor';
}

export interface Inference {
  level: Level | null;
  commits: Classified[];
  /**
   * Each commit counted once, under the first that applies: a breaking change; not
   * conventional; released as minor (features); released as a patch, split as the changelog
   * heads them: `perf` (performance), a revert (reverts), any other type (fixes); released
   * as nothing (other).
   */
  counts: { breaking: number; features: number; fixes: number; performance: number; reverts: number; other: number; notConventional: number };
}

const RANK: Record<LevelOrNone, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function maxLevel(a: LevelOrNone, b: LevelOrNone): LevelOrNone {
  return RANK[a] >= RANK[b] ? a : b;
}

export function classify(c: ParsedCommit, rules: LevelRules, preMajor: boolean, sha: string | null = null): Classified {
  const base = { sha, header: c.header };
  if (c.breaking) {
    return { ...base, level: preMajor ? rules.breakingPreMajor : 'major', reason: preMajor && rules.breakingPreMajor === 'minor' ? 'breaking change (minor while 0.x)' : 'breaking change' };
  }
  // own keys only: a commit type such as "constructor" must not find Object.prototype's
  const levelOf = (type: string): LevelOrNone | undefined => (Object.hasOwn(rules.types, type) ? rules.types[type] : undefined);
  if (c.revert) return { ...base, level: levelOf('revert') ?? 'patch', reason: 'revert' };
  if (!c.type) return { ...base, level: 'none', reason: 'not conventional' };
  const level = levelOf(c.type) ?? 'none';
  return { ...base, level, reason: level === 'none' ? `${c.type}: not released` : c.type };
}

/**
 * The commits that a revert in the same list cancels, with the revert itself: the rule the
 * changelog applies to what it lists (commits/revert.ts), here applied to what releases
 * something, and to every revert. Commits in log order (newest first).
 */
function cancelledByReverts(commits: ReadonlyArray<{ sha?: string | null; parsed: ParsedCommit }>, levels: LevelOrNone[]): Set<number> {
  const candidates = commits
    .map(({ sha, parsed }, i) => ({ i, hash: sha ?? null, header: parsed.header, revert: parsed.reverts ? { header: parsed.reverts.header, hash: parsed.reverts.hash } : null, counts: levels[i] !== 'none' || parsed.revert }))
    .filter((c) => c.counts);
  if (!candidates.some((c) => c.revert)) return new Set();
  const kept = new Set(filterReverted(candidates).map((c) => c.i));
  return new Set(candidates.filter((c) => !kept.has(c.i)).map((c) => c.i));
}

/** The highest level over the commits (newest first); null when none of them releases anything. */
export function inferLevel(commits: Array<{ sha?: string | null; parsed: ParsedCommit }>, rules: LevelRules, preMajor: boolean): Inference {
  let level: LevelOrNone = 'none';
  const counts = { breaking: 0, features: 0, fixes: 0, performance: 0, reverts: 0, other: 0, notConventional: 0 };
  const first = commits.map(({ sha, parsed }) => classify(parsed, rules, preMajor, sha ?? null));
  const cancelled = cancelledByReverts(commits, first.map((c) => c.level));
  const classified = commits.map(({ parsed }, i) => {
    if (cancelled.has(i)) {
      counts.other++;
      const c = first[i]!;
      return { ...c, level: 'none' as const, reason: parsed.reverts ? `reverts ${(parsed.reverts.hash ?? '').slice(0, 7)}: both left out` : 'reverted by a later commit in the range: both left out' };
    }
    const c = first[i]!;
    level = maxLevel(level, c.level);
    if (parsed.breaking) counts.breaking++;
    else if (!parsed.type && !parsed.revert) counts.notConventional++;
    else if (c.level === 'minor') counts.features++;
    else if (c.level === 'patch') {
      if (parsed.revert) counts.reverts++;
      else if (parsed.type?.toLowerCase() === 'perf') counts.performance++;
      else counts.fixes++;
    }
    else counts.other++;
    return c;
  });
  return { level: level === 'none' ? null : level, commits: classified, counts };
}
