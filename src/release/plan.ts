// The release plan: everything a release will do, as plain data, made by plan-release.ts
// before any change. `--dry-run` prints it; apply.ts carries it out.
import type { Classified } from '../commits/level.js';
import type { FileEdit } from './version-files.js';
import type { NextVersion } from './next-version.js';

export interface ReleasePlan {
  kind: 'release';
  project: string;
  current: string;
  /** the version files were behind the latest tag HEAD contains: what they said, and that tag (current is its version) */
  filesBehind: { files: string; tag: string } | null;
  next: string;
  step: NextVersion['step'];
  branch: string | null;
  lastTag: string | null;
  /** where the commits that decided the level start (the last final release's tag) */
  since: string | null;
  commits: Classified[];
  edits: FileEdit[];
  commitMessage: string;
  /** null for `bump`, which makes the release commit without a tag */
  tag: { name: string; message: string; sign: boolean } | null;
  push: { remote: string; branch: string } | null;
}

/** `shipver tag`: an annotated tag for the version HEAD's files hold; nothing else changes. */
export interface TagPlan {
  kind: 'tag';
  version: string;
  /** the commit tagged (HEAD) */
  commit: string;
  tag: { name: string; message: string; sign: boolean };
}

/** The annotated tag's message: a subject line, then the release notes as plain text. */
export function tagMessage(tag: string, notesPlain: string): string {
  const body = notesPlain.trim();
  return body ? `${tag}\n\n${body}\n` : `${tag}\n`;
}

/** The plan as JSON for --json / --dry-run: file contents reduced to what changes. */
export function planSummary(plan: ReleasePlan): Record<string, unknown> {
  return {
    project: plan.project,
    current: plan.current,
    filesBehind: plan.filesBehind,
    next: plan.next,
    step: plan.step,
    branch: plan.branch,
    lastTag: plan.lastTag,
    since: plan.since,
    commitMessage: plan.commitMessage,
    tag: plan.tag,
    push: plan.push,
    files: plan.edits.map((e) => ({ file: e.file, created: e.before === null })),
    commits: plan.commits,
  };
}
