// shipver doctor: is this repository ready to release? Each finding comes with its fix —
// a command that works as printed — or says what a person must decide. Exit 1 only for
// what would break the next release, the hooks or a deploy. `--fix` applies the safe
// fixes (tag.format from the tags, the hooks, the version files to the latest release);
// `--dry-run` shows them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import { ExitCode, ShipverError, refusal } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git, GitError } from '../git/git.js';
import { run as runProcess } from '../process/run.js';
import { loadConfig } from '../config/load.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { CONFIG_FILE } from '../config/defaults.js';
import { loadReleaseContext, locateRepo, selectProjects } from '../release/context.js';
import { agreedVersion, readVersionFiles, workTreeReader, type VersionFileState } from '../release/version-files.js';
import { readJournal } from '../release/journal.js';
import { readVersionTags, tagMatcher } from '../release/version-tags.js';
import { filesTarget, latestVersionTags, type TagRef } from '../release/version-tags.js';
import { checkTagForms, writeTagFormat } from '../release/tag-format-infer.js';
import { applyFilesFix, planFilesFix } from '../release/files-fix.js';
import { HOOK_NAMES } from '../hooks/install.js';
import { detectBumpversion } from '../config/detect/bumpversion.js';
import { shQuote } from '../server/install.js';
import { latestAttempts, loadRuns } from '../deploy/records.js';
import { isFailure, retryCommand, runJson, runSummary } from '../deploy/view.js';

type Status = 'ok' | 'info' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  message: string;
  /** a command that fixes it, to be run exactly as printed */
  fix?: string;
  /** what a person must decide (when no command can) */
  decide?: string;
  /** the deploy a "deploys" finding is about (--json) */
  deploy?: Record<string, unknown>;
}

/** A finding from a ShipverError: its hint is prose, so a person decides. */
function fromError(name: string, e: unknown): Check {
  if (e instanceof ShipverError) return { name, status: 'fail', message: [e.message, ...e.details].join('\n    '), ...(e.hint ? { decide: e.hint } : {}) };
  throw e;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const FIX = 'shipver doctor --fix';

/** What `--fix` needs to know about one project's (or one lockstep group's) versions. */
interface VersionFacts {
  projectName: string;
  files: VersionFileState[] | null;
  latest: TagRef | null;
  /** a single other form of the version tags, to write as tag.format */
  inferFormat: string | null;
  /** the tag format cannot be settled without a person: --fix writes nothing */
  formatUndecided: string | null;
}

async function checkVersions(root: string, config: Config, project: string | undefined, git: Git, head: string | null): Promise<{ checks: Check[]; facts: VersionFacts[] }> {
  // With a version per project ({project} in tag.format) and no --project: each of them.
  const independent = config.tag.format.includes('{project}') && config.projects.length > 1;
  const names = project || !independent ? [project] : config.projects.map((p) => p.name);
  const checks: Check[] = [];
  const facts: VersionFacts[] = [];
  for (const name of names) {
    let sel;
    try {
      sel = selectProjects(config, name);
    } catch (e) {
      checks.push(fromError('projects', e));
      continue;
    }
    const r = await checkProjectVersions(root, config, sel, git, head, names.length > 1 ? `${sel.projectName}: ` : '');
    checks.push(...r.checks);
    facts.push(r.facts);
  }
  return { checks, facts };
}

async function checkProjectVersions(
  root: string,
  config: Config,
  sel: { projects: ProjectConfig[]; projectName: string },
  git: Git,
  head: string | null,
  label: string,
): Promise<{ checks: Check[]; facts: VersionFacts }> {
  const checks: Check[] = [];
  const format = config.tag.format;
  const matcher = tagMatcher(format, sel.projectName);
  // the rule every command uses (release/version-tags.ts): the tags HEAD contains count
  const [tags, reach, names] = await Promise.all([
    readVersionTags(git, matcher),
    head ? latestVersionTags(git, format, sel.projectName) : null,
    git.tagNames(matcher.glob),
  ]);
  const latest = reach?.latest ?? null;
  const facts: VersionFacts = { projectName: sel.projectName, files: null, latest, inferFormat: null, formatUndecided: null };

  let files: VersionFileState[] | null = null;
  let filesError: unknown = null;
  try {
    files = await readVersionFiles(sel.projects, workTreeReader(root));
  } catch (e) {
    filesError = e;
  }

  // tag.format against the tags there are
  if (tags.length === 0) {
    const forms = await checkTagForms(git, root, format, files?.flatMap((f) => f.versions) ?? []);
    if (forms.kind === 'infer') {
      facts.inferFormat = forms.format;
      checks.push({ name: `${label}tag format`, status: 'fail', message: forms.message, fix: FIX });
    } else if (forms.kind === 'ambiguous') {
      facts.formatUndecided = forms.decide;
      checks.push({ name: `${label}tag format`, status: 'fail', message: forms.message, decide: forms.decide });
    } else if (forms.kind === 'unsure') {
      checks.push({ name: `${label}tag format`, status: 'warn', message: forms.message, decide: forms.decide });
    }
  }

  // the tags: old lightweight ones are history, fine as they are
  const lightweight = tags.filter((t) => !t.annotated);
  const malformed = names.filter((n) => matcher.versionOf(n) === null);
  if (tags.length) {
    const parts = [`${plural(tags.length, 'version tag')}, the latest HEAD contains is ${latest?.name ?? 'none of them'}`];
    if (lightweight.length) {
      const latestLight = latest !== null && lightweight.length < tags.length && lightweight.some((t) => t.name === latest.name);
      parts.push(
        `${lightweight.length === tags.length ? 'all' : lightweight.length} lightweight${latestLight ? ` (${latest.name} too)` : ''}: history made by hand or by another tool, fine as they are — shipver counts from them and changes none. New release tags must be annotated (shipver release makes them so): git push --follow-tags pushes only annotated tags, so a lightweight one would not reach the remote or start the deploy, and the pre-push hook refuses it`,
      );
    } else parts.push('all annotated');
    checks.push({ name: `${label}tags`, status: 'ok', message: parts.join('; ') });
  } else if (!checks.length) checks.push({ name: `${label}tags`, status: 'ok', message: 'no version tags yet' });
  if (malformed.length) checks.push({ name: `${label}tags`, status: 'warn', message: `tags that look like versions but are not semver (ignored): ${malformed.slice(0, 8).join(', ')}${malformed.length > 8 ? ' …' : ''}` });
  if (reach?.unmerged.length) {
    const shown = reach.unmerged.slice(0, 5).map((t) => t.name).join(', ');
    checks.push({
      name: `${label}unmerged tags`,
      status: 'info',
      message: `${shown}${reach.unmerged.length > 5 ? ` and ${reach.unmerged.length - 5} more` : ''}: on ${reach.unmerged.length === 1 ? 'a branch' : 'branches'} HEAD does not contain, so not counted (not the version the files should have) until merged`,
    });
  }

  // the version files, with each other and with the latest release HEAD contains
  if (!files) {
    checks.push(fromError(`${label}version files`, filesError));
    return { checks, facts };
  }
  facts.files = files;
  const target = filesTarget(
    files.flatMap((f) => f.versions),
    latest,
  );
  let version: string;
  try {
    version = agreedVersion(files);
  } catch (e) {
    const c = fromError(`${label}version files`, e);
    if (target) {
      delete c.decide;
      c.fix = FIX;
      c.message += `\n    (${FIX} sets them all to ${target}, the version of ${latest!.name}, the latest release HEAD contains)`;
    } else c.decide = `a person must decide which version is right (${latest ? `the latest release HEAD contains is ${latest.name}` : 'there is no version tag yet'}), then set the odd files to it`;
    checks.push(c);
    return { checks, facts };
  }
  const list = files.map((f) => f.file).join(', ');
  if (!latest || version === latest.version) {
    checks.push({ name: `${label}version files`, status: 'ok', message: `${list} ${files.length === 1 ? 'says' : 'agree on'} ${version}${latest ? `, the version of ${latest.name}` : ''}` });
  } else if (semver.lt(version, latest.version)) {
    checks.push({
      name: `${label}version files`,
      status: 'warn',
      message: `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, behind tag ${latest.name}, the latest release HEAD contains (tagged without committing them): next and release count from ${latest.version}, and the next release writes its version to them`,
      fix: FIX,
    });
  } else {
    const tagged = tags.some((t) => t.version === version);
    checks.push({
      name: `${label}version files`,
      status: 'warn',
      message: tagged
        ? `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, whose tag is on a commit HEAD does not contain (the latest release HEAD contains is ${latest.name})`
        : `${list} ${files.length === 1 ? 'says' : 'say'} ${version}, which has no tag yet (the latest release HEAD contains is ${latest.name})`,
      decide: tagged ? 'a person must decide: merge the branch that released it, or leave it as it is' : `a person must decide: if HEAD is the release of ${version}, tag it with shipver tag; otherwise leave it to the next release`,
    });
  }
  return { checks, facts };
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
    return [{ name: 'hooks', status: 'fail', message: `the git hooks are not installed (core.hooksPath is ${hooksPath ?? 'unset'})`, fix: 'shipver init --hooks-only' }];
  }
  const missing = HOOK_NAMES.filter((h) => {
    const f = path.join(root, '.husky', h);
    return !existsSync(f) || !readFileSync(f, 'utf8').includes(`shipver hook ${h}`);
  });
  const checks: Check[] = [];
  if (missing.length) checks.push({ name: 'hooks', status: 'fail', message: `.husky/ lacks shipver's ${missing.join(', ')} hook(s)`, fix: 'shipver init --hooks-only' }); // keeps the hooks' own lines, adds shipver's
  // The hooks run `shipver` with node_modules/.bin first on PATH, as husky does.
  const PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${env.PATH ?? ''}`;
  let runs = false;
  try {
    const r = await runProcess('shipver', ['--version-info'], { cwd: root, env: { ...env, PATH }, timeout: 20_000 });
    runs = r.exitCode === 0;
  } catch {
    runs = false;
  }
  if (!runs) checks.push({ name: 'hooks', status: 'fail', message: 'the hooks call `shipver`, but no working shipver is on their PATH', decide: 'install shipver where the hooks find it: npm i -D shipver in a Node repository, or the shipver executable on PATH' });
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
          checks.push({ name: 'dependencies', status: 'warn', message: `${manifest}: ${name} is ${spec}, outside the repository: a fresh clone's npm ci fails unless that path exists on every machine`, decide: `keep it in the repository, e.g. mkdir -p vendor && npm pack --pack-destination vendor ${shQuote(abs)}, then npm i -D file:vendor/<the .tgz it wrote>, and commit vendor/` });
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

interface Options {
  project?: string;
  json?: boolean;
  fix?: boolean;
  dryRun?: boolean;
}

interface Findings {
  checks: Check[];
  facts: VersionFacts[];
  config: Config | null;
}

/** Every check, in the order they are shown. */
async function collect(root: string, gitDir: string, git: Git, head: string | null, opts: Options, io: Io): Promise<Findings> {
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
  let facts: VersionFacts[] = [];
  if (config) {
    const v = await checkVersions(root, config, opts.project, git, head);
    checks.push(...v.checks);
    facts = v.facts;
  }
  if (config) checks.push(...(await checkRepository(root, git, opts.project)));
  checks.push(...(await checkHooks(root, git, io.env)));
  checks.push(...(await checkFileDependencies(root, config, git)));
  const j = readJournal(gitDir);
  if (j) checks.push({ name: 'release journal', status: 'fail', message: `a release (${j.tag ?? j.commitMessage}) did not finish; steps done: ${j.done.join(', ') || 'none'}`, fix: 'shipver recover' });
  checks.push(...checkDeploys(gitDir, config));
  return { checks, facts, config };
}

interface Change {
  name: string;
  /** what was (or, with --dry-run, would be) changed */
  change: string;
  done: boolean;
  /** why it could not be applied */
  error?: string;
  /** a command for what is left to do by hand */
  then?: string;
}

/** A quiet Io for running another command in-process (its output is summed up by the caller). */
function quietIo(io: Io): Io & { text: () => string } {
  let text = '';
  return { ...io, color: false, stdinIsTTY: false, stdout: (t) => void (text += t), stderr: (t) => void (text += t), text: () => text };
}

/**
 * `--fix`: the safe fixes, in order — tag.format first (it decides which tags count), then
 * the hooks (so the commit after them goes through them), then the version files.
 */
async function applyFixes(root: string, git: Git, head: string | null, found: Findings, opts: Options, io: Io): Promise<Change[]> {
  const dry = Boolean(opts.dryRun);
  const changes: Change[] = [];
  const undecided = found.facts.find((f) => f.formatUndecided);
  if (undecided) {
    throw refusal('E_TAG_FORMAT_UNDECIDED', 'shipver doctor --fix cannot tell which tags are this project\'s releases, so it changed nothing', undecided.formatUndecided!);
  }
  let config = found.config;
  const inferred = found.facts.find((f) => f.inferFormat)?.inferFormat;
  if (inferred && config) {
    const change = `tag: { format: "${inferred}" } in ${CONFIG_FILE} (the form of the existing version tags)`;
    if (!dry) await writeTagFormat(root, inferred);
    changes.push({ name: 'tag format', change: `${dry ? 'would write' : 'wrote'} ${change}`, done: !dry, then: `git add ${CONFIG_FILE} && git commit -m "chore: set tag.format from the existing tags" -- ${CONFIG_FILE}` });
  }
  if (found.checks.some((c) => c.name === 'hooks' && c.fix === 'shipver init --hooks-only')) {
    const q = quietIo(io);
    try {
      const { run: init } = await import('./init.js');
      const code = await init({ hooksOnly: true, yes: true, dryRun: dry, json: true }, [], q);
      if (code !== ExitCode.Ok) throw refusal('E_HOOKS_INSTALL', 'shipver init --hooks-only failed', 'run shipver init --hooks-only to see why');
      let written: Array<{ file: string; action: string }> = [];
      try {
        written = (JSON.parse(q.text()) as { changes?: Array<{ file: string; action: string }> }).changes ?? [];
      } catch {
        written = [];
      }
      const files = written.map((w) => w.file);
      const verb = (action: string) => (action === 'create' ? (dry ? 'create' : 'created') : action === 'append' ? (dry ? 'append to' : 'appended to') : dry ? 'update' : 'updated');
      const list = written.map((w) => `${verb(w.action)} ${w.file}`).join(', ');
      changes.push({
        name: 'hooks',
        change: `${dry ? 'would install' : 'installed'} the git hooks (as shipver init --hooks-only does)${list ? `: ${list}` : ''}`,
        done: !dry,
        ...(files.length ? { then: `git add ${files.join(' ')} && git commit -m "chore: set up the shipver hooks" -- ${files.join(' ')}` } : {}),
      });
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      changes.push({ name: 'hooks', change: 'the git hooks were not installed', done: false, error: `${e.message}${e.hint ? ` (${e.hint})` : ''}` });
    }
  }
  // the version files: against the tags of the format as it is now (it may just have been written)
  if (config && inferred && !dry) {
    try {
      config = await loadConfig(root);
    } catch {
      config = null;
    }
  }
  const unfinished = found.checks.some((c) => c.name === 'release journal' && c.status === 'fail');
  if (config && head) {
    for (const fact of found.facts) {
      if (!fact.files) continue;
      if (unfinished) {
        changes.push({ name: 'version files', change: 'the version files were left as they are', done: false, error: 'a release did not finish: run shipver recover first' });
        break;
      }
      const latest = inferred ? (await latestVersionTags(git, inferred, fact.projectName)).latest : fact.latest;
      let fix;
      try {
        fix = planFilesFix(config, fact.projectName, fact.files, latest);
      } catch (e) {
        if (!(e instanceof ShipverError)) throw e;
        changes.push({ name: 'version files', change: 'the version files were left as they are', done: false, error: e.message });
        continue;
      }
      if (!fix) continue;
      const what = `${fix.edits.map((e) => `${e.file} ${e.was} → ${fix.version}`).join(', ')} (tag ${fix.tag}, the latest release HEAD contains)`;
      if (dry) {
        changes.push({ name: 'version files', change: `would set ${what}, and commit "${fix.message.split('\n')[0]}"`, done: false });
        continue;
      }
      try {
        const sha = await applyFilesFix(git, root, fix);
        changes.push({ name: 'version files', change: `set ${what}, committed ${sha.slice(0, 7)} ${fix.message.split('\n')[0]}`, done: true });
      } catch (e) {
        if (!(e instanceof ShipverError)) throw e;
        changes.push({ name: 'version files', change: 'the version files were left as they are', done: false, error: [e.message, ...e.details].join('\n    ') + (e.hint ? `\n    → ${e.hint}` : '') });
      }
    }
  }
  return changes;
}

export async function run(opts: Options, _args: string[], io: Io): Promise<ExitCode> {
  const { root, gitDir, head } = await locateRepo(io.cwd);
  const git = new Git(root);
  let found = await collect(root, gitDir, git, head, opts, io);
  let changes: Change[] | null = null;
  if (opts.fix || opts.dryRun) {
    changes = await applyFixes(root, git, head, found, opts, io);
    // what holds now (a dry run changed nothing: the findings stand)
    if (!opts.dryRun && changes.some((c) => c.done)) found = await collect(root, gitDir, git, await git.head(), opts, io);
  }
  const { checks } = found;
  const failed = changes?.some((c) => c.error) ?? false;
  const ok = !checks.some((c) => c.status === 'fail') && !failed;
  if (opts.json) printJson(io, changes ? { ok, dryRun: Boolean(opts.dryRun), changes, checks } : { ok, checks });
  else {
    const c = colors(io);
    for (const ch of changes ?? []) {
      const mark = ch.error ? c.red('✖') : ch.done ? c.green('✔') : c.dim('○');
      io.stderr(`${mark} ${c.bold(ch.name)}: ${ch.change}${ch.error ? `\n    ${ch.error}` : ''}\n${ch.then ? `  ${c.dim('→')} then: ${ch.then}\n` : ''}`);
    }
    if (changes && !changes.length) io.stderr(`${c.dim('○')} nothing for shipver doctor --fix to change\n`);
    if (changes) io.stderr('\n');
    for (const k of checks) {
      const mark = k.status === 'ok' ? c.green('✔') : k.status === 'info' ? c.dim('·') : k.status === 'warn' ? c.yellow('⚠') : c.red('✖');
      const fix = k.fix ? `  ${c.dim('→')} run: ${k.fix}\n` : k.decide ? `  ${c.dim('→')} decide: ${k.decide}\n` : '';
      io.stderr(`${mark} ${c.bold(k.name)}: ${k.message}\n${fix}`);
    }
  }
  return ok ? ExitCode.Ok : ExitCode.Refused;
}
