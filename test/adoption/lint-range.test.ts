// `shipver lint --from/--to` over a long history (1,500 commits, 588 of them failing, as
// on a repository that had no commit rules): each failure once, on one line, and the
// how-to once, at the end.
import { describe, expect, it, afterAll } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const TOTAL = 1500;
/** 49 of every 125 commits break the rules: 588 of 1,500. */
const failing = (i: number) => i % 125 < 49;
function message(i: number): string {
  if (failing(i)) return i % 2 ? `update stuff ${i}` : `Feat: Add thing ${i}`;
  return ['feat: add thing', 'fix: repair thing', 'chore: tidy'][i % 3]! + ` ${i}`;
}

/** A repository with v1.0.0 and then TOTAL commits on top, made in one git fast-import. */
function longHistory(): string {
  const dir = sb.repo('long', { 'README.md': '# long\n' }, 'chore: initial commit');
  sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  const base = sb.git(dir, 'rev-parse', 'HEAD').trim();
  const parts: string[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const msg = message(i);
    const content = `${i}\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i + 1}\ncommitter Test Committer <committer@example.org> ${1_700_000_000 + i * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`,
      i === 0 ? `from ${base}\n` : `from :${i}\n`,
      `M 644 inline counter.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  const r = sb.run('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  if (r.code !== 0) throw new Error(r.stderr);
  sb.git(dir, 'reset', '-q', '--hard', 'main');
  return dir;
}

describe('lint --from/--to over 1,500 commits', () => {
  const dir = longHistory();

  it('prints each failing commit once, on one line, and the how-to once at the end', () => {
    const r = sb.shipver(dir, ['lint', '--from', 'v1.0.0', '--to', 'HEAD']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    const failures = lines.filter((l) => /^✖ [0-9a-f]{7} "/.test(l));
    expect(failures).toHaveLength(588);
    // exactly the commits that break the rules, each once
    const expected = sb
      .git(dir, 'log', '--reverse', '--format=%h %s', 'v1.0.0..HEAD')
      .split('\n')
      .filter(Boolean)
      .filter((l) => /^[0-9a-f]+ (update stuff|Feat: Add thing) /.test(l))
      .map((l) => l.slice(0, 7));
    expect(failures.map((l) => l.slice(2, 9))).toEqual(expected);
    expect(failures[0]).toMatch(/^✖ [0-9a-f]{7} "Feat: Add thing 0": .*\[type-case\]/);
    expect(failures[1]).toMatch(/^✖ [0-9a-f]{7} "update stuff 1": subject may not be empty \[subject-empty\]; type may not be empty \[type-empty\]$/);
    // the how-to once, after the last failure and the count
    const once = (text: string) => lines.filter((l) => l.includes(text));
    expect(once('a valid message looks like')).toHaveLength(1);
    expect(once('types: ')).toHaveLength(1);
    expect(once('reword them with git rebase -i v1.0.0')).toHaveLength(1);
    const summary = lines.indexOf('✖ 588 of 1500 commit messages fail the rules');
    expect(summary).toBeGreaterThan(lines.indexOf(failures[587]!));
    expect(lines.findIndex((l) => l.includes('a valid message looks like'))).toBeGreaterThan(summary);
    // 588 lines of failures plus a handful: nothing else per commit
    expect(lines.filter(Boolean).length).toBeLessThan(588 + 8);
  });

  it('--json reports every commit', () => {
    const r = sb.shipver(dir, ['lint', '--from', 'v1.0.0', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; count: number; invalid: number; results: Array<{ valid: boolean }> };
    expect(out).toMatchObject({ valid: false, count: TOTAL, invalid: 588 });
    expect(out.results.filter((x) => !x.valid)).toHaveLength(588);
  });
});
