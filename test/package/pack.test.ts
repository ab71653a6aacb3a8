// The npm package as a user gets it before shipver is on the registry (docs/install.md):
// packed from a shipver checkout into the app's vendor/, installed as a file: dev
// dependency in an Express app, committed with the line the Express guide gives, and
// installed again by a teammate's fresh clone with npm ci. No npm warning on the way, the
// bin runs, the hooks work in the clone, and doctor notices a vendored tarball that is not
// committed.
//
// Offline: npm ci filled the npm cache with this repository's dependencies, as tarballs,
// but with no registry metadata, so npm can resolve offline only through a lockfile. The
// app's lockfile starts as this repository's (the same express and husky); npm prunes what
// the app does not need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox, type Result } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TARBALL = `vendor/shipver-${VERSION}.tgz`;
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
const locked = (name: string): string => lock.packages[`node_modules/${name}`]!.version!;

// the user's npm cache (the sandbox has a HOME of its own); no audit, fund or update check: they ask the registry
const NPM_CACHE = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
// PATH without the sandbox's own `shipver`: only the vendored one is found (through node_modules/.bin)
const env = { PATH: process.env.PATH ?? '', npm_config_cache: NPM_CACHE, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const run = (cwd: string, file: string, args: string[]): Result => sb.run(file, args, { cwd, env });
const npm = (cwd: string, ...args: string[]): Result => run(cwd, 'npm', args);
const shipver = (cwd: string, ...args: string[]): Result => run(cwd, path.join(cwd, 'node_modules/.bin/shipver'), args);
const warnings = (r: Result): string[] => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^npm (warn|error)/i.test(l));

/** A copy of this checkout as git has it (tracked and new files, none of the ignored ones), sharing node_modules. */
function checkoutCopy(): string {
  const dir = sb.path('shipver');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(path.join(ROOT, f))) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** An Express app as the guide starts from: package.json, its lockfile, app.js and a .gitignore, committed. */
function expressApp(): string {
  const pkg = { name: 'cloud', version: '1.0.0', private: true, main: 'app.js', scripts: { start: 'node app.js' }, dependencies: { express: `^${locked('express')}` }, devDependencies: { husky: `^${locked('husky')}` } };
  const appLock = { ...lock, name: pkg.name, version: pkg.version, packages: { ...lock.packages, '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies } } };
  const dir = sb.repo('cloud', {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(appLock, null, 2)}\n`,
    '.gitignore': 'node_modules/\n',
    'app.js': "const express = require('express');\nexpress().get('/status', (req, res) => res.json({ version: require('./package.json').version })).listen(process.env.PORT || 3000);\n",
  }, null);
  sb.git(dir, 'add', '-A');
  sb.git(dir, 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

describe('the npm package, vendored into an Express app', () => {
  let checkout: string;
  let app: string;
  let pack: Result;
  let install: Result;
  beforeAll(() => {
    checkout = checkoutCopy();
    app = expressApp();
    mkdirSync(path.join(app, 'vendor'));
    // docs/install.md: from the app, pack a shipver checkout into vendor/
    pack = npm(app, 'pack', '--pack-destination', 'vendor', checkout);
    install = npm(app, 'install', '--offline', '-D', `file:${TARBALL}`);
  }, 240_000);

  it('packs the built CLI, without the repository\'s scripts, and leaves the checkout as it was', () => {
    expect(pack.code, pack.stderr).toBe(0);
    expect(warnings(pack)).toEqual([]);
    const tgz = path.join(app, TARBALL);
    const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tgz, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.bin).toEqual({ shipver: 'dist/shipver.js' });
    expect(manifest.version).toBe(VERSION);
    const files = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/dist/shipver.js', 'package/dist/lib/cli.js', 'package/dist/lib/commit-msg.js', 'package/dist/package.json', 'package/README.md']));
    expect(files.filter((f) => !/^package\/(dist\/(lib\/)?[^/]+|docs\/[^/]+\.md|README\.md|package\.json)$/.test(f))).toEqual([]);
    // prepack built dist/ in the copy (it had none); postpack put package.json back byte for byte
    expect(readFileSync(path.join(checkout, 'package.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(existsSync(path.join(checkout, 'package.json.prepack'))).toBe(false);
  });

  it('installs with no npm warning, and its bin runs', () => {
    expect(install.code, install.stderr).toBe(0);
    expect(warnings(install)).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.shipver).toBe(`file:${TARBALL}`);
    const v = shipver(app, '--version');
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(VERSION);
  });

  it('init, doctor on the uncommitted tarball, the guide\'s git add line, and a teammate\'s npm ci', () => {
    const init = shipver(app, 'init', '--yes');
    expect(init.code, init.stderr).toBe(0);

    // not committed yet: doctor names the tarball and the fix
    const before = shipver(app, 'doctor');
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`✖ dependencies: ${TARBALL} is a file: dependency in package.json but is not committed: a fresh clone's npm ci fails`);
    const fix = `git add ${TARBALL} && git commit -m "chore: vendor shipver"`;
    expect(before.stderr).toContain(`→ run: ${fix}\n`);
    // the fix as printed, through the installed commit-msg hook
    const fixed = run(app, 'sh', ['-c', fix]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(run(app, 'git', ['log', '-1', '--format=%s']).stdout).toBe('chore: vendor shipver\n');

    // docs/getting-started-express.md, step 2 (the tarball again: the guide commits it with the rest)
    const add = run(app, 'git', ['add', 'shipver.yaml', 'commitlint.config.js', '.husky', 'package.json', 'package-lock.json', TARBALL]);
    expect(add.code, add.stderr).toBe(0);
    const commit = run(app, 'git', ['commit', '-q', '-m', 'chore: set up shipver']);
    expect(commit.code, commit.stderr).toBe(0);
    expect(run(app, 'git', ['status', '--porcelain']).stdout).toBe(''); // everything committed, node_modules ignored
    expect(run(app, 'git', ['ls-files', 'node_modules']).stdout).toBe('');
    const after = shipver(app, 'doctor');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain(`✔ dependencies: file: dependencies committed: ${TARBALL}`);

    // a teammate's fresh clone: npm ci installs the vendored package and the hooks
    const clone = sb.path('teammate');
    sb.git(sb.dir, 'clone', '-q', app, clone);
    const ci = npm(clone, 'ci', '--offline');
    expect(ci.code, ci.stderr).toBe(0);
    expect(warnings(ci)).toEqual([]);
    expect(shipver(clone, '--version').stdout.trim()).toBe(VERSION);
    const bad = run(clone, 'git', ['commit', '--allow-empty', '-m', 'status route']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    expect(run(clone, 'git', ['commit', '-q', '--allow-empty', '-m', 'feat: report the version at /status']).code).toBe(0);
    const doctor = shipver(clone, 'doctor');
    expect(doctor.code, doctor.stderr).toBe(0);
  });
});

describe('doctor: file: dependencies', () => {
  it('a tarball that .gitignore ignores gets git add -f, and the fix works as printed', () => {
    const dir = sb.repo('ignored', {
      'package.json': '{ "name": "web", "version": "1.0.0", "devDependencies": { "shipver": "file:vendor/shipver-0.1.0.tgz", "left": "file:../elsewhere" } }\n',
      '.gitignore': 'node_modules/\n*.tgz\n',
    });
    mkdirSync(path.join(dir, 'vendor'));
    writeFileSync(path.join(dir, 'vendor/shipver-0.1.0.tgz'), 'not really a tarball');
    const r = sb.shipver(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✖ dependencies: vendor/shipver-0.1.0.tgz is a file: dependency in package.json but is not committed: a fresh clone's npm ci fails");
    const fix = /→ run: (git add -f vendor\/shipver-0\.1\.0\.tgz && git commit -m "chore: vendor shipver")\n/.exec(r.stderr);
    expect(fix, r.stderr).not.toBeNull();
    expect(r.stderr).toContain(`⚠ dependencies: package.json: left is file:../elsewhere, outside the repository`);
    const applied = sb.run('sh', ['-c', fix![1]!], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    expect(sb.git(dir, 'ls-files', 'vendor')).toBe('vendor/shipver-0.1.0.tgz\n');
    const again = sb.shipver(dir, ['doctor', '--json']);
    const checks = (JSON.parse(again.stdout) as { checks: Array<{ name: string; status: string; message: string }> }).checks.filter((c) => c.name === 'dependencies');
    expect(checks.map((c) => c.status)).toEqual(['warn']);
  });
});
