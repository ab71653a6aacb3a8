// Image references as Docker reads them: [REGISTRY[:PORT]/]REPOSITORY[:TAG][@DIGEST],
// with Docker Hub's defaults (docker.io, library/), validated before any request is made.
import { printable } from '../text.js';
import { ShipverError, usageError } from '../errors.js';

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

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

export function badRef(ref: string, why: string, hint?: string): ShipverError {
  return usageError('E_IMAGE_REF', `"${shortPrintable(ref)}" is not a valid image reference: ${why}`, hint ?? 'write it as [REGISTRY[:PORT]/]REPOSITORY:TAG, e.g. registry.example.org:5000/team/app:1.2.0');
}

/** Outside text in a message: printable (src/text.ts), at most 200 characters. */
export function shortPrintable(s: string): string {
  return printable(s).slice(0, 200);
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
  if (tag !== null && !TAG_RE.test(tag)) throw badRef(ref, `"${shortPrintable(tag)}" is not a valid tag (letters, digits, "_", ".", "-"; at most 128)`);
  if (digest !== null && !DIGEST_RE.test(digest)) throw badRef(ref, `"${shortPrintable(digest)}" is not a valid digest (e.g. sha256:<64 hex digits>)`);
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
