// GitOps deploys: instead of running a command, set the image tag in a file of the ops
// repository and push the commit; Argo CD or Flux applies it. The commit is the audit
// trail of what runs where. A push that loses a race with another deploy is rebased on
// the new tip and retried.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GitopsConfig } from '../config/types.js';
import { refusal, ShipverError } from '../errors.js';
import { Git } from '../git/git.js';
import { ProcessError } from '../process/status.js';
import { setImageTag } from '../ops/manifest.js';

export interface GitopsJob {
  gitops: GitopsConfig;
  env: string;
  project: string;
  version: string;
  root: string;
  gitDir: string;
  write: (line: string) => void;
  processEnv?: NodeJS.ProcessEnv;
}

export interface GitopsResult {
  commit: string | null;
  attempts: number;
  message: string;
}

const MAX_ATTEMPTS = 6;

/** The ops repository as git can reach it: a URL, or a path relative to the app repository. */
export function gitopsRepo(root: string, repo: string): string {
  return /^[\w+.-]+:\/\//.test(repo) || /^[^/]+@[^:]+:/.test(repo) ? repo : path.resolve(root, repo);
}

/** A private clone of the ops repository for this environment, up to date with its remote. */
async function freshClone(job: Pick<GitopsJob, 'gitops' | 'env' | 'root' | 'gitDir' | 'processEnv'>): Promise<{ git: Git; dir: string; branch: string }> {
  const dir = path.join(job.gitDir, 'shipver', 'gitops', job.env.replace(/[^\w.-]/g, '_'));
  const url = gitopsRepo(job.root, job.gitops.repo);
  const git = new Git(dir, job.processEnv);
  if (!existsSync(path.join(dir, '.git'))) {
    mkdirSync(path.dirname(dir), { recursive: true });
    await new Git(path.dirname(dir), job.processEnv).cloneInto(url, dir);
  } else {
    await git.setRemoteUrl('origin', url);
  }
  await git.fetchRemote('origin', { prune: true });
  const branch = job.gitops.branch || ((await git.remoteHeadBranch('origin')) ?? 'main');
  return { git, dir, branch };
}

/** Puts the clone at the remote branch's tip and sets the tag; false when it already has it. */
async function edit(git: Git, dir: string, branch: string, job: GitopsJob): Promise<boolean> {
  await git.resetBranchTo(branch, `origin/${branch}`);
  const file = path.join(dir, job.gitops.file);
  if (!existsSync(file)) throw refusal('E_GITOPS_FILE', `${job.gitops.file} does not exist in ${job.gitops.repo} (branch ${branch})`, 'fix deploy.gitops.file in shipver.yaml');
  const before = readFileSync(file, 'utf8');
  const res = setImageTag(before, job.gitops.image, job.version, { file: job.gitops.file });
  if (res.text === before) return false;
  writeFileSync(file, res.text);
  return true;
}

export async function gitopsDeploy(job: GitopsJob): Promise<GitopsResult> {
  const { git, dir, branch } = await freshClone(job);
  const message = `chore(deploy): ${job.project} ${job.version} to ${job.env}`;
  // A machine without a git identity (a CI runner) still gets an author on the audit commit.
  const identity = (await git.configGet('user.email')) || job.processEnv?.GIT_AUTHOR_EMAIL ? undefined : { name: 'shipver', email: 'shipver@localhost' };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await git.fetchRemote('origin');
    if (!(await edit(git, dir, branch, job))) {
      job.write(`# ${job.gitops.file} already sets ${job.gitops.image}:${job.version}; nothing to commit\n`);
      return { commit: null, attempts: attempt, message: `already at ${job.version}` };
    }
    await git.commitFiles(message, [job.gitops.file], identity);
    const commit = (await git.head())!;
    if ((await git.pushHeadTo('origin', branch)) === 'pushed') {
      job.write(`# pushed ${commit.slice(0, 7)} "${message}" to ${job.gitops.repo} ${branch}${attempt > 1 ? ` (after ${attempt - 1} rebase${attempt > 2 ? 's' : ''})` : ''}\n`);
      return { commit, attempts: attempt, message };
    }
    job.write(`# ${branch} moved on the ops repository meanwhile: rebasing and trying again (${attempt}/${MAX_ATTEMPTS})\n`);
  }
  throw refusal('E_GITOPS_RACE', `the ops repository kept moving: ${MAX_ATTEMPTS} pushes lost the race`, 'deploy again in a moment');
}

/** The tag the ops repository's file sets for the image (what the GitOps controller runs), or null. */
export async function gitopsRunningTag(job: Pick<GitopsJob, 'gitops' | 'env' | 'root' | 'gitDir' | 'processEnv'>): Promise<string | null> {
  try {
    const { git, branch } = await freshClone(job);
    const text = await git.show(`origin/${branch}`, job.gitops.file);
    if (text === null) return null;
    const match = setImageTag(text, job.gitops.image, '0.0.0', { file: job.gitops.file }).matches[0];
    if (!match) return null;
    const ref = match.from;
    const slash = ref.lastIndexOf('/');
    const colon = ref.lastIndexOf(':');
    return colon > slash ? ref.slice(colon + 1).replace(/@.*$/, '') : ref.includes('/') ? null : ref;
  } catch (e) {
    if (e instanceof ShipverError || e instanceof ProcessError) return null;
    throw e;
  }
}
