// shipver vendored as a tarball (docs/install.md: npm pack into vendor/, then a `file:`
// dev dependency) before init: init's "commit the new files" line names the tarball too,
// when it is not committed yet, so that a teammate's npm ci finds it. The line works as
// printed, through the hooks init installed.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const TARBALL = 'vendor/shipver-0.1.0.tgz';
// husky 9 listed: init writes "prepare" without running a package manager
const PKG = JSON.stringify({ name: 'cloud', version: '1.0.0', private: true, devDependencies: { husky: '^9.1.7', shipver: `file:${TARBALL}` } }, null, 2) + '\n';
const WRITTEN = 'shipver.yaml commitlint.config.js .husky/commit-msg .husky/pre-commit .husky/pre-push package.json';

/** The command after "→ commit the new files: ". */
const commitLine = (stderr: string): string => /→ commit the new files: (.+)$/m.exec(stderr)![1]!;

describe('init with a vendored shipver tarball', () => {
  it('not committed: the line adds it, and works as printed; doctor then finds it committed', () => {
    const repo = sb.repo('vendored', { 'package.json': PKG, '.gitignore': 'node_modules/\n' });
    sb.write(repo, { [TARBALL]: 'not really a tarball' });
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expectNoStack(r.stderr);
    expect(commitLine(r.stderr)).toBe(`git add ${WRITTEN} ${TARBALL} && git commit -m "chore: set up shipver"`);
    const done = sb.run('sh', ['-c', commitLine(r.stderr)], { cwd: repo });
    expect(done.code, done.stderr).toBe(0);
    expect(sb.git(repo, 'ls-files', 'vendor')).toBe(`${TARBALL}\n`);
    expect(sb.git(repo, 'status', '--porcelain')).toBe('');
    const doctor = sb.shipver(repo, ['doctor', '--json']);
    const deps = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string; message: string }> }).checks.filter((c) => c.name === 'dependencies');
    expect(deps).toEqual([{ name: 'dependencies', status: 'ok', message: `file: dependencies committed: ${TARBALL}` }]);
  });

  it('ignored by .gitignore: git add -f for the tarball, and the line works as printed', () => {
    const repo = sb.repo('vendored-ignored', { 'package.json': PKG, '.gitignore': 'node_modules/\n*.tgz\n' });
    sb.write(repo, { [TARBALL]: 'not really a tarball' });
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(commitLine(r.stderr)).toBe(`git add ${WRITTEN} && git add -f ${TARBALL} && git commit -m "chore: set up shipver"`);
    const done = sb.run('sh', ['-c', commitLine(r.stderr)], { cwd: repo });
    expect(done.code, done.stderr).toBe(0);
    expect(sb.git(repo, 'ls-files', 'vendor')).toBe(`${TARBALL}\n`);
  });

  it('already committed, or not there: the line names only the files init wrote', () => {
    const committed = sb.repo('vendored-committed', { 'package.json': PKG, [TARBALL]: 'not really a tarball' });
    const a = sb.shipver(committed, ['init', '--yes']);
    expect(a.code, a.stderr).toBe(0);
    expect(commitLine(a.stderr)).toBe(`git add ${WRITTEN} && git commit -m "chore: set up shipver"`);
    const absent = sb.repo('vendored-absent', { 'package.json': PKG });
    const b = sb.shipver(absent, ['init', '--yes']);
    expect(b.code, b.stderr).toBe(0);
    expect(commitLine(b.stderr)).toBe(`git add ${WRITTEN} && git commit -m "chore: set up shipver"`);
  });
});
