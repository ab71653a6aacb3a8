// ops image-exists against Debian's docker-registry on 127.0.0.1 (anonymous and htpasswd
// basic auth), and against a bearer-token emulator; credentials never show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { MANIFEST_ACCEPT, imageExists } from '../../src/ops/registry.js';
import { isLoopbackHost, parseImageRef } from '../../src/ops/image-ref.js';
import { lookupCredentials } from '../../src/ops/docker-config.js';
import { parseChallenges } from '../../src/ops/registry-auth.js';
import { runImageExists } from '../../src/commands/ops.js';
import { ExitCode, ShipverError } from '../../src/errors.js';
import {
  DOCKER_MANIFEST,
  bcryptHash,
  freePort,
  pushImage,
  startRegistry,
  startTokenRegistry,
  writeDockerConfig,
  type RunningRegistry,
} from '../helpers/registry.js';
import { errorText, expectError, memIo } from './helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'shipver-registry-test-'));
/** An env with no Docker config at all. */
const noConfig: NodeJS.ProcessEnv = { HOME: path.join(tmp, 'nohome'), DOCKER_CONFIG: path.join(tmp, 'no-docker-config') };

const USER = 'deployer';
const PASSWORD = 'pa55-w0rd-Zq8!x';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Nothing secret in what the user sees. */
function expectNoSecrets(text: string, extra: string[] = []): void {
  for (const s of [PASSWORD, BASIC, `${USER}:${PASSWORD}`, ...extra]) expect(text).not.toContain(s);
}

describe('image references', () => {
  it.each([
    ['nginx:1.25', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx', tag: '1.25' }],
    ['acme/app:2', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'acme/app', tag: '2' }],
    ['docker.io/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1' }],
    ['index.docker.io/acme/app:1', { registry: 'docker.io', repository: 'acme/app' }],
    ['registry.example.org:5000/team/hub:1.2.0', { registry: 'registry.example.org:5000', apiHost: 'registry.example.org:5000', repository: 'team/hub', tag: '1.2.0' }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/a/b/c:v1', { registry: 'localhost:5000', repository: 'a/b/c', tag: 'v1' }],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', repository: 'app' }],
    ['ghcr.io/acme/app@sha256:' + 'a'.repeat(64), { registry: 'ghcr.io', repository: 'acme/app', tag: null, digest: 'sha256:' + 'a'.repeat(64) }],
    ['app', { tag: null, repository: 'library/app' }],
  ])('parses %s', (ref, expected) => {
    expect(parseImageRef(ref)).toMatchObject(expected);
  });

  it.each([['', 'empty'], ['App:1', 'upper case'], ['app:bad tag', 'space'], ['-app:1', 'option'], ['app:1;id', 'shell'], ['app:$(id)', 'shell'], ['https://r.example/app:1', 'URL'], ['a..b/app:1', 'host'], ['app@sha256:xyz', 'digest'], ['r.example:99999/app:1', 'port']])(
    'refuses %j (%s)',
    (ref) => {
      expect(() => parseImageRef(ref)).toThrow(ShipverError);
    },
  );

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1:5000', 'localhost', 'LOCALHOST:80', '[::1]:5000', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['registry.example.org', '10.0.0.1:5000', '128.0.0.1', 'localhost.example.org']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('parses WWW-Authenticate challenges with commas inside quotes', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:acme/app:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:acme/app:pull,push' } },
    ]);
    expect(parseChallenges('Basic realm="Registry Realm", Bearer realm=https://x/token')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://x/token' } },
    ]);
  });

  it('reads credentials from the Docker config, including the Docker Hub key', () => {
    const dir = path.join(tmp, 'cfg-hub');
    writeDockerConfig(dir, { 'https://index.docker.io/v1/': { user: USER, password: PASSWORD }, 'http://127.0.0.1:5000': { user: 'x', password: 'y:z' } });
    expect(lookupCredentials('docker.io', { DOCKER_CONFIG: dir }).credentials).toEqual({ username: USER, password: PASSWORD });
    expect(lookupCredentials('127.0.0.1:5000', { DOCKER_CONFIG: dir }).credentials).toEqual({ username: 'x', password: 'y:z' });
    expect(lookupCredentials('ghcr.io', { DOCKER_CONFIG: dir }).credentials).toBeNull();
    // ~/.docker/config.json without DOCKER_CONFIG
    const home = path.join(tmp, 'home-cfg');
    writeDockerConfig(path.join(home, '.docker'), { 'ghcr.io': { user: USER, password: PASSWORD } });
    expect(lookupCredentials('ghcr.io', { HOME: home }).credentials).toEqual({ username: USER, password: PASSWORD });
  });

  it('a broken Docker config is an error that does not quote it', () => {
    const dir = path.join(tmp, 'cfg-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), `{"auths": {"r": {"auth": "${BASIC}"}`);
    try {
      lookupCredentials('r', { DOCKER_CONFIG: dir });
      expect.unreachable();
    } catch (e) {
      expect((e as ShipverError).code).toBe('E_DOCKER_CONFIG');
      expectNoSecrets(errorText(e as ShipverError));
    }
  });
});

describe('bcrypt for the htpasswd file', () => {
  it('matches known $2b$ hashes', () => {
    // checked against libcrypt: crypt.crypt('s3cret-pass', '$2b$04$KBCwKxOzLha2MUDgW0PjXe')
    expect(bcryptHash('s3cret-pass', 4, Buffer.from('0123456789abcdef'))).toBe('$2b$04$KBCwKxOzLha2MUDgW0PjXemwEKsVsLsc5Q3YryKJvrtJU5APX.Mlu');
    // the OpenBSD test vector for the empty password
    const salt = Buffer.from('144b3d691a7b4ecf39cf735c7fa7a79c', 'hex');
    expect(bcryptHash('', 6, salt)).toBe('$2b$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.');
  });
});

describe('against docker-registry on 127.0.0.1', () => {
  let reg: RunningRegistry;
  let digest: string;
  beforeAll(async () => {
    reg = await startRegistry();
    digest = await pushImage(reg, 'team/app', '1.0.0');
    await pushImage(reg, 'team/legacy', '2.0', { mediaType: DOCKER_MANIFEST });
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('a pushed tag exists (OCI and Docker v2 manifests, and by digest)', async () => {
    expect(await imageExists(`${reg.host}/team/app:1.0.0`, { env: noConfig })).toBe(true);
    expect(await imageExists(`${reg.host}/team/legacy:2.0`, { env: noConfig })).toBe(true);
    expect(await imageExists(`${reg.host}/team/app@${digest}`, { env: noConfig })).toBe(true);
  });

  it('an absent tag or repository does not', async () => {
    expect(await imageExists(`${reg.host}/team/app:1.0.1`, { env: noConfig })).toBe(false);
    expect(await imageExists(`${reg.host}/team/nope:1.0.0`, { env: noConfig })).toBe(false);
    expect(await imageExists(`localhost:${reg.port}/team/app:1.0.0`, { env: noConfig })).toBe(true);
  });

  it('ops image-exists: exit 0 present, 1 absent, one line or --json', async () => {
    let io = memIo(tmp, noConfig);
    expect(await runImageExists({}, [`${reg.host}/team/app:1.0.0`], io)).toBe(ExitCode.Ok);
    expect(io.out()).toBe(`${reg.host}/team/app:1.0.0 exists\n`);
    io = memIo(tmp, noConfig);
    expect(await runImageExists({}, [`${reg.host}/team/app:9.9.9`], io)).toBe(ExitCode.Refused);
    expect(io.out()).toBe(`${reg.host}/team/app:9.9.9 does not exist\n`);
    io = memIo(tmp, noConfig);
    expect(await runImageExists({ json: true }, [`${reg.host}/team/app:9.9.9`], io)).toBe(1);
    expect(JSON.parse(io.out())).toEqual({ image: `${reg.host}/team/app`, tag: '9.9.9', exists: false });
    io = memIo(tmp, noConfig);
    expect(await runImageExists({ json: true, insecure: true }, [`${reg.host}/team/app:1.0.0`], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ image: `${reg.host}/team/app`, tag: '1.0.0', exists: true });
  });

  it('exit 2 for bad usage: no tag, a bad reference, extra arguments, a bad --timeout', async () => {
    await expectError(runImageExists({}, [`${reg.host}/team/app`], memIo(tmp, noConfig)), 'E_IMAGE_REF', 2);
    await expectError(runImageExists({}, [`${reg.host}/team/app:1.0.0;id`], memIo(tmp, noConfig)), 'E_IMAGE_REF', 2);
    await expectError(runImageExists({}, ['a:1', 'b:2'], memIo(tmp, noConfig)), 'E_USAGE', 2);
    await expectError(runImageExists({}, [], memIo(tmp, noConfig)), 'E_USAGE', 2);
    await expectError(runImageExists({ timeout: 'soon' }, ['a:1'], memIo(tmp, noConfig)), 'E_USAGE', 2);
  });
});

describe('registry errors', () => {
  it('an unreachable registry is exit 2 with a hint', async () => {
    const port = await freePort();
    const e = await expectError(runImageExists({}, [`127.0.0.1:${port}/team/app:1.0.0`], memIo(tmp, noConfig)), 'E_REGISTRY_UNREACHABLE', 2);
    expect(e.message).toContain('connection refused');
  });

  it('a registry that does not answer in time is exit 2', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      const e = await expectError(runImageExists({ timeout: '0.3' }, [`127.0.0.1:${port}/app:1`], memIo(tmp, noConfig)), 'E_REGISTRY_UNREACHABLE', 2);
      // the server never answers: only the 0.3 s timer can end the request (a broken timer hangs the test)
      expect(e.message).toContain('did not answer within 0.3 s');
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('a 5xx is exit 2', async () => {
    const fake = await startTokenRegistry({ credentials: { user: USER, password: PASSWORD }, images: ['app:1'], manifestStatus: 503 });
    try {
      const cfg = writeDockerConfig(path.join(tmp, 'cfg-5xx'), { [fake.host]: { user: USER, password: PASSWORD } });
      const e = await expectError(imageExists(`${fake.host}/app:1`, { env: { DOCKER_CONFIG: cfg } }), 'E_REGISTRY_SERVER', 2);
      expect(e.message).toContain('503');
      expectNoSecrets(errorText(e), fake.tokens);
    } finally {
      await fake.stop();
    }
  });
});

describe('basic auth: docker-registry with htpasswd', () => {
  let reg: RunningRegistry;
  const auth = { user: USER, password: PASSWORD };
  beforeAll(async () => {
    reg = await startRegistry({ auth });
    await pushImage(reg, 'team/private', '3.1.0', { auth });
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('uses the credentials of the Docker config', async () => {
    const cfg = writeDockerConfig(path.join(tmp, 'cfg-basic'), { [`http://${reg.host}`]: auth });
    expect(await imageExists(`${reg.host}/team/private:3.1.0`, { env: { DOCKER_CONFIG: cfg } })).toBe(true);
    expect(await imageExists(`${reg.host}/team/private:3.2.0`, { env: { DOCKER_CONFIG: cfg } })).toBe(false);
    const io = memIo(tmp, { DOCKER_CONFIG: cfg });
    expect(await runImageExists({ json: true }, [`${reg.host}/team/private:3.1.0`], io)).toBe(0);
    expectNoSecrets(io.out() + io.err());
  });

  it('without credentials: exit 2, with a login hint', async () => {
    const e = await expectError(imageExists(`${reg.host}/team/private:3.1.0`, { env: noConfig }), 'E_REGISTRY_AUTH', 2);
    expect(e.hint).toContain('docker login');
  });

  it('wrong credentials: exit 2, and neither password nor auth string shows', async () => {
    const wrong = { user: USER, password: PASSWORD + '-old' };
    const cfg = writeDockerConfig(path.join(tmp, 'cfg-wrong'), { [reg.host]: wrong });
    const io = memIo(tmp, { DOCKER_CONFIG: cfg });
    const e = await expectError(runImageExists({}, [`${reg.host}/team/private:3.1.0`], io), 'E_REGISTRY_AUTH', 2);
    expectNoSecrets(errorText(e) + io.out() + io.err(), [wrong.password, Buffer.from(`${USER}:${wrong.password}`).toString('base64')]);
  });

  it('a config with only a credential helper says so', async () => {
    const dir = path.join(tmp, 'cfg-helper');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {}, credHelpers: { [reg.host]: 'secretservice' } }));
    const e = await expectError(imageExists(`${reg.host}/team/private:3.1.0`, { env: { DOCKER_CONFIG: dir } }), 'E_REGISTRY_AUTH', 2);
    expect(e.hint).toContain('docker-credential-secretservice');
    expect(e.hint).toContain('credential helpers');
  });
});

describe('bearer auth: token service emulator', () => {
  it('gets a token with the basic credentials of the Docker config, then asks again', async () => {
    const fake = await startTokenRegistry({ credentials: { user: USER, password: PASSWORD }, images: ['team/app:1.0.0'] });
    try {
      const cfg = writeDockerConfig(path.join(tmp, 'cfg-bearer'), { [fake.host]: { user: USER, password: PASSWORD } });
      const io = memIo(tmp, { DOCKER_CONFIG: cfg });
      expect(await runImageExists({}, [`${fake.host}/team/app:1.0.0`], io)).toBe(0);
      expect(await runImageExists({}, [`${fake.host}/team/app:2.0.0`], io)).toBe(1);
      expectNoSecrets(io.out() + io.err(), fake.tokens);
      const [anon, token, retry] = fake.requests;
      expect(anon).toMatchObject({ method: 'HEAD', url: '/v2/team/app/manifests/1.0.0' });
      expect(anon!.headers.authorization).toBeUndefined();
      expect(anon!.headers.accept).toBe(MANIFEST_ACCEPT);
      for (const t of ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json']) {
        expect(anon!.headers.accept).toContain(t);
      }
      expect(token!.url).toBe('/token?service=shipver-test&scope=repository%3Ateam%2Fapp%3Apull');
      expect(token!.headers.authorization).toBe(`Basic ${BASIC}`);
      expect(retry!.headers.authorization).toBe(`Bearer ${fake.tokens[0]}`);
    } finally {
      await fake.stop();
    }
  });

  it('asks for an anonymous token when there are no credentials', async () => {
    const fake = await startTokenRegistry({ anonymous: true, images: ['busybox:1.36'] });
    try {
      expect(await imageExists(`${fake.host}/busybox:1.36`, { env: noConfig })).toBe(true);
      expect(fake.requests[1]!.headers.authorization).toBeUndefined();
    } finally {
      await fake.stop();
    }
  });

  it('refused credentials: exit 2 with a hint', async () => {
    const fake = await startTokenRegistry({ credentials: { user: USER, password: 'other-password' }, images: [] });
    try {
      const cfg = writeDockerConfig(path.join(tmp, 'cfg-bearer-wrong'), { [fake.host]: { user: USER, password: PASSWORD } });
      const e = await expectError(imageExists(`${fake.host}/team/app:1.0.0`, { env: { DOCKER_CONFIG: cfg } }), 'E_REGISTRY_AUTH', 2);
      expect(e.message).toContain('refused the credentials');
      expectNoSecrets(errorText(e));
    } finally {
      await fake.stop();
    }
  });

  it('a token service that quotes the credentials back: they are scrubbed from the error', async () => {
    const fake = await startTokenRegistry({ credentials: { user: USER, password: PASSWORD }, images: [], tokenStatus: 500 });
    try {
      const cfg = writeDockerConfig(path.join(tmp, 'cfg-bearer-echo'), { [fake.host]: { user: USER, password: PASSWORD } });
      const io = memIo(tmp, { DOCKER_CONFIG: cfg });
      const e = await expectError(runImageExists({ json: true }, [`${fake.host}/team/app:1.0.0`], io), 'E_REGISTRY_SERVER', 2);
      expect(e.message).toContain('rejected Basic ***');
      expectNoSecrets(errorText(e) + io.out() + io.err());
    } finally {
      await fake.stop();
    }
  });
});

describe('the shell never sees a reference', () => {
  it('a hostile reference is refused before any request', async () => {
    for (const ref of ['app:1.0.0;touch pwned', 'app:$(id)', '--upload-pack=x', 'app:`id`']) {
      await expectError(runImageExists({}, [ref], memIo(tmp, noConfig)), 'E_IMAGE_REF', 2);
    }
    expect(() => execFileSync('test', ['-e', path.join(tmp, 'pwned')])).toThrow();
  });
});
