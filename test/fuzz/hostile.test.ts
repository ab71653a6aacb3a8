// Hostile input: tag names and versions with shell syntax, "..", newlines or option-like
// prefixes are refused before they reach git or a deploy command; shipver.yaml paths that
// leave the repository are refused; a symlinked version file pointing outside is refused.
// Unit level (properties) first, then end to end through the built CLI in temp repos,
// with a `git` first on PATH that records every call before running the real one.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, type Result } from '../helpers/sandbox.js';
import { assertSafeRef, isSafeRefName } from '../../src/git/git.js';
import { isSafeVersion } from '../../src/release/tag-format.js';
import { resolveCommand } from '../../src/deploy/runner.js';
import { checkVersionArg } from '../../src/ops/checkout.js';
import { parseConfig } from '../../src/config/parse.js';
import { ShipverError } from '../../src/errors.js';
import { isValidSemver } from '../../src/version/scheme.js';
import { semverVersion, trickyText } from './gen.js';
import { fuzzParams } from './harness.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const t0 = performance.now();
const counts: Record<string, number> = {};
const count = (k: string) => void (counts[k] = (counts[k] ?? 0) + 1);
afterAll(() => {
  console.log([`hostile: ${((performance.now() - t0) / 1000).toFixed(1)} s`, ...Object.entries(counts).map(([k, v]) => `  ${k.padEnd(44)} ${v}`)].join('\n'));
});

/** The injections: shell syntax, option-like prefixes, path and revision syntax, control characters. */
const INJECTIONS = [
  ';touch pwned', '$(touch pwned)', '`touch pwned`', '&& touch pwned', '|touch pwned', '\ntouch pwned', '\r\ntouch pwned', ' touch pwned',
  '--upload-pack=touch pwned', '-f', '--exec=touch pwned', '-c core.sshCommand=touch pwned', '..', '/../../pwned', '../pwned', '@{-1}', '^{}', '~1', ':pwned',
  '\0', "'", '"', '{x}', '*', '?', '[a]', '\\', '.lock', '\t', '>pwned', '<x', '!x', '&', '(x)', '/', '//', '.',
];
const injection = fc.constantFrom(...INJECTIONS);
/** A valid version with an injection before, inside or after it (or alone); with the injection used. */
const hostileCase = fc
  .tuple(semverVersion, injection, fc.constantFrom('prefix', 'suffix', 'middle', 'alone', 'v-prefix'))
  .map(([v, inj, where]) => {
    switch (where) {
      case 'prefix': return { name: inj + v, inj, leading: true };
      case 'suffix': return { name: v + inj, inj, leading: false };
      case 'middle': return { name: v.replace('.', `.${inj}`), inj, leading: false };
      case 'v-prefix': return { name: `v${v}${inj}`, inj, leading: false };
      default: return { name: inj, inj, leading: true };
    }
  });
const hostile = hostileCase.map((c) => c.name);
/** injections that may legitimately sit inside a ref name ("1.0/x", "a.b", "1.0.0-f" is a pre-release); every other one makes it unsafe */
const HARMLESS_INSIDE = ['/', '.', '.lock', '-f'];

function shipverErrorOf(fn: () => unknown): ShipverError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ShipverError) return e;
    throw e;
  }
  throw new Error('expected a ShipverError');
}

// ---------------------------------------------------------------------------------------
// unit level

describe('refs and versions: isSafeRefName, assertSafeRef, isSafeVersion, resolveCommand', () => {
  it('a name with an injection is never a safe ref; assertSafeRef refuses it (exit 2) before git', () => {
    fc.assert(
      fc.property(hostileCase, ({ name, inj, leading }) => {
        count('isSafeRefName / assertSafeRef on hostile names');
        if (HARMLESS_INSIDE.includes(inj) && !(inj === '-f' && leading) && isSafeRefName(name)) return; // checked against git below
        expect(isSafeRefName(name)).toBe(false);
        const e = shipverErrorOf(() => assertSafeRef(name, 'tag'));
        expect(e.code).toBe('E_UNSAFE_REF');
        expect(e.exitCode).toBe(2);
      }),
      fuzzParams(500, 4000),
    );
  });

  it('every name isSafeRefName accepts is a valid git tag name (git check-ref-format agrees)', () => {
    const candidates = fc.oneof(hostile, trickyText(16), fc.stringMatching(/^[A-Za-z0-9._\/@{}-]{1,16}$/), semverVersion.map((v) => `v${v}`));
    const safe = fc.sample(candidates, { numRuns: 3000, seed: 42 }).filter(isSafeRefName).slice(0, 150);
    expect(safe.length).toBeGreaterThan(50);
    for (const name of safe) {
      count('git check-ref-format on safe names');
      const r = spawnSync('git', ['check-ref-format', `refs/tags/${name}`]);
      expect(r.status, `git refuses ${JSON.stringify(name)}`).toBe(0);
    }
  });

  it('isSafeVersion: only plain semver with nothing a shell or git would read as syntax', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, semverVersion, trickyText(20)), (v) => {
        count('isSafeVersion');
        if (isSafeVersion(v)) {
          expect(isValidSemver(v)).toBe(true);
          expect(isSafeRefName(v)).toBe(true);
          expect(v).toMatch(/^[0-9A-Za-z.+-]+$/);
          expect(v.startsWith('-')).toBe(false);
        }
        if (INJECTIONS.some((i) => i.length > 1 && !HARMLESS_INSIDE.includes(i) && v.includes(i)) || /[\s;$`|&<>'"\\]/.test(v) || v.startsWith('-')) expect(isSafeVersion(v)).toBe(false);
      }),
      fuzzParams(500, 4000),
    );
  });

  it('resolveCommand refuses a hostile version (exit 2) and never splits or joins arguments', () => {
    const template = fc.array(fc.oneof(fc.constantFrom('make', 'version={version}', 'deploy-{project}-to-{env}', '{tag}', 'sh', '-c', 'echo {version}; ls', '{version}{version}', '{unknown}'), trickyText(8)), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(template, fc.oneof(hostile, semverVersion), (tpl, version) => {
        count('resolveCommand');
        const values = { version, tag: `v${version}`, project: 'hub', env: 'prod' };
        if (!isSafeVersion(version)) {
          const e = shipverErrorOf(() => resolveCommand(tpl, values));
          expect(e.code).toBe('E_UNSAFE_VERSION');
          expect(e.exitCode).toBe(2);
          return;
        }
        const argv = resolveCommand(tpl, values);
        expect(argv).toHaveLength(tpl.length);
        argv.forEach((a, i) => expect(a).toBe(tpl[i]!.replace(/\{(version|project|tag|env)\}/g, (_m, k: string) => values[k as keyof typeof values])));
      }),
      fuzzParams(500, 4000),
    );
  });

  it('ops checkout refuses a hostile VERSION argument (exit 2)', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        count('checkVersionArg (ops checkout)');
        const bare = /^[vV]\d/.test(v) ? v.slice(1) : v;
        if (isSafeVersion(bare) && !bare.startsWith('-')) return;
        const e = shipverErrorOf(() => checkVersionArg(v));
        expect(e.code).toBe('E_VERSION_INVALID');
        expect(e.exitCode).toBe(2);
        expect(e.message).not.toMatch(/[\x00-\x1f]/); // shown with control characters masked
      }),
      fuzzParams(300, 4000),
    );
  });
});

describe('shipver.yaml paths that leave the repository', () => {
  const REPO = '/r/repo';
  const piece = fc.constantFrom('..', '.', 'a', 'ops', 'x.y', '', '...', '..x', '~');
  const relPath = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', '\\', '/')).map(([ps, sep]) => ps.join(sep));
  const anyPath = fc.oneof(relPath, relPath.map((p) => `/${p}`), fc.constantFrom('/etc/passwd', '/', '//x', '\\\\server\\share', '../outside/package.json', '../../x', 'a/../../x', './../x', 'ops/../../..'));
  /** where the path ends up on this (POSIX) system; shipver also treats "\\" as a separator, which only makes it stricter */
  const resolved = (p: string) => path.posix.resolve(REPO, p);
  const inside = (p: string) => resolved(p) === REPO || resolved(p).startsWith(`${REPO}/`);

  it('a version file outside the repository is refused (exit 2, E_CONFIG_INVALID); inside is accepted', () => {
    fc.assert(
      fc.property(anyPath, (p) => {
        count('versionFiles paths');
        const text = `projects:\n  - name: app\n    versionFiles: [${JSON.stringify(p)}]\n`;
        if (inside(p)) {
          if (!p.includes('\\')) expect(() => parseConfig(text, { file: null, root: REPO })).not.toThrow();
          return;
        }
        const e = shipverErrorOf(() => parseConfig(text, { file: null, root: REPO }));
        expect(e.exitCode).toBe(2);
        expect(e.code).toBe('E_CONFIG_INVALID');
        expect(e.message).toContain('outside the repository');
      }),
      fuzzParams(400, 4000),
    );
  });

  it('a deploy cwd may be inside the repository or a sibling (../ops); anything further is refused (exit 2)', () => {
    fc.assert(
      fc.property(anyPath, (p) => {
        count('deploy cwd paths');
        const text = `environments:\n  prod:\n    deploy: { command: [make], cwd: ${JSON.stringify(p)} }\n`;
        const r = resolved(p);
        const allowed = r.startsWith('/r/') && r !== '/r';
        if (!allowed) {
          const e = shipverErrorOf(() => parseConfig(text, { file: null, root: REPO }));
          expect(e.exitCode).toBe(2);
          expect(e.message).toContain('leaves the repository');
        } else if (!/(^|[/\\])\.\.[^/\\]/.test(p) && !p.includes('\\')) {
          // (a sibling named "..x", and backslash paths, may be refused too: stricter is harmless, so not asserted)
          expect(parseConfig(text, { file: null, root: REPO }).environments[0]!.deploy!.cwd).toBe(p);
        }
      }),
      fuzzParams(400, 4000),
    );
  });
});

// ---------------------------------------------------------------------------------------
// end to end through the built CLI

/** `git` first on PATH: logs each call's arguments (NUL-separated records), then runs the real git. */
const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
const recBin = sb.path('rec-bin');
const gitLog = sb.path('git-calls.log');
mkdirSync(recBin, { recursive: true });
writeFileSync(path.join(recBin, 'git'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\037' "$a" >> "${gitLog}"; done\nprintf '\\036' >> "${gitLog}"\nexec "${realGit}" "$@"\n`);
chmodSync(path.join(recBin, 'git'), 0o755);
const recEnv = { PATH: `${recBin}${path.delimiter}${sb.env.PATH ?? ''}`, SHIPVER_DATE: '2030-01-01', SHIPVER_DEPLOY: 'off' };

function gitCalls(): string[][] {
  if (!existsSync(gitLog)) return [];
  return readFileSync(gitLog, 'utf8').split('\x1e').filter(Boolean).map((rec) => rec.split('\x1f').filter((a, i, all) => i < all.length - 1 || a !== ''));
}
/** Files named like an injection's payload anywhere a command could have run. */
function pwnedFiles(...dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    if (!existsSync(d) || depth > 3) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      if (/pwned/.test(e.name)) found.push(path.join(d, e.name));
      if (e.isDirectory()) walk(path.join(d, e.name), depth + 1);
    }
  };
  for (const d of dirs) walk(d, 0);
  if (existsSync(path.join(process.cwd(), 'pwned'))) found.push(path.join(process.cwd(), 'pwned'));
  return found;
}
function expectNoInjection(r: Result, payload: string, ...dirs: string[]): void {
  expect(pwnedFiles(sb.dir, ...dirs)).toEqual([]);
  for (const call of gitCalls()) for (const a of call) expect(a.includes(payload) && payload.length > 1, `git was called with ${JSON.stringify(call)}`).toBe(false);
  expect(r.stderr).not.toMatch(/internal error/);
}
function cli(cwd: string, args: string[]): Result {
  count('CLI runs');
  return sb.shipver(cwd, args, { env: recEnv });
}

/** An app repository: VERSION 1.0.0, tag v1.0.0, an environment whose deploy touches a file. */
function appRepo(name: string, yaml: string): string {
  const dir = sb.repo(name, { VERSION: '1.0.0\n', 'shipver.yaml': yaml, 'app.txt': 'x\n' }, 'chore: initial commit');
  sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  return dir;
}
const DEPLOY_YAML = 'projects:\n  - name: app\n    versionFiles: [VERSION]\nenvironments:\n  prod:\n    deploy: { command: [touch, "deployed-{version}"], cwd: "." }\n';

describe('end to end: hostile versions and tags never reach git or a deploy command', () => {
  const app = appRepo('deploy-app', DEPLOY_YAML);
  // a tag that git accepts but that holds shell syntax
  sb.git(app, 'tag', '-a', '-m', 'x', 'v9.9.9;touch${IFS}pwned');
  sb.git(app, 'tag', '-a', '-m', 'x', 'v9.9.9$(touch${IFS}pwned)');

  it.each([['1.0.0;touch pwned'], ['$(touch pwned)'], ['`touch pwned`'], ['1.0.0\ntouch pwned'], ['--upload-pack=touch pwned'], ['-f'], ['../../pwned'], ['v1.0.0']])('shipver deploy prod %j is refused (exit 2), nothing runs', (version) => {
    const before = gitCalls().length;
    const r = cli(app, ['deploy', 'prod', '--', version]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/not a valid version|E_UNSAFE_VERSION/);
    expectNoInjection(r, 'pwned', app);
    expect(readdirSync(app).filter((f) => f.startsWith('deployed-'))).toEqual([]);
    // no git call carries the hostile text
    // (an argument carries it when it is the text, or holds it and is not one of git's own
    // option words: "-f" is inside "--symbolic-full-name" without reaching git as data)
    const hostile = version.trim();
    const carries = (a: string) => a === hostile || (a.includes(hostile) && !/^--?[a-z][a-z-]*$/.test(a));
    for (const call of gitCalls().slice(before)) expect(call.filter(carries), JSON.stringify(call)).toEqual([]);
  });

  it('(control) a real version deploys; hostile tags in the repository are skipped, not run', () => {
    const r = cli(app, ['deploy', 'prod']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(app, 'deployed-1.0.0'))).toBe(true);
    expectNoInjection(r, 'pwned', app);
    expect(gitCalls().length).toBeGreaterThan(0); // the recorder does see git
  });

  it('shipver ops checkout DIR <hostile> is refused (exit 2) with no git call carrying it', () => {
    const clone = sb.path('ops-checkout');
    sb.git(sb.dir, 'clone', '-q', app, clone);
    const head = sb.git(clone, 'rev-parse', 'HEAD');
    for (const v of ['--upload-pack=touch pwned', '-f', '1.0.0;touch pwned', '$(touch pwned)', '1.0.0\n--exec=touch pwned', '..']) {
      const before = gitCalls().length;
      const r = cli(sb.dir, ['ops', 'checkout', clone, '--', v]);
      expect(r.code, `${v}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('E_VERSION_INVALID');
      expect(gitCalls().length).toBe(before); // refused before any git call
      expectNoInjection(r, 'pwned', clone);
    }
    // an option-like DIR is a path, not an option to git
    const r = cli(sb.dir, ['ops', 'checkout', '--', '--upload-pack=touch pwned', '1.0.0']);
    expect(r.code).toBe(2);
    expectNoInjection(r, 'pwned', clone);
    expect(sb.git(clone, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('shipver next --messages-file with hostile messages: a level, nothing run', () => {
    const messages = [
      'feat: $(touch pwned)',
      'fix: `touch pwned`',
      'feat!: x; touch pwned',
      'fix: \u0000nul\u0007bell\u001b[31mred',
      'chore: --upload-pack=touch pwned',
      `feat: ${'#'.repeat(50)}`,
      'x'.repeat(100_000),
      'Revert "feat: x"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
      '\r\n\r\n',
      '🚀: unicode type',
    ];
    const file = sb.path('messages.json');
    writeFileSync(file, JSON.stringify(messages));
    const r = cli(sb.dir, ['next', '--messages-file', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { level: string; next: string; commits: unknown[] };
    expect(out.level).toBe('major');
    expect(out.next).toBe('2.0.0');
    expect(out.commits).toHaveLength(messages.length);
    expectNoInjection(r, 'pwned');
    // and a file that is not a JSON array of strings is a usage error
    writeFileSync(file, JSON.stringify([{ message: 'feat: x' }]));
    expect(cli(sb.dir, ['next', '--messages-file', file]).code).toBe(2);
    writeFileSync(file, '["feat: x"');
    expect(cli(sb.dir, ['next', '--messages-file', file]).code).toBe(2);
  });
});

describe('end to end: paths that leave the repository', () => {
  it('a version file outside the repository (shipver.yaml) is refused by version and release (exit 2), the outside file untouched', () => {
    const outside = sb.path('outside-pkg');
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'package.json'), '{ "version": "1.0.0" }\n');
    for (const p of ['../outside-pkg/package.json', `${outside}/package.json`, 'sub/../../outside-pkg/package.json']) {
      const dir = appRepo(`outside-${Math.abs(hash(p))}`, `projects:\n  - name: app\n    versionFiles: [VERSION, ${JSON.stringify(p)}]\n`);
      sb.commit(dir, 'feat: something', { noVerify: true, allowEmpty: true });
      const head = sb.git(dir, 'rev-parse', 'HEAD');
      for (const cmd of [['version'], ['release', '--no-fetch']]) {
        const r = cli(dir, cmd);
        expect(r.code, `${cmd[0]} ${p}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('outside the repository');
      }
      expect(readFileSync(path.join(outside, 'package.json'), 'utf8')).toBe('{ "version": "1.0.0" }\n');
      expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
      expect(sb.git(dir, 'tag', '-l', 'v1.1.0')).toBe('');
    }
  });

  it('a deploy cwd that leaves the repository is refused before anything runs (exit 2); ../ops is allowed', () => {
    for (const cwd of ['../..', '/tmp', '../../ops', 'a/../../..']) {
      const dir = appRepo(`cwd-${Math.abs(hash(cwd))}`, DEPLOY_YAML.replace('cwd: "."', `cwd: ${JSON.stringify(cwd)}`));
      const r = cli(dir, ['deploy', 'prod', '1.0.0']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('leaves the repository');
      expect(pwnedFiles(sb.dir).length).toBe(0);
      expect(existsSync(path.join(sb.dir, 'deployed-1.0.0'))).toBe(false);
      expect(existsSync('/tmp/deployed-1.0.0')).toBe(false);
    }
    const dir = appRepo('cwd-sibling', DEPLOY_YAML.replace('cwd: "."', 'cwd: ../cwd-sibling-ops'));
    mkdirSync(sb.path('cwd-sibling-ops'), { recursive: true });
    const r = cli(dir, ['deploy', 'prod', '1.0.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(sb.path('cwd-sibling-ops', 'deployed-1.0.0'))).toBe(true);
  });

  it('a symlinked version file pointing outside is refused by version and release (exit 2); the target is untouched', () => {
    const target = sb.path('secret-version');
    writeFileSync(target, '1.0.0\n');
    const targetDir = sb.path('secret-dir');
    mkdirSync(targetDir, { recursive: true });
    writeFileSync(path.join(targetDir, 'VERSION'), '1.0.0\n');
    const cases: Array<{ name: string; yaml: string; link: string; to: string }> = [
      { name: 'file', yaml: 'projects:\n  - name: app\n    versionFiles: [VERSION]\n', link: 'VERSION', to: target },
      { name: 'dir', yaml: 'projects:\n  - name: app\n    versionFiles: [conf/VERSION]\n', link: 'conf', to: targetDir },
      { name: 'detected', yaml: '', link: 'VERSION', to: target },
    ];
    for (const c of cases) {
      const dir = sb.repo(`symlink-${c.name}`, { 'app.txt': 'x\n', ...(c.yaml ? { 'shipver.yaml': c.yaml } : {}) }, null);
      symlinkSync(c.to, path.join(dir, c.link));
      sb.git(dir, 'add', '-A');
      sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: initial commit');
      sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
      sb.commit(dir, 'feat: x', { noVerify: true, allowEmpty: true });
      const head = sb.git(dir, 'rev-parse', 'HEAD');
      for (const cmd of [['version'], ['release', '--no-fetch']]) {
        const r = cli(dir, cmd);
        expect(r.code, `${c.name} ${cmd[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('leads outside the repository');
        expect(r.stderr).toContain('E_PATH_OUTSIDE_REPO');
      }
      expect(readFileSync(target, 'utf8')).toBe('1.0.0\n');
      expect(readFileSync(path.join(targetDir, 'VERSION'), 'utf8')).toBe('1.0.0\n');
      expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
      expect(sb.git(dir, 'tag', '-l')).toBe('v1.0.0\n');
    }
  });

  it('(control) a symlink that stays inside the repository is followed', () => {
    const dir = sb.repo('symlink-inside', { 'real/VERSION': '1.0.0\n', 'shipver.yaml': 'projects:\n  - name: app\n    versionFiles: [VERSION]\n' }, null);
    symlinkSync('real/VERSION', path.join(dir, 'VERSION'));
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: initial commit');
    const r = cli(dir, ['version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('1.0.0\n');
  });
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.codePointAt(0)!) | 0;
  return h;
}
