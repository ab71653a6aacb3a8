// Histories made by other tools, for the adoption tests: written with git fast-import
// (one process for hundreds of commits and tags), and the fixes `shipver doctor` prints,
// run as a person would paste them.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Result, Sandbox } from '../helpers/sandbox.js';

export interface ImportedCommit {
  message: string;
  /** files to write (path → content) */
  files?: Record<string, string>;
  /** lightweight tags on this commit */
  lightTags?: string[];
  /** annotated tags on this commit */
  tags?: string[];
}

/** A repository on branch main holding `commits` (oldest first), checked out; returns the shas, oldest first. */
export function importHistory(sb: Sandbox, name: string, commits: ImportedCommit[]): { dir: string; shas: string[] } {
  const dir = sb.repo(name, {}, null);
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  const lines: string[] = [];
  commits.forEach((c, i) => {
    const when = 1_700_000_000 + i * 600;
    lines.push('commit refs/heads/main', `mark :${i + 1}`, `author A <a@example.org> ${when} +0000`, `committer A <a@example.org> ${when} +0000`, data(c.message));
    if (i > 0) lines.push(`from :${i}`);
    for (const [file, content] of Object.entries(c.files ?? {})) lines.push(`M 644 inline ${file}`, data(content));
    for (const t of c.lightTags ?? []) lines.push(`reset refs/tags/${t}`, `from :${i + 1}`, '');
    for (const t of c.tags ?? []) lines.push(`tag ${t}`, `from :${i + 1}`, `tagger T <t@example.org> ${when + 60} +0000`, data(`${t}\n`));
  });
  const marks = sb.path(`${name}.marks`);
  const r = sb.run('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, input: lines.join('\n') + '\n' });
  expect(r.code, r.stderr).toBe(0);
  const byMark = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => [l.split(' ')[0]!, l.split(' ')[1]!] as const));
  sb.git(dir, 'reset', '-q', '--hard', 'refs/heads/main');
  return { dir, shas: commits.map((_, i) => byMark.get(`:${i + 1}`)!) };
}

/** A package.json holding a version. */
export const packageJson = (version: string) => `{\n  "name": "cloud",\n  "version": "${version}",\n  "private": true\n}\n`;

/** The fix commands `shipver doctor` printed ("→ run: ..."), and the follow-ups of `--fix` ("→ then: ..."). */
export function printedCommands(stderr: string): string[] {
  return [...stderr.matchAll(/^\s*→ (?:run|then): (.+)$/gm)].map((m) => m[1]!);
}

/** Runs a printed command through the shell, in the repository, as a person pasting it would. */
export function runPrinted(sb: Sandbox, dir: string, command: string, env: NodeJS.ProcessEnv = {}): Result {
  return sb.run('sh', ['-c', command], { cwd: dir, env });
}

/** Makes the installed hooks leave a trace, to show that a commit went through them. */
export function traceHooks(dir: string): string {
  const log = path.join(dir, '.git', 'hook-trace');
  for (const hook of ['pre-commit', 'commit-msg']) appendFileSync(path.join(dir, '.husky', hook), `echo ${hook} >> "$(git rev-parse --git-dir)/hook-trace"\n`);
  return log;
}

export interface DoctorJson {
  ok: boolean;
  dryRun?: boolean;
  changes?: Array<{ name: string; change: string; done: boolean; error?: string; then?: string }>;
  checks: Array<{ name: string; status: 'ok' | 'info' | 'warn' | 'fail'; message: string; fix?: string; decide?: string }>;
}

export function doctorJson(r: Result): DoctorJson {
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as DoctorJson;
}
