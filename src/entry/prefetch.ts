// Starts the git reads a release command is about to make while shipver's code still
// loads (the loader calls this before it reads the CLI's bundle; the standalone executable
// from bin.ts), and git answers on another core meanwhile. Each read is taken once, by a
// Git call with the same directory and arguments (git.ts); a read nobody asks for (another
// tag format in shipver.yaml, a subdirectory) is simply not used. Only reads, never a write.
import { prefetchGit, READS } from '../git/reads.js';
import { findWorkTree } from '../find-up.js';
import { DEFAULT_TAG_FORMAT } from '../config/defaults.js';
import { tagGlobs } from '../release/tag-glob.js';

// Started once per process: the loader and the CLI's bundle each carry a copy of this module.
const STARTED = Symbol.for('shipver.release-reads-started');
const flags = globalThis as { [STARTED]?: boolean };

/** For next/bump/release: the top level, HEAD and its branch, the nearest version tag and the version tags' names. Once. */
export function prefetchReleaseReads(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'next' && argv[0] !== 'bump' && argv[0] !== 'release') return;
  if (flags[STARTED]) return;
  flags[STARTED] = true;
  // git's own variables move the repository elsewhere: no guessing then.
  if (Object.keys(env).some((k) => k === 'GIT_DIR' || k === 'GIT_WORK_TREE' || k === 'GIT_CEILING_DIRECTORIES')) return;
  // the work tree's top, by looking for .git upwards (git itself answers the same later)
  const root = findWorkTree(cwd);
  if (!root) return;
  prefetchGit(cwd, READS.locate);
  const glob = tagGlobs(DEFAULT_TAG_FORMAT, '').all;
  prefetchGit(root, READS.describe(glob));
  prefetchGit(root, READS.tagNames(glob));
}
