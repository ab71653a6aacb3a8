// GitOps deploys against a local bare ops repository: the image tag is set in the file
// with its comments and formatting kept, one commit per deploy, racing deploys both land
// (one rebased), and `shipver envs` reads the running version back from the ops repo.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox } from '../helpers/sandbox.js';
import { EXPRESS_FILES, releaseRepo } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

const DEPLOYMENT = [
  '# prod: the cloud service',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: cloud   # keep the name',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: cloud',
  '        image: registry.example.org/cloud:1.0.0 # bumped by shipver',
  '        ports: [{containerPort: 8080}]',
  '',
].join('\n');
const KUSTOMIZATION = ['resources:', '  - ../base', 'images:', '  - name: registry.example.org/cloud', '    newTag: "1.0.0"  # staging', ''].join('\n');

// the ops repository, with a server hook that makes every push take a moment (so racing pushes overlap)
const opsWork = sb.repo('ops-work', { 'k8s/prod/deployment.yaml': DEPLOYMENT, 'k8s/staging/kustomization.yaml': KUSTOMIZATION });
const opsBare = sb.path('ops.git');
sb.git(sb.dir, 'clone', '-q', '--bare', opsWork, opsBare);
writeFileSync(path.join(opsBare, 'hooks', 'pre-receive'), '#!/bin/sh\ncat > /dev/null\nsleep 0.5\n');
chmodSync(path.join(opsBare, 'hooks', 'pre-receive'), 0o755);

const { dir: app } = releaseRepo(sb, 'cloud-app', EXPRESS_FILES);
writeFileSync(
  path.join(app, 'shipver.yaml'),
  [
    'environments:',
    '  prod:',
    `    deploy: { gitops: { repo: ${opsBare}, file: k8s/prod/deployment.yaml, image: registry.example.org/cloud } }`,
    '  staging:',
    `    deploy: { gitops: { repo: ${opsBare}, file: k8s/staging/kustomization.yaml, image: registry.example.org/cloud } }`,
    '',
  ].join('\n'),
);
sb.commit(app, 'chore: deploy with gitops');
sb.git(app, 'push', '-q', '--no-verify', 'origin', 'main');

function release() {
  appendFileSync(path.join(app, 'index.js'), '// change\n');
  expect(sb.commit(app, 'feat: a change').code).toBe(0);
  const r = sb.shipver(app, ['release', '--push'], { env: { ...env, SHIPVER_DEPLOY: 'off' } });
  expect(r.code, r.stderr).toBe(0);
}

const opsLog = () => sb.git(opsBare, 'log', '--format=%s', 'main').trim().split('\n');
const opsFile = (f: string) => sb.git(opsBare, 'show', `main:${f}`);

describe('GitOps deploys', () => {
  it('sets the tag in the ops repository file, keeps everything else, one commit', () => {
    release(); // 1.1.0
    const r = sb.shipver(app, ['deploy', 'prod', '1.1.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(opsFile('k8s/prod/deployment.yaml')).toBe(DEPLOYMENT.replace('cloud:1.0.0 #', 'cloud:1.1.0 #'));
    expect(opsLog()[0]).toBe('chore(deploy): cloud 1.1.0 to prod');
    expect(opsLog()).toHaveLength(2);
    // the same version again: nothing to commit
    expect(sb.shipver(app, ['deploy', 'prod', '1.1.0']).code).toBe(0);
    expect(opsLog()).toHaveLength(2);
  });

  it('--dry-run says what it would change', () => {
    const r = sb.shipver(app, ['deploy', 'staging', '1.1.0', '--dry-run']);
    expect(r.stdout).toContain(`gitops: set registry.example.org/cloud:1.1.0 in k8s/staging/kustomization.yaml of ${opsBare}`);
  });

  it('two deploys racing each other both land, one of them rebased', async () => {
    release(); // 1.2.0
    const deploy = (e: string) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [CLI, 'deploy', e, '1.2.0', '--quiet'], { cwd: app, env: sb.env });
        p.on('close', (c) => resolve(c ?? -1));
      });
    expect(await Promise.all([deploy('prod'), deploy('staging')])).toEqual([0, 0]);
    expect(opsLog().slice(0, 2).sort()).toEqual(['chore(deploy): cloud 1.2.0 to prod', 'chore(deploy): cloud 1.2.0 to staging']);
    expect(opsFile('k8s/prod/deployment.yaml')).toBe(DEPLOYMENT.replace('cloud:1.0.0 #', 'cloud:1.2.0 #'));
    expect(opsFile('k8s/staging/kustomization.yaml')).toBe(KUSTOMIZATION.replace('"1.0.0"', '"1.2.0"'));
    const logs = ['prod', 'staging'].map((e) => sb.read(app, `.git/shipver/deploys/${e}-1.2.0.log`)).join('\n');
    expect(logs).toContain('rebasing and trying again');
  });

  it('shipver envs reads the running version from the ops repository', () => {
    release(); // 1.3.0, not deployed
    const r = sb.shipver(app, ['envs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const prod = JSON.parse(r.stdout).find((x: { env: string }) => x.env === 'prod');
    expect(prod).toMatchObject({ source: 'gitops', running: '1.2.0', latest: '1.3.0', releasesBehind: 1 });
    expect(prod.notDeployed.map((c: { header: string }) => c.header)).toContain('feat: a change');
  });
});
