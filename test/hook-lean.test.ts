// The commit-msg hook's program, as the hook line runs it (node dist/commit-msg-hook.js FILE),
// loads no more of node than linting needs: an accepted message prints nothing, so no stdio
// stream (node builds them, with the stream modules, on first touch) and no child process
// module. What each costs is in docs/performance.md; this checks the modules, not the time.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox } from './helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const HOOK = path.join(ROOT, 'dist', 'commit-msg-hook.js');

/** Runs the hook on `message`; returns its result and the node modules it loaded. */
function hookModules(repo: string, message: string) {
  const recorder = path.join(sb.dir, 'record-modules.cjs');
  const out = path.join(sb.dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(recorder, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));\n`);
  writeFileSync(path.join(repo, 'MSG'), message);
  const r = sb.run(process.execPath, ['-r', recorder, HOOK, 'MSG'], { cwd: repo, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
  const modules = readFileSync(out, 'utf8').split('\n');
  return { r, modules };
}

const HEAVY = ['NativeModule stream', 'NativeModule net', 'NativeModule child_process', 'NativeModule readline', 'NativeModule tty'];

describe('the commit-msg hook program', () => {
  const repo = sb.repo('lean', { 'README.md': '# lean\n' });

  it('accepts a conventional message without creating a stdio stream or loading child_process', () => {
    const { r, modules } = hookModules(repo, 'feat(api): add the version to the status endpoint\n\nSo ops can tell what runs where.\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
    expect(modules.filter((m) => HEAVY.includes(m))).toEqual([]);
  });

  it('refuses a bad message with the rule and the way to retry (and only then prints)', () => {
    const { r, modules } = hookModules(repo, 'Added stuff\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[type-empty]');
    expect(r.stderr).toContain('shipver commit --retry');
    // printing makes node build stderr: the recorder sees the stream modules here, so the check above can fail
    expect(modules).toContain('NativeModule stream');
  });
});
