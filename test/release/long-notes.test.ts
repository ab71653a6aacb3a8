// Release notes longer than one command-line argument may be (128 KiB on Linux): the tag
// message and the release commit go to git through stdin, so a big release still lands.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('a release with notes over 128 KiB', () => {
  it('makes the release commit and an annotated tag carrying all of the notes', () => {
    const dir = sb.repo('long-notes', { 'package.json': '{ "name": "app", "version": "1.0.0" }\n' });
    sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
    // 300 features with 600-character subjects: about 190 KB of notes
    for (let i = 0; i < 300; i++) {
      sb.git(dir, 'commit', '-q', '--no-verify', '--allow-empty', '-m', `feat: feature number ${String(i).padStart(4, '0')} ${'x'.repeat(580)}`);
    }
    const r = sb.shipver(dir, ['release', '--no-fetch']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'cat-file', '-t', 'v1.1.0').trim()).toBe('tag');
    const message = sb.git(dir, 'tag', '-l', '--format=%(contents)', 'v1.1.0');
    expect(message.length).toBeGreaterThan(160_000);
    expect(message).toContain('feature number 0000');
    expect(message).toContain('feature number 0299');
    expect(sb.git(dir, 'log', '-1', '--format=%B').trim()).toBe('chore(release): 1.1.0');
  });
});
