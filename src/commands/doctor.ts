// shipver doctor: is this repository ready to release? Each finding comes with its fix;
// exit 1 when anything fails.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import { ExitCode, ShipverError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git, GitError } from '../git/git.js';
import { run as runProcess } from '../process/run.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { loadReleaseContext, locateRepo, selectProjects } from '../release/context.js';
import { agreedVersion, readVersionFiles, workTreeReader } from '../release/version-files.js';
import { readJournal } from '../release/journal.js';
import { readVersionTags, tagMatcher } from '../changelog/tags.js';
import { HOOK_NAMES } from '../hooks/install.js';
import { detectBumpversion } from '../version/detect.js';
import { shQuote } from '../server/install.js';
import { latestAttempts, loadRuns } from '../deploy/records.js';
import { isFailure, retryCommand, runJson, runSummary } from '../deploy/view.js';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  message: string;
  fix?: string;
  /** the deploy a "deploys" finding is about (--json) */
  deploy?: Record<string, unknown>;
}

function fromError(name: string, e: unknown): Check {
  if (e instanceof ShipverError) return { name, status: 'fail', message: [e.message, ...e.details].join('\n    '), fix: e.hint };
  throw e;
}

async function checkVersions(root: string, config: Config, project: string | undefined, git: Git): Promise<Check[]> {
  const checks: Check[] = [];
  let sel;
  try {
    sel = selectProjects(config, project);
  } catch (e) {
    return [fromError('projects', e)];
  }
  let version: string | null = null;
  try {
    const files = await readVersionFiles(sel.projects, workTreeReader(root));
    version = agreedVersion(files);
    checks.push({ name: 'version files', status: 'ok', message: `${files.map((f) => f.file).join(', ')} agree on ${version}` });
  } catch (e) {
    checks.push(fromError('version files', e));
  }
  const { versions, lightweight, malformed } = await versionTags(git, config, sel.projectName);
  if (lightweight.length) {
    checks.push({
      name: 'tags',
      status: 'fail',
      message: `lightweight version tags (git push --follow-tags skips them, and the deploy needs annotated ones): ${lightweight.slice(0, 8).join(', ')}${lightweight.length > 8 ? ' …' : ''}`,
      fix: `recreate each as annotated: git tag -a -f -m ${lightweight[0]} ${lightweight[0]} ${lightweight[0]}^{} (then git push -f origin ${lightweight[0]})`,
    });
  }
  if (malformed.length) checks.push({ name: 'tags', status: 'warn', message: `tags that look like versions but are not semver (ignored): ${malformed.slice(0, 8).join(', ')}` });
  if (!lightweight.length && !malformed.length) checks.push({ name: 'tags', status: 'ok', message: versions.length ? `${versions.length} version tag(s), all annotated` : 'no version tags yet' });
  if (version) checks.push(...compareWithTags(version, versions));
  return checks;
}

async function versionTags(git: Git, config: Config, project: string): Promise<{ versions: string[]; lightweight: string[]; malformed: string[] }> {
  const matcher = tagMatcher(config.tag.format, project);
  const tags = await readVersionTags(git, matcher);
  // Names that match the format's glob but hold no valid version (v1.0, v-old) are worth a warning.
  const all = (await git.ok(['for-each-ref', '--format=%(refname:strip=2)', `refs/tags/${matcher.glob}`])).split('\n').filter(Boolean);
  return {
    versions: tags.map((t) => t.version),
    lightweight: tags.filter((t) => !t.annotated).map((t) => t.name),
    malformed: all.filter((n) => matcher.versionOf(n) === null),
  };
}

function compareWithTags(version: string, versions: string[]): Check[] {
  const latest = versions.filter((v) => !semver.prerelease(v) || semver.prerelease(version)).sort(semver.rcompare)[0];
  if (latest && semver.lt(version, latest)) {
    return [{ name: 'files vs tags', status: 'fail', message: `the version files say ${version} but tag ${latest} is newer`, fix: `set the files to ${latest} (the last release) and commit` }];
  }
  if (latest && semver.gt(version, latest) && !versions.includes(version)) {
    return [{ name: 'files vs tags', status: 'warn', message: `the version files say ${version}, which has no tag yet (latest ${latest})`, fix: 'shipver tag, if that commit is the release' }];
  }
  return [];
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

async function checkHooks(root: string, git: Git, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const hooksPath = await git.configGet('core.hooksPath');
  if (hooksPath !== '.husky/_' || !existsSync(path.join(root, '.husky/_/h'))) {
    return [{ name: 'hooks', status: 'fail', message: `the git hooks are not installed (core.hooksPath is ${hooksPath ?? 'unset'})`, fix: existsSync(path.join(root, 'package.json')) ? 'npm install (runs husky), or shipver init --hooks-only' : 'shipver init --hooks-only' }];
  }
  const missing = HOOK_NAMES.filter((h) => {
    const f = path.join(root, '.husky', h);
    return !existsSync(f) || !readFileSync(f, 'utf8').includes(`shipver hook ${h}`);
  });
  const checks: Check[] = [];
  if (missing.length) checks.push({ name: 'hooks', status: 'fail', message: `.husky/ lacks shipver's ${missing.join(', ')} hook(s)`, fix: 'shipver init (keeps your own hook lines, adds shipver\'s)' });
  // The hooks run `shipver` with node_modules/.bin first on PATH, as husky does.
  const PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${env.PATH ?? ''}`;
  let runs = false;
  try {
    const r = await runProcess('shipver', ['--version-info'], { cwd: root, env: { ...env, PATH }, timeout: 20_000 });
    runs = r.exitCode === 0;
  } catch {
    runs = false;
  }
  if (!runs) checks.push({ name: 'hooks', status: 'fail', message: 'the hooks call `shipver`, but no working shipver is on their PATH', fix: 'npm i -D shipver (Node repos), or put the shipver executable on PATH' });
  if (!checks.length) checks.push({ name: 'hooks', status: 'ok', message: 'commit-msg, pre-commit and pre-push installed; shipver runs' });
  return checks;
}

/**
 * `file:` dependencies (a vendored tarball, `"shipver": "file:vendor/shipver-0.1.0.tgz"`, or a
 * directory) in the root package.json and the projects' package.json files: each must be
 * committed, or `npm ci` fails in a fresh clone.
 */
async function checkFileDependencies(root: string, config: Config | null, git: Git): Promise<Check[]> {
  const manifests = new Set(existsSync(path.join(root, 'package.json')) ? ['package.json'] : []);
  for (const p of config?.projects ?? []) for (const f of p.versionFiles) if (f.kind === 'auto' && path.basename(f.file) === 'package.json') manifests.add(path.normalize(f.file));
  const checks: Check[] = [];
  const committed: string[] = [];
  for (const manifest of manifests) {
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(path.join(root, manifest), 'utf8')) as Record<string, unknown>;
    } catch {
      continue; // unreadable or not JSON: the version files check reports it
    }
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const deps = pkg[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
        if (typeof spec !== 'string' || !spec.startsWith('file:')) continue;
        const abs = path.resolve(root, path.dirname(manifest), spec.slice('file:'.length));
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
          checks.push({ name: 'dependencies', status: 'warn', message: `${manifest}: ${name} is ${spec}, outside the repository: a fresh clone's npm ci fails unless that path exists on every machine`, fix: `keep it in the repository, e.g. mkdir -p vendor && npm pack --pack-destination vendor ${shQuote(abs)}, then npm i -D file:vendor/<the .tgz it wrote>, and commit vendor/` });
          continue;
        }
        if (await git.committed(rel)) {
          committed.push(rel);
          continue;
        }
        const add = (await git.ignored(rel)) ? 'git add -f' : 'git add';
        // the name goes into the printed command: only a plain package name, else a generic subject
        const subject = /^[\w@./-]+$/.test(name) ? `chore: vendor ${name}` : 'chore: vendor a dependency';
        checks.push({ name: 'dependencies', status: 'fail', message: `${rel} is a file: dependency in ${manifest} but is not committed: a fresh clone's npm ci fails`, fix: `${add} ${shQuote(rel)} && git commit -m "${subject}"` });
      }
    }
  }
  if (committed.length && !checks.length) checks.push({ name: 'dependencies', status: 'ok', message: `file: dependencies committed: ${committed.join(', ')}` });
  return checks;
}

/**
 * Deploys recorded in this clone: the latest attempt per environment and project that did
 * not succeed (a failure not followed by a success) fails the check; a running one is
 * reported; unreadable lines of the record are warnings.
 */
function checkDeploys(gitDir: string, config: Config | null): Check[] {
  const skipped: string[] = [];
  const runs = loadRuns(gitDir, (w) => skipped.push(w.trim()));
  const checks: Check[] = skipped.map((w) => ({ name: 'deploys', status: 'warn' as const, message: w, fix: 'the rest of the record is read; delete that line to silence this' }));
  const multiProject = (config?.projects.length ?? 1) > 1;
  const now = Date.now();
  for (const r of latestAttempts(runs).values()) {
    const where = `${r.version} to ${r.env}${multiProject ? ` (${r.project})` : ''}`;
    if (isFailure(r)) {
      checks.push({ name: 'deploys', status: 'fail', message: `the deploy of ${where} ${runSummary(r, now)}, and no deploy to ${r.env} succeeded since`, fix: `${r.log ? `see ${r.log}, then ` : ''}retry: ${retryCommand(r, multiProject)}`, deploy: runJson(r) });
    } else if (!r.done) {
      checks.push({ name: 'deploys', status: 'ok', message: `the deploy of ${where} ${runSummary(r, now)} (shipver deploy --follow ${r.env})`, deploy: runJson(r) });
    }
  }
  if (!checks.some((k) => k.status !== 'warn')) checks.push({ name: 'deploys', status: 'ok', message: runs.length ? 'the latest deploy to each environment succeeded' : 'no deploys recorded here' });
  return checks;
}

export async function run(opts: { project?: string; json?: boolean }, _args: string[], io: Io): Promise<ExitCode> {
  const { root, gitDir } = await locateRepo(io.cwd);
  const git = new Git(root);
  const checks: Check[] = [];
  let config: Config | null = null;
  try {
    config = await loadConfig(root);
    checks.push({ name: 'config', status: 'ok', message: config.file ? 'shipver.yaml is valid' : 'no shipver.yaml: defaults and detected version files' });
  } catch (e) {
    checks.push(fromError('config', e));
  }
  const bv = detectBumpversion(root);
  for (const u of bv?.config.unsupported ?? []) checks.push({ name: 'bump2version', status: 'warn', message: `${bv!.file} ${u.section.startsWith('[') ? u.section : `[${u.section}]`}: ${u.reason}` });
  if (config) checks.push(...(await checkVersions(root, config, opts.project, git)));
  if (config) checks.push(...(await checkRepository(root, git, opts.project)));
  checks.push(...(await checkHooks(root, git, io.env)));
  checks.push(...(await checkFileDependencies(root, config, git)));
  const j = readJournal(gitDir);
  if (j) checks.push({ name: 'release journal', status: 'fail', message: `a release (${j.tag ?? j.commitMessage}) did not finish; steps done: ${j.done.join(', ') || 'none'}`, fix: 'shipver recover' });
  checks.push(...checkDeploys(gitDir, config));
  const ok = !checks.some((c) => c.status === 'fail');
  if (opts.json) printJson(io, { ok, checks });
  else {
    const c = colors(io);
    for (const k of checks) {
      const mark = k.status === 'ok' ? c.green('✔') : k.status === 'warn' ? c.yellow('⚠') : c.red('✖');
      io.stderr(`${mark} ${c.bold(k.name)}: ${k.message}\n${k.fix ? `  ${c.dim('→')} ${k.fix}\n` : ''}`);
    }
  }
  return ok ? ExitCode.Ok : ExitCode.Refused;
}
