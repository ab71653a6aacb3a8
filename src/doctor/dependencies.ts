// Doctor's check of the `file:` dependencies: each must be committed, or a fresh clone's
// `npm ci` fails (src/config/file-dependencies.ts finds them).
import type { Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { fileDependencies, packageManifests, type FileDependency } from '../config/file-dependencies.js';
import { shQuote } from '../server/install.js';
import type { Check } from './check.js';
import { acceptedHeader } from '../config/commit-subject.js';

export async function checkFileDependencies(root: string, config: Config | null, git: Git): Promise<Check[]> {
  const deps = await fileDependencies(root, git, packageManifests(root, config?.projects ?? []));
  const checks: Check[] = [];
  const committed: string[] = [];
  for (const d of deps) {
    if (d.rel === null) checks.push(outside(d));
    else if (d.committed) committed.push(d.rel);
    else checks.push(await uncommitted(root, d, d.rel));
  }
  if (committed.length && !checks.length) checks.push({ name: 'dependencies', status: 'ok', message: `file: dependencies committed: ${committed.join(', ')}` });
  return checks;
}

function outside(d: FileDependency): Check {
  return {
    name: 'dependencies',
    status: 'warn',
    message: `${d.manifest}: ${d.name} is ${d.spec}, outside the repository: a fresh clone's npm ci fails unless that path exists on every machine`,
    decide: `keep it in the repository, e.g. mkdir -p vendor && npm pack --pack-destination vendor ${shQuote(d.abs)}, then npm i -D file:vendor/<the .tgz it wrote>, and commit vendor/`,
  };
}

async function uncommitted(root: string, d: FileDependency, rel: string): Promise<Check> {
  const add = d.ignored ? 'git add -f' : 'git add';
  // the name goes into the printed command: only a plain package name, else a generic subject
  const subject = await acceptedHeader(root, 'chore', /^[\w@./-]+$/.test(d.name) ? `vendor ${d.name}` : 'vendor a dependency');
  return { name: 'dependencies', status: 'fail', message: `${rel} is a file: dependency in ${d.manifest} but is not committed: a fresh clone's npm ci fails`, fix: `${add} ${shQuote(rel)} && git commit -m "${subject}"` };
}
