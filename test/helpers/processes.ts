// Waiting on what a background process (a deploy, a hook, a server) does, and whether it still runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** Polls `fn` until it answers something truthy; throws after `ms`, naming `what`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A process that exists and is not a zombie (a container's init may not reap orphans). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // gone between the two looks; without /proc, kill's answer stands
    return !existsSync('/proc');
  }
}

/**
 * `dir` made a PATH directory with every tool from /usr/local/bin, /usr/bin and /bin except
 * node, its package managers and shipver.
 */
export function pathWithoutNode(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const skip = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack', 'shipver']);
  for (const src of ['/usr/local/bin', '/usr/bin', '/bin']) {
    if (!existsSync(src)) continue;
    for (const f of readdirSync(src)) {
      if (skip.has(f) || existsSync(path.join(dir, f))) continue;
      symlinkSync(path.join(src, f), path.join(dir, f));
    }
  }
  return dir;
}
