// What a CI system says about the build it runs: the pushed range, the branch or tag, the
// default branch and, for a merge/pull request, its target. GitHub Actions and GitLab CI.
// Pure but for reading GitHub's event file.
import { readFileSync } from 'node:fs';

export interface CiEnv {
  provider: 'github' | 'gitlab' | null;
  /** the commit the branch was at before the push (all zeros for a new branch or a tag) */
  before: string | null;
  /** the commit being built */
  sha: string | null;
  branch: string | null;
  tag: string | null;
  defaultBranch: string | null;
  /** the branch a pull/merge request goes into */
  targetBranch: string | null;
}

const val = (env: NodeJS.ProcessEnv, k: string): string | null => {
  const v = env[k];
  return v === undefined || v.trim() === '' ? null : v.trim();
};

function githubDefaultBranch(env: NodeJS.ProcessEnv): string | null {
  const file = val(env, 'GITHUB_EVENT_PATH');
  if (!file) return null;
  try {
    const ev = JSON.parse(readFileSync(file, 'utf8')) as { repository?: { default_branch?: unknown } };
    return typeof ev.repository?.default_branch === 'string' ? ev.repository.default_branch : null;
  } catch {
    return null;
  }
}

export function readCiEnv(env: NodeJS.ProcessEnv): CiEnv {
  if (val(env, 'GITHUB_ACTIONS') === 'true' || val(env, 'GITHUB_SHA')) {
    const ref = val(env, 'GITHUB_REF') ?? '';
    return {
      provider: 'github',
      before: val(env, 'GITHUB_EVENT_BEFORE'),
      sha: val(env, 'GITHUB_SHA'),
      branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
      tag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : null,
      defaultBranch: githubDefaultBranch(env),
      targetBranch: val(env, 'GITHUB_BASE_REF'),
    };
  }
  if (val(env, 'GITLAB_CI') === 'true' || val(env, 'CI_COMMIT_SHA')) {
    return {
      provider: 'gitlab',
      before: val(env, 'CI_COMMIT_BEFORE_SHA'),
      sha: val(env, 'CI_COMMIT_SHA'),
      branch: val(env, 'CI_COMMIT_BRANCH'),
      tag: val(env, 'CI_COMMIT_TAG'),
      defaultBranch: val(env, 'CI_DEFAULT_BRANCH'),
      targetBranch: val(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME'),
    };
  }
  return { provider: null, before: null, sha: null, branch: null, tag: null, defaultBranch: null, targetBranch: null };
}

/** The tag a pipeline builds: GitHub's GITHUB_REF(_NAME) for a tag, GitLab's CI_COMMIT_TAG. */
export function ciTag(env: NodeJS.ProcessEnv): string | null {
  const gh = readCiEnv(env);
  if (gh.tag) return gh.tag;
  if (val(env, 'GITHUB_REF_TYPE') === 'tag') return val(env, 'GITHUB_REF_NAME');
  return val(env, 'CI_COMMIT_TAG');
}
