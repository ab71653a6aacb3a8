// husky in package.json: which husky it lists (only husky 9 or later may run as the
// "prepare" script, or a teammate's `npm install` fails with "husky: not found"), and the
// file after the set-up ("prepare": "husky", husky 4's "husky" key gone).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What init adds: husky 9, the version whose `husky` command (no arguments) is the prepare script. */
export const HUSKY_SPEC = 'husky@^9';

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

/** package.json at the root as an object; null when it is not one (or cannot be read). */
export function readPackageJson(root: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** package.json's prepare script with husky 5-8's `husky install` as husky 9's `husky`. Pure. */
export function upgradedPrepare(prepare: string): string {
  return prepare.replace(/\bhusky install(?:\s+\.husky\b)?/g, 'husky');
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
