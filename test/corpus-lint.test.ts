// Agreement with commitlint on every message of the shared corpus, through the CLI's
// JSONL batch mode (the real binary, the way a script would call it).
import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { Sandbox, corpusFile } from './helpers/sandbox.js';

const CORPUS = corpusFile('messages.jsonl');

interface Row {
  repo: string;
  sha: string;
  message: string;
  commitlint: { valid: boolean; ignored: boolean; errors: string[]; warnings: string[] };
}

describe('shipver lint --stdin --jsonl over the shared corpus', () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it('agrees with commitlint on valid and ignored for every message', () => {
    const rows = readFileSync(CORPUS, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
    expect(rows.length).toBeGreaterThan(9000);
    const input = rows.map((r) => JSON.stringify({ message: r.message })).join('\n') + '\n';
    const r = sb.shipver(sb.dir, ['lint', '--stdin', '--jsonl'], { input });
    const out = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { valid: boolean; ignored: boolean; errors: { rule: string }[]; warnings: { rule: string }[] });
    expect(out).toHaveLength(rows.length);
    const disagreements: string[] = [];
    let ruleDiffs = 0;
    rows.forEach((row, i) => {
      const got = out[i]!;
      if (got.valid !== row.commitlint.valid || got.ignored !== row.commitlint.ignored) {
        disagreements.push(`${row.repo} ${row.sha}: expected ${JSON.stringify(row.commitlint)}, got valid=${got.valid} ignored=${got.ignored}`);
      }
      if (JSON.stringify(got.errors.map((e) => e.rule)) !== JSON.stringify(row.commitlint.errors)) ruleDiffs++;
      if (JSON.stringify(got.warnings.map((e) => e.rule)) !== JSON.stringify(row.commitlint.warnings)) ruleDiffs++;
    });
    expect(disagreements).toEqual([]);
    expect(ruleDiffs).toBe(0);
    // some invalid rows exist, so the batch exits 1
    expect(r.code).toBe(1);
  });
});
