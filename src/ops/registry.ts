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
import { ExitCode, ShipverError } from '../errors.js';
import { lookupCredentials } from './docker-config.js';
import { badRef, isLoopbackHost, parseImageRef } from './image-ref.js';
import { authError, authorizationFor } from './registry-auth.js';
import { send, statusError, type Response } from './registry-http.js';
import { Scrubber } from './scrubber.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DEFAULT_TIMEOUT_MS = 20_000;

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
  const authorization = await authorizationFor(res, image, lookup, { deadline, timeoutMs, allowHttp }, scrubber);
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
