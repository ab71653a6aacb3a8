// The repository the `shipver commit` tests commit in, and the message git stored.
import { expect } from 'vitest';
import type { Sandbox } from '../helpers/sandbox.js';

/**
 * An app at 1.3.0 (tag v1.3.0) with shipver's hooks installed by shipver init, a
 * `fix(auth)` since the tag, and status.js staged; `files` are committed with package.json.
 */
export function app(sb: Sandbox, name: string, files: Record<string, string> = {}): string {
  const dir = sb.repo(name, {
    'package.json': JSON.stringify({ name: 'cloud', version: '1.3.0', private: true }, null, 2) + '\n',
    ...files,
  });
  const init = sb.shipver(dir, ['init', '--yes']);
  expect(init.code, init.stderr).toBe(0);
  expect(sb.commit(dir, 'chore: set up shipver').code).toBe(0);
  sb.git(dir, 'tag', '-a', 'v1.3.0', '-m', 'v1.3.0');
  sb.write(dir, { 'auth.js': 'module.exports = (t) => Boolean(t);\n' });
  const fix = sb.commit(dir, 'fix(auth): handle an empty token');
  expect(fix.code, fix.stderr).toBe(0);
  sb.write(dir, { 'status.js': 'module.exports = () => ({ version: "1.3.0" });\n' });
  sb.git(dir, 'add', 'status.js');
  return dir;
}

/** The message of a commit exactly as stored. */
export function messageOf(sb: Sandbox, dir: string, rev = 'HEAD'): string {
  const raw = sb.git(dir, 'cat-file', 'commit', rev);
  return raw.slice(raw.indexOf('\n\n') + 2);
}
