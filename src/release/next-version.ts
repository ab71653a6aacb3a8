// Version arithmetic: the next version from the current one, the level and the branch's
// policy. Pure; every refusal says what was found and what to do instead.
import semver from '../version/semver-fns.js';
import type { Level } from '../config/types.js';
import { refusal, usageError } from '../errors.js';

export type ExplicitLevel = Level | 'prerelease';

export type BranchPolicy =
  | { kind: 'release'; branch: string }
  | { kind: 'maintenance'; branch: string; major: number; minor: number | null }
  | { kind: 'prerelease'; branch: string; id: string };

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
  let pre = input.pre;
  if (policy.kind === 'prerelease') {
    if (pre && pre !== policy.id) throw refusal('E_BRANCH_PRERELEASE', `branch ${policy.branch} releases "${policy.id}" prereleases, not "${pre}"`, `drop --pre, or change branches.prerelease in shipver.yaml`);
    pre = policy.id;
  }
  if (policy.kind === 'maintenance' && (pre || input.explicit === 'prerelease')) {
    throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases patches only, not prereleases`, 'make prereleases from a release or prerelease branch');
  }

  let result: NextVersion;
  if (input.explicit === 'prerelease') {
    const id = pre ?? (semver.prerelease(current)?.[0] as string | undefined) ?? 'beta';
    result = isPre(current) ? withPre(current, base(current), id) : { version: semver.inc(current, 'prepatch', id)!, step: 'prerelease' };
  } else if (input.explicit) {
    if (policy.kind === 'maintenance' && input.explicit !== 'patch') {
      throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases patches only, not a ${input.explicit} release`, 'release it from a release branch, or release a patch: shipver release patch');
    }
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
    if (policy.kind === 'maintenance' && level !== 'patch') {
      throw refusal(
        'E_BRANCH_MAINTENANCE',
        `maintenance branch ${policy.branch} releases patches only, and these commits call for a ${level} release`,
        `release ${level === 'major' ? 'breaking changes' : 'features'} from a release branch, or force a patch: shipver release patch`,
      );
    }
    const target = semver.inc(current, level)!;
    if (isPre(current) && base(current) === target && !pre) result = { version: target, step: 'graduate' };
    else result = pre ? withPre(current, target, pre) : { version: target, step: level };
  }
  return checkPolicy(result, input);
}

function checkPolicy(result: NextVersion, input: NextInput): NextVersion {
  const { policy } = input;
  if (policy.kind === 'maintenance') {
    const v = result.version;
    const inRange = semver.major(v) === policy.major && (policy.minor === null || semver.minor(v) === policy.minor);
    if (!inRange) {
      const range = policy.minor === null ? `${policy.major}.x` : `${policy.major}.${policy.minor}.x`;
      throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases ${range} versions, and the next version would be ${v}`, `release ${v} from a release branch`);
    }
  }
  return result;
}

/** The policy of a branch from branches.* in shipver.yaml; null when the branch does not release. */
export function branchPolicy(
  branch: string,
  branches: { release: string[]; maintenance: string[]; prerelease: Record<string, string> },
): BranchPolicy | null {
  if (branches.release.includes(branch)) return { kind: 'release', branch };
  const id = branches.prerelease[branch];
  if (id) return { kind: 'prerelease', branch, id };
  for (const pattern of branches.maintenance) {
    if (!globMatch(pattern, branch)) continue;
    const m = /^(?:.*?\/)?v?(\d+)(?:\.(\d+))?\.x$/.exec(branch);
    if (m) return { kind: 'maintenance', branch, major: Number(m[1]), minor: m[2] === undefined ? null : Number(m[2]) };
  }
  return null;
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(s);
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
