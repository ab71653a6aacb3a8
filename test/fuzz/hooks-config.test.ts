// Fuzz: the pre-push hook's stdin parser, tag classification, and shipver.yaml loading.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { fuzzSuite, assertAllowed, fuzzParams, okValue, shipverError } from './harness.js';
import { knownBugFor } from './known-bugs.js';
import { anyText, semverVersion, trickyLine, trickyText } from './gen.js';
import type { PushedRef } from '../../src/hooks/pre-push-input.js';
import type { Config } from '../../src/config/types.js';
import { isValidSemver } from '../../src/version/scheme.js';
import { tagName } from '../../src/release/tag-format.js';

const { iso, tally } = fuzzSuite('hooks-config');

// ---------------------------------------------------------------------------------------
// pre-push stdin: "<local ref> <local sha> <remote ref> <remote sha>" per line

const sha = fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom('0'.repeat(40), '0'.repeat(64)));
const refName = fc.oneof(
  fc.constantFrom('refs/heads/main', 'refs/tags/v1.0.0', '(delete)', 'HEAD', 'refs/tags/v1.0.0;touch pwned', 'refs/tags/$(id)', 'refs/tags/--upload-pack=x', 'refs/tags/é'),
  fc.stringMatching(/^refs\/(heads|tags)\/[A-Za-z0-9._\/-]{1,20}$/),
  trickyText(20).map((s) => s.replace(/[ \n]/g, '') || 'x'),
);
const pushed = fc.record({ localRef: refName, localSha: sha, remoteRef: refName, remoteSha: sha });
/** what git can actually send: ref names hold no whitespace or control characters */
const gitRef = refName.filter((r) => /^[^\s\x00-\x1f\x7f\u0085\u00a0\u2028\u2029\ufeff]+$/.test(r));
const gitPushed = fc.record({ localRef: gitRef, localSha: sha, remoteRef: gitRef, remoteSha: sha });

describe('pre-push stdin: parsePrePushInput', () => {
  it('well-formed input parses back to exactly the refs (LF or CRLF, blank lines ignored)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(gitPushed, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), async (refs, eol, blankLines, trailing) => {
        tally.add('parsePrePushInput: well-formed');
        const body = refs.map((r) => `${r.localRef} ${r.localSha} ${r.remoteRef} ${r.remoteSha}`);
        const text = (blankLines ? ['', ...body.flatMap((l) => [l, ''])] : body).join(eol) + (trailing ? eol : '');
        expect(okValue<PushedRef[]>(await iso.run('prePush', text), text)).toEqual(refs);
      }),
      fuzzParams(300, 3000),
    );
  });

  it('anything else: refs or E_PRE_PUSH_INPUT (exit 2), never an exception', async () => {
    const mutatedLine = fc
      .tuple(pushed, fc.constantFrom('tab', 'double-space', 'upper', 'short', 'long', 'three', 'five', 'lead', 'nul', 'none'))
      .map(([r, how]) => {
        const f = [r.localRef, r.localSha, r.remoteRef, r.remoteSha];
        switch (how) {
          case 'tab': return f.join('\t');
          case 'double-space': return f.join('  ');
          case 'upper': return [f[0], f[1]!.toUpperCase(), f[2], f[3]].join(' ');
          case 'short': return [f[0], f[1]!.slice(1), f[2], f[3]].join(' ');
          case 'long': return [f[0], `${f[1]}0`, f[2], f[3]].join(' ');
          case 'three': return f.slice(0, 3).join(' ');
          case 'five': return [...f, 'x'].join(' ');
          case 'lead': return ` ${f.join(' ')}`;
          case 'nul': return f.join(' ') + '\0';
          default: return f.join(' ');
        }
      });
    const input = fc.oneof(anyText(300), trickyText(300), fc.array(fc.oneof(mutatedLine, trickyLine(60), fc.constant('')), { maxLength: 6 }).map((ls) => ls.join('\n')));
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        tally.add('parsePrePushInput: arbitrary');
        const o = await iso.run('prePush', text);
        assertAllowed(o, text, { exitCodes: [2] });
        if (o.kind === 'error') {
          expect(o.error.code).toBe('E_PRE_PUSH_INPUT');
          return;
        }
        for (const r of okValue<PushedRef[]>(o, text)) {
          expect(r.localSha).toMatch(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
          expect(r.remoteSha).toMatch(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
          for (const ref of [r.localRef, r.remoteRef]) expect(ref).not.toMatch(/[ \n]/);
        }
      }),
      fuzzParams(400, 3000),
    );
  });

  it('a huge push (50,000 refs) parses in time', async () => {
    tally.add('parsePrePushInput: 50,000 refs');
    const line = `refs/tags/v1.0.0 ${'a'.repeat(40)} refs/tags/v1.0.0 ${'0'.repeat(40)}\n`;
    const o = await iso.run('prePush', line.repeat(50_000));
    expect(okValue<PushedRef[]>(o, 'huge')).toHaveLength(50_000);
  });
});

// ---------------------------------------------------------------------------------------
// classifyTag

const FORMATS = ['v{version}', '{version}', 'release/{version}', '{project}-v{version}', '{project}@{version}', 'v{version}-{project}', 'app-{version}.tag'];
const tagNames = (format: string) =>
  fc.oneof(
    semverVersion.map((v) => tagName(format, v, 'hub')),
    semverVersion.map((v) => tagName(format, v, 'cloud')),
    fc.tuple(fc.constantFrom('v', 'hub-v', 'cloud-v', 'release/', '', 'hub@', 'app-'), fc.oneof(semverVersion, trickyText(15), fc.constantFrom('1.0.0;touch pwned', '1.0', '1.0.0+build', '01.0.0', '1.0.0\n', '$(id)', '1.0.0 ', '-1.0.0', '1..0', '1.0.0-', 'latest'))).map(([p, v]) => p + v),
    anyText(30),
  );

describe('tag names: classifyTag', () => {
  it('a tag is not ours (null), or ours with a valid version that renders back to the name, or ours and refused (version null)', async () => {
    const arb = fc.constantFrom(...FORMATS).chain((format) => fc.tuple(fc.constant(format), fc.array(tagNames(format), { minLength: 1, maxLength: 10 })));
    await fc.assert(
      fc.asyncProperty(arb, async ([format, names]) => {
        tally.add('classifyTag (batches of ≤10 names)');
        const config = `tag: { format: "${format}" }\nprojects:\n  - name: hub\n    versionFiles: [hub/version.py]\n  - name: cloud\n    versionFiles: [cloud/package.json]\n`;
        const got = okValue<Array<{ version: string | null; projects: Array<{ name: string }> } | null>>(await iso.run('classifyTag', config, names), { format, names });
        got.forEach((c, i) => {
          const name = names[i]!;
          if (c === null) return;
          expect(c.projects.length).toBeGreaterThan(0);
          if (c.version === null) return;
          expect(isValidSemver(c.version)).toBe(true);
          expect(c.version).not.toContain('+');
          const project = format.includes('{project}') ? c.projects[0]!.name : '';
          expect(tagName(format, c.version, project)).toBe(name);
        });
      }),
      fuzzParams(200, 3000),
    );
  });
});

// ---------------------------------------------------------------------------------------
// shipver.yaml

/** The rules buildConfig checks across fields (src/config/defaults.ts); every other problem is the schema's. */
const CROSS_FIELD = /listed twice|has both "command" and "gitops"|needs "command"|names unknown project|leaves the repository|must be an http\(s\) URL|outside the repository|tag\.format must contain|does not give a valid git tag name|uses \{project\} but/;

/** Cross-field problems (buildConfig) name the file; schema and syntax problems name the line. */
function checkConfigError(e: { code?: string; message: string; details?: string[] }, text: string): void {
  expect(['E_CONFIG_SYNTAX', 'E_CONFIG_INVALID']).toContain(e.code);
  const lineCount = text.split(/\r\n|\r|\n/).length + 1;
  const lineOf = (s: string) => Number(/shipver\.yaml:(\d+)/.exec(s)?.[1]);
  if (e.code === 'E_CONFIG_SYNTAX') {
    expect(e.message).toMatch(/^shipver\.yaml is not valid YAML: .* at shipver\.yaml:\d+:\d+$/s);
    expect(lineOf(e.message)).toBeLessThanOrEqual(lineCount);
    return;
  }
  const problems = e.details?.length ? e.details : [e.message];
  for (const p of problems) {
    expect(p).toContain('shipver.yaml');
    if (CROSS_FIELD.test(p)) continue; // buildConfig's rules name the file, not a line
    expect(p, `a schema problem must name its line: ${p}`).toMatch(/ at shipver\.yaml:\d+/);
    expect(lineOf(p)).toBeGreaterThanOrEqual(1);
    expect(lineOf(p)).toBeLessThanOrEqual(lineCount);
  }
}

const KEYS = ['branches', 'release', 'maintenance', 'prerelease', 'tag', 'format', 'sign', 'commit', 'message', 'changelog', 'file', 'types', 'type', 'section', 'hidden', 'collapsePrereleases', 'bump', 'breakingPreMajor', 'projects', 'name', 'paths', 'versionFiles', 'search', 'replace', 'scheme', 'environments', 'deploy', 'command', 'gitops', 'repo', 'image', 'branch', 'cwd', 'on', 'timeout', 'status', 'url', 'field', 'waitSeconds', 'prod', 'staging', '__proto__', 'constructor', '<<'];
const scalar = fc.oneof(
  fc.constantFrom('true', 'false', 'null', '~', '1', '-1', '0x1F', '1e999', '.nan', '.inf', '-.inf', '"v{version}"', "'x'", 'major', 'minor', 'none', 'release', 'prerelease', '../ops', '/etc', '../..', 'package.json', '{version}', '{nope}', '!!binary aGVsbG8=', '!custom x', '*a', '&a x', '|', '>-', '"\\u0000"', '"unterminated', '@x', '`x`', 'yes', 'no', '2001-12-14'),
  trickyLine(15),
);
const yamlLine = fc
  .tuple(fc.nat(8), fc.constantFrom('key', 'item', 'flow', 'comment', 'raw', 'doc', 'anchor'), fc.constantFrom(...KEYS), scalar, trickyLine(20), fc.constantFrom('---', '...', '%YAML 1.1', '%TAG ! tag:x,2024:', '--- |'))
  .map(([indent, kind, key, value, raw, marker]) => {
    const pad = ' '.repeat(indent);
    switch (kind) {
      case 'key': return `${pad}${key}: ${value}`;
      case 'item': return `${pad}- ${value}`;
      case 'flow': return `${pad}${key}: { ${key}: [${value}, ${value}] }`;
      case 'comment': return `${pad}# ${raw}`;
      case 'doc': return marker;
      case 'anchor': return `${pad}${key}: &a${indent} { ${key}: *a${indent} }`;
      default: return raw;
    }
  });
const yamlish = fc.oneof(
  fc.tuple(fc.array(yamlLine, { maxLength: 14 }), fc.constantFrom('\n', '\r\n'), fc.constantFrom('', '\ufeff')).map(([ls, eol, b]) => b + ls.join(eol) + eol),
  anyText(200),
  trickyText(200),
  fc.constantFrom('', '\n', '---', '[]', '{}', '~', 'tag: [', 'tag:\n\tformat: x', 'a: &a [*a]', `x: ${'['.repeat(2000)}${']'.repeat(2000)}`, 'projects: []', 'projects:\n  - name: a\n  - name: a', 'tag: { format: "{project}-{version}" }'),
);

describe('shipver.yaml: parseConfig', () => {
  it('random YAML-ish text gives a Config or a usage error (exit 2) naming shipver.yaml:<line>', async () => {
    await fc.assert(
      fc.asyncProperty(yamlish, async (text) => {
        tally.add('parseConfig: YAML-ish text');
        const o = await iso.run('parseConfig', text);
        assertAllowed(o, text, { exitCodes: [2] });
        if (o.kind === 'error') checkConfigError(o.error, text);
      }),
      fuzzParams(400, 5000),
    );
  }, 30_000);

  // Random objects shaped like the schema: known keys with values of random types, plus unknown keys.
  const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.oneof(fc.string({ maxLength: 10 }), trickyText(10), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('v{version}', '{project}-v{version}', 'major', 'none', 'release', '../ops', '../..', '/abs', 'https://x.example/s', 'make')),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('v'), { maxKeys: 4 }),
    ),
  })).v;
  const structured = fc.dictionary(fc.constantFrom(...KEYS.slice(0, 40)), anyValue, { maxKeys: 6 });

  it('random structured objects (yaml.stringify) give a Config or a usage error (exit 2) naming shipver.yaml:<line>', async () => {
    await fc.assert(
      fc.asyncProperty(structured, fc.constantFrom<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'), fc.boolean(), async (obj, defaultStringType, flow) => {
        const text = yamlStringify(obj, { defaultStringType, collectionStyle: flow ? 'flow' : 'any' });
        tally.add('parseConfig: yaml.stringify(random objects)');
        const o = await iso.run('parseConfig', text);
        assertAllowed(o, text, { exitCodes: [2] });
        if (o.kind === 'error') checkConfigError(o.error, text);
      }),
      fuzzParams(400, 5000),
    );
  }, 30_000);

  // Valid by construction: the result must hold what was written.
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/);
  const validConfig = fc.record(
    {
      branches: fc.record({ release: fc.array(fc.stringMatching(/^[a-z][a-z0-9/._-]{0,10}$/), { maxLength: 3 }), prerelease: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/), { maxKeys: 2 }) }),
      tag: fc.record({ format: fc.constantFrom('v{version}', '{version}', 'release-{version}'), sign: fc.boolean() }),
      bump: fc.record({ types: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('major', 'minor', 'patch', 'none'), { maxKeys: 3 }), breakingPreMajor: fc.constantFrom('major', 'minor') }),
      projects: fc.uniqueArray(fc.record({ name, versionFiles: fc.array(fc.oneof(fc.constantFrom('package.json', 'VERSION', 'a/b/version.py', 'setup.cfg', 'pyproject.toml'), fc.record({ file: fc.constantFrom('Chart.yaml', 'x/Dockerfile'), search: fc.constantFrom('appVersion: {version}', 'LABEL v={version}') })), { minLength: 1, maxLength: 3 }) }), { selector: (p) => p.name, minLength: 1, maxLength: 3 }),
      environments: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,8}$/), fc.record({ deploy: fc.record({ command: fc.array(fc.constantFrom('make', 'deploy-{env}', 'version={version}', '{tag}', '{project}'), { minLength: 1, maxLength: 4 }), cwd: fc.constantFrom('.', 'ops', '../ops', './deploy/x'), timeout: fc.integer({ min: 1, max: 86_400 }) }) }), { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  );

  it('a valid random config loads and holds what was written', async () => {
    await fc.assert(
      fc.asyncProperty(validConfig, fc.boolean(), async (obj, flow) => {
        const text = yamlStringify(obj, { collectionStyle: flow ? 'flow' : 'any' });
        tally.add('parseConfig: valid random configs');
        const c = okValue<Config>(await iso.run('parseConfig', text), text);
        if (obj.branches?.release) expect(c.branches.release).toEqual(obj.branches.release);
        if (obj.tag) expect(c.tag).toEqual(obj.tag);
        if (obj.bump) expect(c.bump.breakingPreMajor).toBe(obj.bump.breakingPreMajor);
        if (obj.projects) expect(c.projects.map((p) => p.name)).toEqual(obj.projects.map((p) => p.name));
        if (obj.environments) expect(c.environments.map((e) => e.name).sort()).toEqual(Object.keys(obj.environments).sort());
      }),
      fuzzParams(250, 4000),
    );
  }, 30_000);

  it('numbers that are not finite (.nan, .inf) are refused as deploy timeouts and waits', async () => {
    const bad = fc.constantFrom('.nan', '.NaN', '.inf', '.Inf', '+.inf', '1e400');
    await fc.assert(
      fc.asyncProperty(bad, fc.constantFrom('timeout', 'waitSeconds'), async (v, key) => {
        const text = key === 'timeout' ? `environments:\n  prod:\n    deploy: { command: [make], timeout: ${v} }\n` : `deploy: { waitSeconds: ${v} }\n`;
        if (knownBugFor('config numbers', text)) return;
        tally.add('parseConfig: non-finite numbers');
        const e = shipverError(await iso.run('parseConfig', text), text);
        expect(e.code).toBe('E_CONFIG_INVALID');
        expect(e.message).toMatch(/ at shipver\.yaml:\d+/);
      }),
      fuzzParams(20, 2000),
    );
  });
});
