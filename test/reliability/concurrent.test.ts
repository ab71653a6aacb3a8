// Two clones of one bare remote run `shipver release --push` at the same moment, 20
// times: exactly one release lands; the other refuses with "the remote moved" and
// leaves its clone as it was; every tag on the remote is on its release branch.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox } from '../helpers/sandbox.js';
import { EXPRESS_FILES, releaseRepo, repoState } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const ROUNDS = 20;

function release(dir: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, 'release', '--push'], { cwd: dir, env: { ...sb.env, SHIPVER_DATE: '2026-11-26' } });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('concurrent releasers', () => {
  const { dir: a, bare } = releaseRepo(sb, 'racer-a', EXPRESS_FILES);
  const b = sb.path('racer-b');
  sb.git(sb.dir, 'clone', '-q', bare, b);
  sb.shipver(b, ['init', '--hooks-only']);

  it(`exactly one of two simultaneous releases lands, ${ROUNDS} rounds`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [dir, who] of [[a, 'a'], [b, 'b']] as const) {
        appendFileSync(path.join(dir, `${who}.txt`), `${round}\n`);
        expect(sb.commit(dir, `feat: ${who} round ${round}`, { noVerify: true }).code).toBe(0); // the hooks are not what this tests
      }
      const before = { a: repoState(sb, a), b: repoState(sb, b) };
      const remoteTagsBefore = sb.git(bare, 'tag', '-l').split('\n').filter(Boolean).length;
      const [ra, rb] = await Promise.all([release(a), release(b)]);
      const winners = [ra, rb].filter((r) => r.code === 0);
      expect(winners.length, `${ra.stderr}\n---\n${rb.stderr}`).toBe(1);
      const [loserDir, loser, loserBefore] = ra.code === 0 ? [b, rb, before.b] : [a, ra, before.a];
      expect(loser.code).toBe(1);
      expect(loser.stderr).toContain('the remote moved');
      expect(repoState(sb, loserDir)).toEqual(loserBefore);
      expect(sb.git(bare, 'tag', '-l').split('\n').filter(Boolean).length).toBe(remoteTagsBefore + 1);
      outcomes.push(ra.code === 0 ? 'a' : 'b');
      // the loser catches up for the next round
      sb.git(loserDir, 'pull', '-q', '--rebase', '--no-verify', 'origin', 'main');
      sb.git(loserDir, 'fetch', '-q', '--tags', 'origin');
    }
    // no tag on the remote points at a commit its release branch lacks
    for (const tag of sb.git(bare, 'tag', '-l').split('\n').filter(Boolean)) {
      expect(sb.run('git', ['merge-base', '--is-ancestor', `${tag}^{commit}`, 'main'], { cwd: bare }).code).toBe(0);
    }
    console.log(`concurrent releasers: ${ROUNDS} rounds, winners ${outcomes.join('')}`);
  }, 300_000);
});
