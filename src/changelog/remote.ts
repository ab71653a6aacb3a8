// Which web host (if any) the repository's `origin` points to, so the notes can link
// commits, issues and version comparisons. Only GitHub and GitLab are recognised;
// anything else (a local path, a bare repo on disk, an unknown host) gives null and
// the notes are plain text, never half-built links.
import type { Git } from '../git/git.js';

export type RemoteKind = 'github' | 'gitlab';

export interface RemoteInfo {
  kind: RemoteKind;
  /** scheme + host (+ port for https remotes), no trailing slash: 'https://github.com' */
  host: string;
  /** user or organisation; for GitLab the whole group path ('group/sub') */
  owner: string;
  /** the repository name, without '.git' */
  repository: string;
}

/** Host name → kind. github.com / gitlab.com, and self-hosted names whose first label says which. */
function kindOf(hostname: string): RemoteKind | null {
  const h = hostname.toLowerCase();
  if (h === 'github.com' || h === 'www.github.com' || h === 'ssh.github.com') return 'github';
  if (h === 'gitlab.com' || h === 'www.gitlab.com' || h === 'altssh.gitlab.com') return 'gitlab';
  if (/^github\.[a-z0-9.-]+$/.test(h)) return 'github'; // GitHub Enterprise Server, e.g. github.example.com
  if (/^gitlab\.[a-z0-9.-]+$/.test(h)) return 'gitlab'; // self-managed GitLab, e.g. gitlab.example.org
  return null;
}

/** The public web host for an ssh host: the well-known ssh aliases serve the web on the main name. */
function webHost(hostname: string): string {
  const h = hostname.toLowerCase();
  if (h === 'ssh.github.com' || h === 'www.github.com') return 'github.com';
  if (h === 'altssh.gitlab.com' || h === 'www.gitlab.com') return 'gitlab.com';
  return h;
}

// A path segment we are willing to put into a Markdown link: no spaces, brackets or
// parentheses that could break out of the link syntax.
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

function fromParts(hostname: string, port: string | null, rawPath: string): RemoteInfo | null {
  const kind = kindOf(hostname);
  if (!kind) return null;
  let p = rawPath.replace(/^\/+/, '').replace(/\/+$/, '');
  if (p.endsWith('.git')) p = p.slice(0, -4);
  p = p.replace(/\/+$/, '');
  const segments = p.split('/');
  if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) return null;
  // GitHub: exactly owner/repo. GitLab: group[/subgroup...]/repo.
  if (kind === 'github' ? segments.length !== 2 : segments.length < 2) return null;
  const repository = segments.pop()!;
  const owner = segments.join('/');
  const host = `https://${webHost(hostname)}${port ? `:${port}` : ''}`;
  return { kind, host, owner, repository };
}

/**
 * Parses a git remote URL:
 *   https://github.com/o/r(.git), https://user:token@github.com/o/r.git (credentials dropped),
 *   git@github.com:o/r.git (scp-like), ssh://git@gitlab.com[:port]/group/sub/repo.git,
 *   git+ssh://..., git://...
 * Returns null for anything that is not a GitHub or GitLab repository.
 */
export function parseRemoteUrl(url: string): RemoteInfo | null {
  const u = url.trim();
  if (!u || /\s/.test(u)) return null;

  // scheme://[user[:pass]@]host[:port]/path
  const withScheme = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/:?#]+)(?::(\d*))?(\/[^?#]*)?(?:[?#].*)?$/i.exec(u);
  if (withScheme) {
    const scheme = withScheme[1]!.toLowerCase();
    const hostname = withScheme[2]!;
    const port = withScheme[3] || null;
    const p = withScheme[4] ?? '';
    if (scheme === 'http' || scheme === 'https') return fromParts(hostname, port, p);
    if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git' || scheme === 'git') {
      // the web UI does not live on the ssh/git port
      return fromParts(hostname, null, p);
    }
    return null; // file://, ftp://, ...
  }

  // scp-like: [user@]host:path  (git treats it so only when no slash comes before the colon)
  const scp = /^(?:[^@/:]+@)?([^/:@]+):(?!\/\/)(.+)$/.exec(u);
  if (scp) {
    const hostname = scp[1]!;
    // a Windows drive letter ("C:\\repo") or a bare name is a local path
    if (hostname.length === 1 || !hostname.includes('.')) return null;
    return fromParts(hostname, null, scp[2]!);
  }
  return null;
}

/** The web host of a remote (default `origin`), or null when there is none or it is not GitHub/GitLab. */
export async function readRemote(git: Git, name = 'origin'): Promise<RemoteInfo | null> {
  // get-url applies url.<base>.insteadOf rewrites, so the link goes where git pushes.
  const url = await git.remoteUrl(name);
  return url === null ? null : parseRemoteUrl(url);
}

/** URL templates (conventionalcommits preset syntax) for a remote kind. */
export function urlFormats(kind: RemoteKind): { commitUrlFormat: string; compareUrlFormat: string; issueUrlFormat: string; userUrlFormat: string } {
  const base = '{{host}}/{{owner}}/{{repository}}';
  const sep = kind === 'gitlab' ? '/-' : '';
  return {
    commitUrlFormat: `${base}${sep}/commit/{{hash}}`,
    compareUrlFormat: `${base}${sep}/compare/{{previousTag}}...{{currentTag}}`,
    issueUrlFormat: `${base}${sep}/issues/{{id}}`,
    userUrlFormat: '{{host}}/{{user}}',
  };
}
