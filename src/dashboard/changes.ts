// The changes an environment lacks, as the page shows them: each with a link to its commit,
// grouped by the release that carries it and by kind; and the links to commits and tags.
import type { EnvRow } from '../deploy/env-rows.js';
import { urlFormats, type RemoteInfo } from '../changelog/remote.js';

export type Change = EnvRow['notDeployed'][number];

export interface LinkedChange extends Change {
  /** the commit on GitHub/GitLab; null for other remotes */
  url: string | null;
}

/** Changes of one release (tag null: not released yet), by kind. */
export interface ReleaseGroup {
  tag: string | null;
  version: string | null;
  breaking: LinkedChange[];
  features: LinkedChange[];
  /** fixes and performance changes */
  fixes: LinkedChange[];
}

export function commitUrl(remote: RemoteInfo | null, sha: string): string | null {
  if (!remote || !/^[0-9a-f]{7,64}$/.test(sha)) return null;
  return urlFormats(remote.kind)
    .commitUrlFormat.replace('{{host}}', remote.host)
    .replace('{{owner}}', remote.owner)
    .replace('{{repository}}', remote.repository)
    .replace('{{hash}}', sha);
}

export function tagUrl(remote: RemoteInfo | null, tag: string): string | null {
  if (!remote) return null;
  const base = `${remote.host}/${remote.owner}/${remote.repository}`;
  return remote.kind === 'github' ? `${base}/releases/tag/${encodeURIComponent(tag)}` : `${base}/-/tags/${encodeURIComponent(tag)}`;
}

/** Changes by the release that carries them (in the order given: oldest release first, unreleased last) and by kind. */
export function groupChanges(changes: LinkedChange[], versionOf: (tag: string) => string | null): ReleaseGroup[] {
  const groups = new Map<string, ReleaseGroup>();
  // envs lists them newest first within a release, releases oldest first: keep the releases' order
  for (const ch of changes) {
    const key = ch.releasedIn ?? '\0unreleased';
    let g = groups.get(key);
    if (!g) {
      g = { tag: ch.releasedIn, version: ch.releasedIn ? versionOf(ch.releasedIn) : null, breaking: [], features: [], fixes: [] };
      groups.set(key, g);
    }
    (ch.kind === 'breaking' ? g.breaking : ch.kind === 'feat' ? g.features : g.fixes).push(ch);
  }
  const list = [...groups.values()];
  // newest release first, unreleased on top: what a reader asks first is "what is newest"
  return [...list.filter((g) => !g.tag), ...list.filter((g) => g.tag).reverse()];
}
