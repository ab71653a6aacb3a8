// `shipver hook pre-commit`: on a release branch, refuses a commit that changes the
// version in a version file by hand; versions change only through `shipver bump`/`release`
// (whose commit carries SHIPVER_RELEASE). Runs on every commit, so it first asks git
// which files are staged and stops there when none could hold a version.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, refusal } from '../errors.js';
import type { Io } from '../io.js';
import { Git } from '../git/git.js';
import { VERSION_FILE_NAME } from '../version/files/formats.js';


export async function preCommitHook(_args: string[], io: Io): Promise<ExitCode> {
  if (io.env.SHIPVER_RELEASE) return ExitCode.Ok;
  const git = new Git(io.cwd);
  const root = (await git.topLevel()) ?? io.cwd;
  const gitDir = await git.gitDir();
  if (existsSync(path.join(gitDir, 'MERGE_HEAD'))) return ExitCode.Ok; // merges carry releases between branches
  const staged = await git.stagedFiles();
  const configText = existsSync(path.join(root, 'shipver.yaml')) ? readFileSync(path.join(root, 'shipver.yaml'), 'utf8') : '';
  const candidates = staged.filter((f) => VERSION_FILE_NAME.test(f) || (configText && configText.includes(f)));
  if (candidates.length === 0) return ExitCode.Ok;
  await checkVersionEdits(git, root, candidates);
  return ExitCode.Ok;
}

async function checkVersionEdits(git: Git, root: string, candidates: string[]): Promise<void> {
  // The heavy parts (YAML, adapters) load only when a staged file may hold a version.
  const { loadConfig } = await import('../config/load.js');
  const { branchPolicy } = await import('../release/branch-policy.js');
  const { readVersionFiles } = await import('../release/version-files.js');
  const config = await loadConfig(root);
  const branch = await git.currentBranch();
  if (!branch || !branchPolicy(branch, config.branches)) return;
  const staged = new Set(candidates);
  const edits: string[] = [];
  for (const project of config.projects) {
    const specs = project.versionFiles.filter((s) => staged.has(s.file));
    if (!specs.length) continue;
    const sub = { ...project, versionFiles: specs };
    const at = (rev: string) => (file: string) => git.show(rev, file);
    let before;
    try {
      before = await readVersionFiles([sub], at('HEAD'));
    } catch {
      continue; // a new file, or no version at HEAD: nothing was edited by hand
    }
    let after;
    try {
      after = await readVersionFiles([sub], at(''));
    } catch {
      continue; // the staged file is broken or lost its version: not a version edit this hook can judge
    }
    for (let i = 0; i < before.length; i++) {
      const a = before[i]!.versions.join(',');
      const b = after[i]!.versions.join(',');
      if (a !== b) edits.push(`${before[i]!.file}: ${before[i]!.versions[0]} → ${after[i]!.versions[0]}`);
    }
  }
  if (edits.length) {
    throw refusal(
      'E_VERSION_HAND_EDIT',
      `this commit changes the version by hand on release branch ${branch}`,
      `versions change only through releases: unstage the change (git restore --staged --worktree ${edits.map((e) => e.split(':')[0]).join(' ')}) and run shipver bump or shipver release`,
      edits,
    );
  }
}
