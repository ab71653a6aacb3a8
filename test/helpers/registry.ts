// Registries for the ops tests, all on 127.0.0.1:
// - startRegistry(): Debian's docker-registry (distribution v2) as a plain process on a
//   free port, with its own config and storage in a temp dir; optionally with htpasswd
//   (basic) auth, the bcrypt hash made here (apache2-utils is not installed and node has
//   no bcrypt, so a small bcrypt is below, checked against libcrypt's).
// - pushImage(): a tiny image pushed with plain HTTP requests (two blobs + a manifest).
// - startTokenRegistry(): a node http server that answers like a registry behind a bearer
//   token service (401 challenge → token endpoint with basic credentials → retry), since
//   docker-registry's own token auth needs a separate token server with signing certs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { which } from '../../scripts/preflight.mjs';

// Debian's docker-registry, or Fedora's docker-distribution (which names it `registry`):
// what scripts/preflight.mjs accepts for the tests
export const REGISTRY_BIN = process.env.SHIPVER_TEST_REGISTRY_BIN ?? which('docker-registry') ?? which('registry') ?? '/usr/bin/docker-registry';

export interface Credentials {
  user: string;
  password: string;
}

/** A free TCP port on 127.0.0.1 (a server on port 0, closed again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  /** 127.0.0.1:PORT, as written in an image reference */
  host: string;
  url: string;
  port: number;
  pid: number;
  dir: string;
  /** ms from spawn to the first answer of GET /v2/ */
  stop(): Promise<void>;
}

/** Starts docker-registry on a free loopback port; resolves once GET /v2/ answers. */
export async function startRegistry(opts: { auth?: Credentials } = {}): Promise<RunningRegistry> {
  if (!existsSync(REGISTRY_BIN)) {
    throw new Error(`${REGISTRY_BIN} is missing: node scripts/preflight.mjs test installs docker-registry, or prints the command for this system`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-registry-'));
  mkdirSync(path.join(dir, 'data'));
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
    '  delete:',
    '    enabled: true',
    'http:',
    '  addr: 127.0.0.1:PORT',
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (opts.auth) {
    const htpasswd = path.join(dir, 'htpasswd');
    writeFileSync(htpasswd, `${opts.auth.user}:${bcryptHash(opts.auth.password, 4)}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: shipver-test', `    path: ${JSON.stringify(htpasswd)}`);
  }
  // A port found free can be taken before the registry binds it: try a few.
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = path.join(dir, 'config.yml');
    writeFileSync(config, lines.join('\n').replace('PORT', String(port)) + '\n');
    const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString();
    });
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(child, url, 10_000);
    if (ready) {
      return {
        host: `127.0.0.1:${port}`,
        url,
        port,
        pid: child.pid!,
        dir,
        stop: async () => {
          await stopProcess(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopProcess(child);
    lastError = stderr;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`docker-registry did not start: ${lastError.slice(-2000)}`);
}

async function waitReady(child: ChildProcess, url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** SIGTERM by PID, SIGKILL after a timeout. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => {
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    try {
      process.kill(child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(kill);
      resolve();
    }
  });
}

// ---------------------------------------------------------------------------------------
// Pushing a tiny image with plain HTTP

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

function authHeader(auth?: Credentials): Record<string, string> {
  return auth ? { Authorization: 'Basic ' + Buffer.from(`${auth.user}:${auth.password}`).toString('base64') } : {};
}

async function pushBlob(base: string, name: string, data: Buffer, auth?: Credentials): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers: authHeader(auth) });
  await start.arrayBuffer();
  if (start.status !== 202) throw new Error(`blob upload start: ${start.status}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length), ...authHeader(auth) },
    body: data,
  });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`blob upload: ${put.status}`);
  return digest;
}

/**
 * Pushes a tiny image (an empty tar layer and its config) as NAME:TAG; returns the
 * manifest digest. `mediaType` picks an OCI or a Docker v2 manifest.
 */
export async function pushImage(
  reg: { url: string },
  name: string,
  tag: string,
  opts: { mediaType?: typeof OCI_MANIFEST | typeof DOCKER_MANIFEST; auth?: Credentials } = {},
): Promise<string> {
  const mediaType = opts.mediaType ?? OCI_MANIFEST;
  const oci = mediaType === OCI_MANIFEST;
  const tar = Buffer.alloc(1024); // an empty tar archive: two zero blocks
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { tag } }, rootfs: { type: 'layers', diff_ids: [sha256(tar)] } }),
  );
  const configDigest = await pushBlob(reg.url, name, config, opts.auth);
  const layerDigest = await pushBlob(reg.url, name, layer, opts.auth);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
      layers: [{ mediaType: oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: layerDigest }],
    }),
  );
  const res = await fetch(`${reg.url}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': mediaType, ...authHeader(opts.auth) },
    body: manifest,
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`manifest upload: ${res.status} ${body}`);
  return res.headers.get('docker-content-digest') ?? sha256(manifest);
}

// ---------------------------------------------------------------------------------------
// Docker config

/** Writes DIR/config.json with `auths` for each host (and optional extra keys); returns DIR. */
export function writeDockerConfig(dir: string, auths: Record<string, Credentials>, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  const entries = Object.fromEntries(
    Object.entries(auths).map(([host, c]) => [host, { auth: Buffer.from(`${c.user}:${c.password}`).toString('base64') }]),
  );
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: entries, ...extra }, null, 2));
  return dir;
}

// ---------------------------------------------------------------------------------------
// A bearer-token registry emulator

export interface TokenRegistry {
  host: string;
  url: string;
  /** every request seen: method, path, headers */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  /** tokens issued */
  tokens: string[];
  stop(): Promise<void>;
}

/**
 * A registry that wants a bearer token: HEAD /v2/<name>/manifests/<tag> without a valid
 * token → 401 `Bearer realm=".../token",service="shipver-test",scope="repository:<name>:pull"`;
 * GET /token with the right basic credentials (or anonymously when `anonymous`) → a token.
 * `images` lists the NAME:TAG that exist. `tokenStatus` forces the token endpoint's answer,
 * and its body then quotes the request's Authorization header (to test scrubbing).
 */
export async function startTokenRegistry(opts: {
  credentials?: Credentials;
  anonymous?: boolean;
  images: string[];
  tokenStatus?: number;
  manifestStatus?: number;
}): Promise<TokenRegistry> {
  const requests: TokenRegistry['requests'] = [];
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const u = new URL(req.url ?? '/', 'http://x');
    const realm = `http://${req.headers.host}/token`;
    if (u.pathname === '/token') {
      if (opts.tokenStatus) {
        res.writeHead(opts.tokenStatus, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: `rejected ${req.headers.authorization ?? ''}` }] }));
        return;
      }
      const expected = opts.credentials ? 'Basic ' + Buffer.from(`${opts.credentials.user}:${opts.credentials.password}`).toString('base64') : null;
      const authorized = req.headers.authorization === undefined ? Boolean(opts.anonymous) : req.headers.authorization === expected;
      if (!authorized) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
        return;
      }
      const token = 'tok-' + randomBytes(16).toString('hex');
      tokens.push(token);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(u.pathname);
    if (!m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (!tokens.some((t) => auth === `Bearer ${t}`)) {
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="${realm}",service="shipver-test",scope="repository:${m[1]}:pull"`,
        'Content-Type': 'application/json',
      });
      res.end();
      return;
    }
    if (opts.manifestStatus) {
      res.writeHead(opts.manifestStatus);
      res.end();
      return;
    }
    res.writeHead(opts.images.includes(`${m[1]}:${m[2]}`) ? 200 : 404, { 'Docker-Distribution-Api-Version': 'registry/2.0' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    tokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------
// bcrypt ($2b$), for the htpasswd file. Blowfish's initial state is the fractional part of
// pi (P-array: 18 words, S-boxes: 4 × 256 words), computed here with BigInt (Machin's
// formula) instead of pasting 4 KB of constants.

let PI_WORDS: Uint32Array | null = null;

function piWords(count: number): Uint32Array {
  const bits = BigInt(count * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: number): bigint => {
    const xx = BigInt(x * x);
    let power = one / BigInt(x);
    let sum = power;
    let k = 1n;
    let sign = -1n;
    while (power !== 0n) {
      power /= xx;
      sum += sign * (power / (2n * k + 1n));
      sign = -sign;
      k++;
    }
    return sum;
  };
  const pi = 16n * atanInv(5) - 4n * atanInv(239);
  const frac = (pi - 3n * one) >> 64n; // drop the guard bits
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = Number((frac >> BigInt((count - 1 - i) * 32)) & 0xffffffffn);
  return words;
}

const BCRYPT_B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += BCRYPT_B64[b0 >> 2];
    out += BCRYPT_B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 === undefined) break;
    out += BCRYPT_B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 === undefined) break;
    out += BCRYPT_B64[b2 & 63];
  }
  return out;
}

/** bcrypt hash of a password ($2b$, cost 4..31) with a given or random 16-byte salt. */
export function bcryptHash(password: string, cost = 4, salt: Buffer = randomBytes(16)): string {
  PI_WORDS ??= piWords(18 + 4 * 256);
  const P = PI_WORDS.slice(0, 18);
  const S = PI_WORDS.slice(18);
  const F = (x: number) => ((((S[x >>> 24]! + S[256 + ((x >>> 16) & 255)]!) >>> 0) ^ S[512 + ((x >>> 8) & 255)]!) + S[768 + (x & 255)]!) >>> 0;
  const lr = new Uint32Array(2);
  const encipher = () => {
    let l = lr[0]!;
    let r = lr[1]!;
    l ^= P[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^= F(l >>> 0) ^ P[i]!;
      l ^= F(r >>> 0) ^ P[i + 1]!;
    }
    lr[0] = (r ^ P[17]!) >>> 0;
    lr[1] = l >>> 0;
  };
  const stream = (data: Uint8Array) => {
    let pos = 0;
    return () => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = (w << 8) | data[pos]!;
        pos = (pos + 1) % data.length;
      }
      return w >>> 0;
    };
  };
  const expand = (key: Uint8Array, saltBytes: Uint8Array | null) => {
    const k = stream(key);
    for (let i = 0; i < 18; i++) P[i] = (P[i]! ^ k()) >>> 0;
    const s = saltBytes ? stream(saltBytes) : null;
    lr[0] = 0;
    lr[1] = 0;
    const fill = (arr: Uint32Array, n: number) => {
      for (let i = 0; i < n; i += 2) {
        if (s) {
          lr[0] = lr[0]! ^ s();
          lr[1] = lr[1]! ^ s();
        }
        encipher();
        arr[i] = lr[0]!;
        arr[i + 1] = lr[1]!;
      }
    };
    fill(P, 18);
    fill(S, 1024);
  };
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.from([0])]).subarray(0, 72);
  expand(key, salt);
  for (let i = 0; i < 2 ** cost; i++) {
    expand(key, null);
    expand(salt, null);
  }
  const magic = Buffer.from('OrpheanBeholderScryDoubt');
  const ctext = new Uint32Array(6);
  for (let i = 0; i < 6; i++) ctext[i] = magic.readUInt32BE(i * 4);
  for (let n = 0; n < 64; n++) {
    for (let i = 0; i < 6; i += 2) {
      lr[0] = ctext[i]!;
      lr[1] = ctext[i + 1]!;
      encipher();
      ctext[i] = lr[0]!;
      ctext[i + 1] = lr[1]!;
    }
  }
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(ctext[i]!, i * 4);
  return `$2b$${String(cost).padStart(2, '0')}$${bcryptBase64(salt)}${bcryptBase64(out.subarray(0, 23))}`;
}
