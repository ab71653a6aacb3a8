// A husky 4 config ("husky": {"hooks": ...} in package.json, .huskyrc*, husky.config.*)
// carried into husky 9's .husky/<hook> files: each command as husky 9 runs it, or why it
// cannot be carried (then the steps a person takes instead).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { importFile } from '../process/import-file.js';
import { addDevCommand, type PackageManager } from '../config/package-manager.js';
import { GIT_HOOKS } from './husky-hook-files.js';
import { HUSKY_SPEC } from './husky-package-json.js';

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
