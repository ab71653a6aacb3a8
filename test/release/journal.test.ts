// The release journal as read back: a journal of another shape is unreadable, never a crash.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNoJournal, journalPath, readJournal, writeJournal, type Journal } from '../../src/release/journal.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function gitDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'shipver-journal-'));
  dirs.push(d);
  return d;
}

const JOURNAL: Journal = {
  version: 1,
  pid: 1,
  startedAt: '2026-01-02T00:00:00.000Z',
  command: 'release',
  branch: 'main',
  oldHead: 'a'.repeat(40),
  newHead: null,
  tag: 'v1.0.1',
  originals: [{ file: 'package.json', content: '{}' }],
  targets: [{ file: 'package.json', content: '{"version":"1.0.1"}' }],
  commitMessage: 'chore(release): 1.0.1',
  tagMessage: 'v1.0.1\n',
  push: null,
  done: ['files'],
};

describe('readJournal', () => {
  it('reads back what writeJournal wrote', () => {
    const d = gitDir();
    writeJournal(d, JOURNAL);
    expect(readJournal(d)).toEqual(JOURNAL);
    expect(() => assertNoJournal(d)).toThrow(expect.objectContaining({ code: 'E_RELEASE_UNFINISHED', message: expect.stringContaining('steps done: files') }));
  });

  it('takes a journal of another shape for an unreadable one (a refusal, not a TypeError)', () => {
    for (const text of ['{}', '[]', '{"version":1,"done":"files"}', '{"version":2,"done":[],"originals":[],"targets":[]}']) {
      const d = gitDir();
      mkdirSync(path.dirname(journalPath(d)), { recursive: true });
      writeFileSync(journalPath(d), text);
      expect(readJournal(d)).toBeNull();
      expect(() => assertNoJournal(d)).toThrow(expect.objectContaining({ code: 'E_RELEASE_UNFINISHED', message: 'an unreadable release journal exists' }));
    }
  });
});
