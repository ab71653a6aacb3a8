import { describe, expect, it } from 'vitest';
import { parseRemoteUrl, urlFormats } from '../../src/changelog/remote.js';

describe('parseRemoteUrl', () => {
  it.each([
    ['https://github.com/o/r', 'o', 'r'],
    ['https://github.com/o/r.git', 'o', 'r'],
    ['https://github.com/o/r/', 'o', 'r'],
    ['https://token:x-oauth@github.com/acme/web-app.git', 'acme', 'web-app'],
    ['git@github.com:o/r.git', 'o', 'r'],
    ['git@github.com:o/r', 'o', 'r'],
    ['ssh://git@github.com/o/r.git', 'o', 'r'],
    ['ssh://git@ssh.github.com:443/o/r.git', 'o', 'r'],
    ['git+ssh://git@github.com/o/r.git', 'o', 'r'],
    ['git://github.com/o/r.git', 'o', 'r'],
  ])('GitHub: %s', (url, owner, repository) => {
    expect(parseRemoteUrl(url)).toEqual({ kind: 'github', host: 'https://github.com', owner, repository });
  });

  it.each([
    ['https://gitlab.com/group/repo.git', 'group', 'repo'],
    ['https://gitlab.com/group/sub/repo', 'group/sub', 'repo'],
    ['git@gitlab.com:group/sub/deeper/repo.git', 'group/sub/deeper', 'repo'],
    ['ssh://git@gitlab.com/group/sub/repo.git', 'group/sub', 'repo'],
    ['ssh://git@gitlab.com:2222/group/repo.git', 'group', 'repo'],
  ])('GitLab: %s', (url, owner, repository) => {
    expect(parseRemoteUrl(url)).toEqual({ kind: 'gitlab', host: 'https://gitlab.com', owner, repository });
  });

  it('self-hosted GitLab and GitHub Enterprise by host name; an https port is kept, an ssh port is not', () => {
    expect(parseRemoteUrl('git@gitlab.example.org:team/app.git')).toEqual({ kind: 'gitlab', host: 'https://gitlab.example.org', owner: 'team', repository: 'app' });
    expect(parseRemoteUrl('https://gitlab.example.org:8443/team/app.git')).toEqual({ kind: 'gitlab', host: 'https://gitlab.example.org:8443', owner: 'team', repository: 'app' });
    expect(parseRemoteUrl('ssh://git@github.example.com:7999/o/r.git')).toEqual({ kind: 'github', host: 'https://github.example.com', owner: 'o', repository: 'r' });
  });

  it.each([
    '',
    '/srv/git/app.git',
    '../app.git',
    './app',
    'file:///srv/git/app.git',
    'C:\\repos\\app',
    'origin',
    'https://bitbucket.org/o/r.git',
    'git@example.com:o/r.git',
    'https://github.com/o',
    'https://github.com/o/r/tree/main',
    'https://github.com/o/r)x](y',
    'https://github.com/o/ r',
    'ftp://github.com/o/r',
    'https://gitlab.com/repo-only',
  ])('not a GitHub/GitLab repository → null: %j', (url) => {
    expect(parseRemoteUrl(url)).toBeNull();
  });

  it('GitLab paths carry /-/', () => {
    expect(urlFormats('gitlab')).toEqual({
      commitUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/commit/{{hash}}',
      compareUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/compare/{{previousTag}}...{{currentTag}}',
      issueUrlFormat: '{{host}}/{{owner}}/{{repository}}/-/issues/{{id}}',
      userUrlFormat: '{{host}}/{{user}}',
    });
    expect(urlFormats('github').compareUrlFormat).toBe('{{host}}/{{owner}}/{{repository}}/compare/{{previousTag}}...{{currentTag}}');
  });
});
