// The deploy runner's waits: for the environment's lock (one deploy per environment at a
// time) and for the tag to reach the remote. Both are bounded and give up on a cancel.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import type { Git } from '../git/git.js';
import { deployDir, runnerAlive } from './records.js';
import { followCommand } from './view.js';

/** Waits, or less when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One deploy per environment at a time: an exclusive lock file holding the owner's pid.
 * A second deploy waits for it (bounded); a lock whose owner died is taken over. Null when
 * the wait was cancelled.
 */
export async function acquireLock(gitDir: string, env: string, timeoutMs: number, onWait?: (elapsedMs: number) => void, signal?: AbortSignal): Promise<(() => void) | null> {
  const dir = path.join(deployDir(gitDir), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${env}.lock`);
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return null;
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(file, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(owner) && owner > 0 && !runnerAlive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs) {
      throw refusal('E_DEPLOY_LOCKED', `another deploy to ${env} is running (pid ${owner})`, `wait for it (${followCommand({ env })}), then deploy again`);
    }
    onWait?.(elapsed);
    await sleep(250, signal);
  }
}

/** Polls the remote until it has the tag: "arrived", or why not. */
export async function waitForTag(git: Git, remote: string, tag: string, timeoutMs: number, onWait?: (elapsedMs: number) => void, signal?: AbortSignal): Promise<'arrived' | 'timeout' | 'cancelled'> {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return 'cancelled';
    if ((await git.remoteRefs(remote, [`refs/tags/${tag}`]))?.has(`refs/tags/${tag}`)) return 'arrived';
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) return 'timeout';
    onWait?.(elapsed);
    await sleep(Math.min(1000, 200 + elapsed / 10), signal);
  }
}
