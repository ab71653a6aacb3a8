// shipver ci verify|deploy: the release rules and the deploy, run by a CI job (GitHub
// Actions, GitLab CI, or any other that says which commits it builds). The work is in
// src/server/ci.ts; `shipver init --ci github|gitlab` writes a workflow that calls these.
import { usageError, type ExitCode } from '../errors.js';
import type { Io } from '../io.js';

interface Opts {
  from?: string;
  to?: string;
  tag?: string;
  dryRun?: boolean;
  json?: boolean;
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (rest.length) throw usageError('E_USAGE', `unexpected argument "${rest[0]}"`, 'shipver ci verify [--from REF --to REF] | shipver ci deploy [--tag TAG]');
  const ci = await import('../server/ci.js');
  if (sub === 'verify') {
    if (opts.dryRun) throw usageError('E_USAGE', '--dry-run is for ci deploy', 'ci verify changes nothing anyway');
    return ci.ciVerify(opts, io);
  }
  if (sub === 'deploy') {
    if (opts.from || opts.to) throw usageError('E_USAGE', '--from/--to are for ci verify', 'ci deploy deploys one tag: --tag TAG, or the tag the pipeline builds');
    return ci.ciDeploy(opts, io);
  }
  throw usageError('E_USAGE', sub ? `unknown ci subcommand "${sub}"` : 'shipver ci needs a subcommand', 'shipver ci verify [--from REF --to REF] | shipver ci deploy [--tag TAG]');
}
