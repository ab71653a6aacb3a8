// Adopting shipver in a repository semantic-release has been releasing: 400 lightweight
// version tags, each on a `chore(release): X [skip ci]` commit that updated package.json.
// The old tags are history: doctor counts them and stays green, next and release continue
// from the last one, the first shipver release makes an annotated tag the hooks accept.
// A second history tags without the "v" and has no tag.format: doctor --fix writes it.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { doctorJson, importHistory, packageJson, printedCommands, runPrinted, traceHooks, type ImportedCommit } from './tags-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-12-01', SHIPVER_DEPLOY: 'off' };

/** 400 semantic-release releases: a feat or fix, then its release commit and a lightweight tag. */
function semanticReleaseHistory(prefix: string, releases = 400): { commits: ImportedCommit[]; versions: string[] } {
  const commits: ImportedCommit[] = [{ message: 'chore: initial commit\n', files: { 'package.json': packageJson('1.0.0'), 'index.js': 'module.exports = 0;\n' } }];
  const versions: string[] = [];
  let [major, minor, patch] = [1, 0, 0];
  for (let i = 1; i <= releases; i++) {
    const feat = i % 3 === 0;
    commits.push({ message: `${feat ? 'feat' : 'fix'}(api): change ${i}\n`, files: { 'index.js': `module.exports = ${i};\n` } });
    if (feat) [minor, patch] = [minor + 1, 0];
    else patch++;
    const v = `${major}.${minor}.${patch}`;
    versions.push(v);
    commits.push({ message: `chore(release): ${v} [skip ci]\n\n## ${v}\n`, files: { 'package.json': packageJson(v), 'CHANGELOG.md': `## ${v}\n` }, lightTags: [`${prefix}${v}`] });
  }
  return { commits, versions };
}

describe('400 lightweight semantic-release tags (v1.2.3)', () => {
  const { commits, versions } = semanticReleaseHistory('v');
  const last = versions[versions.length - 1]!;
  commits.push({ message: 'feat(api): after the last semantic-release\n', files: { 'index.js': 'module.exports = "new";\n' } });
  const { dir } = importHistory(sb, 'semrel', commits);
  const bare = sb.remote(dir, 'semrel.git');
  sb.git(dir, 'push', '-q', '--no-verify', 'origin', '--tags');
  const init = sb.shipver(dir, ['init', '--yes']);
  const trace = traceHooks(dir);
  const setup = sb.commit(dir, 'chore: set up shipver');
  sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'main');
  const [maj, min] = last.split('.').map(Number);
  const next = `${maj}.${min! + 1}.0`;

  it('the history is what semantic-release leaves', () => {
    expect(init.code, init.stderr).toBe(0);
    expect(setup.code, setup.stderr).toBe(0);
    expect(sb.git(dir, 'tag', '--list', 'v*').trim().split('\n')).toHaveLength(400);
    expect(sb.git(dir, 'cat-file', '-t', `v${last}`).trim()).toBe('commit'); // lightweight
    expect(sb.git(dir, 'log', '-1', '--format=%s', `v${last}`).trim()).toBe(`chore(release): ${last} [skip ci]`);
  });

  it('next counts from the last tag', () => {
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ current: last, files: last, filesBehind: null, lastTag: `v${last}`, level: 'minor', next, unmergedTags: [] });
    const plain = sb.shipver(dir, ['next']);
    expect(plain.stdout).toBe(`${next}\n`);
    expect(plain.stderr).toContain(`(last tag v${last})`);
  });

  it('release --dry-run plans the next version and an annotated tag', () => {
    const r = sb.shipver(dir, ['release', '--dry-run', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, current: last, next, lastTag: `v${last}`, since: `v${last}`, filesBehind: null, tag: { name: `v${next}` } });
  });

  it('doctor counts the lightweight tags, calls them fine as they are, and exits 0', () => {
    const r = sb.shipver(dir, ['doctor']);
    expectNoStack(r.stderr);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`✔ tags: 400 version tags, the latest HEAD contains is v${last}; all lightweight: history made by hand or by another tool, fine as they are`);
    expect(r.stderr).toContain('New release tags must be annotated');
    expect(r.stderr).not.toContain('git tag -a -f'); // recreating published tags is never the advice
    const j = doctorJson(sb.shipver(dir, ['doctor', '--json']));
    expect(j.ok).toBe(true);
    expect(j.checks.filter((c) => c.status !== 'ok')).toEqual([]);
  });

  it('doctor --fix finds nothing to change', () => {
    const before = sb.git(dir, 'rev-parse', 'HEAD');
    const r = sb.shipver(dir, ['doctor', '--fix']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('nothing for shipver doctor --fix to change');
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(before);
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
  });

  it('the first shipver release makes an annotated tag that the real hooks let through; the old tags are never pushed again', () => {
    const r = sb.shipver(dir, ['release', '--push'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'cat-file', '-t', `v${next}`).trim()).toBe('tag');
    expect(sb.git(bare, 'cat-file', '-t', `v${next}`).trim()).toBe('tag');
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe(next);
    expect(readFileSync(trace, 'utf8')).toContain('pre-commit\ncommit-msg\n'); // the release commit went through the hooks
    // git push --tags: the 400 old lightweight tags are on the remote already, so the pre-push hook never sees them
    const tags = sb.run('git', ['push', 'origin', '--tags'], { cwd: dir, env });
    expect(tags.code, tags.stderr).toBe(0);
    // a new lightweight version tag is refused by the pre-push hook
    sb.commit(dir, 'fix(api): a fix', { allowEmpty: true });
    sb.git(dir, 'tag', 'v99.0.0');
    const light = sb.run('git', ['push', 'origin', 'v99.0.0'], { cwd: dir, env });
    expect(light.code).not.toBe(0);
    expect(light.stderr).toContain('tag v99.0.0 is lightweight; release tags must be annotated');
    sb.git(dir, 'tag', '-d', 'v99.0.0');
  });
});

describe('a fresh clone of it, before its hooks are installed', () => {
  it('doctor fails on the hooks with a command that works as printed; doctor --fix installs them', () => {
    const bare = sb.path('semrel.git');
    const clone = sb.path('semrel-clone');
    sb.git(sb.dir, 'clone', '-q', bare, clone);
    const r = sb.shipver(clone, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ hooks: the git hooks are not installed');
    expect(r.stderr).toContain('✔ tags: 401 version tags');
    const commands = printedCommands(r.stderr);
    expect(commands).toEqual(['shipver init --hooks-only']);
    expect(runPrinted(sb, clone, commands[0]!).code).toBe(0);
    expect(sb.shipver(clone, ['doctor']).code).toBe(0);
    expect(sb.git(clone, 'status', '--porcelain')).toBe('');

    const other = sb.path('semrel-clone-2');
    sb.git(sb.dir, 'clone', '-q', bare, other);
    const fix = sb.shipver(other, ['doctor', '--fix']);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stderr).toContain('✔ hooks: installed the git hooks (as shipver init --hooks-only does)');
    expect(fix.stderr).toContain('✔ hooks: commit-msg, pre-commit and pre-push installed; shipver runs');
    expect(sb.git(other, 'status', '--porcelain')).toBe(''); // the hook files are in the clone already
  });
});

describe('semantic-release tags without the "v" (1.2.3) and no tag.format', () => {
  const { commits, versions } = semanticReleaseHistory('', 30);
  const last = versions[versions.length - 1]!;
  commits.push({ message: 'fix(api): after the last semantic-release\n', files: { 'index.js': 'module.exports = "new";\n' } });
  const { dir } = importHistory(sb, 'novee', commits);
  // the team's own shipver.yaml, with comments and its own spacing, and no tag.format
  const yaml = '# release settings for cloud\nbranches:\n  release: [main]   # we release from main only\ncommit:\n  message: "chore(release): {version}"\n';
  sb.write(dir, { 'shipver.yaml': yaml });
  const hooks = sb.shipver(dir, ['init', '--hooks-only', '--yes']);
  const trace = traceHooks(dir);
  const setup = sb.commit(dir, 'chore: set up shipver');

  it('next refuses with the one command that fixes it (exit 2), writing nothing', () => {
    expect(hooks.code, hooks.stderr).toBe(0);
    expect(setup.code, setup.stderr).toBe(0);
    const r = sb.shipver(dir, ['next']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no tag matches tag.format "v{version}" (the default), but 30 tags look like versions: "{version}" (30 tags, e.g. ' + last + ')');
    expect(r.stderr).toContain('→ shipver doctor --fix writes tag: { format: "{version}" } to shipver.yaml');
    expect(r.stderr).toContain('[E_TAG_FORMAT_MISMATCH]');
    const rel = sb.shipver(dir, ['release', '--dry-run'], { env });
    expect(rel.code).toBe(2);
    expect(sb.read(dir, 'shipver.yaml')).toBe(yaml);
  });

  it('doctor fails on the tag format; each printed fix works as printed; then doctor is green', () => {
    const r = sb.shipver(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ tag format: no tag matches tag.format "v{version}" (the default)');
    const dry = doctorJson(sb.shipver(dir, ['doctor', '--fix', '--dry-run', '--json']));
    expect(dry.changes).toEqual([expect.objectContaining({ name: 'tag format', done: false, change: 'would write tag: { format: "{version}" } in shipver.yaml (the form of the existing version tags)' })]);
    expect(sb.read(dir, 'shipver.yaml')).toBe(yaml);
    const commands = printedCommands(r.stderr);
    expect(commands).toEqual(['shipver doctor --fix']);
    const fix = runPrinted(sb, dir, commands[0]!);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stderr).toContain('✔ tag format: wrote tag: { format: "{version}" } in shipver.yaml');
    // only the new lines; the comments and the spacing stay
    expect(sb.read(dir, 'shipver.yaml')).toBe(`${yaml}tag:\n  format: "{version}"\n`);
    const follow = printedCommands(fix.stderr);
    expect(follow).toEqual(['git add shipver.yaml && git commit -m "chore: set tag.format from the existing tags" -- shipver.yaml']);
    const commit = runPrinted(sb, dir, follow[0]!);
    expect(commit.code, commit.stderr).toBe(0);
    expect(readFileSync(trace, 'utf8')).toContain('pre-commit\ncommit-msg\n');
    const after = sb.shipver(dir, ['doctor']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain(`✔ tags: 30 version tags, the latest HEAD contains is ${last}`);
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
    const next = sb.shipver(dir, ['next', '--json']);
    expect(JSON.parse(next.stdout)).toMatchObject({ current: last, lastTag: last, level: 'patch' });
  });

  it('tags of two forms and no tag.format: a person decides; doctor --fix refuses and writes nothing', () => {
    const other = sb.repo('two-forms', { 'package.json': packageJson('1.1.0') });
    sb.git(other, 'tag', '1.1.0');
    sb.git(other, 'tag', 'release-1.1.0');
    const r = sb.shipver(other, ['doctor', '--fix']);
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain("shipver doctor --fix cannot tell which tags are this project's releases, so it changed nothing");
    expect(r.stderr).toContain('set tag.format in shipver.yaml to the form of this project\'s releases ("release-{version}" or "{version}"): shipver cannot tell which');
    expect(sb.run('test', ['-e', path.join(other, 'shipver.yaml')]).code).toBe(1);
    expect(sb.run('git', ['config', '--get', 'core.hooksPath'], { cwd: other }).code).toBe(1); // no hooks installed either
    const next = sb.shipver(other, ['next']);
    expect(next.code).toBe(2);
    expect(next.stderr).toContain("more than one form tags the version files' 1.1.0");
  });

  it("tags of another form that do not hold the files' version are someone else's: a warning, never a rewrite", () => {
    const other = sb.repo('docs-tags', { 'package.json': packageJson('1.1.0') });
    sb.git(other, 'tag', 'docs-1.0.0');
    sb.git(other, 'tag', 'docs-2.0.0');
    const next = sb.shipver(other, ['next', 'patch']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('1.1.1\n');
    expect(next.stderr).toContain("none of them holding the version files' 1.1.0; shipver counts every commit since the first as unreleased");
    const doctor = doctorJson(sb.shipver(other, ['doctor', '--json']));
    expect(doctor.checks.find((c) => c.name === 'tag format')).toMatchObject({ status: 'warn', decide: "if those are this project's releases, set tag.format in shipver.yaml to their form" });
    const dry = doctorJson(sb.shipver(other, ['doctor', '--fix', '--dry-run', '--json']));
    expect(dry.changes?.map((c) => c.name)).toEqual(['hooks']);
    // --fix installs the hooks; the follow-up it prints commits the hook files through them
    const fix = sb.shipver(other, ['doctor', '--fix']);
    expect(fix.code, fix.stderr).toBe(0);
    const follow = printedCommands(fix.stderr);
    // (no husky among the dependencies: the hooks go in through core.hooksPath, package.json stays as it is)
    expect(follow).toEqual(['git add .husky/commit-msg .husky/pre-commit .husky/pre-push && git commit -m "chore: set up the shipver hooks" -- .husky/commit-msg .husky/pre-commit .husky/pre-push']);
    const commit = runPrinted(sb, other, follow[0]!);
    expect(commit.code, commit.stderr).toBe(0);
    expect(sb.git(other, 'log', '-1', '--format=%s').trim()).toBe('chore: set up the shipver hooks');
    expect(sb.git(other, 'status', '--porcelain')).toBe('');
    expect(sb.shipver(other, ['doctor']).code).toBe(0);
  });
});
