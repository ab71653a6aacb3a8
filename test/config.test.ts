// shipver.yaml validation: every problem names the file, the line and the key.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse.js';
import { ShipverError } from '../src/errors.js';

function problems(text: string): ShipverError {
  try {
    parseConfig(text, { file: '/r/shipver.yaml', root: '/r' });
  } catch (e) {
    if (e instanceof ShipverError) return e;
    throw e;
  }
  throw new Error('expected a config error');
}

describe('shipver.yaml', () => {
  it('defaults when empty', () => {
    const c = parseConfig('', { file: null, root: '/r' });
    expect(c.branches.release).toEqual(['main', 'master']);
    expect(c.tag).toEqual({ format: 'v{version}', sign: false });
    expect(c.commit.message).toBe('chore(release): {version}');
    expect(c.changelog.file).toBe('CHANGELOG.md');
    expect(c.bump.types.feat).toBe('minor');
    expect(c.bump.breakingPreMajor).toBe('minor');
    expect(c.environments).toEqual([]);
  });

  it('reads the design example', () => {
    const c = parseConfig(
      [
        'branches: { release: [main, master], maintenance: ["*.x"], prerelease: { beta: beta } }',
        'tag: { format: "v{version}", sign: false }',
        'commit: { message: "chore(release): {version}" }',
        'changelog: { file: CHANGELOG.md }',
        'projects:',
        '  - name: hub',
        '    versionFiles:',
        '      - hub/version.py            # __version__',
        '      - setup.cfg',
        '  - name: cloud',
        '    versionFiles: [cloud/package.json]',
        'environments:',
        '  staging: { deploy: { command: [make, "version={version}", "deploy-{project}-to-staging"], cwd: ../ops, on: prerelease }, status: "https://staging.example.org/api/status" }',
        '  prod:    { deploy: { command: [make, "version={version}", "deploy-{project}-to-prod"], cwd: ../ops } }',
      ].join('\n'),
      { file: '/r/shipver.yaml', root: '/r' },
    );
    expect(c.branches.prerelease).toEqual({ beta: 'beta' });
    expect(c.projects.map((p) => [p.name, p.paths])).toEqual([['hub', ['hub']], ['cloud', ['cloud']]]);
    expect(c.environments[0]).toMatchObject({ name: 'staging', deploy: { on: ['prerelease'], cwd: '../ops' }, status: [{ url: 'https://staging.example.org/api/status', field: 'version' }] });
    expect(c.environments[1]!.deploy!.on).toEqual([]);
  });

  it('names the line and suggests the key for a typo', () => {
    const e = problems('tag:\n  format: "v{version}"\nbranchs:\n  release: [main]\n');
    expect(e.message).toBe('unknown key "branchs" at shipver.yaml:3 — did you mean "branches"?');
    expect(e.exitCode).toBe(2);
  });

  it('reports wrong types and enum values with their lines, all at once', () => {
    const e = problems('tag:\n  sign: "yes"\nenvironments:\n  prod:\n    deploy:\n      command: "make deploy"\n      on: relase\n');
    expect(e.message).toBe('shipver.yaml has 3 problems');
    expect(e.details.join('\n')).toContain('"environments.prod.deploy.on" must be one of "release", "prerelease", found "relase" at shipver.yaml:7 — did you mean "release"?');
    expect(e.details.join('\n')).toContain('"tag.sign" must be true or false, found the string "yes" at shipver.yaml:2');
    expect(e.details.join('\n')).toContain('"environments.prod.deploy.command" must be a list of strings, found the string "make deploy" at shipver.yaml:6');
    // the oneOf picks the string option and then reports the enum with a suggestion
    const e2 = problems('environments:\n  prod:\n    deploy:\n      command: [make]\n      on: relase\n');
    expect(e2.message).toContain('"environments.prod.deploy.on" must be one of "release", "prerelease", found "relase" at shipver.yaml:5 — did you mean "release"?');
  });

  it('refuses a tag format without exactly one {version}, and unknown placeholders', () => {
    expect(problems('tag: { format: "release" }').message).toContain('exactly once');
    expect(problems('tag: { format: "v{version}-{version}" }').message).toContain('found 2');
    expect(problems('tag: { format: "v {version}" }').message).toContain('valid git tag name');
    expect(problems('commit: { message: "release {verison}" }').message).toContain('unknown placeholder {verison}');
  });

  it('refuses version files outside the repository', () => {
    expect(problems('projects:\n  - name: a\n    versionFiles: [../other/package.json]\n').message).toContain('outside the repository');
    expect(problems('projects:\n  - name: a\n    versionFiles: [/etc/passwd]\n').message).toContain('outside the repository');
  });

  it('refuses a deploy cwd that leaves the repository (a sibling checkout is fine)', () => {
    const env = (cwd: string) => `environments:\n  prod:\n    deploy: { command: [make], cwd: "${cwd}" }\n`;
    for (const bad of ['/etc', '../..', '../../ops', 'ops/../../../x', '..']) expect(problems(env(bad)).message).toContain('leaves the repository');
    for (const ok of ['../ops', 'deploy', './ops']) expect(parseConfig(env(ok), { file: null, root: '/r' }).environments[0]!.deploy!.cwd).toBe(ok);
  });

  it('reports YAML syntax errors with the line', () => {
    const e = problems('tag:\n  format: "v{version}\nbranches: [\n');
    expect(e.code).toBe('E_CONFIG_SYNTAX');
    expect(e.message).toMatch(/shipver\.yaml is not valid YAML: .* at shipver\.yaml:\d+:\d+/);
  });

  it('refuses a document that is not a mapping, and duplicate keys', () => {
    expect(problems('- a\n- b\n').message).toContain('must be a mapping');
    expect(problems('tag: {}\ntag: {}\n').code).toBe('E_CONFIG_SYNTAX');
  });
});

describe('tag.format', () => {
  it('refuses a format whose tags would hold shell characters, as every ref shipver hands to git', () => {
    for (const format of ["v{version}'", 'v{version}$(id)', 'rel;{version}', 'v{version}|x']) {
      const e = problems(`tag: { format: "${format}" }\n`);
      expect(e.code).toBe('E_CONFIG_INVALID');
      expect(e.message).toContain(`tag.format "${format}" does not give a valid git tag name`);
    }
    expect(parseConfig('tag: { format: "release-{version}" }\n', { file: '/r/shipver.yaml', root: '/r' }).tag.format).toBe('release-{version}');
  });
});
