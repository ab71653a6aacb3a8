// `shipver next --messages-file` against conventional-recommended-bump's answers on the
// shared corpus. The only expected kind of difference: a range with no feat, fix, perf,
// revert or breaking change, where conventional-recommended-bump still says "patch" and
// shipver says there is nothing to release (docs/versioning.md).
import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { Sandbox, corpusFile } from '../helpers/sandbox.js';

interface BumpRow {
  repo: string;
  from_tag: string;
  to_tag: string;
  recommended_level: 'major' | 'minor' | 'patch';
  messages: string[];
}

describe('shipver next --messages-file over the bumps corpus', () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it('agrees with conventional-recommended-bump except where nothing is releasable', () => {
    const rows = readFileSync(corpusFile('bumps.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as BumpRow);
    expect(rows.length).toBeGreaterThan(150);
    let same = 0;
    const noneVsPatch: string[] = [];
    const other: string[] = [];
    // one CLI run for the whole corpus: JSON Lines of message arrays in, one answer per line out
    const f = sb.path('ranges.jsonl');
    writeFileSync(f, rows.map((r) => JSON.stringify(r.messages)).join('\n') + '\n');
    const r = sb.shipver(sb.dir, ['next', '--messages-file', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { level: string | null });
    expect(results).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const got = results[i]!;
      if (got.level === row.recommended_level) same++;
      else if (got.level === null && row.recommended_level === 'patch') noneVsPatch.push(`${row.repo} ${row.from_tag}..${row.to_tag}`);
      else other.push(`${row.repo} ${row.from_tag}..${row.to_tag}: expected ${row.recommended_level}, got ${got.level}`);
    });
    console.log(`bumps corpus: ${same}/${rows.length} agree; ${noneVsPatch.length} chore-only ranges (none vs patch)`);
    expect(other).toEqual([]);
    expect(same + noneVsPatch.length).toBe(rows.length);
    expect(same).toBeGreaterThan(rows.length * 0.9);
  });

  it('--current 0.x makes a breaking change minor; bad input is a clear error', () => {
    const f = sb.path('b.json');
    writeFileSync(f, JSON.stringify(['feat(api)!: drop v1']));
    expect(JSON.parse(sb.shipver(sb.dir, ['next', '--messages-file', f, '--json']).stdout).level).toBe('major');
    const pre = JSON.parse(sb.shipver(sb.dir, ['next', '--messages-file', f, '--current', '0.4.1', '--json']).stdout);
    expect(pre).toMatchObject({ level: 'minor', next: '0.5.0' });
    writeFileSync(f, '{"not": "an array"}');
    const bad = sb.shipver(sb.dir, ['next', '--messages-file', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('JSON array');
  });

  it('a .jsonl file is JSON Lines even with one line: one compact answer per line', () => {
    const one = sb.path('one.jsonl');
    writeFileSync(one, '["feat: a"]\n');
    const r = sb.shipver(sb.dir, ['next', '--messages-file', one, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2); // one line and the final newline
    expect(JSON.parse(r.stdout)).toMatchObject({ level: 'minor', next: '1.1.0' });
    const two = sb.path('two.jsonl');
    writeFileSync(two, '["fix: a"]\n\n["docs: b"]\n');
    expect(sb.shipver(sb.dir, ['next', '--messages-file', two]).stdout).toBe('patch\nnone\n');
    writeFileSync(two, '["fix: a"]\n{"x": 1}\n');
    const bad = sb.shipver(sb.dir, ['next', '--messages-file', two]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 2');
    // the same array in a .json file is one answer, printed as a document
    const doc = sb.path('one.json');
    writeFileSync(doc, '["feat: a"]\n');
    const d = sb.shipver(sb.dir, ['next', '--messages-file', doc, '--json']);
    expect(JSON.parse(d.stdout)).toEqual(JSON.parse(r.stdout));
    expect(d.stdout.split('\n').length).toBeGreaterThan(2);
  });
});
