// Random histories for differential tests: merges (some far back), commit dates that
// wander (a child older than its parent), annotated and lightweight version tags, betas,
// several tags on one commit, and tags that are not versions. Built with git fast-import.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { prng } from './prng.js';
import type { Sandbox } from './sandbox.js';

/** A random history through git fast-import; returns the repository and every commit's sha, oldest first. */
export function randomHistory(box: Sandbox, seed: number, commits: number, message: (i: number) => string = (i) => `fix: change ${i}\n`): { dir: string; shas: string[] } {
  const rnd = prng(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const lines: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  let version = 0;
  for (let i = 1; i <= commits; i++) {
    // dates wander: a child can be older than its parent, as with rebased or amended commits
    const when = 1_600_000_000 + i * 3600 + (pick(5) === 0 ? -pick(40) * 3600 : 0);
    lines.push('commit refs/heads/main', `mark :${i}`, `committer C <c@example.org> ${when} +0000`, data(message(i)));
    if (i > 1) {
      const first = Math.max(1, i - 1 - pick(Math.min(i - 1, pick(3) === 0 ? 12 : 2)));
      lines.push(`from :${first}`);
      if (i > 3 && pick(4) === 0) {
        const second = 1 + pick(i - 1);
        if (second !== first) lines.push(`merge :${second}`);
      }
    }
    lines.push(`M 644 inline f${i % 7}.txt`, data(`${i}\n`));
    if (i === 1) lines.push('M 644 inline package.json', data('{ "name": "app", "version": "1.0.0" }\n'));
    const tags = pick(4) === 0 ? 1 + pick(pick(3) === 0 ? 3 : 1) : 0;
    for (let t = 0; t < tags; t++) {
      version++;
      const name = pick(5) === 0 ? `v${version}.0.0-beta.${pick(3)}` : `v${version}.0.0`;
      if (pick(3) === 0) lines.push(`reset refs/tags/${name}`, `from :${i}`, '');
      else lines.push(`tag ${name}`, `from :${i}`, `tagger T <t@example.org> ${when + pick(100) * 60} +0000`, data(`${name}\n`));
    }
    if (pick(9) === 0) lines.push(`reset refs/tags/other-${i}`, `from :${i}`, ''); // not a version tag: --match leaves it out
  }
  const dir = box.path(`history-${seed}`);
  box.git(box.dir, 'init', '-q', dir);
  const marks = box.path(`history-${seed}.marks`); // outside the work tree
  const r = box.run('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, input: lines.join('\n') + '\n' });
  expect(r.code, r.stderr).toBe(0);
  const byMark = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => [l.split(' ')[0]!, l.split(' ')[1]!] as const));
  const shas = Array.from({ length: commits }, (_, i) => byMark.get(`:${i + 1}`)!);
  box.git(dir, 'reset', '-q', '--hard', shas[shas.length - 1]!);
  return { dir, shas };
}
