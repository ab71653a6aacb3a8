// A failed git command as an error a person can act on: git's own words and the fix. The
// repository states shipver refuses to read (a shallow clone cut short, a sparse checkout
// leaving a version file out) are here too, so src/git/git.ts is the calls only.
import { ShipverError, errnoCode, refusal, usageError, type RefusalCode } from '../errors.js';
import type { RunResult } from '../process/status.js';
import { OBJECT_ID } from './parse.js';

/** git itself cannot be started: a user's setup to fix, not a crash. */
export function noGit(e: unknown): never {
  if (errnoCode(e) === 'ENOENT') throw usageError('E_NO_GIT', 'git cannot be run: it is not installed, or not on PATH', 'install git (e.g. apt install git) or add it to PATH');
  throw e;
}

/**
 * A git command failed on the repository's state (missing objects, a damaged index, a
 * lock, ...): git's own words and the fix, never a crash of shipver. Exit 1.
 */
export class GitError extends ShipverError<RefusalCode> {
  constructor(
    readonly args: readonly string[],
    readonly result: RunResult,
    code: RefusalCode,
    message: string,
    hint: string,
    details: string[],
  ) {
    super(code, message, { hint, details });
    this.name = 'GitError';
  }
}

/** git's report of objects it cannot find or read (a deleted or damaged file under .git/objects). */
const MISSING_OBJECTS = /bad object|bad tree object|could not read [0-9a-f]{7,}|unable to read( tree)? [0-9a-f]{7,}|missing (blob|tree|commit|tag)\b|failed to traverse parents|object file .* is empty|is corrupt|cannot be accessed|unable to parse commit/i;
/** git's report of an index (.git/index) it cannot read. */
const BROKEN_INDEX = /index file (smaller than expected|corrupt|open failed)|bad index file|bad signature 0x|cache entry has null sha1|index uses .* extension/i;

/** The git command in an argument list (after `-c key=value` options). */
function subcommand(args: readonly string[]): string {
  let i = 0;
  while (args[i] === '-c' || args[i] === '-C') i += 2;
  return args[i] ?? 'git';
}

/** A path as a shell reads it back (single quotes when it holds anything unusual). */
function shellPath(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one place a failed git command becomes an error a person can act on: git's first
 * error line as the message, the rest of its output as details, and a fix chosen from
 * what git said. `indexPath`: the absolute path of the index, asked only when the index is
 * what broke.
 */
export function gitFailure(args: readonly string[], result: RunResult, indexPath?: string): GitError {
  const lines = (result.stderr.trim() || result.stdout.trim()).split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const first = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? `exit code ${result.exitCode}`;
  const rest = lines.filter((l) => l !== first).slice(0, 8);
  const text = lines.join('\n');
  const message = `git ${subcommand(args)} failed: ${first.length > 200 ? `${first.slice(0, 199)}…` : first}`;
  const details = rest.map((l) => `| ${l}`);
  if (BROKEN_INDEX.test(text)) {
    const index = shellPath(indexPath ?? '.git/index');
    return new GitError(args, result, 'E_GIT_INDEX', message, `the index (git's staging area, ${index}) is damaged: rm ${index} && git reset rebuilds it from HEAD (the files in the work tree stay as they are; stage again what was staged)`, details);
  }
  const config = /bad config line (\d+) in file (.+)$/m.exec(text);
  if (config) {
    return new GitError(args, result, 'E_GIT_CONFIG', message, `git cannot read its configuration: fix line ${config[1]} of ${config[2]} in an editor (every git command fails until then), then run shipver again`, details);
  }
  if (MISSING_OBJECTS.test(text)) {
    return new GitError(
      args,
      result,
      'E_GIT_OBJECTS',
      message,
      'objects of the repository are missing or damaged (git fsck lists them): git fetch --refetch origin downloads them again; if git fsck still complains (they were never pushed), clone the repository again',
      details,
    );
  }
  return new GitError(args, result, 'E_GIT_FAILED', message, "that is git's own error: fix what it says (git status and git fsck show the repository's state), then run shipver again", details);
}

/** A shallow clone whose history stops inside the range a command reads (`cut`: where it stops; `whole`: all history was asked for). */
export function shallowError(range: readonly string[], cut: string, whole: boolean): ShipverError {
  const short = (rev: string) => (OBJECT_ID.test(rev) ? rev.slice(0, 7) : rev);
  const [from, to] = range.length === 1 && range[0]!.includes('..') ? range[0]!.split('..') : [null, range.join(' ')];
  const what = from ? `between ${short(from)} and ${short(to || 'HEAD')}` : `of ${short(to!)}`;
  return refusal(
    'E_SHALLOW_CLONE',
    `this is a shallow clone (git clone --depth): the history ${what} is cut off at ${cut.slice(0, 7)}${whole ? ', and this needs all of it' : from ? ', so some of its commits are not here' : ' before any release tag, so the commits since the last release are not all here'}`,
    'fetch the whole history and its tags: git fetch --unshallow --tags (in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)',
  );
}

/** A version file git has but a sparse checkout leaves out of the work tree: the fix is to check it out, not to create it. */
export function sparseCheckoutError(file: string): ShipverError {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : null;
  return refusal(
    'E_SPARSE_CHECKOUT',
    `version file ${file} is outside this sparse checkout: git has it, but it is not in the work tree`,
    `${dir ? `check it out: git sparse-checkout add ${dir}` : 'check it out'} (or git sparse-checkout disable for every file), then run shipver again`,
  );
}
