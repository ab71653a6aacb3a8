// `shipver init --server BARE_REPO`: installs hooks/pre-receive in a bare repository,
// calling this shipver by absolute path (the git user on a server has no node_modules/.bin
// and maybe no shipver on PATH). Idempotent; an existing shell pre-receive is kept.
//
// git gives a pre-receive hook its input on stdin once. shipver's block therefore saves
// it to a temporary file, checks it, and then reopens stdin on that file, so the commands
// of an existing hook that come after the block read the same lines. That is why the
// block goes right after the #! line, not at the end: appended, it would read an input
// the existing commands have already consumed, see no refs, and accept everything.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import { Git } from '../git/git.js';

export const SERVER_BEGIN = '# >>> shipver pre-receive (managed by shipver init --server) >>>';
export const SERVER_END = '# <<< shipver pre-receive <<<';

export interface ServerHookPlan {
  /** absolute path of the bare repository */
  repo: string;
  /** absolute path of the hook file */
  file: string;
  action: 'create' | 'update' | 'insert' | 'keep';
  content: string;
  /** the command the hook runs */
  command: string[];
}

/** A word for a POSIX shell: as it is when it is safe, else single-quoted. */
export function shQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The block that runs shipver on the push and hands the same input to what follows. */
export function serverHookBlock(command: string[]): string {
  return [
    SERVER_BEGIN,
    '# Refuses pushes that break the release rules: commit messages on release branches,',
    '# version tags (annotated, matching the version files, on a release branch), and',
    '# moving or deleting a version tag. See docs/server.md of shipver.',
    'shipver_input=$(mktemp) || exit 1',
    'cat > "$shipver_input"',
    `${command.map(shQuote).join(' ')} hook pre-receive < "$shipver_input"`,
    'shipver_status=$?',
    'exec < "$shipver_input"',
    'rm -f "$shipver_input"',
    '[ "$shipver_status" -eq 0 ] || exit "$shipver_status"',
    SERVER_END,
    '',
  ].join('\n');
}

function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return true;
  return /^#!\s*\S*\/(env\s+)?(ba|da|z|k|a)?sh(\s|$)/.test(first);
}

/** Where the hook goes, and what to write there. Refuses anything but a bare repository. */
export async function planServerHook(target: string, command: string[]): Promise<ServerHookPlan> {
  const abs = path.resolve(target);
  if (!existsSync(abs)) throw refusal('E_NOT_A_REPO', `${target} does not exist`, 'give the path of the bare repository on the server, e.g. /srv/git/hub.git');
  const git = new Git(abs);
  const bare = await git.isBareRepository();
  if (bare === null) throw refusal('E_NOT_A_REPO', `${target} is not a git repository`, 'give the path of the bare repository on the server, e.g. /srv/git/hub.git');
  const gitDir = await git.gitDir();
  if (!bare || realpathSync(gitDir) !== realpathSync(abs)) {
    throw refusal(
      'E_NOT_BARE',
      `${target} is not a bare repository`,
      'the server hook goes into the repository people push to (created with git init --bare); in a work tree, shipver init installs the client hooks',
    );
  }
  const hooksDir = await git.gitPath('hooks');
  const realHooks = existsSync(hooksDir) ? realpathSync(hooksDir) : hooksDir;
  const inside = path.relative(realpathSync(gitDir), realHooks);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw refusal(
      'E_SERVER_HOOKS_SHARED',
      `the hooks of ${target} live in ${realHooks} (core.hooksPath or a symlink), which other repositories may share`,
      'install the hook where your server expects per-repository hooks (GitLab: custom_hooks/pre-receive.d/, see docs/server.md), or unset core.hooksPath',
    );
  }
  const file = path.join(hooksDir, 'pre-receive');
  const block = serverHookBlock(command);
  if (!existsSync(file)) return { repo: abs, file, action: 'create', content: `#!/bin/sh\n${block}`, command };
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(SERVER_BEGIN);
  if (start >= 0) {
    const endIdx = current.indexOf(SERVER_END, start);
    const end = endIdx < 0 ? current.length : current.indexOf('\n', endIdx) + 1 || current.length;
    const next = current.slice(0, start) + block + current.slice(end);
    return { repo: abs, file, action: next === current ? 'keep' : 'update', content: next, command };
  }
  if (!isShellScript(current)) {
    throw refusal(
      'E_SERVER_HOOK_EXISTS',
      `${file} exists and is not a shell script, so shipver cannot add itself to it`,
      `make it pass its stdin to: ${command.map(shQuote).join(' ')} hook pre-receive (and refuse when that fails), or move it aside and run shipver init --server again`,
    );
  }
  const nl = current.indexOf('\n');
  const content = current.startsWith('#!') ? `${current.slice(0, nl + 1 || current.length)}${nl < 0 ? '\n' : ''}${block}${nl < 0 ? '' : current.slice(nl + 1)}` : `#!/bin/sh\n${block}${current}`;
  return { repo: abs, file, action: 'insert', content, command };
}
