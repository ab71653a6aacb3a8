// Fuzz: remote URLs, CHANGELOG.md insertion, release notes on random commits, and the
// image tag edit in Kubernetes YAML.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { fuzzSuite, assertAllowed, fuzzParams, okValue } from './harness.js';
import { knownBugFor } from './known-bugs.js';
import { anyText, message, trickyLine, trickyText } from './gen.js';
import type { RemoteInfo } from '../../src/changelog/remote.js';
import type { Notes } from '../../src/changelog/notes.js';
import type { SetImageTagResult } from '../../src/ops/manifest.js';
import { DEFAULT_CHANGELOG_TYPES } from '../../src/config/defaults.js';

const { iso, tally } = fuzzSuite('changelog-deploy');

// ---------------------------------------------------------------------------------------
// remote URLs

const segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), fc.constantFrom('.', '..', '', 'a b', 'x)', '[y]', 'é', 'a%20b', 'o#1', 'r?x'), trickyText(6));
const host = fc.oneof(
  fc.constantFrom('github.com', 'GitHub.com', 'www.github.com', 'ssh.github.com', 'gitlab.com', 'altssh.gitlab.com', 'github.example.com', 'gitlab.example.org', 'github.com.evil.org', 'evil.org', 'notgithub.com', 'github', 'gitlab.', 'githubXcom', '[::1]', 'localhost', 'git.example.org', 'gitlab.exa_mple.org', 'github.com:22'),
  fc.stringMatching(/^[a-z0-9.-]{1,15}$/),
);
const remoteUrl = fc.oneof(
  fc
    .tuple(fc.constantFrom('https://', 'http://', 'ssh://', 'git+ssh://', 'ssh+git://', 'git://', 'file://', 'ftp://', 'HTTPS://', ''), fc.constantFrom('', 'git@', 'user:secret-token@', 'a@b@', '@', ':@'), host, fc.constantFrom('', ':443', ':22', ':', ':99999', ':x'), fc.array(segment, { maxLength: 4 }), fc.constantFrom('', '.git', '/', '.git/', '//', '.GIT'), fc.constantFrom('', '?x=1', '#frag', '?a#b'))
    .map(([scheme, user, h, port, segs, suffix, q]) => `${scheme}${user}${h}${port}${scheme ? '/' : ':'}${segs.join('/')}${suffix}${q}`),
  fc.tuple(fc.constantFrom('git@', '', 'u@'), host, fc.constantFrom(':', ':/', '://', '::'), fc.array(segment, { maxLength: 4 })).map(([u, h, sep, segs]) => `${u}${h}${sep}${segs.join('/')}`),
  fc.constantFrom('C:\\repo', '/srv/git/repo.git', '../repo', 'file:///srv/repo.git', '   ', '', 'https://github.com/o/r x', `https://${'a'.repeat(5000)}`, `https://github.com/${'a/'.repeat(2000)}r`, `${'@'.repeat(5000)}github.com:o/r`),
  anyText(60),
);
const SAFE = /^[A-Za-z0-9_.-]+$/;

describe('remote URLs: parseRemoteUrl', () => {
  it('null, or a GitHub/GitLab host with owner and repository safe to put in a Markdown link (no credentials)', async () => {
    await fc.assert(
      fc.asyncProperty(remoteUrl, async (url) => {
        tally.add('parseRemoteUrl');
        const r = okValue<RemoteInfo | null>(await iso.run('remote', url), url);
        if (r === null) return;
        expect(['github', 'gitlab']).toContain(r.kind);
        expect(r.host).toMatch(/^https:\/\/[a-z0-9.-]+(:\d+)?$/);
        expect(r.host).toContain(r.kind === 'github' ? 'github' : 'gitlab');
        expect(r.repository).toMatch(SAFE);
        for (const s of r.owner.split('/')) {
          expect(s).toMatch(SAFE);
          expect(['.', '..']).not.toContain(s);
        }
        if (r.kind === 'github') expect(r.owner).not.toContain('/');
        expect(`${r.host}/${r.owner}/${r.repository}`).not.toContain('secret-token');
      }),
      fuzzParams(500, 3000),
    );
  });

  it('every spelling of one GitHub repository gives the same owner and repository', async () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,10}$/).filter((s) => s !== '.' && s !== '..' && !s.endsWith('.git') && !s.endsWith('.'));
    await fc.assert(
      fc.asyncProperty(name, name, fc.constantFrom('https://github.com/%o/%r', 'https://github.com/%o/%r.git', 'https://tok@github.com/%o/%r.git/', 'git@github.com:%o/%r.git', 'ssh://git@ssh.github.com:443/%o/%r.git', 'git+ssh://git@github.com/%o/%r', 'git://github.com/%o/%r.git', ' https://github.com/%o/%r \n'), async (owner, repo, form) => {
        const url = form.replace('%o', owner).replace('%r', repo);
        tally.add('parseRemoteUrl: spellings');
        expect(okValue<RemoteInfo>(await iso.run('remote', url), url)).toEqual({ kind: 'github', host: 'https://github.com', owner, repository: repo });
      }),
      fuzzParams(300, 3000),
    );
  });
});

// ---------------------------------------------------------------------------------------
// CHANGELOG.md

const mdLine = fc.oneof(
  fc.constantFrom('# Changelog', '# Changelog\t', 'Changelog', '=========', '---', '## 1.0.0', '## [1.0.0](https://x/compare/a...b) (2024-01-01)', '### Bug Fixes', '* item', '', '   ', '```', '~~~~', '    # indented code', '#nospace', '####### seven', '<!-- comment -->', '## Unreleased (2024-02-01)', '## [Unreleased](https://x/compare/v1...HEAD) (2024-02-01)', '## [Unreleased]', '\t# tab heading'),
  trickyLine(30),
);
const existingChangelog = fc.oneof(
  fc.tuple(fc.array(mdLine, { maxLength: 16 }), fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 2 }), fc.boolean(), fc.constantFrom('', '\ufeff')).map(([ls, ends, trailing, bom]) => {
    const eolAt = (i: number) => ends[i % ends.length]!;
    return bom + ls.map((l, i) => l + (i < ls.length - 1 || trailing ? eolAt(i) : '')).join('');
  }),
  anyText(200),
  fc.constant(null),
  fc.constantFrom('', '\ufeff', '\n\n', '\r\n'),
);
const sectionArb = fc
  .tuple(fc.nat(999), fc.array(fc.oneof(trickyLine(30), fc.constantFrom('### Features', '* **api:** x', '', '```', '# not a title')), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.constantFrom('', '\n', '\n\n\n', '\r\n'))
  .map(([n, body, eol, lead]) => ({ marker: `## 9.9.${n}-fuzz (2030-01-01)`, text: lead + [`## 9.9.${n}-fuzz (2030-01-01)`, '', ...body].join(eol) + eol }));

describe('CHANGELOG.md: insertSection', () => {
  it('the section goes in once; the old text from the insertion point on is kept byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(existingChangelog, sectionArb, fc.boolean(), async (existing, section, replaceUnreleased) => {
        tally.add('insertSection');
        const out = okValue<string>(await iso.run('insertSection', existing, section.text, { replaceUnreleased }), { existing, section });
        const at = out.indexOf(section.marker);
        expect(at).toBeGreaterThanOrEqual(0);
        const old = existing ?? '';
        if (old.replace(/^\ufeff/, '').trim() === '') {
          expect(out.startsWith(old.startsWith('\ufeff') ? '\ufeff# Changelog' : '# Changelog')).toBe(true);
          return;
        }
        // the part before the section is a prefix of the old text plus added line ends
        const before = out.slice(0, at);
        const prefix = before.replace(/(\r?\n)+$/, '');
        expect(old.startsWith(prefix)).toBe(true);
        // the section, normalised to the file's line ends (those of its first line)
        const nl = old.indexOf('\n');
        const eol = nl > 0 && old[nl - 1] === '\r' ? '\r\n' : '\n';
        const sec = section.text.replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\n*$/, '\n').replace(/\n/g, eol);
        expect(out.slice(at, at + sec.length)).toBe(sec);
        expect(out.indexOf(section.marker, at + 1)).toBe(-1);
        // after it: one line end, then the old text's rest, unchanged (a replaced generated Unreleased section aside)
        const after = out.slice(at + sec.length);
        if (after !== '') expect(after.startsWith(eol)).toBe(true);
        const rest = after.slice(eol.length);
        expect(old.endsWith(rest)).toBe(true);
        // old = prefix + line ends + rest: nothing was dropped (unless a generated Unreleased section was replaced)
        if (!replaceUnreleased) expect(old.slice(prefix.length, old.length - rest.length)).toMatch(/^(\r?\n)*$/);
      }),
      fuzzParams(500, 4000),
    );
  });
});

// ---------------------------------------------------------------------------------------
// release notes

const remoteInfo = fc.option(
  fc.record({ kind: fc.constantFrom<'github' | 'gitlab'>('github', 'gitlab'), host: fc.constantFrom('https://github.com', 'https://gitlab.example.org:8443'), owner: fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/), repository: fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/) }),
  { nil: null },
);
const notesCommit = fc.record({ sha: fc.stringMatching(/^[0-9a-f]{40}$/), message: fc.oneof({ weight: 6, arbitrary: message }, { weight: 1, arbitrary: anyText(100) }) });

describe('release notes: renderNotes', () => {
  it('any commits render: a "## " section, counts that add up, a plain-text heading', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(notesCommit, { maxLength: 25 }), remoteInfo, fc.option(fc.constantFrom('v0.9.0', 'v1.0.0-rc.1'), { nil: null }), fc.boolean(), async (commits, remote, previousTag, defaultTypes) => {
        if (knownBugFor('renderNotes', commits)) return;
        tally.add('renderNotes (≤25 commits)');
        const types = defaultTypes ? DEFAULT_CHANGELOG_TYPES : [{ type: 'feat', section: 'Neu ✨', hidden: false }, { type: 'fix', section: '[Fixes](x)', hidden: false }, { type: 'constructor', section: 'Proto', hidden: false }];
        const ctx = { version: '1.0.0', tag: 'v1.0.0', previousTag, date: '2030-01-01', remote, types };
        const n = okValue<Notes>(await iso.run('renderNotes', commits, ctx), { commits, ctx });
        expect(n.markdown.startsWith('## ')).toBe(true);
        expect(n.markdown.endsWith('\n')).toBe(true);
        expect(n.counts.commits).toBe(commits.length);
        expect(n.counts.included + n.counts.notConventional + n.counts.hidden).toBe(commits.length);
        if (!remote) expect(n.markdown).not.toContain('](http');
        expect(n.plain.split('\n')[0]).toBe(n.markdown.split('\n')[0]!.replace(/^## /, '').replace(/\[([^\]]*)\]\([^)]*\)/, '$1'));
      }),
      fuzzParams(150, 6000),
    );
  }, 30_000);
});

// ---------------------------------------------------------------------------------------
// image tags in Kubernetes YAML

const IMAGE = 'registry.example.org:5000/team/app';
const imageRef = fc.oneof(
  fc.constantFrom(IMAGE, `${IMAGE}:1.0.0`, `${IMAGE}:latest`, `${IMAGE}@sha256:${'a'.repeat(64)}`, `${IMAGE}:1.0.0@sha256:${'b'.repeat(64)}`, 'nginx', 'nginx:1.25', 'docker.io/library/nginx:1', 'REGISTRY.example.org:5000/team/app:2', 'registry.example.org:5000/team/app-other:1'),
  trickyText(20),
);
const container = fc.record(
  {
    name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), trickyText(6)),
    image: imageRef,
    env: fc.option(fc.array(fc.record({ name: fc.constantFrom('VERSION', 'OTHER', 'X'), value: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)) }, { requiredKeys: ['name'] }), { maxLength: 3 }), { nil: undefined }),
    args: fc.option(fc.array(trickyText(8), { maxLength: 2 }), { nil: undefined }),
  },
  { requiredKeys: ['image'] },
);
const podSpec = fc.record({ initContainers: fc.option(fc.array(container, { maxLength: 2 }), { nil: undefined }), containers: fc.array(container, { maxLength: 3 }) }, { requiredKeys: ['containers'] });
const resource = fc.oneof(
  fc.tuple(fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'), podSpec, fc.stringMatching(/^[a-z]{1,8}$/)).map(([kind, spec, name]) => ({ apiVersion: 'apps/v1', kind, metadata: { name, labels: { app: name } }, spec: { replicas: 1, template: { spec } } })),
  podSpec.map((spec) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } } })),
  podSpec.map((spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec })),
  fc.array(fc.record({ name: fc.constantFrom(IMAGE, 'nginx', 'other'), newTag: fc.option(fc.oneof(fc.constantFrom('1.0.0', 'old'), fc.integer()), { nil: undefined }), newName: fc.option(fc.constant('x'), { nil: undefined }) }, { requiredKeys: ['name'] }), { maxLength: 3 }).map((images) => ({ kind: 'Kustomization', images })),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);
const manifestYaml = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: resource }, { weight: 1, arbitrary: fc.array(resource, { maxLength: 2 }).map((items) => ({ apiVersion: 'v1', kind: 'List', items })) }), { minLength: 1, maxLength: 3 }),
    fc.constantFrom<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
    fc.constantFrom<'any' | 'block' | 'flow'>('any', 'block', 'block', 'flow'),
    fc.constantFrom(0, 2, 4),
    fc.constantFrom('\n', '\r\n'),
    fc.array(trickyLine(20).map((l) => `# ${l}`), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([docs, defaultStringType, collectionStyle, seqIndent, eol, comments, explicitEnd]) => {
    const text = docs.map((d) => yamlStringify(d, { defaultStringType, collectionStyle, indentSeq: seqIndent !== 0, lineWidth: 0 })).join(explicitEnd ? '...\n---\n' : '---\n');
    return (comments.length ? comments.join('\n') + '\n' : '') + text.replace(/\n/g, eol);
  });
const yamlNoise = fc.oneof(
  manifestYaml,
  fc.tuple(manifestYaml, fc.nat(), fc.oneof(trickyText(10), fc.constantFrom('&a ', '*a', '<<: *a\n', '!!str ', '|\n  x\n', '\t', '{', ']', '"', "'", '- ', ': ', '\n---\n', '%YAML 1.1\n'))).map(([y, at, noise]) => {
    const i = at % (y.length + 1);
    return y.slice(0, i) + noise + y.slice(i);
  }),
  anyText(150),
  fc.constantFrom('', '---', '---\n---\n', 'kind: Deployment', 'kind: List\nitems: [*x]'),
);
const imageTag = fc.oneof({ weight: 5, arbitrary: fc.constantFrom('1.2.0', '1.3.0-beta.1', 'v2', 'latest', '1.0.0') }, { weight: 1, arbitrary: fc.oneof(trickyText(10), fc.constantFrom('', '1.0.0+build', '-x', '.x', 'a'.repeat(129), '1.0;touch pwned', '$(id)', '1.0\n')) });

describe('image tags: setImageTag', () => {
  it('random manifests: a result or a ShipverError (exit 1/2); the result is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(yamlNoise, imageTag, fc.option(fc.constantFrom('VERSION', 'X_Y', 'bad name', '1A'), { nil: undefined }), async (yaml, tag, envVar) => {
        if (knownBugFor('setImageTag', yaml)) return;
        tally.add('setImageTag');
        const o = await iso.run('setImageTag', yaml, IMAGE, tag, { envVar, file: 'deploy.yaml' });
        assertAllowed(o, { yaml, tag, envVar });
        if (o.kind !== 'ok') return;
        const r = o.value as SetImageTagResult;
        expect(r.changed).toBeLessThanOrEqual(r.matches.length);
        for (const m of r.matches) expect(m.to.endsWith(`:${tag}`)).toBe(true);
        if (r.changed === 0 && r.envChanged === 0) expect(r.text).toBe(yaml);
        const again = okValue<SetImageTagResult>(await iso.run('setImageTag', r.text, IMAGE, tag, { envVar, file: 'deploy.yaml' }), { text: r.text, tag, envVar });
        expect(again.text).toBe(r.text);
        expect(again.changed).toBe(0);
        expect(again.envChanged).toBe(0);
      }),
      fuzzParams(300, 8000),
    );
  }, 30_000);

  it('alias-heavy manifests are handled in time (no expansion blow-up)', async () => {
    const bomb = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 2, max: 10 })).map(([levels, width]) => {
      let y = `a0: &a0 [${Array(width).fill('x').join(',')}]\n`;
      for (let i = 1; i < levels; i++) y += `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(',')}]\n`;
      return `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${IMAGE}:1.0.0\nmetadata:\n  labels:\n    ${y.trimEnd().replace(/\n/g, '\n    ')}\n`;
    });
    await fc.assert(
      fc.asyncProperty(bomb, async (yaml) => {
        if (knownBugFor('setImageTag', yaml)) return;
        tally.add('setImageTag: aliases');
        assertAllowed(await iso.run('setImageTag', yaml, IMAGE, '2.0.0', {}), yaml);
      }),
      fuzzParams(30, 4000),
    );
  }, 30_000);
});
