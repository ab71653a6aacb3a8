// shipver init --ci github|gitlab: the CI file that runs shipver ci verify on every push and
// ci deploy on version tags. An existing .gitlab-ci.yml holds the project's own jobs: init
// says what to add to it rather than replace it (unless --force).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import { loadConfig } from '../config/load.js';
import * as t from '../server/ci-templates.js';
import type { FileChange } from './file-change.js';

export type CiProvider = 'github' | 'gitlab';

export type CiPlan =
  | { kind: 'write'; file: string; abs: string; content: string; action: Extract<FileChange['action'], 'create' | 'keep' | 'overwrite'> }
  | { kind: 'add-jobs'; file: string; jobs: string };

export async function planCi(root: string, provider: CiProvider, force: boolean): Promise<CiPlan> {
  const format = (await loadConfig(root)).tag.format;
  const file = provider === 'github' ? t.GITHUB_WORKFLOW_FILE : t.GITLAB_CI_FILE;
  const content = provider === 'github' ? t.githubWorkflow(format) : t.gitlabCi(format);
  const abs = path.join(root, file);
  const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
  const action = current === null ? 'create' : current === content ? 'keep' : 'overwrite';
  if (action === 'overwrite' && !force) {
    if (provider === 'gitlab') return { kind: 'add-jobs', file, jobs: t.gitlabJobs(format) };
    throw refusal('E_CI_FILE_EXISTS', `${file} exists and differs from what shipver writes`, 'run again with --force to replace it, or compare with docs/ci.md and merge by hand');
  }
  return { kind: 'write', file, abs, content, action };
}
