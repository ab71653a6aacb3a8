// The standalone executable (Node's single-executable application) in a Django-style
// repository with no package.json and no node on PATH: init, a rejected and an accepted
// commit, release, and git push --follow-tags with the deploy trigger. Then the
// pre-commit framework (Debian's pre-commit) using this repository's hook definitions.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES } from '../helpers/release-repos.js';
import { pathWithoutNode, waitFor } from '../helpers/processes.js';

const sb = new Sandbox();
const BINARY = path.join(ROOT, 'dist', `shipver-${process.platform}-${process.arch}`);
afterAll(() => sb.cleanup());

/** A PATH directory with the system's tools but no node, and the standalone executable as shipver. */
function pathWithoutNodeButBinary(binary: string): string {
  const dir = pathWithoutNode(sb.path('nonode-bin'));
  copyFileSync(binary, path.join(dir, 'shipver'));
  return dir;
}

describe('the standalone executable, without node', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    const build = sb.run(process.execPath, ['scripts/build-binary.mjs'], { cwd: ROOT });
    expect(build.code, build.stderr).toBe(0);
    // postject's harmless section-name warnings are filtered (scripts/build-binary.mjs); the rest shows
    expect(build.stderr).not.toContain("Can't find string offset");
    // built now, or already built from the same bundles, node, postject and build script
    expect(build.stderr).toMatch(new RegExp(`^(built dist/shipver-${process.platform}-${process.arch} \\(|dist/shipver-${process.platform}-${process.arch} is up to date \\()`, 'm'));
    env = { PATH: pathWithoutNodeButBinary(BINARY) };
  }, 300_000);

  it('runs each command with the code cache built into it, which V8 accepts', () => {
    const repo = sb.repo('cache-check', DJANGO_FILES);
    writeFileSync(path.join(repo, 'MSG'), 'feat(api): add the version to the status endpoint\n');
    const debug = { ...env, SHIPVER_CODE_CACHE_DEBUG: '1' };
    // the hook and --version: caches trained by running them at build time
    const hook = sb.run('shipver', ['hook', 'commit-msg', 'MSG'], { cwd: repo, env: debug });
    expect(hook.code, hook.stderr).toBe(0);
    expect(hook.stderr).toBe('shipver: code cache commit-msg.hook (embedded): accepted\n');
    const version = sb.run('shipver', ['--version'], { cwd: repo, env: debug });
    expect(version.stderr).toBe('shipver: code cache cli.other (embedded): accepted\n');
    // a command without a trained cache of its own: the bundle's, compiled at build time
    const envs = sb.run('shipver', ['envs', '--help'], { cwd: repo, env: debug });
    expect(envs.stderr).toBe('shipver: code cache cli (embedded): accepted\n');
    const off = sb.run('shipver', ['--version'], { cwd: repo, env: { ...debug, SHIPVER_CODE_CACHE: '0' } });
    expect(off.stderr).toBe('shipver: code cache (off)\n');
    expect(off.stdout).toBe(version.stdout);
  });

  it('runs the whole workflow in a Django-style repository', async () => {
    const run = (dir: string, file: string, args: string[]) => sb.run(file, args, { cwd: dir, env });
    expect(run(sb.dir, 'sh', ['-c', 'command -v node || echo none']).stdout.trim()).toBe('none');
    const ops = sb.path('ops-target');
    mkdirSync(ops);
    const hub = sb.repo('hub', {
      ...DJANGO_FILES,
      'shipver.yaml': `environments:\n  test:\n    deploy: { command: [cp, hub/version.py, "${ops}/deployed-{version}.py"], on: release }\n`,
    });
    const init = run(hub, 'shipver', ['init', '--yes']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('shipver init --hooks-only');
    const bad = sb.run('git', ['commit', '-q', '--allow-empty', '-m', 'Added stuff.'], { cwd: hub, env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    sb.git(hub, 'add', '-A');
    expect(sb.run('git', ['commit', '-q', '-m', 'chore: set up shipver'], { cwd: hub, env }).code).toBe(0);
    sb.git(hub, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
    sb.remote(hub, 'hub.git');
    appendFileSync(path.join(hub, 'manage.py'), '# feature\n');
    sb.git(hub, 'add', '-A');
    expect(sb.run('git', ['commit', '-q', '-m', 'feat: report the version'], { cwd: hub, env }).code).toBe(0);
    const rel = run(hub, 'shipver', ['release']);
    expect(rel.code, rel.stderr).toBe(0);
    expect(readFileSync(path.join(hub, 'hub/version.py'), 'utf8')).toContain("__version__ = '1.1.0'");
    expect(sb.git(hub, 'cat-file', '-t', 'v1.1.0').trim()).toBe('tag');
    expect(readFileSync(path.join(hub, 'CHANGELOG.md'), 'utf8')).toContain('report the version');
    const push = sb.run('git', ['push', '--follow-tags'], { cwd: hub, env });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toContain('deploying 1.1.0 to test');
    await waitFor('the deploy', () => existsSync(path.join(ops, 'deployed-1.1.0.py')) || undefined);
    expect(readFileSync(path.join(ops, 'deployed-1.1.0.py'), 'utf8')).toContain("'1.1.0'");
  });
});

describe('the pre-commit framework', () => {
  it('rejects a bad message and accepts a good one through .pre-commit-hooks.yaml', () => {
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    // pre-commit clones the hook repository at a commit: use this checkout's HEAD
    const app = sb.repo('py-app', {
      'app/__init__.py': "__version__ = '0.1.0'\n",
      '.pre-commit-config.yaml': `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: shipver-commit-msg\n`,
    });
    const inst = sb.run('pre-commit', ['install', '--hook-type', 'commit-msg'], { cwd: app });
    expect(inst.code, inst.stderr + inst.stdout).toBe(0);
    writeFileSync(path.join(app, 'b.txt'), 'b\n');
    sb.git(app, 'add', '-A');
    const bad = sb.run('git', ['commit', '-q', '-m', 'Added stuff.'], { cwd: app });
    expect(bad.code, bad.stdout + bad.stderr).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('[type-empty]');
    const good = sb.run('git', ['commit', '-q', '-m', 'feat: add b'], { cwd: app });
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(sb.git(app, 'log', '-1', '--format=%s').trim()).toBe('feat: add b');
  });
});
