// Repositories with a history made before shipver (commits with --no-verify, tags made the
// way the old Makefiles made them), and the steps a new user takes: init --dry-run, init
// --yes, commit the set-up through the installed hooks, one change, the first release.
import { expect } from 'vitest';
import { snapshot } from '../helpers/files.js';
import { parse as parseYaml } from 'yaml';
import type { Sandbox } from '../helpers/sandbox.js';

export interface Step {
  /** files written before the commit */
  files?: Record<string, string>;
  message: string;
  /** an annotated tag on the commit, made as `make tag` did: git tag -a NAME -m "Release ..." */
  tag?: string;
  /** a lightweight tag on the commit */
  lightweight?: string;
}

/** A repository built commit by commit, each at its own time so tag dates are ordered. */
export function historyRepo(sb: Sandbox, name: string, steps: Step[]): string {
  const dir = sb.repo(name, {}, null);
  steps.forEach((s, i) => {
    const date = `2024-01-${String(i + 1).padStart(2, '0')}T12:00:00Z`;
    const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    sb.write(dir, s.files ?? {});
    sb.git(dir, 'add', '-A');
    const c = sb.run('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', s.message], { cwd: dir, env });
    if (c.code !== 0) throw new Error(c.stderr);
    if (s.tag) expect(sb.run('git', ['tag', '-a', s.tag, '-m', `Release ${s.tag}`], { cwd: dir, env }).code).toBe(0);
    if (s.lightweight) sb.git(dir, 'tag', s.lightweight);
  });
  return dir;
}


export interface JsonCandidate {
  file: string;
  line: number | null;
  text: string;
  version: string | null;
  via: string | null;
  reason: string | null;
  project: string | null;
}

export interface Detection {
  projects: Array<{ name: string; dir: string; versionFiles: unknown[] }>;
  detection: {
    tagFormat: { format: string; source: string; count: number; example: string | null };
    candidates: JsonCandidate[];
    unclassified: Array<{ file: string; line: number | null; text: string; reason: string }>;
    problems: unknown[];
  };
}

/** `shipver init --dry-run --json`, checked to have written nothing. */
export function dryRunJson(sb: Sandbox, dir: string): Detection {
  const before = snapshot(dir);
  const r = sb.shipver(dir, ['init', '--dry-run', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(snapshot(dir)).toEqual(before);
  return JSON.parse(r.stdout) as Detection;
}

/** The used candidates as "file:line → project" and the unused ones as "file:line: reason". */
export function used(d: Detection): string[] {
  return d.detection.candidates.filter((c) => c.reason === null).map((c) => `${c.file}:${c.line} → ${c.project}`);
}

export function notUsed(d: Detection): Array<[string, string]> {
  return d.detection.candidates.filter((c) => c.reason !== null).map((c) => [`${c.file}${c.line ? `:${c.line}` : ''}`, c.reason!]);
}

/** init --yes, then the set-up committed through the hooks it installed; returns shipver.yaml parsed. */
export function adopt(sb: Sandbox, dir: string): { tag: { format: string }; projects: Array<{ name: string; paths?: string[]; versionFiles: unknown[]; changelog?: string }> } {
  const init = sb.shipver(dir, ['init', '--yes']);
  expect(init.code, init.stderr).toBe(0);
  const c = sb.commit(dir, 'chore: set up shipver');
  expect(c.code, c.stderr).toBe(0);
  return parseYaml(sb.read(dir, 'shipver.yaml'));
}

/**
 * One commit, then `shipver release` with the args; every file's bytes before, and after.
 * Also checks that the release commit touched exactly `expectChanged` (and CHANGELOG files).
 */
export function changeAndRelease(sb: Sandbox, dir: string, change: { files: Record<string, string>; message: string }, args: string[] = []): { stderr: string; changed: string[] } {
  sb.write(dir, change.files);
  const c = sb.commit(dir, change.message);
  expect(c.code, c.stderr).toBe(0);
  const r = sb.shipver(dir, ['release', ...args], { env: { SHIPVER_DATE: '2026-11-26' } });
  expect(r.code, r.stderr).toBe(0);
  expect(sb.git(dir, 'status', '--porcelain')).toBe('');
  const changed = sb.git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();
  return { stderr: r.stderr, changed };
}

export { snapshot };
