// process/run.ts stream(): output handed over while the program runs, nothing lost at
// chunk boundaries (multi-byte characters included), no deadlock when the consumer starts
// late, and a failure reported at the end of the iteration.
import { describe, expect, it } from 'vitest';
import { stream, ProcessError } from '../../src/process/run.js';
import { eachNulRecord } from '../../src/changelog/gitread.js';

const node = process.execPath;

describe('stream', () => {
  it('8 MB with multi-byte characters, consumed after a delay: every byte, in order', async () => {
    // 2 MB of "é€😀\0" records written in pieces that split characters across pipe reads
    const script = `const r = "é€😀".repeat(50) + "\\0"; let s = ""; for (let i = 0; i < 12000; i++) s += i + ":" + r; process.stdout.write(s);`;
    const chunks = stream(node, ['-e', script]);
    await new Promise((r) => setTimeout(r, 300)); // the program finishes before anyone reads
    const records: string[] = [];
    await eachNulRecord(chunks, 1, ([f]) => records.push(f!));
    expect(records).toHaveLength(12000);
    records.forEach((f, i) => expect(f).toBe(`${i}:${'é€😀'.repeat(50)}`));
  });

  it('a program that fails: the output it wrote, then a ProcessError with its stderr', async () => {
    const got: string[] = [];
    const run = async () => {
      for await (const c of stream(node, ['-e', 'process.stdout.write("partial"); process.stderr.write("fatal: bad revision"); process.exit(128)'])) got.push(c.toString());
    };
    await expect(run()).rejects.toThrow(ProcessError);
    await expect(run()).rejects.toThrow(/fatal: bad revision/);
    expect(got.join('')).toContain('partial');
  });

  it('a program that does not exist: an error, not a hang', async () => {
    const run = async () => {
      for await (const _ of stream('/nonexistent/git', [])) void _;
    };
    await expect(run()).rejects.toThrow(/ENOENT/);
  });
});
