// planRelease, planTag and planNext on in-memory data: every guard, level rule, prerelease
// and maintenance case, without a repository or a file system (the end-to-end tests in
// this folder run the same decisions through the CLI).
import { describe, expect, it } from 'vitest';
import { ShipverError } from '../../src/errors.js';
import { planNext, planRelease, planTag, type PlanOptions } from '../../src/release/plan-release.js';
import { OPTS, UPSTREAM, gathered, type Scenario } from './plan-fixtures.js';

const plan = async (s: Scenario, opts: Partial<PlanOptions> = {}) => planRelease(await gathered(s), { ...OPTS, ...opts });

async function refusal(s: Scenario, opts: Partial<PlanOptions> = {}): Promise<ShipverError> {
  try {
    await plan(s, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ShipverError);
    return e as ShipverError;
  }
  throw new Error('expected a refusal');
}

const next = async (s: Scenario, opts: Partial<PlanOptions> = {}) => (await plan(s, opts)).plan.next;

describe('planRelease: guards', () => {
  it('refuses a detached HEAD, naming a release branch to switch to', async () => {
    const e = await refusal({ branch: null, commits: ['feat: a'] });
    expect(e.code).toBe('E_DETACHED_HEAD');
    expect(e.hint).toContain('git switch main');
  });

  it('refuses a branch that does not release, listing those that do', async () => {
    const e = await refusal({ branch: 'feature/x', commits: ['feat: a'], written: { branches: { prerelease: { beta: 'beta' } } } });
    expect(e.code).toBe('E_BRANCH');
    expect(e.hint).toContain('main, master, *.x (patches), beta (beta prereleases)');
  });

  it('refuses uncommitted changes, listing the files', async () => {
    const e = await refusal({ commits: ['feat: a'], state: { changes: ['M index.js', 'M a.js'] } });
    expect(e.code).toBe('E_DIRTY');
    expect(e.message).toContain('(2 files)');
    expect(e.details).toEqual(['  M index.js', '  M a.js']);
  });

  it('refuses when the fetch failed, with what git said', async () => {
    const e = await refusal({ commits: ['feat: a'], state: { fetch: { done: false, error: 'could not resolve host' } } });
    expect(e.code).toBe('E_FETCH_FAILED');
    expect(e.message).toContain('(could not resolve host)');
  });

  it('refuses a branch behind its upstream, and one diverged from it', async () => {
    expect((await refusal({ commits: ['feat: a'], state: { aheadBehind: { ahead: 0, behind: 2 } } })).code).toBe('E_BEHIND');
    const e = await refusal({ commits: ['feat: a'], state: { aheadBehind: { ahead: 1, behind: 1 } } });
    expect(e.code).toBe('E_DIVERGED');
    expect(e.message).toContain('(1 local, 1 remote commit)');
  });

  it('reports every broken rule at once', async () => {
    const e = await refusal({ branch: null, commits: ['feat: a'], state: { changes: ['M x'] } });
    expect(e.code).toBe('E_GUARDS');
    expect(e.details.filter((d) => d.startsWith('- '))).toEqual([expect.stringContaining('[E_DETACHED_HEAD]'), expect.stringContaining('[E_DIRTY]')]);
  });

  it('warns without an upstream, without a fetch, and in a dry run; the context warnings follow', async () => {
    const noUp = await plan({ commits: ['feat: a'], warnings: ['from the context'], state: { upstream: null, fetch: { done: false, error: null }, aheadBehind: null } });
    expect(noUp.warnings).toEqual(['branch main has no upstream: the check that it is not behind the remote was skipped', 'from the context']);
    const noFetch = await plan({ commits: ['feat: a'], state: { fetch: { done: false, error: null } } });
    expect(noFetch.warnings).toEqual(['--no-fetch: compared with origin/main as last fetched, which may be out of date']);
    const dry = await plan({ commits: ['feat: a'], state: { fetch: { done: false, error: null } } }, { dryRun: true });
    expect(dry.warnings[0]).toMatch(/^dry run, no fetch/);
  });

  it('refuses --push without an upstream', async () => {
    const e = await refusal({ commits: ['feat: a'], state: { upstream: null, aheadBehind: null } }, { push: true });
    expect(e.code).toBe('E_NO_UPSTREAM');
    expect(e.hint).toContain('git push -u origin main');
  });
});

describe('planRelease: the tag must be free', () => {
  it('refuses a tag that exists here', async () => {
    expect((await refusal({ commits: ['feat: a'], localTags: ['v1.0.0', 'v1.1.0'] })).code).toBe('E_TAG_EXISTS');
  });

  it('refuses when the remote cannot be asked, or has the tag', async () => {
    expect((await refusal({ commits: ['feat: a'], remoteTags: 'unreachable' })).code).toBe('E_REMOTE_UNREACHABLE');
    const e = await refusal({ commits: ['feat: a'], remoteTags: ['v1.1.0'] });
    expect(e.code).toBe('E_TAG_EXISTS_REMOTE');
    expect(e.message).toBe('the remote moved: tag v1.1.0 already exists on origin');
  });

  it('does not ask the remote when it was not read (no fetch)', async () => {
    expect(await next({ commits: ['feat: a'], remoteTags: null })).toBe('1.1.0');
  });

  it('refuses a next version tagged on an unmerged branch, naming the versions still free', async () => {
    const e = await refusal({ commits: ['feat: a'], tagNames: ['v1.1.0'] });
    expect(e.code).toBe('E_TAG_EXISTS');
    expect(e.hint).toContain('shipver release major makes 2.0.0');
  });
});

describe('planRelease: the level', () => {
  it('feat → minor, fix → patch, perf → patch, a breaking change → major', async () => {
    expect(await next({ commits: ['feat: a', 'fix: b'] })).toBe('1.1.0');
    expect(await next({ commits: ['fix: b'] })).toBe('1.0.1');
    expect(await next({ commits: ['perf: c'] })).toBe('1.0.1');
    expect(await next({ commits: ['feat!: d', 'fix: e'] })).toBe('2.0.0');
  });

  it('before 1.0.0 a breaking change is minor (bump.breakingPreMajor: minor), or major when configured', async () => {
    expect(await next({ version: '0.3.1', commits: ['feat!: d'] })).toBe('0.4.0');
    expect(await next({ version: '0.3.1', commits: ['feat!: d'], written: { bump: { breakingPreMajor: 'major' } } })).toBe('1.0.0');
  });

  it('refuses when nothing is releasable; an explicit level still releases', async () => {
    const e = await refusal({ commits: ['chore: a', 'docs: b'] });
    expect(e.code).toBe('E_NOTHING_TO_RELEASE');
    expect(e.message).toContain('since v1.0.0');
    const r = await plan({ commits: ['chore: a'] }, { level: 'patch' });
    expect([r.plan.next, r.plan.step]).toEqual(['1.0.1', 'patch']);
  });

  it('an explicit level wins over the commits', async () => {
    expect(await next({ commits: ['fix: a'] }, { level: 'major' })).toBe('2.0.0');
    expect(await next({ commits: ['feat!: a'] }, { level: 'minor' })).toBe('1.1.0');
  });

  it('counts from the latest tag when the version files are behind it', async () => {
    const r = await plan({ version: '1.0.0', lastTag: 'v1.2.0', filesBehind: 'v1.2.0', commits: ['fix: a'] });
    expect(r.plan.current).toBe('1.2.0');
    expect(r.plan.next).toBe('1.2.1');
    expect(r.plan.filesBehind).toEqual({ files: '1.0.0', tag: 'v1.2.0' });
  });
});

describe('planRelease: prereleases', () => {
  it('--pre starts a prerelease of the next version, then counts it up', async () => {
    expect(await next({ commits: ['feat: a'] }, { pre: 'beta' })).toBe('1.1.0-beta.0');
    const r = await plan({ version: '1.1.0-beta.0', lastTag: 'v1.1.0-beta.0', lastStableTag: 'v1.0.0', commits: ['fix: b', 'feat: a'], newSinceLastTag: 1 }, { pre: 'beta' });
    expect([r.plan.next, r.plan.step]).toEqual(['1.1.0-beta.1', 'prerelease']);
  });

  it('moves to a later id, and refuses an earlier one', async () => {
    const s = { version: '1.1.0-beta.2', lastTag: 'v1.1.0-beta.2', lastStableTag: 'v1.0.0', commits: ['feat: a'], newSinceLastTag: 1 };
    expect(await next(s, { pre: 'rc' })).toBe('1.1.0-rc.0');
    expect((await refusal(s, { pre: 'alpha' })).code).toBe('E_PRERELEASE_ORDER');
  });

  it('refuses another prerelease with nothing new since the last tag', async () => {
    const e = await refusal({ version: '1.1.0-beta.0', lastTag: 'v1.1.0-beta.0', lastStableTag: 'v1.0.0', commits: ['feat: a'], newSinceLastTag: 0 }, { pre: 'beta' });
    expect(e.code).toBe('E_NOTHING_TO_RELEASE');
    expect(e.message).toBe('nothing new since v1.1.0-beta.0');
  });

  it('a prerelease becomes final: with the commits calling for its level, or with nothing to release', async () => {
    const beta = { version: '1.1.0-beta.1', lastTag: 'v1.1.0-beta.1', lastStableTag: 'v1.0.0' };
    const a = await plan({ ...beta, commits: ['feat: a'] });
    expect([a.plan.next, a.plan.step]).toEqual(['1.1.0', 'graduate']);
    const b = await plan({ ...beta, commits: [] });
    expect([b.plan.next, b.plan.step]).toEqual(['1.1.0', 'graduate']);
  });

  it('--level prerelease continues the current id, or starts beta', async () => {
    expect(await next({ version: '1.1.0-rc.0', lastTag: 'v1.1.0-rc.0', lastStableTag: 'v1.0.0', commits: ['fix: a'] }, { level: 'prerelease' })).toBe('1.1.0-rc.1');
    expect(await next({ commits: ['fix: a'] }, { level: 'prerelease' })).toBe('1.0.1-beta.0');
  });

  it('a prerelease branch releases its own id, and refuses another', async () => {
    const s = { branch: 'next', written: { branches: { prerelease: { next: 'rc' } } }, commits: ['feat: a'] };
    expect(await next(s)).toBe('1.1.0-rc.0');
    const e = await refusal(s, { pre: 'beta' });
    expect(e.code).toBe('E_BRANCH_PRERELEASE');
    expect(e.message).toBe('branch next releases "rc" prereleases, not "beta"');
  });

  it("a prerelease's notes list what is new since the last tag; a final release's everything since the last final one", async () => {
    const s = { version: '1.1.0-beta.0', lastTag: 'v1.1.0-beta.0', lastStableTag: 'v1.0.0', commits: ['fix: newer', 'feat: older'], sinceLastTag: ['fix: newer'], newSinceLastTag: 1 };
    const pre = await plan(s, { pre: 'beta' });
    expect(pre.plan.tag!.message).toContain('newer');
    expect(pre.plan.tag!.message).not.toContain('older');
    const final = await plan(s);
    expect(final.plan.next).toBe('1.1.0');
    expect(final.plan.tag!.message).toContain('older');
  });
});

describe('planRelease: maintenance branches', () => {
  const maint = { branch: '1.x', version: '1.4.0', lastTag: 'v1.4.0' };

  it('release patches of their line', async () => {
    expect(await next({ ...maint, commits: ['fix: a'] })).toBe('1.4.1');
    expect(await next({ ...maint, commits: ['chore: a'] }, { level: 'patch' })).toBe('1.4.1');
  });

  it('refuse what the commits call for above a patch, and an explicit minor or major', async () => {
    const e = await refusal({ ...maint, commits: ['feat: a'] });
    expect(e.code).toBe('E_BRANCH_MAINTENANCE');
    expect(e.message).toContain('these commits call for a minor release');
    expect((await refusal({ ...maint, commits: ['fix: a'] }, { level: 'major' })).message).toContain('not a major release');
  });

  it('refuse prereleases', async () => {
    expect((await refusal({ ...maint, commits: ['fix: a'] }, { pre: 'beta' })).message).toContain('not prereleases');
    expect((await refusal({ ...maint, commits: ['fix: a'] }, { level: 'prerelease' })).code).toBe('E_BRANCH_MAINTENANCE');
  });

  it('refuse a version outside their line', async () => {
    const e = await refusal({ branch: 'v1.4.x', version: '1.5.0', lastTag: 'v1.5.0', commits: ['fix: a'] });
    expect(e.message).toBe('maintenance branch v1.4.x releases 1.4.x versions, and the next version would be 1.5.1');
  });
});

describe('planRelease: the plan', () => {
  it('edits the version files and CHANGELOG.md, with the commit and tag messages; --push pushes to the upstream', async () => {
    const r = await plan({ commits: ['feat: a thing'], changelog: { text: '# Changelog\n\n## 1.0.0 (2025-01-01)\n\n* first\n' } }, { push: true });
    expect(r.plan.edits.map((e) => e.file)).toEqual(['package.json', 'CHANGELOG.md']);
    expect(r.plan.edits[0]!.after).toContain('"version":"1.1.0"');
    expect(r.plan.edits[1]!.after).toMatch(/## \[?1\.1\.0[\s\S]*a thing[\s\S]*## 1\.0\.0/);
    expect(r.plan.commitMessage).toBe('chore(release): 1.1.0');
    expect(r.plan.tag).toEqual({ name: 'v1.1.0', message: expect.stringMatching(/^v1\.1\.0\n\n[\s\S]*a thing/), sign: false });
    expect(r.plan.push).toEqual({ remote: UPSTREAM.remote, branch: 'main' });
    expect([r.plan.since, r.plan.lastTag, r.plan.project]).toEqual(['v1.0.0', 'v1.0.0', 'app']);
    expect(r.inference.level).toBe('minor');
  });

  it('bump makes no tag; a new CHANGELOG.md has no "before"', async () => {
    const r = await plan({ mode: 'bump', commits: ['fix: a'], changelog: { text: null } });
    expect(r.plan.tag).toBeNull();
    expect(r.plan.edits[1]).toMatchObject({ file: 'CHANGELOG.md', before: null });
  });

  it('a version with nothing to list gets no changelog section, unless changelog.emptySections', async () => {
    expect((await plan({ commits: ['chore: a'] }, { level: 'patch' })).plan.edits.map((e) => e.file)).toEqual(['package.json']);
    const r = await plan({ commits: ['chore: a'], written: { changelog: { emptySections: true } } }, { level: 'patch' });
    expect(r.plan.edits.map((e) => e.file)).toEqual(['package.json', 'CHANGELOG.md']);
  });

  it('refuses with no commits, in a dry run too (apply would refuse it)', async () => {
    const g = { ...(await gathered({ commits: [] })), head: null };
    await expect(planRelease(g, { ...OPTS, level: 'patch', dryRun: true })).rejects.toMatchObject({ code: 'E_NO_COMMITS' });
  });

  it('refuses an unreadable CHANGELOG.md', async () => {
    const e = await refusal({ commits: ['fix: a'], changelog: { text: null, error: 'EACCES' } });
    expect(e.code).toBe('E_CHANGELOG_UNREADABLE');
    expect(e.message).toBe('CHANGELOG.md cannot be read (EACCES)');
  });

  it('names the tag and the commit by the templates, computing the tag once', async () => {
    const r = await plan({ commits: ['fix: a'], written: { tag: { format: 'release-{version}', sign: true }, commit: { message: 'release {tag} ({version})' } }, lastTag: null, lastStableTag: null, localTags: [] });
    expect(r.plan.tag).toMatchObject({ name: 'release-1.0.1', sign: true });
    expect(r.plan.commitMessage).toBe('release release-1.0.1 (1.0.1)');
  });
});

describe('planTag', () => {
  const tagPlan = async (s: Scenario) => planTag(await gathered({ mode: 'tag', ...s }), { date: '2026-01-02' });

  it('tags the version HEAD holds, with the notes since the last stable tag', async () => {
    const p = await tagPlan({ version: '1.1.0', headVersion: '1.1.0', lastTag: 'v1.0.0', commits: ['feat: a'] });
    expect(p).toMatchObject({ kind: 'tag', version: '1.1.0', commit: 'h'.repeat(40), tag: { name: 'v1.1.0', sign: false } });
    expect(p.tag.message).toMatch(/^v1\.1\.0\n\n[\s\S]*a/);
  });

  it('refuses with no commits, an existing tag, the tag on the remote', async () => {
    await expect(tagPlan({ headVersion: null })).rejects.toMatchObject({ code: 'E_NO_COMMITS' });
    await expect(tagPlan({ version: '1.0.0' })).rejects.toMatchObject({ code: 'E_TAG_EXISTS' });
    await expect(tagPlan({ version: '1.1.0', lastTag: 'v1.0.0', remoteTags: ['v1.1.0'] })).rejects.toMatchObject({ code: 'E_TAG_EXISTS_REMOTE' });
  });

  it("a prerelease's notes start at the last tag of any kind", async () => {
    const p = await tagPlan({ version: '1.1.0-beta.1', lastTag: 'v1.1.0-beta.0', lastStableTag: 'v1.0.0', commits: ['fix: newer', 'feat: older'], sinceLastTag: ['fix: newer'] });
    expect(p.tag.message).toContain('newer');
    expect(p.tag.message).not.toContain('older');
  });
});

describe('planNext', () => {
  it('gives the next version, or the refusal as data', async () => {
    const ok = planNext(await gathered({ mode: 'next', commits: ['feat: a'] }), { level: null, pre: null });
    expect([ok.next?.version, ok.blocked, ok.inference.level]).toEqual(['1.1.0', null, 'minor']);
    const none = planNext(await gathered({ mode: 'next', commits: ['chore: a'] }), { level: null, pre: null });
    expect([none.next, none.blocked?.code]).toEqual([null, 'E_NOTHING_TO_RELEASE']);
  });

  it('skips the guards: a detached HEAD still has a next version', async () => {
    const r = planNext(await gathered({ mode: 'next', branch: null, commits: ['fix: a'] }), { level: null, pre: null });
    expect(r.next?.version).toBe('1.0.1');
  });
});
