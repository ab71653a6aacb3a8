// Walking up from a directory to the first one that has something (a .git, a package.json,
// a node_modules copy of a package): cheap stat calls, no git process.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The first of `start` and its ancestors for which `has` is true, or null at the root. */
export function findUp(start: string, has: (dir: string) => boolean): string | null {
  for (let dir = start; ; ) {
    if (has(dir)) return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The top of the work tree around `start`: the first directory up with a .git in it, or null. */
export function findWorkTree(start: string): string | null {
  return findUp(start, (d) => existsSync(path.join(d, '.git')));
}
