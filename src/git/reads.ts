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

/** Starts a read-only git call now, for a Git on `cwd` to pick up when it asks the same. */
export function prefetchGit(cwd: string, args: readonly string[]): void {
  const k = key(cwd, args);
  if (prefetched.has(k)) return;
  const p = run('git', [...STABLE, ...args], { cwd });
  p.catch(() => {}); // taken or not, never an unhandled rejection
  prefetched.set(k, p);
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
