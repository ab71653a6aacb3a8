// Doctor's check of the deploys recorded in this clone.
import type { Config } from '../config/types.js';
import { latestAttempts, loadRuns } from '../deploy/records.js';
import { isFailure, retryCommand, runJson, runSummary } from '../deploy/view.js';
import type { Check } from './check.js';

/**
 * Deploys recorded in this clone: the latest attempt per environment and project that did
 * not succeed (a failure not followed by a success) fails the check; a running one is
 * reported; unreadable lines of the record are warnings.
 */
export function checkDeploys(gitDir: string, config: Config | null): Check[] {
  const skipped: string[] = [];
  const runs = loadRuns(gitDir, (w) => skipped.push(w.trim()));
  const checks: Check[] = skipped.map((w) => ({ name: 'deploys', status: 'warn' as const, message: w, decide: 'the rest of the record is read; delete that line to silence this' }));
  const multiProject = (config?.projects.length ?? 1) > 1;
  const now = Date.now();
  for (const r of latestAttempts(runs).values()) {
    const where = `${r.version} to ${r.env}${multiProject ? ` (${r.project})` : ''}`;
    if (isFailure(r)) {
      checks.push({ name: 'deploys', status: 'fail', message: `the deploy of ${where} ${runSummary(r, now)}, and no deploy to ${r.env} succeeded since${r.log ? ` (log: ${r.log})` : ''}`, fix: retryCommand(r, multiProject), deploy: runJson(r) });
    } else if (!r.done) {
      checks.push({ name: 'deploys', status: 'ok', message: `the deploy of ${where} ${runSummary(r, now)} (shipver deploy --follow ${r.env})`, deploy: runJson(r) });
    }
  }
  if (!checks.some((k) => k.status !== 'warn')) checks.push({ name: 'deploys', status: 'ok', message: runs.length ? 'the latest deploy to each environment succeeded' : 'no deploys recorded here' });
  return checks;
}
