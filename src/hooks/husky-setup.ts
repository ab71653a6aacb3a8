// husky in a repository shipver adopts: whether husky v9 is a dependency (only then may
// package.json say "prepare": "husky", or a teammate's `npm install` fails with "husky: not
// found"), adding it with the repository's own package manager, and an older husky: a
// husky 4 config ("husky": {"hooks": ...} in package.json, .huskyrc) carried into
// .husky/<hook> files, a husky 5-8 set-up ("husky install", the sourcing lines) brought up
// to v9. Reading and planning here; init writes.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { errnoCode } from '../errors.js';
import { run } from '../process/run.js';
import { importFile } from '../process/import-file.js';
import { addDevArgs, addDevCommand, detectPackageManager, type PackageManager } from '../config/package-manager.js';

/** What init adds: husky 9, the version whose `husky` command (no arguments) is the prepare script. */
export const HUSKY_SPEC = 'husky@^9';

/** The hooks git runs that husky 9 forwards to .husky/<hook> (husky's own list). */
export const GIT_HOOKS = [
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-rebase',
  'post-rewrite',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
];

export interface HuskyDependency {
  /** where package.json lists husky, or null */
  field: 'dependencies' | 'devDependencies' | null;
  range: string | null;
  /** the major version the range (else the installed copy) gives; null when neither says */
  major: number | null;
}

/** Where package.json lists husky and which major version that is. Pure but for reading node_modules/husky. */
export function huskyDependency(root: string, pkg: Record<string, unknown>): HuskyDependency {
  for (const field of ['devDependencies', 'dependencies'] as const) {
    const deps = pkg[field];
    const range = deps && typeof deps === 'object' ? (deps as Record<string, unknown>).husky : undefined;
    if (typeof range !== 'string') continue;
    // "^9.1.7", "~8.0.3", "9.x", "4", "npm:husky@^9"; not ">=4", "*", "latest", a git URL
    const m = /^\s*(?:npm:husky@)?[\^~=v\s]*(\d+)(?:[.\s]|$|\.x)/.exec(range);
    return { field, range, major: m ? Number(m[1]) : installedMajor(root) };
  }
  return { field: null, range: null, major: null };
}

function installedMajor(root: string): number | null {
  try {
    const v = (JSON.parse(readFileSync(path.join(root, 'node_modules/husky/package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' && /^\d+/.test(v) ? Number(/^\d+/.exec(v)![0]) : null;
  } catch {
    return null;
  }
}

/** True when the dependency is husky 9 or later (or a range init cannot read, which it leaves alone). */
export function isHuskyReady(dep: HuskyDependency): boolean {
  return dep.field !== null && (dep.major === null || dep.major >= 9);
}

// ---------------------------------------------------------------- husky 4

/** husky 4's config places (its cosmiconfig search), after package.json's "husky" key. */
export const HUSKY4_FILES = ['.huskyrc', '.huskyrc.json', '.huskyrc.yaml', '.huskyrc.yml', '.huskyrc.js', '.huskyrc.cjs', 'husky.config.js', 'husky.config.cjs'];

export interface Husky4Hook {
  hook: string;
  /** the command as husky 4 ran it */
  command: string;
  /** what goes into .husky/<hook>; null when it is not carried (see `dropped` / `problem`) */
  carried: string | null;
  /** why a command is left out on purpose (commitlint: shipver's commit-msg hook lints with the same rules) */
  dropped?: string;
  /** why it cannot be carried over as it is: a person must move it */
  problem?: string;
}

export interface Husky4Config {
  /** where it was found: 'package.json "husky"', '.huskyrc.json' */
  source: string;
  /** the file (relative to the root) */
  file: string;
  /** true for package.json's "husky" key, false for a file of its own */
  packageKey: boolean;
  hooks: Husky4Hook[];
  /** a config that cannot be read at all */
  problem?: string;
}

/** A command that only runs commitlint on the message: shipver's commit-msg hook does that, with the same config. */
const COMMITLINT_ONLY = /^\s*(?:(?:npx|pnpm(?: exec)?|yarn(?: run)?|bunx)\s+(?:--no(?:-install)?\s+)?(?:--\s+)?)?commitlint\s+(?:-E|--env|-e|--edit)\b[^;&|]*$/;

/** How one husky 4 hook command reads in a husky 9 hook file. Pure. */
export function carryHusky4Command(hook: string, command: string): Husky4Hook {
  const base = { hook, command };
  if (hook === 'commit-msg' && COMMITLINT_ONLY.test(command)) {
    return { ...base, carried: null, dropped: "shipver's commit-msg hook lints the message with the same commitlint config" };
  }
  if (!GIT_HOOKS.includes(hook)) return { ...base, carried: null, problem: `"${hook}" is not a git hook husky runs` };
  if (/HUSKY_GIT_STDIN/.test(command)) {
    return { ...base, carried: null, problem: 'it reads HUSKY_GIT_STDIN (husky 4\'s copy of the hook\'s input); in .husky/' + hook + ' a command reads the input from stdin itself' };
  }
  let carried = command
    // commitlint -E HUSKY_GIT_PARAMS: the message file is the hook's first argument
    .replace(/(?:-E|--env)\s+HUSKY_GIT_PARAMS\b/g, '--edit "$1"')
    .replace(/\$\{HUSKY_GIT_PARAMS\}|\$HUSKY_GIT_PARAMS\b/g, '$*');
  if (/HUSKY_GIT_PARAMS/.test(carried)) {
    return { ...base, carried: null, problem: 'it passes the name HUSKY_GIT_PARAMS to a program, which husky 9 no longer sets; pass the hook\'s arguments ("$@") instead' };
  }
  carried = carried.trim();
  // git gives pre-push the pushed refs on stdin, and shipver's line after it reads them: as
  // in husky 4 (which read them into HUSKY_GIT_STDIN), the command gets no stdin
  if (hook === 'pre-push') carried = `{ ${carried.replace(/;\s*$/, '')}; } < /dev/null`;
  return { ...base, carried };
}

/** package.json's "husky" key, else the first .huskyrc* / husky.config.* file: husky 4's config, or null. */
export async function readHusky4Config(root: string, pkg: Record<string, unknown> | null): Promise<Husky4Config | null> {
  let raw: unknown;
  let source: string;
  let file: string;
  let packageKey = false;
  if (pkg && pkg.husky !== undefined) {
    raw = pkg.husky;
    source = 'package.json "husky"';
    file = 'package.json';
    packageKey = true;
  } else {
    const found = HUSKY4_FILES.find((f) => existsSync(path.join(root, f)));
    if (!found) return null;
    source = found;
    file = found;
    try {
      if (/\.c?js$/.test(found)) {
        const m = await importFile(path.join(root, found));
        raw = 'default' in m ? m.default : m;
      } else {
        raw = parseYaml(readFileSync(path.join(root, found), 'utf8')); // JSON is YAML too
      }
    } catch (e) {
      return { source, file, packageKey, hooks: [], problem: `${found} cannot be read: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const hooks = raw && typeof raw === 'object' ? (raw as { hooks?: unknown }).hooks : undefined;
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) {
    return { source, file, packageKey, hooks: [], problem: `${source} has no "hooks" object (husky 4 reads {"hooks": {"pre-commit": "..."}})` };
  }
  const list: Husky4Hook[] = [];
  for (const [hook, command] of Object.entries(hooks as Record<string, unknown>)) {
    if (typeof command !== 'string' || command.trim() === '') {
      list.push({ hook, command: JSON.stringify(command), carried: null, problem: 'its command is not a string' });
      continue;
    }
    list.push(carryHusky4Command(hook, command));
  }
  return { source, file, packageKey, hooks: list };
}

/** The commands carried into each .husky/<hook> file. */
export function carriedCommands(cfg: Husky4Config | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const h of cfg?.hooks ?? []) if (h.carried) (out[h.hook] ??= []).push(h.carried);
  return out;
}

/** What cannot be carried over (details), and the steps a person takes instead (hint). */
export function husky4Steps(cfg: Husky4Config, pm: PackageManager | null): { details: string[]; hint: string } {
  const details = [...cfg.hooks.filter((h) => h.problem).map((h) => `${h.hook}: ${h.command} — ${h.problem}`), ...(cfg.problem ? [cfg.problem] : [])];
  const hint = [
    'move the hooks by hand: write each command into .husky/<hook> (HUSKY_GIT_PARAMS becomes "$@"; a pre-push command reads the pushed refs from stdin)',
    cfg.packageKey ? 'delete the "husky" key from package.json' : `delete ${cfg.file}`,
    ...(pm ? [`run ${addDevCommand(pm, HUSKY_SPEC)}`] : []),
    'then run shipver init again',
  ].join(', ');
  return { details, hint };
}

// ---------------------------------------------------------------- husky 5-8

/** The two lines husky 5-8 put at the top of every hook file; husky 9 warns about them, and 10 fails on them. */
const LEGACY_SOURCE_LINE = /^\.\s+"\$\(dirname(?: --)? "\$0"\)\/_\/husky\.sh"[ \t]*\n?/m;

/** A hook file's text without husky 5-8's sourcing lines (unchanged when it has none). Pure. */
export function withoutLegacyPreamble(text: string): string {
  if (!LEGACY_SOURCE_LINE.test(text)) return text;
  let out = text.replace(LEGACY_SOURCE_LINE, '');
  out = out.replace(/^#!\/usr\/bin\/env sh[ \t]*\n/, '');
  return out.replace(/^\n+/, '');
}

/** The hook files in .husky/ (not husky's own .husky/_), relative to the root. */
export function huskyHookFiles(root: string): string[] {
  const dir = path.join(root, '.husky');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => GIT_HOOKS.includes(n) && statSync(path.join(dir, n)).isFile()).map((n) => path.join('.husky', n));
}

/** package.json's prepare script with husky 5-8's `husky install` as husky 9's `husky`. Pure. */
export function upgradedPrepare(prepare: string): string {
  return prepare.replace(/\bhusky install(?:\s+\.husky\b)?/g, 'husky');
}

// ---------------------------------------------------------------- the plan

export interface HuskyPlan {
  /** false: no package.json at the root (a Python repository): the hooks go in without husky as a dependency */
  packageJson: boolean;
  pm: PackageManager | null;
  dependency: HuskyDependency;
  /** the package manager call that adds husky 9, when it is not a dependency yet (or an older one is) */
  add: { file: string; args: string[]; command: string; why: string } | null;
  husky4: Husky4Config | null;
}

function readPackageJson(root: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What init does about husky in `root`. Reads only. */
export async function planHusky(root: string): Promise<HuskyPlan> {
  const hasPkg = existsSync(path.join(root, 'package.json'));
  const pkg = hasPkg ? readPackageJson(root) : null;
  const husky4 = await readHusky4Config(root, pkg);
  if (!hasPkg) return { packageJson: false, pm: null, dependency: { field: null, range: null, major: null }, add: null, husky4 };
  const pm = detectPackageManager(root);
  const dependency = huskyDependency(root, pkg ?? {});
  let add: HuskyPlan['add'] = null;
  if (!isHuskyReady(dependency)) {
    const why = dependency.field === null ? 'husky is not a dependency, and the "prepare" script needs it' : `package.json has husky ${dependency.range}; the hooks need husky 9`;
    add = { file: pm.name, args: addDevArgs(pm, HUSKY_SPEC), command: addDevCommand(pm, HUSKY_SPEC), why };
  }
  return { packageJson: true, pm, dependency, add, husky4 };
}

export interface AddResult {
  ok: boolean;
  /** the package manager's last words when it failed */
  reason?: string;
}

/** Runs the package manager to add husky 9 (the lock file follows). Never throws for a failed install. */
export async function addHusky(root: string, plan: HuskyPlan, env: NodeJS.ProcessEnv = process.env): Promise<AddResult> {
  if (!plan.add) return { ok: true };
  try {
    // no timeout of ours: the package manager has its own for the network (and node's spawn
    // timeout keeps a timer alive when the program is not there at all)
    const r = await run(plan.add.file, plan.add.args, { cwd: root, env });
    if (r.exitCode === 0) return { ok: true };
    const lines = (r.stderr.trim() || r.stdout.trim()).split('\n').filter((l) => /\S/.test(l) && !/complete log of this run/i.test(l));
    const said = lines.slice(0, 2).join(' / ');
    return { ok: false, reason: said ? (said.length > 200 ? `${said.slice(0, 199)}…` : said) : `${plan.add.file} exited with ${r.exitCode}` };
  } catch (e) {
    return { ok: false, reason: errnoCode(e) === 'ENOENT' ? `${plan.add.file} is not installed (not on PATH)` : (e as Error).message };
  }
}

/**
 * package.json after the husky set-up: "prepare": "husky" when husky 9 is a dependency
 * (a `husky install` of husky 5-8 becomes `husky`), without the husky 4 "husky" key once
 * its hooks are in .husky/. Keeps the file's indentation and line ends. Null: no change.
 */
export function packageJsonAfterHusky(text: string, opts: { huskyReady: boolean; dropHusky4Key: boolean }): string | null {
  let pkg: Record<string, unknown> & { scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(text);
  } catch {
    return null;
  }
  let next = pkg;
  if (opts.dropHusky4Key && 'husky' in next) {
    const { husky: _old, ...rest } = next;
    next = rest;
  }
  if (opts.huskyReady) {
    const prepare = pkg.scripts?.prepare;
    const wanted = !prepare ? 'husky' : /\bhusky install\b/.test(prepare) ? upgradedPrepare(prepare) : /\bhusky\b/.test(prepare) ? prepare : `${prepare} && husky`;
    if (wanted !== prepare) next = { ...next, scripts: { ...(pkg.scripts ?? {}), prepare: wanted } };
  }
  if (next === pkg) return null;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(next, null, indent);
  if (eol !== '\n') out = out.replace(/\n/g, eol);
  return out + (text.endsWith('\n') ? eol : '');
}

// ---------------------------------------------------------------- what init prints

type Paint = (s: string) => string;
interface Painter {
  cyan: Paint;
  dim: Paint;
  green: Paint;
  yellow: Paint;
}

/**
 * What init prints about husky before it changes anything: `head` goes with the findings
 * (before the list of files), `tail` after it (what init will run). Pure.
 */
export function formatHuskyPlan(c: Painter, plan: HuskyPlan, dryRun: boolean): { head: string[]; tail: string[] } {
  const head: string[] = [];
  const tail: string[] = [];
  const h4 = plan.husky4;
  if (h4) {
    const carried = [...new Set(h4.hooks.filter((h) => h.carried).map((h) => h.hook))];
    head.push(`${c.cyan('●')} husky 4 config in ${h4.source}: ${carried.length ? `${carried.join(', ')} carried into .husky/` : 'no hook to carry over'}; ${h4.packageKey ? 'the "husky" key is removed from package.json' : `${h4.file} is deleted`} (husky 9 does not read it)`);
    for (const d of h4.hooks.filter((x) => x.dropped)) head.push(`  ${c.dim(`${d.hook}: "${d.command}" is left out: ${d.dropped}`)}`);
  }
  if (!plan.packageJson) {
    head.push(`${c.cyan('●')} hooks: no package.json, so no husky dependency: the hooks are installed through git's core.hooksPath`);
  } else if (plan.add) {
    tail.push(`  ${dryRun ? 'would run' : 'run'} ${plan.add.command} ${c.dim(`(${plan.add.why}; ${plan.pm!.name}, ${plan.pm!.reason})`)}`);
  }
  return { head, tail };
}

/** The lines init prints after the package manager ran (or could not). Pure. */
export function formatHuskyResult(c: Painter, plan: HuskyPlan, result: AddResult): string[] {
  if (!plan.add) return [];
  const pm = plan.pm!;
  if (result.ok) return [`${c.green('✔')} added husky 9 with ${pm.name}${pm.lockFile ? ` (package.json and ${pm.lockFile})` : ' (package.json)'}`];
  return [
    `${c.yellow('⚠')} ${plan.add.command} failed${result.reason ? ` (${result.reason})` : ''}: the hooks are installed through core.hooksPath for now, and package.json has no "prepare": "husky" yet (without husky installed it would break ${pm.name} install)`,
    `${c.dim('→')} to finish, so that a teammate's ${pm.name} install sets up the hooks: ${plan.add.command} && shipver init`,
  ];
}
