// `shipver doctor --fix` for version files behind the latest release HEAD contains (or
// disagreeing, none ahead of it): set them to that release's version in one commit in the
// release format. shipver's pre-commit hook refuses hand edits of version files on
// release branches and lets shipver's own release commits through (SHIPVER_RELEASE, as
// apply.ts sets it); this commit is one of those: it writes a version that is released
// already (its tag is in HEAD's history), through the same adapters a release uses.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import { ProcessError } from '../process/status.js';
import type { Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { editVersionFiles, type FileEdit, type VersionFileState } from './version-files.js';
import { renderTemplate } from './tag-format.js';
import { filesTarget, type TagRef } from './version-tags.js';

export interface FilesFix {
  project: string;
  version: string;
  tag: string;
  /** the files that change, with what each said before */
  edits: Array<FileEdit & { was: string }>;
  message: string;
}

/** What the fix would do; null when the files are where they belong or no fix is safe (filesTarget). Pure. */
export function planFilesFix(config: Config, project: string, files: VersionFileState[], latest: TagRef | null): FilesFix | null {
  const version = filesTarget(
    files.flatMap((f) => f.versions),
    latest,
  );
  if (!version || !latest) return null;
  const was = new Map(files.map((f) => [f.file, f.versions.join(', ')]));
  const edits = editVersionFiles(files, version)
    .filter((e) => e.before !== e.after)
    .map((e) => ({ ...e, was: was.get(e.file) ?? '?' }));
  if (!edits.length) return null;
  const header = renderTemplate(config.commit.message, { version, project, tag: latest.name });
  const body = `The version files were behind tag ${latest.name} (tagged without committing\nthem); shipver doctor --fix set them to ${version}.\n`;
  return { project, version, tag: latest.name, edits, message: `${header}\n\n${body}` };
}

/** Writes the files and commits exactly them; on any failure the files are as they were. Returns the new HEAD. */
export async function applyFilesFix(git: Git, root: string, fix: FilesFix): Promise<string> {
  const files = fix.edits.map((e) => e.file);
  if (!(await git.currentBranch())) throw refusal('E_DETACHED_HEAD', 'HEAD is detached, so the version files were not committed', 'check out your branch (git switch main), then run shipver doctor --fix again');
  const changed = (await git.statusOfPaths(files)).trim();
  if (changed) {
    throw refusal('E_DIRTY', `${files.join(', ')} ${files.length === 1 ? 'has' : 'have'} uncommitted changes, so shipver doctor --fix left ${files.length === 1 ? 'it' : 'them'} alone`, `commit or stash them (git stash), then run shipver doctor --fix again`, changed.split('\n').map((l) => `  ${l}`));
  }
  const before = files.map((f) => readFileSync(path.join(root, f), 'utf8'));
  const restore = () => files.forEach((f, i) => writeFileSync(path.join(root, f), before[i]!));
  try {
    for (const e of fix.edits) writeFileSync(path.join(root, e.file), e.after);
    // --only: exactly these files, whatever else is staged; SHIPVER_RELEASE: a release-format commit shipver makes
    const r = await git.commitOnlyPaths(fix.message, files, { SHIPVER_RELEASE: fix.version, SHIPVER_PID: String(process.pid) });
    if (r.exitCode !== 0) throw new ProcessError('git', ['commit'], r);
  } catch (e) {
    restore();
    await git.unstagePaths(files);
    const detail = e instanceof ProcessError ? (e.result.stderr || e.result.stdout).trim() : (e as Error).message;
    throw refusal('E_FIX_COMMIT', `the commit that sets the version files to ${fix.version} failed (a hook may have refused it), so they were left as they were`, 'fix the cause shown above, then run shipver doctor --fix again', detail ? detail.split('\n').slice(-12).map((l) => `| ${l}`) : []);
  }
  return (await git.head())!;
}
