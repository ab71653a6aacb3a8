// The commits shipver's hints print ("git commit -m ...") under a team's own rules: a team
// that wants sentence-case subjects gets a subject its commit-msg hook accepts, so the
// command works as printed through the hooks init installed. And init --hooks-only in a
// package whose install does not run husky tells teammates what does install the hooks.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// husky 9 listed and installed nowhere: init writes "prepare" without running a package manager
const PKG = JSON.stringify(
  {
    name: 'cloud',
    version: '1.0.0',
    private: true,
    devDependencies: { husky: '^9.1.7' },
    commitlint: { extends: ['@commitlint/config-conventional'], rules: { 'subject-case': [2, 'always', 'sentence-case'] } },
  },
  null,
  2,
) + '\n';

/** The command after "→ <label>: ". */
const printed = (stderr: string, label: string): string => new RegExp(`→ ${label}: (.+)$`, 'm').exec(stderr)![1]!;

describe('hints that print a commit, under sentence-case rules', () => {
  it('init: the "commit the new files" line has a subject the hook accepts, and works as printed', () => {
    const repo = sb.repo('team-init', { 'package.json': PKG, '.gitignore': 'node_modules/\n' }, 'chore: Start');
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const line = printed(r.stderr, 'commit the new files');
    expect(line).toMatch(/git commit -m "chore: Set up shipver"$/);
    const done = sb.run('sh', ['-c', line], { cwd: repo });
    expect(done.code, done.stderr).toBe(0);
    expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('chore: Set up shipver');
  });

  it('doctor --fix: the hooks it installs come with a commit line that works as printed', () => {
    const repo = sb.repo('team-doctor', { 'package.json': PKG, '.gitignore': 'node_modules/\n' }, 'chore: Start');
    const r = sb.shipver(repo, ['doctor', '--fix']);
    expectNoStack(r.stderr);
    const line = printed(r.stderr, 'then');
    expect(line).toContain('git commit -m "chore: Set up the shipver hooks"');
    const done = sb.run('sh', ['-c', line], { cwd: repo });
    expect(done.code, done.stderr).toBe(0);
    expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('chore: Set up the shipver hooks');
  });

  it('the usual rules keep the usual subject', () => {
    const repo = sb.repo('plain-init', { 'package.json': JSON.stringify({ name: 'hub', version: '1.0.0', private: true, devDependencies: { husky: '^9.1.7' } }) + '\n' });
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(printed(r.stderr, 'commit the new files')).toMatch(/git commit -m "chore: set up shipver"$/);
  });
});

describe('init --hooks-only in a package whose install does not run husky', () => {
  it('tells teammates to run init --hooks-only, not npm install', () => {
    const repo = sb.repo('no-husky', { 'package.json': JSON.stringify({ name: 'api', version: '1.0.0', private: true }) + '\n' });
    const r = sb.shipver(repo, ['init', '--hooks-only']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('teammates run "shipver init --hooks-only" once after cloning');
    expect(r.stderr).not.toContain('teammates get the hooks with npm install');
  });
});

describe('shipver lint --edit from a sub-directory', () => {
  it("lints with the repository's own rules, as from its top", () => {
    const repo = sb.repo('team-lint', { 'package.json': PKG, 'api/index.js': '// api\n' }, 'chore: Start');
    sb.write(repo, { 'api/MSG': 'feat: add lower case\n' });
    const r = sb.shipver(`${repo}/api`, ['lint', '--edit', 'MSG']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[subject-case]');
    expect(r.stderr).toContain(`rules from ${repo}/package.json`);
  });
});
