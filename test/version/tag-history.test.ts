// The tag format init reads off a history, and the glob patterns of configurations and
// workspaces. Pure functions: names in, answers out.
import { describe, expect, it } from 'vitest';
import { inferTagFormat, splitTag, type TagInfo } from '../../src/config/tag-history.js';
import { globFilter, globRegExp } from '../../src/config/glob.js';

const tags = (...names: string[]): TagInfo[] => names.map((name, i) => ({ name, merged: true, date: i }));

describe('inferTagFormat', () => {
  it('v{version} from make-tag style tags; tags with no semver version are set aside', () => {
    const r = inferTagFormat(tags('v1.3.0', 'v1.4.0', 'build-42', 'v1.4', 'v1.4.1'), [{ dir: '.', names: ['hub'] }])!;
    expect(r).toMatchObject({ format: 'v{version}', perProject: false, count: 3, example: 'v1.4.1', unversioned: ['build-42', 'v1.4'] });
    expect(r.latest.get('')).toEqual({ tag: 'v1.4.1', version: '1.4.1' });
  });

  it('per-project tags name the projects: {project}@{version}, {project}-v{version}, @scope/{project}@{version}', () => {
    const projects = [
      { dir: 'packages/core', names: ['core', 'packages-core'] },
      { dir: 'packages/cli', names: ['cli', 'packages-cli'] },
    ];
    expect(inferTagFormat(tags('core@1.0.0', 'cli@0.1.0', 'core@1.1.0'), projects)).toMatchObject({ format: '{project}@{version}', perProject: true, count: 3 });
    expect(inferTagFormat(tags('core-v1.0.0', 'cli-v0.1.0'), projects)!.names).toEqual(new Map([['packages/core', 'core'], ['packages/cli', 'cli']]));
    expect(inferTagFormat(tags('@acme/core@1.0.0', '@acme/cli@0.1.0'), projects)!.format).toBe('@acme/{project}@{version}');
  });

  it('the format most tags use wins; the others are listed; a tie goes to the newest', () => {
    const r = inferTagFormat(tags('release-1.0.0', 'release-1.1.0', 'v2.0.0'), [])!;
    expect(r.format).toBe('release-{version}');
    expect(r.others).toEqual([{ format: 'v{version}', count: 1, example: 'v2.0.0' }]);
    expect(inferTagFormat(tags('1.0.0', 'v2.0.0'), [])!.format).toBe('v{version}');
  });

  it('only reachable tags give the latest version; no version tag at all gives null', () => {
    const r = inferTagFormat([{ name: 'v1.0.0', merged: true, date: 1 }, { name: 'v9.0.0', merged: false, date: 2 }], [])!;
    expect(r.latest.get('')).toEqual({ tag: 'v1.0.0', version: '1.0.0' });
    expect(inferTagFormat(tags('nightly', 'stable'), [])).toBeNull();
  });

  it('splitTag does not cut a version out of a longer number', () => {
    expect(splitTag('v1.2.3')).toEqual({ prefix: 'v', version: '1.2.3' });
    expect(splitTag('app-2.0.0-rc.1')).toEqual({ prefix: 'app-', version: '2.0.0-rc.1' });
    expect(splitTag('v1.0.0.1')).toBeNull();
  });
});

describe('globs (Python glob with **, npm workspace patterns)', () => {
  const paths = ['docs/a.md', 'docs/b.rst', 'docs/x/c.md', 'docs/.hidden.md', 'README.md', 'packages/a', 'packages/b/c'];
  it('* stays in one segment, ** crosses directories, hidden names need a leading dot', () => {
    expect(globFilter('docs/*.md', paths)).toEqual(['docs/a.md']);
    expect(globFilter('docs/**/*.md', paths)).toEqual(['docs/a.md', 'docs/x/c.md']);
    expect(globFilter('docs/.*.md', paths)).toEqual(['docs/.hidden.md']);
    expect(globFilter('packages/*', paths)).toEqual(['packages/a']);
    expect(globFilter('docs/[ab].*', paths, ['docs/*.rst'])).toEqual(['docs/a.md']);
    expect(globRegExp('docs/[!a].md').test('docs/b.md')).toBe(true);
    expect(globRegExp('docs/[!a].md').test('docs/a.md')).toBe(false);
  });
});
