// Version arithmetic: the next version from the current one, the level and the branch's
// policy (branch-policy.ts). Pure; every refusal says what was found and what to do instead.
import semver from '../version/semver-fns.js';
import type { Level } from '../config/types.js';
import { refusal, usageError } from '../errors.js';
import { assertInLine, assertLevelAllowed, preForBranch, type BranchPolicy } from './branch-policy.js';

export type { BranchPolicy } from './branch-policy.js';

export type ExplicitLevel = Level | 'prerelease';

export interface NextInput {
  /** the version the version files hold (semver) */
  current: string;
  /** inferred from the commits since the last stable version tag; null = nothing releasable */
  inferred: Level | null;
  explicit: ExplicitLevel | null;
  /** prerelease id asked for with --pre */
  pre: string | null;
  /** commits since the last version tag of any kind (a prerelease needs something new) */
  newSinceLastTag: number;
  lastTag: string | null;
  policy: BranchPolicy;
}

export interface NextVersion {
  version: string;
  /** what was applied: the level, 'prerelease' for another prerelease of the same version, 'graduate' for a prerelease becoming final */
  step: Level | 'prerelease' | 'graduate';
}

const PEP440_ORDER = ['dev', 'alpha', 'beta', 'rc'];
const isPre = (v: string) => semver.prerelease(v) !== null;
const base = (v: string) => `${semver.major(v)}.${semver.minor(v)}.${semver.patch(v)}`;

function withPre(current: string, target: string, id: string): NextVersion {
  const curPre = semver.prerelease(current);
  if (curPre && base(current) === target) {
    if (curPre[0] === id) return { version: semver.inc(current, 'prerelease', id)!, step: 'prerelease' };
    const next = `${target}-${id}.0`;
    // Python files order prereleases dev < a < b < rc; semver orders ids alphabetically. Both must move forward.
    const rank = (x: unknown) => PEP440_ORDER.indexOf(String(x));
    const backwardsInPep440 = rank(curPre[0]) >= 0 && rank(id) >= 0 && rank(id) < rank(curPre[0]);
    if (semver.lte(next, current) || backwardsInPep440) {
      throw refusal('E_PRERELEASE_ORDER', `${next} would sort before the current ${current}`, `prereleases must move forward (dev < alpha < beta < rc, the order Python and semver agree on); use --pre ${String(curPre[0])} or a later id`);
    }
    return { version: next, step: 'prerelease' };
  }
  return { version: `${target}-${id}.0`, step: 'prerelease' };
}

export function nextVersion(input: NextInput): NextVersion {
  const { current, policy } = input;
  if (!semver.valid(current)) throw usageError('E_VERSION_INVALID', `the current version "${current}" is not a semver version`, 'fix the version files (shipver doctor shows them)');
  const pre = preForBranch(policy, input.pre, input.explicit === 'prerelease');

  let result: NextVersion;
  if (input.explicit === 'prerelease') {
    const id = pre ?? (semver.prerelease(current)?.[0] as string | undefined) ?? 'beta';
    result = isPre(current) ? withPre(current, base(current), id) : { version: semver.inc(current, 'prepatch', id)!, step: 'prerelease' };
  } else if (input.explicit) {
    assertLevelAllowed(policy, input.explicit, true);
    const target = semver.inc(current, input.explicit)!;
    result = pre ? withPre(current, target, pre) : { version: target, step: input.explicit };
  } else {
    let level = input.inferred;
    if (!level) {
      // A prerelease can always become final; otherwise there must be something to release.
      if (isPre(current) && !pre) return checkPolicy({ version: base(current), step: 'graduate' }, input);
      throw refusal(
        'E_NOTHING_TO_RELEASE',
        `nothing to release: no feat, fix, perf or breaking change since ${input.lastTag ?? 'the first commit'}`,
        'commit a feat/fix first, or give the level explicitly: shipver release patch',
      );
    }
    if (pre && input.newSinceLastTag === 0) {
      throw refusal('E_NOTHING_TO_RELEASE', `nothing new since ${input.lastTag}`, 'commit something first, or release it as final without --pre');
    }
    assertLevelAllowed(policy, level, false);
    const target = semver.inc(current, level)!;
    if (isPre(current) && base(current) === target && !pre) result = { version: target, step: 'graduate' };
    else result = pre ? withPre(current, target, pre) : { version: target, step: level };
  }
  return checkPolicy(result, input);
}

function checkPolicy(result: NextVersion, input: NextInput): NextVersion {
  assertInLine(input.policy, result.version);
  return result;
}

/**
 * The next version must not be tagged already. Every tag HEAD contains is at or below the
 * current version, so a tag of the next version is on a branch that is not merged here
 * (a beta or maintenance line that released it): a person decides whether to merge that
 * branch or release another version. A published tag is never deleted to make room.
 */
export function checkNotTagged(input: { next: NextVersion; current: string; tag: string; tagNames: ReadonlySet<string>; tagOf: (version: string) => string; branch: string | null }): void {
  const { next, current, tag, tagNames, tagOf } = input;
  if (!tagNames.has(tag)) return;
  const order: Level[] = ['patch', 'minor', 'major'];
  const from = order.indexOf(next.step as Level);
  const free =
    from < 0 || semver.prerelease(next.version)
      ? []
      : order
          .slice(from + 1)
          .map((level) => ({ level, version: semver.inc(current, level)! }))
          .filter((o) => !tagNames.has(tagOf(o.version)));
  const here = input.branch ?? 'HEAD';
  throw refusal(
    'E_TAG_EXISTS',
    `the next version would be ${next.version}, but tag ${tag} already exists, on a commit ${here} does not contain (a branch not merged into ${here})`,
    `a person must decide: merge the branch that released ${next.version} into ${here} first (shipver then counts from it), or release another version${free.length ? ` (${free.map((o) => `shipver release ${o.level} makes ${o.version}`).join('; ')})` : ''}`,
  );
}
