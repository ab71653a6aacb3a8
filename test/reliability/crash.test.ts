// Crash safety: `shipver release --push` is killed with SIGKILL at every step boundary
// (SHIPVER_TEST_KILL_AT, a hook that exists only for this test); the next command sees
// the journal; `shipver recover` leaves the repository either exactly as before the
// release or as a completed release — never in between.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, EXPRESS_FILES, releaseRepo, repoState } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const KILL_POINTS = ['start', 'file', 'files', 'staged', 'committed', 'tagged', 'pushed'];
const env = { SHIPVER_DATE: '2026-11-26' };

function fullState(dir: string, bare: string) {
  return { ...repoState(sb, dir), remote: sb.git(bare, 'for-each-ref', '--format=%(refname) %(objectname)') };
}

for (const [kind, files, touch] of [
  ['Django-style', DJANGO_FILES, 'manage.py'],
  ['Express-style', EXPRESS_FILES, 'index.js'],
] as const) {
  describe(`${kind}: SIGKILL at each step, then shipver recover`, () => {
    const { dir, bare } = releaseRepo(sb, kind.toLowerCase(), files);
    let completed = 0;
    let restored = 0;

    for (const point of KILL_POINTS) {
      it(`killed after "${point}"`, () => {
        appendFileSync(path.join(dir, touch), `# change before kill at ${point}\n`);
        expect(sb.commit(dir, `feat: work before ${point}`, { noVerify: true }).code).toBe(0);
        const before = fullState(dir, bare);
        const killed = sb.run(process.execPath, [path.resolve('dist/shipver.js'), 'release', '--push'], { cwd: dir, env: { ...env, SHIPVER_TEST_KILL_AT: point } });
        expect(killed.code, killed.stderr).toBe(-1); // no exit code: killed by a signal
        // the next command finds the journal and says what happened
        const next = sb.shipver(dir, ['release'], { env });
        expect(next.code).toBe(1);
        expect(next.stderr).toContain('did not finish');
        expect(next.stderr).toContain('shipver recover');
        const rec = sb.shipver(dir, ['recover', '--json'], { env });
        expect(rec.code, rec.stderr).toBe(0);
        const action = JSON.parse(rec.stdout).action as string;
        const after = fullState(dir, bare);
        if (action === 'restored') {
          restored++;
          expect(after).toEqual(before);
        } else {
          completed++;
          expect(action).toBe('finished');
          // a completed release: one release commit on top, an annotated tag, pushed
          expect(sb.git(dir, 'log', '-1', '--format=%s').trim()).toMatch(/^chore\(release\): \d+\.\d+\.\d+$/);
          expect(sb.git(dir, 'rev-parse', 'HEAD^').trim()).toBe(before.head);
          const tag = sb.git(dir, 'describe', '--tags', '--exact-match').trim();
          expect(sb.git(dir, 'cat-file', '-t', tag).trim()).toBe('tag');
          expect(sb.git(bare, 'rev-parse', 'refs/heads/main').trim()).toBe(sb.git(dir, 'rev-parse', 'HEAD').trim());
          expect(sb.git(dir, 'status', '--porcelain')).toBe('');
        }
        // and nothing is left half-done: another recover has nothing to do, a release works
        expect(JSON.parse(sb.shipver(dir, ['recover', '--json']).stdout).action).toBe('none');
      });
    }

    it('restored every kill point before the push and finished the one after it', () => {
      expect(restored).toBe(KILL_POINTS.length - 1);
      expect(completed).toBe(1);
      appendFileSync(path.join(dir, touch), '# after the crashes\n');
      expect(sb.commit(dir, 'fix: after the crashes').code).toBe(0);
      const r = sb.shipver(dir, ['release', '--push'], { env });
      expect(r.code, r.stderr).toBe(0);
    });
  });
}
