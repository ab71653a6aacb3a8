// The read-only git questions that can be asked before they are needed (see prefetch.ts),
// and the options every git call gets. Small and free of shipver's other modules: the
// loader (entry/loader.ts) starts these reads before it loads the CLI's bundle.
import { run, type RunResult } from '../process/run.js';

/** Options that make git's output independent of the user's config. */
export const STABLE = ['-c', 'core.quotepath=off', '-c', 'log.showSignature=false', '-c', 'color.ui=never'];

/** The arguments of the questions prefetch.ts asks ahead; Git.locate() and Git.describe() ask the same. */
export const READS = {
  /** the top of the work tree, the git directory, HEAD's commit, HEAD's ref ("HEAD" when detached) */
  locate: ['rev-parse', '--show-toplevel', '--absolute-git-dir', 'HEAD', '--symbolic-full-name', 'HEAD'],
  /** with `firstFound`, git stops at the first matching tag its walk meets (--candidates=1; see Git.describe) */
  describe: (match: string, exclude: readonly string[] = [], rev = 'HEAD', firstFound = true) => [
    'describe',
    '--tags',
    '--abbrev=0',
    ...(firstFound ? ['--candidates=1'] : []),
    `--match=${match}`,
    ...exclude.map((e) => `--exclude=${e}`),
    '--end-of-options',
    rev,
  ],
  /** the names of the tags matching a glob; with `merged`, only those reachable from it */
  tagNames: (glob: string, merged?: string) => ['for-each-ref', '--format=%(refname:strip=2)', ...(merged ? [`--merged=${merged}`] : []), `refs/tags/${glob}`],
} as const;

/**
 * Questions started before they are asked: keyed by the working directory and the
 * arguments, taken once by the first identical call. Kept on globalThis because the
 * loader and the CLI's bundle each carry their own copy of this module.
 */
const REGISTRY = Symbol.for('shipver.prefetched-git-reads');
const holder = globalThis as { [REGISTRY]?: Map<string, Promise<RunResult>> };
const prefetched = (holder[REGISTRY] ??= new Map());
const key = (cwd: string, args: readonly string[]): string => `${cwd}\0${args.join('\0')}`;

/** Starts a read-only git call now, for a Git on `cwd` to pick up when it asks the same; returns the call. */
export function prefetchGit(cwd: string, args: readonly string[]): Promise<RunResult> {
  const k = key(cwd, args);
  const started = prefetched.get(k);
  if (started) return started;
  const p = run('git', [...STABLE, ...args], { cwd });
  p.catch(() => {}); // taken or not, never an unhandled rejection
  prefetched.set(k, p);
  return p;
}

/** The answer to a question asked ahead, once; null when it was not asked ahead. */
export function takePrefetched(cwd: string, args: readonly string[]): Promise<RunResult> | null {
  if (!prefetched.size) return null;
  const k = key(cwd, args);
  const early = prefetched.get(k);
  if (!early) return null;
  prefetched.delete(k);
  return early;
}

/**
 * git commands that never change the repository, for the arguments shipver gives them.
 * Anything else (commit, tag, fetch, push, reset, checkout, add, config without --get,
 * every remote but `remote get-url`, symbolic-ref even when it only reads) drops every
 * answer asked ahead: it may have changed what they answered. Erring towards a drop costs
 * only the head start.
 */
const READ_ONLY = new Set(['rev-parse', 'describe', 'log', 'for-each-ref', 'cat-file', 'rev-list', 'status', 'show', 'merge-base', 'ls-tree', 'ls-files', 'diff', 'ls-remote', 'verify-tag']);

function isReadOnly(args: readonly string[]): boolean {
  let i = 0;
  while (args[i] === '-c' || args[i] === '-C') i += 2; // leading -c key=value / -C dir options
  const command = args[i];
  if (command === undefined) return true;
  if (READ_ONLY.has(command)) return true;
  if (command === 'config') return args.slice(i + 1).some((a) => a === '--get' || a === '--get-all' || a === '--list' || a === '--get-regexp');
  if (command === 'remote') return args[i + 1] === 'get-url';
  return false;
}

/** Called before every git call: a call that may write drops the answers asked ahead. */
export function beforeGitCall(args: readonly string[]): void {
  if (prefetched.size && !isReadOnly(args)) prefetched.clear();
}
