// Before it installs the hooks, `shipver init` says what adopting the rules means: how many
// of the last 200 non-merge commits they would refuse, and for which rules most often.
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

interface Spec {
  message: string;
  /** a merge of a one-commit side branch, with this message on the merge */
  merge?: boolean;
}

/**
 * Builds a history with git fast-import (hundreds of commits in one git call): each entry
 * one commit on main changing a file; a merge entry first commits on a side branch, then
 * merges it into main with a real two-parent commit.
 */
function buildHistory(dir: string, specs: Spec[]): void {
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let mark = 0;
  let time = 1_600_000_000;
  let head = 0;
  const commit = (ref: string, message: string, from: number, merge?: number) => {
    mark++;
    time += 60;
    chunks.push(`commit ${ref}\nmark :${mark}\ncommitter Dev <dev@example.org> ${time} +0000\n${data(message)}`);
    if (from) chunks.push(`from :${from}\n`);
    if (merge) chunks.push(`merge :${merge}\n`);
    chunks.push(`M 644 inline file-${mark}.txt\n${data(`${mark}`)}\n`);
    return mark;
  };
  for (const s of specs) {
    if (s.merge) {
      const side = commit('refs/heads/side', 'feat: Side work', head);
      head = commit('refs/heads/main', s.message, head, side);
    } else {
      head = commit('refs/heads/main', s.message, head);
    }
  }
  sb.run('git', ['init', '-q', '-b', 'main', dir]);
  const r = sb.run('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('') });
  expect(r.code, r.stderr).toBe(0);
  sb.git(dir, 'checkout', '-q', '-f', 'main');
}

describe('init reports the recent history against the rules', () => {
  // The team's rules: conventional, with sentence-case subjects.
  const pkg = {
    name: 'long-history',
    version: '3.1.0',
    private: true,
    devDependencies: { husky: '^9.1.7' },
    commitlint: { extends: ['@commitlint/config-conventional'], rules: { 'subject-case': [2, 'always', 'sentence-case'] } },
  };
  const specs: Spec[] = [];
  // 60 old commits that all fail: outside the last 200 non-merge commits, so not counted
  for (let i = 0; i < 60; i++) specs.push({ message: `wip ${i}` });
  // then 130 passing commits, with 12 merges among them: git log --no-merges counts each
  // merge's side commit ("feat: Side work", passing) but not the merge itself, whose message
  // would fail if it were counted
  for (let i = 0; i < 130; i++) {
    specs.push({ message: `feat: Add feature ${i}` });
    if (i % 11 === 0 && i < 130) specs.push({ message: `merged the side branch ${i}`, merge: true });
  }
  // the newest 70: 37 that fail among 33 that pass
  const failing: string[] = [
    ...Array.from({ length: 25 }, (_, i) => `fix: lower-case subject ${i}`), // subject-case
    ...Array.from({ length: 9 }, (_, i) => `update: Bump things ${i}`), // type-enum
    ...Array.from({ length: 3 }, (_, i) => `feat: ${'A very long subject line that goes on '.repeat(3)}${i}`), // header-max-length
  ];
  const passing = Array.from({ length: 33 }, (_, i) => `fix: Repair thing ${i}`);
  for (let i = 0; i < 70; i++) specs.push({ message: i % 2 === 0 && failing.length ? failing.shift()! : (passing.shift() ?? failing.shift()!) });

  const repo = sb.path('long-history');
  buildHistory(repo, specs);
  sb.write(repo, { 'package.json': JSON.stringify(pkg, null, 2) + '\n' });
  sb.git(repo, 'add', 'package.json');
  sb.git(repo, 'commit', '-q', '--no-verify', '-m', 'chore: Add package.json');
  const counted = sb.git(repo, 'log', '--no-merges', '--max-count=200', '--format=%s').trim().split('\n');
  // config-conventional installed (untracked), as in a team's clone: commitlint's own CLI needs it
  for (const dep of ['@commitlint/config-conventional', 'conventional-changelog-conventionalcommits']) {
    mkdirSync(path.dirname(path.join(repo, 'node_modules', dep)), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(repo, 'node_modules', dep));
  }
  appendFileSync(path.join(repo, '.git/info/exclude'), 'node_modules\n');

  it('the history is what the test means it to be', () => {
    expect(sb.git(repo, 'rev-list', '--merges', '--count', 'HEAD').trim()).toBe('12');
    expect(counted).toHaveLength(200);
    expect(counted.filter((x) => x.startsWith('wip'))).toEqual([]);
    // the window reaches back past the second merge: the first side commit is older than it
    expect(counted.filter((x) => x === 'feat: Side work')).toHaveLength(11);
  });

  it('init --dry-run prints the count and the top rules, and changes nothing', () => {
    const r = sb.shipver(repo, ['init', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('commit rules: your own, from the "commitlint" key of package.json');
    expect(r.stderr).toContain('37 of the last 200 commits (merges left out) would be refused by these rules; most often: subject-case (25), type-enum (9), header-max-length (3)');
    expect(sb.git(repo, 'status', '--porcelain')).toBe('');
  });

  it('--json gives every rule with its count and an example', () => {
    const r = sb.shipver(repo, ['init', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.commitRules.source).toBe('package.json');
    expect(out.commitRules.history.checked).toBe(200);
    expect(out.commitRules.history.rejected).toBe(37);
    expect(out.commitRules.history.rules.map((x: { rule: string; commits: number }) => [x.rule, x.commits])).toEqual([
      ['subject-case', 25],
      ['type-enum', 9],
      ['header-max-length', 3],
    ]);
    // the newest commit each rule refused
    expect(out.commitRules.history.rules[1].example).toBe('update: Bump things 8');
  });

  it('commitlint itself refuses the same commits of those 200 as init counts', () => {
    const cli = path.join(ROOT, 'node_modules/@commitlint/cli/cli.js');
    const oldest = sb.git(repo, 'log', '--no-merges', '--max-count=200', '--format=%H').trim().split('\n').pop()!;
    // commitlint --from X^ covers X and its descendants; without the merges, as init counts
    const r = sb.run(process.execPath, [cli, '--cwd', repo, '--from', `${oldest}^`, '--to', 'HEAD', '--git-log-args=--no-merges'], { cwd: repo });
    expect(r.code).toBe(1);
    const theirs = r.stdout.match(/✖ {3}found [1-9]\d* problems/g)?.length;
    const ours = JSON.parse(sb.shipver(repo, ['init', '--dry-run', '--json']).stdout).commitRules.history.rejected;
    expect(ours).toBe(theirs);
    expect(theirs).toBe(37);
  });

  it('a young repository: all of its commits, and a clean history says so', () => {
    const young = sb.repo('young', { VERSION: '0.1.0\n' }, 'feat: start');
    sb.commit(young, 'fix: one', { allowEmpty: true, noVerify: true });
    const r = sb.shipver(young, ['init', '--dry-run']);
    expect(r.stderr).toContain('✔ all 2 commits pass these rules (merges left out)');
    sb.commit(young, 'Bad message', { allowEmpty: true, noVerify: true });
    expect(sb.shipver(young, ['init', '--dry-run']).stderr).toContain('1 of the 3 commits in the history (merges left out) would be refused by these rules; most often: subject-empty (1), type-empty (1)');
  });
});
