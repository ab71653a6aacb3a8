// Every doctor check, in the order they are shown: the config, bump2version's, the versions,
// what the next release reads of the repository, the hooks, the file: dependencies, an
// unfinished release, the deploys. Data only; src/commands/doctor.ts prints it.
import { GitError, type Git } from '../git/git.js';
import { ShipverError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { detectBumpversion } from '../config/detect/bumpversion.js';
import { loadReleaseContext } from '../release/context.js';
import { readJournal } from '../release/journal.js';
import { fromError, type Check } from './check.js';
import { checkVersions, type VersionFacts } from './versions.js';
import { checkHooks } from './hooks.js';
import { checkFileDependencies } from './dependencies.js';
import { checkDeploys } from './deploys.js';

export interface Findings {
  checks: Check[];
  facts: VersionFacts[];
  config: Config | null;
}

export interface Where {
  root: string;
  gitDir: string;
  git: Git;
  head: string | null;
}

export async function collect(where: Where, project: string | undefined, env: NodeJS.ProcessEnv): Promise<Findings> {
  const { root, gitDir, git, head } = where;
  const checks: Check[] = [];
  let config: Config | null = null;
  try {
    config = await loadConfig(root);
    checks.push({ name: 'config', status: 'ok', message: config.file ? 'shipver.yaml is valid' : 'no shipver.yaml: defaults and detected version files' });
  } catch (e) {
    checks.push(fromError('config', e));
  }
  checks.push(...checkBumpversion(root));
  let facts: VersionFacts[] = [];
  if (config) {
    const v = await checkVersions(root, config, project, git, head);
    checks.push(...v.checks);
    facts = v.facts;
    checks.push(...(await checkRepository(root, git, project)));
  }
  checks.push(...(await checkHooks(root, git, env)));
  checks.push(...(await checkFileDependencies(root, config, git)));
  const j = readJournal(gitDir);
  if (j) checks.push({ name: 'release journal', status: 'fail', message: `a release (${j.tag ?? j.commitMessage}) did not finish; steps done: ${j.done.join(', ') || 'none'}`, fix: 'shipver recover' });
  checks.push(...checkDeploys(gitDir, config));
  return { checks, facts, config };
}

/** What of a bump2version config shipver does not carry over. */
function checkBumpversion(root: string): Check[] {
  const bv = detectBumpversion(root);
  return (bv?.config.unsupported ?? []).map((u) => ({ name: 'bump2version', status: 'warn' as const, message: `${bv!.file} ${u.section.startsWith('[') ? u.section : `[${u.section}]`}: ${u.reason}` }));
}

/**
 * What the next release reads of the repository: the index, and the history since the last
 * tag. Only git's failures are findings here (missing objects, a damaged index, a shallow
 * clone cut off before the last tag); everything else has a check of its own.
 */
async function checkRepository(root: string, git: Git, project: string | undefined): Promise<Check[]> {
  const checks: Check[] = [];
  for (const read of [() => git.trackedChanges(), () => loadReleaseContext(root, { project })]) {
    try {
      await read();
    } catch (e) {
      if (e instanceof GitError || (e instanceof ShipverError && e.code === 'E_SHALLOW_CLONE')) checks.push(fromError('repository', e));
      else if (!(e instanceof ShipverError)) throw e;
    }
  }
  return checks;
}
