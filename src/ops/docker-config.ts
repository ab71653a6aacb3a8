// Registry credentials from the Docker config file (auths[host].auth). Credential helpers
// (credHelpers/credsStore) are not run; when they are all there is, the lookup says so.
// Never puts a secret in an error.
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { errnoCode, usageError } from '../errors.js';
import { DOCKER_HUB, DOCKER_HUB_API } from './image-ref.js';

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
