// Registry authentication: the WWW-Authenticate challenge parsed, a bearer token fetched
// from the challenge's realm (with basic credentials when the Docker config has some), and
// the errors that say how to log in.
import { ExitCode, ShipverError } from '../errors.js';
import type { CredentialLookup, RegistryCredentials } from './docker-config.js';
import { isLoopbackHost, type ImageRef } from './image-ref.js';
import { registryMessage, send, statusError, type Response } from './registry-http.js';
import type { Scrubber } from './scrubber.js';

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

/** The request limits of a check, and whether plain http may carry it. */
interface Limits {
  deadline: number;
  timeoutMs: number;
  allowHttp: boolean;
}

const basicAuth = (creds: RegistryCredentials): string => 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64');

/** The Authorization header for a registry's 401: the scheme its challenge asks for. */
export async function authorizationFor(res: Response, image: ImageRef, lookup: CredentialLookup, t: Limits, scrubber: Scrubber): Promise<string> {
  const creds = lookup.credentials;
  const header = res.headers['www-authenticate'];
  const challenges = parseChallenges(Array.isArray(header) ? header.join(', ') : (header ?? ''));
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  const basic = challenges.find((c) => c.scheme === 'basic');
  if (bearer) return `Bearer ${await fetchToken(bearer, image, lookup, t, scrubber)}`;
  if (basic) {
    if (!creds) throw authError(image, lookup, 'requires a login (basic auth)');
    return basicAuth(creds);
  }
  throw authError(image, lookup, `asks for an authentication scheme shipver does not speak (${challenges.map((c) => c.scheme).join(', ') || 'none given'})`);
}

function loginHint(image: ImageRef, lookup: CredentialLookup): string {
  if (lookup.note) {
    return `${lookup.note}: add an "auths" entry for ${image.registry} with "auth" (base64 of user:password) to the Docker config, e.g. with docker login and no credential helper`;
  }
  if (lookup.credentials) return `check the credentials for ${image.registry} in ${lookup.file} (docker login ${image.registry})`;
  return `log in with docker login ${image.registry} (shipver reads auths from ${lookup.file ?? 'the Docker config: $DOCKER_CONFIG/config.json or ~/.docker/config.json'})`;
}

export function authError(image: ImageRef, lookup: CredentialLookup, what: string, res?: Response): ShipverError {
  const said = res ? registryMessage(res.body) : '';
  return new ShipverError('E_REGISTRY_AUTH', `${image.registry} ${what}${said ? `: ${said}` : ''}`, { exitCode: ExitCode.Usage, hint: loginHint(image, lookup) });
}

async function fetchToken(challenge: Challenge, image: ImageRef, lookup: CredentialLookup, t: Limits, scrubber: Scrubber): Promise<string> {
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
  if (creds) headers.Authorization = basicAuth(creds);
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
