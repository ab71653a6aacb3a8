// The date in a release heading: SHIPVER_DATE (YYYY-MM-DD, for reproducible changelogs in
// tests and demos) or today in UTC. Read at the edge, passed into the pure renderers.
import { usageError } from '../errors.js';

export function releaseDate(env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): string {
  const fixed = env.SHIPVER_DATE;
  if (fixed !== undefined && fixed !== '') {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(fixed) && new Date(`${fixed}T00:00:00Z`).toISOString().slice(0, 10) === fixed;
    if (!ok) throw usageError('E_BAD_DATE', `SHIPVER_DATE "${fixed}" is not a date in the form YYYY-MM-DD`, 'e.g. SHIPVER_DATE=2024-05-01, or unset it to use today');
    return fixed;
  }
  return now().toISOString().slice(0, 10);
}
