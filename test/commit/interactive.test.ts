// `shipver commit` on a terminal: a real pseudo-terminal, keys typed as a person types
// them, real repositories with shipver's hooks installed by `shipver init`, and the
// commits checked byte for byte.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import configConventional from '@commitlint/config-conventional';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { KEY, choose, shipverInPty, type PtyResult } from './pty.js';
import { app as commitApp, messageOf as storedMessage } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// the types as offered: those that release something first, then the rest in the rules' order
const TYPES = ['feat', 'fix', 'perf', 'build', 'chore', 'ci', 'docs', 'refactor', 'revert', 'style', 'test'];
expect([...TYPES].sort()).toEqual([...(configConventional.rules['type-enum'][2] as string[])].sort());
const skip = KEY.enter; // an optional question left empty
const skipBody = KEY.enter + KEY.enter; // the body: Enter on an empty line ends it

/**
 * An Express-style app at 1.3.0 (tag v1.3.0), shipver.yaml naming the project "cloud",
 * hooks installed by shipver init, a `fix(auth)` since the tag and one file staged.
 */
const app = (name: string): string => commitApp(sb, name, { 'shipver.yaml': 'projects:\n  - name: cloud\n    versionFiles: [package.json]\n' });
const messageOf = (dir: string, rev?: string): string => storedMessage(sb, dir, rev);

function ok(r: PtyResult): void {
  expect(r.failed, r.output.slice(-3000)).toBeNull();
  expectNoStack(r.output);
}

describe('shipver commit on a terminal', () => {
  it('a feat with a scope picked from the suggestions: the types with their release, the next version, the commit', () => {
    const dir = app('feat-scope');
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change\s+│\s+● feat\s+— a new feature → minor release\s+│\s+○ fix\s+— a bug fix → patch release/, send: choose(TYPES, 'feat') },
      // suggested: the project in shipver.yaml and the scope of the recent fix
      { expect: /scope \(optional\).*\(no scope\).*cloud.*auth/, send: 'au' },
      { expect: /Search: au/, send: KEY.down + KEY.enter },
      { expect: /subject/, send: 'add the version to the status endpoint' + KEY.enter },
      { expect: /body/, send: 'The endpoint says which release runs.' + KEY.enter + 'Ops asked for it.' + KEY.enter + KEY.enter },
      { expect: /breaking change/, send: skip },
      { expect: /issues it closes/, send: skip },
      { expect: /issues it refers to/, send: skip },
      { expect: /commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] feat\(auth\): add the version/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(r.output).toContain('this commit makes the next release 1.4.0');
    expect(messageOf(dir)).toBe('feat(auth): add the version to the status endpoint\n\nThe endpoint says which release runs.\nOps asked for it.\n');
    expect(sb.git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('status.js');
  });

  it('a breaking change: type! and a BREAKING CHANGE footer, and the major release it causes', () => {
    const dir = app('breaking');
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change/, send: choose(TYPES, 'fix') },
      { expect: /scope \(optional\)/, send: KEY.enter }, // (no scope)
      { expect: /subject/, send: 'return the status as JSON' + KEY.enter },
      { expect: /body/, send: skipBody },
      { expect: /breaking change/, send: 'the status endpoint answers JSON, not text' + KEY.enter },
      { expect: /issues it closes/, send: skip },
      { expect: /issues it refers to/, send: skip },
      { expect: /commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] fix!: return the status as JSON/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(r.output).toContain('this commit makes the next release 2.0.0');
    expect(messageOf(dir)).toBe('fix!: return the status as JSON\n\nBREAKING CHANGE: the status endpoint answers JSON, not text\n');
  });

  it('closing two issues and referring to a third; a non-number is shown with the rule and fixed in place', () => {
    const dir = app('issues');
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change/, send: choose(TYPES, 'docs') },
      { expect: /scope \(optional\)/, send: KEY.enter },
      { expect: /subject/, send: 'explain the deploy trigger' + KEY.enter },
      { expect: /body/, send: skipBody },
      { expect: /breaking change/, send: skip },
      { expect: /issues it closes/, send: '12 #34 x' + KEY.enter },
      { expect: /"x" is not an issue number \(write 12 or #12\) \[issue-number\]/, send: KEY.backspace + KEY.backspace + KEY.enter },
      { expect: /issues it refers to/, send: '7' + KEY.enter },
      { expect: /commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] docs: explain the deploy trigger/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(r.output).toContain('this commit releases nothing (docs: not released); the next release stays 1.3.1');
    expect(messageOf(dir)).toBe('docs: explain the deploy trigger\n\nCloses #12\nCloses #34\nRefs #7\n');
  });

  it('a refused subject is shown with its rule and edited in place, not asked again from the start', () => {
    const dir = app('subject-edit');
    const tail = ' so that the ops team can tell which release runs where without asking anyone';
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change/, send: choose(TYPES, 'feat') },
      { expect: /scope \(optional\)/, send: KEY.enter },
      { expect: /subject/, send: `Added the status endpoint${tail}${KEY.enter}` },
      // the answer stays on the screen with the rule under it; shorten it where it is
      { expect: /header must not be longer than 100 characters, current length is \d+ \[header-max-length\]/, send: KEY.backspace.repeat(tail.length) + KEY.enter },
      // then the case: go to the start of the answer, replace the capital, submit
      { expect: /subject must not be sentence-case.*\[subject-case\]/, send: '\x01' + '\x1b[3~' + 'a' + KEY.enter },
      { expect: /body/, send: skipBody },
      { expect: /breaking change/, send: skip },
      { expect: /issues it closes/, send: skip },
      { expect: /issues it refers to/, send: skip },
      { expect: /commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] feat: added the status endpoint/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(messageOf(dir)).toBe('feat: added the status endpoint\n');
  });

  it('a changed mind at the end: "change an answer" goes back to that one answer only', () => {
    const dir = app('change-answer');
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change/, send: choose(TYPES, 'fix') },
      { expect: /scope \(optional\)/, send: 'status' + KEY.enter },
      { expect: /subject/, send: 'report the version' + KEY.enter },
      { expect: /body/, send: skipBody },
      { expect: /breaking change/, send: skip },
      { expect: /issues it closes/, send: skip },
      { expect: /issues it refers to/, send: skip },
      { expect: /fix\(status\): report the version.*commit it\?/, send: KEY.down + KEY.enter }, // change an answer
      { expect: /which answer\?/, send: KEY.enter }, // type
      { expect: /type of change/, send: KEY.down + KEY.enter }, // from fix (pre-selected) to the next, perf
      { expect: /perf\(status\): report the version.*commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] perf\(status\): report the version/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(messageOf(dir)).toBe('perf(status): report the version\n');
  });

  for (const where of ['the subject', 'the final question'] as const) {
    it(`Ctrl-C at ${where} commits nothing and exits 130: HEAD and the index as they were`, () => {
      const dir = app(`ctrl-c-${where.replace(/\W/g, '')}`);
      const head = sb.git(dir, 'rev-parse', 'HEAD');
      const index = sb.git(dir, 'write-tree');
      const status = sb.git(dir, 'status', '--porcelain');
      const steps =
        where === 'the subject'
          ? [
              { expect: /type of change/, send: choose(TYPES, 'feat') },
              { expect: /scope \(optional\)/, send: KEY.enter },
              { expect: /subject/, send: 'add the sta' },
              { expect: /add the sta/, send: KEY.ctrlC },
            ]
          : [
              { expect: /type of change/, send: choose(TYPES, 'feat') },
              { expect: /scope \(optional\)/, send: KEY.enter },
              { expect: /subject/, send: 'add the status endpoint' + KEY.enter },
              { expect: /body/, send: skipBody },
              { expect: /breaking change/, send: skip },
              { expect: /issues it closes/, send: skip },
              { expect: /issues it refers to/, send: skip },
              { expect: /commit it\?/, send: KEY.ctrlC },
            ];
      const r = shipverInPty(sb, dir, ['commit'], [...steps, { expect: /cancelled: nothing was committed/ }]);
      ok(r);
      expect(r.exit).toBe(130);
      expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
      expect(sb.git(dir, 'write-tree')).toBe(index);
      expect(sb.git(dir, 'status', '--porcelain')).toBe(status);
    });
  }

  it('--retry after a refused git commit: the kept message with one answer, the type', () => {
    const dir = app('retry');
    const refused = sb.run('git', ['commit', '-m', 'added the thing'], { cwd: dir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('[type-empty]');
    expect(refused.stderr).toContain('→ shipver commit --retry');
    const r = shipverInPty(sb, dir, ['commit', '--retry'], [
      { expect: /the message git kept: added the thing.*type may not be empty \[type-empty\].*type of change/, send: choose(TYPES, 'feat') },
      { expect: /feat: added the thing.*this commit makes the next release 1\.4\.0.*commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] feat: added the thing/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(r.output).not.toMatch(/◆\s+subject/); // the subject was fine: not asked
    expect(messageOf(dir)).toBe('feat: added the thing\n');
  });

  it("the team's own rules: its types (with what each releases), and a scope they require", () => {
    const dir = app('team-rules');
    writeFileSync(
      path.join(dir, 'commitlint.config.js'),
      "module.exports = { rules: { 'type-enum': [2, 'always', ['feat', 'fix', 'hotfix']], 'scope-empty': [2, 'never'] } };\n",
    );
    const r = shipverInPty(sb, dir, ['commit'], [
      { expect: /type of change.*feat.*fix.*hotfix\s+→ no release/, send: choose(['feat', 'fix', 'hotfix'], 'hotfix') },
      // required: no "(no scope)" to pick, a suggestion or one's own
      { expect: /scope: pick one or type your own.*auth/, send: 'ops' + KEY.enter },
      { expect: /subject/, send: 'restart the worker' + KEY.enter },
      { expect: /body/, send: skipBody },
      { expect: /breaking change/, send: skip },
      { expect: /issues it closes/, send: skip },
      { expect: /issues it refers to/, send: skip },
      { expect: /commit it\?/, send: KEY.enter },
      { expect: /\[main [0-9a-f]+\] hotfix\(ops\): restart the worker/ },
    ]);
    ok(r);
    expect(r.exit).toBe(0);
    expect(r.output).not.toMatch(/chore\s+—/);
    expect(r.output).not.toContain('(no scope)');
    expect(messageOf(dir)).toBe('hotfix(ops): restart the worker\n');
  });

  it('nothing staged: says so before any question, as git would, and exits 1', () => {
    const dir = app('nothing-staged');
    sb.git(dir, 'reset', '-q');
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const r = shipverInPty(sb, dir, ['commit'], [{ expect: /nothing added to commit/ }]);
    ok(r);
    expect(r.exit).toBe(1);
    expect(r.output).toContain('shipver commit -- -a');
    expect(r.output).not.toContain('type of change');
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
  });
});
