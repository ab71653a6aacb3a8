// Does IMAGE:TAG exist in its registry? One HEAD request over the OCI distribution API
// (plus the auth round-trip a registry asks for), so an ops Makefile can skip a build.
//
// - https by default; plain http for a loopback registry (127.0.0.0/8, localhost, ::1)
//   or when the caller says the registry is insecure.
// - Anonymous first. On 401 the registry's challenge decides: Bearer → a token from the
//   realm (with basic credentials when the Docker config has some), Basic → basic auth.
// - Credentials come from the Docker config file (auths[host].auth). Credential helpers
//   (credHelpers/credsStore) are not run; when they are all there is, the auth error says so.
// - Nothing secret (password, auth string, token) ever lands in a message: every error
//   leaving this module is scrubbed.
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ExitCode, ShipverError, errnoCode, usageError } from '../errors.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DEFAULT_TIMEOUT_MS = 20_000;
const USER_AGENT = 'shipver (ops image-exists)';

/** A valid OCI / Docker tag. */
export const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN_RE = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$`);

export interface ImageRef {
  /** the registry as named in the reference (docker.io for Docker Hub) */
  registry: string;
  /** host[:port] the API is asked at (registry-1.docker.io for Docker Hub) */
  apiHost: string;
  /** repository path inside the registry (library/nginx) */
  repository: string;
  /** tag, or null when the reference has none */
  tag: string | null;
  /** digest, or null */
  digest: string | null;
  /** the name as written, without tag and digest */
  name: string;
}

function badRef(ref: string, why: string, hint?: string): ShipverError {
  return usageError('E_IMAGE_REF', `"${printable(ref)}" is not a valid image reference: ${why}`, hint ?? 'write it as [REGISTRY[:PORT]/]REPOSITORY:TAG, e.g. registry.example.org:5000/team/app:1.2.0');
}

function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 200);
}

/**
 * Splits a name (no tag, no digest) into registry and repository the way Docker does:
 * the first component is a registry when it has a "." or ":", is "localhost", or has an
 * upper-case letter; otherwise the name is on Docker Hub, under library/ when it has no "/".
 */
export function splitRegistry(name: string): { registry: string; repository: string } {
  const i = name.indexOf('/');
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    return { registry: DOCKER_HUB, repository: i === -1 ? `library/${name}` : name };
  }
  const registry = first === 'index.docker.io' ? DOCKER_HUB : first;
  const rest = name.slice(i + 1);
  return { registry, repository: registry === DOCKER_HUB && !rest.includes('/') ? `library/${rest}` : rest };
}

/** Splits "name[:tag][@digest]" leniently (no validation); the tag's ":" is after the last "/". */
export function splitTagDigest(ref: string): { name: string; tag: string | null; digest: string | null } {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, tag: null, digest };
}

/** Parses and validates an image reference (tag and digest optional here). */
export function parseImageRef(ref: string): ImageRef {
  if (ref.length === 0) throw badRef(ref, 'it is empty');
  if (ref.length > 512) throw badRef(ref, 'it is too long');
  if (/[\s\x00-\x1f\x7f]/.test(ref)) throw badRef(ref, 'it contains spaces or control characters');
  if (ref.startsWith('-')) throw badRef(ref, 'it starts with "-"');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) throw badRef(ref, 'it is a URL', 'leave out the scheme: registry.example.org/app:1.0 (use --insecure for plain http)');
  const { name, tag, digest } = splitTagDigest(ref);
  const { registry, repository } = splitRegistry(name);
  if (registry !== DOCKER_HUB && !DOMAIN_RE.test(registry)) throw badRef(ref, `"${registry}" is not a valid registry host`);
  const portMatch = /:(\d+)$/.exec(registry);
  if (portMatch && (Number(portMatch[1]) < 1 || Number(portMatch[1]) > 65535)) throw badRef(ref, `port ${portMatch[1]} is out of range`);
  if (!repository) throw badRef(ref, 'the repository is missing');
  for (const c of repository.split('/')) {
    if (!PATH_COMPONENT_RE.test(c)) {
      throw badRef(ref, `"${c}" is not a valid repository path component (lower-case letters, digits, ".", "_", "-")`);
    }
  }
  if (repository.length > 255) throw badRef(ref, 'the repository name is longer than 255 characters');
  if (tag !== null && !TAG_RE.test(tag)) throw badRef(ref, `"${printable(tag)}" is not a valid tag (letters, digits, "_", ".", "-"; at most 128)`);
  if (digest !== null && !DIGEST_RE.test(digest)) throw badRef(ref, `"${printable(digest)}" is not a valid digest (e.g. sha256:<64 hex digits>)`);
  return { registry, apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry, repository, tag, digest, name };
}

/** host (without port and brackets) is on the loopback interface. */
export function isLoopbackHost(hostPort: string): boolean {
  let host = hostPort;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracket) host = bracket[1]!;
  else host = host.replace(/:\d+$/, '');
  host = host.toLowerCase();
  return host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

// ---------------------------------------------------------------------------------------
// Secrets

/** Collects every secret seen during one call and removes them from any text. */
class Scrubber {
  private readonly secrets = new Set<string>();

  add(s: string | undefined | null): void {
    // Very short strings would scrub ordinary words; nobody's password is 3 characters.
    if (s && s.length >= 4) {
      this.secrets.add(s);
      this.secrets.add(encodeURIComponent(s));
    }
  }

  scrub(text: string): string {
    let out = text;
    // longest first, so a secret containing another is removed whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
  }

  error(e: unknown): ShipverError {
    if (e instanceof ShipverError) {
      return new ShipverError(e.code, this.scrub(e.message), {
        exitCode: e.exitCode,
        hint: e.hint === undefined ? undefined : this.scrub(e.hint),
        details: e.details.map((d) => this.scrub(d)),
      });
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new ShipverError('E_REGISTRY', `asking the registry failed: ${this.scrub(msg)}`, { exitCode: ExitCode.Usage });
  }
}

// ---------------------------------------------------------------------------------------
// Docker config

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface CredentialLookup {
  credentials: RegistryCredentials | null;
  /** why there are none although the config mentions the registry (a credential helper) */
  note: string | null;
  /** the config file read, or null when there is none */
  file: string | null;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_CONFIG) return path.join(env.DOCKER_CONFIG, 'config.json');
  return path.join(env.HOME || os.homedir(), '.docker', 'config.json');
}

/** The host a Docker config `auths` key names: "https://index.docker.io/v1/" → "index.docker.io". */
function authKeyHost(key: string): string {
  return key
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function hostAliases(registry: string): string[] {
  const r = registry.toLowerCase();
  return r === DOCKER_HUB ? [DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API] : [r];
}

/** Reads the credentials for a registry from the Docker config file. Never puts a secret in an error. */
export function lookupCredentials(registry: string, env: NodeJS.ProcessEnv): CredentialLookup {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return { credentials: null, note: null, file: null };
    throw usageError('E_DOCKER_CONFIG', `cannot read the Docker config ${file} (${errnoCode(e) ?? 'error'})`, "check the file's permissions, or point DOCKER_CONFIG elsewhere");
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which holds secrets: say only where.
    throw usageError('E_DOCKER_CONFIG', `the Docker config ${file} is not valid JSON`, 'fix the file (docker login rewrites it), or point DOCKER_CONFIG elsewhere');
  }
  if (typeof config !== 'object' || config === null) return { credentials: null, note: null, file };
  const c = config as { auths?: unknown; credHelpers?: unknown; credsStore?: unknown };
  const aliases = hostAliases(registry);
  if (typeof c.auths === 'object' && c.auths !== null) {
    for (const [key, entry] of Object.entries(c.auths as Record<string, unknown>)) {
      if (!aliases.includes(authKeyHost(key)) || typeof entry !== 'object' || entry === null) continue;
      const creds = entryCredentials(entry as Record<string, unknown>);
      if (creds) return { credentials: creds, note: null, file };
    }
  }
  let note: string | null = null;
  if (typeof c.credHelpers === 'object' && c.credHelpers !== null) {
    const helper = Object.entries(c.credHelpers as Record<string, unknown>).find(([k]) => aliases.includes(authKeyHost(k)));
    if (helper) note = `${file} names the credential helper "docker-credential-${String(helper[1])}" for ${registry}; shipver does not run credential helpers`;
  }
  if (!note && typeof c.credsStore === 'string' && c.credsStore) {
    note = `${file} keeps credentials in the store "docker-credential-${c.credsStore}"; shipver does not run credential helpers`;
  }
  return { credentials: null, note, file };
}

function entryCredentials(entry: Record<string, unknown>): RegistryCredentials | null {
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username) {
    return { username: entry.username, password: entry.password };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// HTTP

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface RequestSpec {
  url: URL;
  method: 'HEAD' | 'GET';
  headers: Record<string, string>;
  deadline: number;
  timeoutMs: number;
}

const TLS_CODES = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$|ERR_OSSL)/;

function request(spec: RequestSpec): Promise<Response> {
  const remaining = spec.deadline - Date.now();
  if (remaining <= 0) return Promise.reject(timeoutError(spec.url, spec.timeoutMs));
  const mod = spec.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(spec.url, { method: spec.method, headers: { 'User-Agent': USER_AGENT, ...spec.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= 1024 * 1024) chunks.push(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => reject(connectError(spec.url, e)));
    });
    const timer = setTimeout(() => req.destroy(timeoutError(spec.url, spec.timeoutMs)), remaining);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof ShipverError ? e : connectError(spec.url, e));
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

function timeoutError(url: URL, timeoutMs: number): ShipverError {
  return new ShipverError('E_REGISTRY_UNREACHABLE', `${url.host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, {
    exitCode: ExitCode.Usage,
    hint: 'check that the registry is up and reachable from here (or raise --timeout)',
  });
}

function connectError(url: URL, e: unknown): ShipverError {
  const code = errnoCode(e) ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  if (TLS_CODES.test(code)) {
    return new ShipverError('E_REGISTRY_TLS', `TLS with ${url.host} failed: ${msg}`, {
      exitCode: ExitCode.Usage,
      hint: "the registry's certificate did not verify, or it does not speak TLS: for a registry on plain http use --insecure",
    });
  }
  const what =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ECONNRESET' ? 'connection reset'
    : msg;
  const httpsToHttp = url.protocol === 'https:' && (code === 'ECONNRESET' || /wrong version number|packet length too long/i.test(msg));
  return new ShipverError('E_REGISTRY_UNREACHABLE', `cannot reach the registry at ${url.protocol}//${url.host}: ${what}`, {
    exitCode: ExitCode.Usage,
    hint: httpsToHttp
      ? 'the registry may speak plain http: use --insecure'
      : 'check the registry host and port, and that the registry is running',
  });
}

/** GET/HEAD following up to 5 redirects; Authorization is dropped when a redirect leaves the origin. */
async function send(spec: RequestSpec, allowHttp: boolean): Promise<Response> {
  let current = spec;
  for (let hop = 0; ; hop++) {
    const res = await request(current);
    if (![301, 302, 303, 307, 308].includes(res.status) || typeof res.headers.location !== 'string') return res;
    if (hop >= 5) throw statusError(current.url, res, 'redirects too often');
    const next = new URL(res.headers.location, current.url);
    if (next.protocol !== 'https:' && !(next.protocol === 'http:' && (allowHttp || isLoopbackHost(next.host)))) {
      throw new ShipverError('E_REGISTRY_REDIRECT', `${current.url.host} redirects to ${next.protocol}//${next.host}, which shipver does not follow`, {
        exitCode: ExitCode.Usage,
        hint: 'only https redirects are followed (plain http with --insecure)',
      });
    }
    const headers = { ...current.headers };
    if (next.origin !== current.url.origin) delete headers.Authorization;
    current = { ...current, url: next, method: res.status === 303 ? 'GET' : current.method, headers };
  }
}

/** The registry's own error text (JSON `errors[].message` or the start of the body). */
function registryMessage(body: string): string {
  if (!body) return '';
  try {
    const j = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }>; error?: string; details?: string };
    if (Array.isArray(j.errors) && j.errors.length) {
      return j.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ').slice(0, 300);
    }
    if (typeof j.error === 'string') return [j.error, j.details].filter(Boolean).join(': ').slice(0, 300);
  } catch {
    /* not JSON */
  }
  return printable(body.trim().replace(/\s+/g, ' ')).slice(0, 200);
}

function statusError(url: URL, res: Response, what?: string): ShipverError {
  const said = registryMessage(res.body);
  const server = res.status >= 500;
  return new ShipverError(
    server ? 'E_REGISTRY_SERVER' : 'E_REGISTRY_STATUS',
    `${url.host} answered ${res.status}${what ? ` (${what})` : ''}${said ? `: ${said}` : ''}`,
    {
      exitCode: ExitCode.Usage,
      hint: server ? 'the registry has a problem; try again later' : 'check the image name and the registry address',
    },
  );
}

// ---------------------------------------------------------------------------------------
// WWW-Authenticate

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a WWW-Authenticate header: one or more challenges (`Scheme k=v, k="v, with commas"`,
 * several challenges separated by commas). Scheme and parameter names come back lower-case.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const s = header;
  const isWs = (ch: string | undefined) => ch === ' ' || ch === '\t';
  let current: Challenge | null = null;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === ',' || isWs(s[i]))) i++;
    const tok = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/.exec(s.slice(i));
    if (!tok) break;
    const word = tok[0];
    let j = i + word.length;
    while (isWs(s[j])) j++;
    if (s[j] === '=' && current) {
      j++;
      while (isWs(s[j])) j++;
      let value = '';
      if (s[j] === '"') {
        j++;
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\\' && j + 1 < s.length) j++;
          value += s[j];
          j++;
        }
        j++;
      } else {
        value = /^[^,\s]*/.exec(s.slice(j))![0];
        j += value.length;
      }
      current.params[word.toLowerCase()] = value;
      i = j;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
      i += word.length;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// imageExists

export interface ImageExistsOptions {
  /** plain http even for a non-loopback registry */
  insecure?: boolean;
  env: NodeJS.ProcessEnv;
  /** the whole call, all requests included (default 20 s) */
  timeoutMs?: number;
}

/**
 * true when the registry has a manifest for IMAGE:TAG (or IMAGE@DIGEST), false when it
 * answers 404. Anything else (unreachable, TLS, 5xx, access denied, a bad reference)
 * throws a ShipverError with exit code 2, with every credential scrubbed from it.
 */
export async function imageExists(ref: string, opts: ImageExistsOptions): Promise<boolean> {
  const scrubber = new Scrubber();
  try {
    return await ask(ref, opts, scrubber);
  } catch (e) {
    throw scrubber.error(e);
  }
}

async function ask(ref: string, opts: ImageExistsOptions, scrubber: Scrubber): Promise<boolean> {
  const image = parseImageRef(ref);
  const reference = image.digest ?? image.tag;
  if (!reference) throw badRef(ref, 'it has no tag', `add the tag to ask about: ${image.name}:1.2.0`);
  const allowHttp = Boolean(opts.insecure) || isLoopbackHost(image.apiHost);
  const scheme = allowHttp ? 'http' : 'https';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const url = new URL(`${scheme}://${image.apiHost}/v2/${image.repository}/manifests/${reference}`);
  const base = { url, method: 'HEAD' as const, deadline, timeoutMs, headers: { Accept: MANIFEST_ACCEPT } };

  let res = await send(base, allowHttp);
  if (res.status !== 401) return answer(url, res);

  const lookup = lookupCredentials(image.registry, opts.env);
  const creds = lookup.credentials;
  if (creds) {
    scrubber.add(creds.password);
    scrubber.add(creds.username + ':' + creds.password);
    scrubber.add(Buffer.from(`${creds.username}:${creds.password}`).toString('base64'));
  }
  const header = res.headers['www-authenticate'];
  const challenges = parseChallenges(Array.isArray(header) ? header.join(', ') : (header ?? ''));
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  const basic = challenges.find((c) => c.scheme === 'basic');
  let authorization: string;
  if (bearer) {
    const token = await fetchToken(bearer, image, lookup, { deadline, timeoutMs, allowHttp }, scrubber);
    authorization = `Bearer ${token}`;
  } else if (basic) {
    if (!creds) throw authError(image, lookup, 'requires a login (basic auth)');
    authorization = 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
  } else {
    throw authError(image, lookup, `asks for an authentication scheme shipver does not speak (${challenges.map((c) => c.scheme).join(', ') || 'none given'})`);
  }
  res = await send({ ...base, headers: { ...base.headers, Authorization: authorization } }, allowHttp);
  if (res.status === 401 || res.status === 403) {
    throw authError(image, lookup, creds ? 'refused the credentials from the Docker config' : 'requires a login', res);
  }
  return answer(url, res);
}

function answer(url: URL, res: Response): boolean {
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  if (res.status === 403) {
    throw new ShipverError('E_REGISTRY_AUTH', `${url.host} denied access (403)`, { exitCode: ExitCode.Usage, hint: 'check the credentials in the Docker config (docker login)' });
  }
  throw statusError(url, res);
}

function loginHint(image: ImageRef, lookup: CredentialLookup): string {
  if (lookup.note) {
    return `${lookup.note}: add an "auths" entry for ${image.registry} with "auth" (base64 of user:password) to the Docker config, e.g. with docker login and no credential helper`;
  }
  if (lookup.credentials) return `check the credentials for ${image.registry} in ${lookup.file} (docker login ${image.registry})`;
  return `log in with docker login ${image.registry} (shipver reads auths from ${lookup.file ?? 'the Docker config: $DOCKER_CONFIG/config.json or ~/.docker/config.json'})`;
}

function authError(image: ImageRef, lookup: CredentialLookup, what: string, res?: Response): ShipverError {
  const said = res ? registryMessage(res.body) : '';
  return new ShipverError('E_REGISTRY_AUTH', `${image.registry} ${what}${said ? `: ${said}` : ''}`, { exitCode: ExitCode.Usage, hint: loginHint(image, lookup) });
}

async function fetchToken(
  challenge: Challenge,
  image: ImageRef,
  lookup: CredentialLookup,
  t: { deadline: number; timeoutMs: number; allowHttp: boolean },
  scrubber: Scrubber,
): Promise<string> {
  const creds = lookup.credentials;
  const realm = challenge.params.realm;
  let realmUrl: URL;
  try {
    if (!realm) throw new Error('no realm');
    realmUrl = new URL(realm);
    if (realmUrl.protocol !== 'https:' && realmUrl.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new ShipverError('E_REGISTRY_AUTH', `${image.registry} sent a bearer challenge without a usable realm`, { exitCode: ExitCode.Usage, hint: 'the registry is misconfigured' });
  }
  const plain = realmUrl.protocol === 'http:';
  if (plain && creds && !t.allowHttp && !isLoopbackHost(realmUrl.host)) {
    throw new ShipverError('E_REGISTRY_AUTH', `${image.registry} asks for credentials over plain http (${realmUrl.host}); shipver does not send them`, {
      exitCode: ExitCode.Usage,
      hint: 'use --insecure only if you trust that network',
    });
  }
  if (challenge.params.service) realmUrl.searchParams.set('service', challenge.params.service);
  const scope = challenge.params.scope || `repository:${image.repository}:pull`;
  for (const s of scope.split(' ').filter(Boolean)) realmUrl.searchParams.append('scope', s);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (creds) headers.Authorization = 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
  const res = await send({ url: realmUrl, method: 'GET', headers, deadline: t.deadline, timeoutMs: t.timeoutMs }, t.allowHttp);
  // The body holds the token: scrub it before anything can quote it.
  let token = '';
  try {
    const j = JSON.parse(res.body) as { token?: unknown; access_token?: unknown; refresh_token?: unknown };
    token = typeof j.token === 'string' && j.token ? j.token : typeof j.access_token === 'string' ? j.access_token : '';
    if (typeof j.refresh_token === 'string') scrubber.add(j.refresh_token);
  } catch {
    /* not JSON */
  }
  scrubber.add(token);
  if (res.status === 401 || res.status === 403) {
    const said = registryMessage(res.body);
    throw new ShipverError('E_REGISTRY_AUTH', `the token service ${realmUrl.host} refused ${creds ? 'the credentials from the Docker config' : 'an anonymous token'} (${res.status})${said ? `: ${said}` : ''}`, {
      exitCode: ExitCode.Usage,
      hint: loginHint(image, lookup),
    });
  }
  if (res.status !== 200) throw statusError(realmUrl, res, 'token service');
  if (!token) {
    throw new ShipverError('E_REGISTRY_AUTH', `the token service ${realmUrl.host} answered without a token`, { exitCode: ExitCode.Usage, hint: 'the registry is misconfigured' });
  }
  return token;
}
