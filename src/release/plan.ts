// The release plan: everything a release will do, computed as plain data before any
// change is made. Pure: no fs, git, env or clock (the date and the rendered notes are
// inputs). `--dry-run` prints it; apply.ts carries it out.
import type { Config } from '../config/types.js';
import type { Classified } from '../commits/level.js';
import type { FileEdit, VersionFileState } from './version-files.js';
import { editVersionFiles } from './version-files.js';
import type { NextVersion } from './next-version.js';
import { renderTemplate, tagName } from './tag-format.js';

export interface ReleasePlan {
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

export interface PlanInput {
  config: Config;
  projectName: string;
  current: string;
  filesBehind?: { files: string; tag: string } | null;
  next: NextVersion;
  branch: string | null;
  lastTag: string | null;
  since: string | null;
  commits: Classified[];
  files: VersionFileState[];
  /** the new CHANGELOG.md content, already computed (null: no changelog update) */
  changelog: { file: string; before: string | null; after: string } | null;
  notesPlain: string;
  createTag: boolean;
  push: { remote: string; branch: string } | null;
}

export function buildPlan(input: PlanInput): ReleasePlan {
  const { config, next } = input;
  const tag = tagName(config.tag.format, next.version, input.projectName);
  const edits = editVersionFiles(input.files, next.version);
  if (input.changelog) edits.push(input.changelog);
  return {
    project: input.projectName,
    current: input.current,
    filesBehind: input.filesBehind ?? null,
    next: next.version,
    step: next.step,
    branch: input.branch,
    lastTag: input.lastTag,
    since: input.since,
    commits: input.commits,
    edits,
    commitMessage: renderTemplate(config.commit.message, { version: next.version, project: input.projectName, tag }),
    tag: input.createTag ? { name: tag, message: tagMessage(tag, input.notesPlain), sign: config.tag.sign } : null,
    push: input.push,
  };
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
