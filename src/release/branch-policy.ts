// Branch policy: which branches may release what, from branches.* in shipver.yaml. One
// place for the rules every command applies (release, next, the tag checks of the hooks,
// the server and CI):
//  - a release branch (branches.release) releases any version;
//  - a prerelease branch (branches.prerelease: { beta: beta }) releases prereleases with its id;
//  - a maintenance branch (branches.maintenance globs, named like 1.x or v1.4.x) releases
//    patches of its own major (minor) line, no prereleases. Pure.
import semver from '../version/semver-fns.js';
import { refusal } from '../errors.js';
import type { Level } from '../config/types.js';

export type BranchPolicy =
  | { kind: 'release'; branch: string }
  | { kind: 'maintenance'; branch: string; major: number; minor: number | null }
  | { kind: 'prerelease'; branch: string; id: string };

export interface BranchRules {
  release: string[];
  maintenance: string[];
  prerelease: Record<string, string>;
}

/** The policy of a branch; null when the branch does not release. */
export function branchPolicy(branch: string, branches: BranchRules): BranchPolicy | null {
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

/** The branches that release, as a person reads them: "main, 1.x (patches), beta (beta prereleases)". */
export function releasingBranches(branches: BranchRules): string[] {
  return [...branches.release, ...branches.maintenance.map((m) => `${m} (patches)`), ...Object.entries(branches.prerelease).map(([b, id]) => `${b} (${id} prereleases)`)];
}

/** Whether a maintenance branch's line holds this version (its major, and minor when it names one). */
export function inMaintenanceLine(policy: Extract<BranchPolicy, { kind: 'maintenance' }>, version: string): boolean {
  return semver.major(version) === policy.major && (policy.minor === null || semver.minor(version) === policy.minor);
}

/** Whether the branch may release exactly this version. */
export function mayRelease(policy: BranchPolicy, version: string): boolean {
  const id = semver.prerelease(version)?.[0];
  if (policy.kind === 'prerelease') return policy.id === id;
  if (policy.kind === 'maintenance') return inMaintenanceLine(policy, version) && id === undefined;
  return true;
}

/**
 * The prerelease id a release on this branch uses: a prerelease branch's own (a different
 * --pre is refused); a maintenance branch refuses prereleases.
 */
export function preForBranch(policy: BranchPolicy, pre: string | null, explicitPrerelease: boolean): string | null {
  if (policy.kind === 'prerelease') {
    if (pre && pre !== policy.id) throw refusal('E_BRANCH_PRERELEASE', `branch ${policy.branch} releases "${policy.id}" prereleases, not "${pre}"`, `drop --pre, or change branches.prerelease in shipver.yaml`);
    return policy.id;
  }
  if (policy.kind === 'maintenance' && (pre || explicitPrerelease)) {
    throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases patches only, not prereleases`, 'make prereleases from a release or prerelease branch');
  }
  return pre;
}

/** A maintenance branch releases patches only: a level asked for (explicit) or called for by the commits. */
export function assertLevelAllowed(policy: BranchPolicy, level: Level, explicit: boolean): void {
  if (policy.kind !== 'maintenance' || level === 'patch') return;
  if (explicit) {
    throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases patches only, not a ${level} release`, 'release it from a release branch, or release a patch: shipver release patch');
  }
  throw refusal(
    'E_BRANCH_MAINTENANCE',
    `maintenance branch ${policy.branch} releases patches only, and these commits call for a ${level} release`,
    `release ${level === 'major' ? 'breaking changes' : 'features'} from a release branch, or force a patch: shipver release patch`,
  );
}

/** The next version must lie in a maintenance branch's line. */
export function assertInLine(policy: BranchPolicy, version: string): void {
  if (policy.kind !== 'maintenance' || inMaintenanceLine(policy, version)) return;
  const range = policy.minor === null ? `${policy.major}.x` : `${policy.major}.${policy.minor}.x`;
  throw refusal('E_BRANCH_MAINTENANCE', `maintenance branch ${policy.branch} releases ${range} versions, and the next version would be ${version}`, `release ${version} from a release branch`);
}
