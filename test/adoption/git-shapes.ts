// Repositories in the shapes git leaves them in (missing objects, a damaged index, a
// shallow clone, a detached HEAD, a sparse checkout), built for real, and what every
// command must then say: git's own error line, the fix, exit 1 or 2, no crash.
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { expectNoStack, type Result, type Sandbox } from '../helpers/sandbox.js';
import { EXPRESS_FILES, releaseRepo } from '../helpers/release-repos.js';

export const ENV = { SHIPVER_DATE: '2026-12-01' };

/** The commands a user runs in a repository they adopt shipver in (`lint` over the commits since v1.0.0). */
export const COMMANDS: Array<[string, string[]]> = [
  ['next', ['next']],
  ['release', ['release', '--no-fetch']],
  ['changelog', ['changelog', '--dry-run']],
  ['doctor', ['doctor']],
  ['envs', ['envs']],
  ['lint', ['lint', '--from', 'v1.0.0', '--to', 'HEAD']],
];

/**
 * An Express app with shipver set up (hooks, annotated v1.0.0 pushed to a bare remote), a
 * staging environment deployed at v1.0.0 (so `envs` reads the commits since), and two
 * pushed commits after the tag: `feat: add a` then `fix: fix b`.
 */
export function adoptedRepo(sb: Sandbox, name: string): { dir: string; bare: string; feat: string; fix: string } {
  const { dir, bare } = releaseRepo(sb, name, EXPRESS_FILES);
  appendFileSync(path.join(dir, 'shipver.yaml'), '\nenvironments:\n  staging:\n    deploy: { command: ["true"] }\n');
  commitOk(sb, dir, 'chore: add the staging environment');
  const d = sb.shipver(dir, ['deploy', 'staging'], { env: ENV });
  if (d.code !== 0) throw new Error(`deploy failed: ${d.stderr}`);
  sb.write(dir, { 'a.txt': 'a\n' });
  commitOk(sb, dir, 'feat: add a');
  const feat = sb.git(dir, 'rev-parse', 'HEAD').trim();
  sb.write(dir, { 'b.txt': 'b\n' });
  commitOk(sb, dir, 'fix: fix b');
  const fix = sb.git(dir, 'rev-parse', 'HEAD').trim();
  sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'main');
  return { dir, bare, feat, fix };
}

export function commitOk(sb: Sandbox, dir: string, message: string): void {
  const c = sb.commit(dir, message);
  if (c.code !== 0) throw new Error(`commit "${message}" failed: ${c.stderr}`);
}

/** Deletes a loose object: what a crashed disk, a bad sync or a stray rm leaves. */
export function deleteObject(sb: Sandbox, dir: string, rev: string): string {
  const sha = sb.git(dir, 'rev-parse', rev).trim();
  rmSync(path.join(dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2)));
  return sha;
}

/** A failure a person can act on: exit 1 or 2, the words given, the fix given, an error code, no stack trace, no "internal error". */
export function expectActionable(r: Result, says: Array<string | RegExp>, fix: string): void {
  const out = r.stdout + r.stderr;
  expect([1, 2], out).toContain(r.code);
  for (const s of says) {
    if (typeof s === 'string') expect(out).toContain(s);
    else expect(out).toMatch(s);
  }
  expect(out).toContain(fix);
  expectNoStack(out);
}
