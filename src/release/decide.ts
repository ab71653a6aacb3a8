// The release decision from gathered inputs: the level the commits call for and the
// next version (part of plan-release.ts's decision; commit/session.ts uses it alone). Pure.
import semver from '../version/semver-fns.js';
import { usageError } from '../errors.js';
import { inferLevel, type Inference } from '../commits/level.js';
import type { Level } from '../config/types.js';
import type { ReleaseContext } from './context.js';
import { checkNotTagged, nextVersion, type ExplicitLevel, type NextVersion } from './next-version.js';
import { tagName } from './tag-format.js';

const LEVELS = ['major', 'minor', 'patch', 'prerelease', 'auto'];

export function parseLevel(level: string | undefined): ExplicitLevel | null {
  if (level === undefined || level === 'auto') return null;
  if (!LEVELS.includes(level)) throw usageError('E_USAGE', `unknown level "${level}"`, `use one of: ${LEVELS.join(', ')}`);
  return level as ExplicitLevel;
}

export function parsePre(pre: string | undefined): string | null {
  if (pre === undefined) return null;
  if (!/^[A-Za-z][0-9A-Za-z-]*$/.test(pre)) throw usageError('E_USAGE', `"${pre}" is not a valid prerelease id`, 'use letters, digits and "-", e.g. --pre beta');
  return pre;
}

export function inferFor(ctx: Pick<ReleaseContext, 'commits' | 'config' | 'current'>): Inference {
  return inferLevel(
    ctx.commits.map((c) => ({ sha: c.sha, parsed: c.parsed })),
    { types: ctx.config.bump.types, breakingPreMajor: ctx.config.bump.breakingPreMajor },
    semver.major(ctx.current) === 0,
  );
}

export type DecideInput = Pick<ReleaseContext, 'current' | 'newSinceLastTag' | 'lastTag' | 'policy' | 'branch' | 'config' | 'projectName' | 'tagNames'>;

export function decideNext(ctx: DecideInput, inference: Inference, explicit: ExplicitLevel | null, pre: string | null): NextVersion {
  const next = nextVersion({
    current: ctx.current,
    inferred: inference.level as Level | null,
    explicit,
    pre,
    newSinceLastTag: ctx.newSinceLastTag,
    lastTag: ctx.lastTag?.name ?? null,
    policy: ctx.policy ?? { kind: 'release', branch: ctx.branch ?? 'HEAD' },
  });
  const tagOf = (version: string) => tagName(ctx.config.tag.format, version, ctx.projectName);
  checkNotTagged({ next, current: ctx.current, tag: tagOf(next.version), tagNames: ctx.tagNames, tagOf, branch: ctx.branch });
  return next;
}

