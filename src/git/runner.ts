// How git is run, under the named methods of Git (git.ts): an argument array with the
// options that make its output stable, a read asked ahead taken when there is one, the
// SHIPVER_TRACE timing, and a failure turned into a GitError (git's words and the fix).
import { ProcessError, run, runAttached, stream, type RunResult } from '../process/run.js';
import { gitFailure, noGit, type GitError } from './errors.js';
import { STABLE, beforeGitCall, takePrefetched } from './reads.js';

/** SHIPVER_TRACE=1 prints each git call with its duration (for bench/ and debugging). */
const TRACE = process.env.SHIPVER_TRACE === '1';

export class GitRunner {
  constructor(readonly cwd: string, protected readonly env?: NodeJS.ProcessEnv) {}

  /** Runs git and returns its result, whatever the exit code (a missing git is E_NO_GIT). */
  raw(args: readonly string[], input?: string, extraEnv?: NodeJS.ProcessEnv): Promise<RunResult> {
    const env = extraEnv ? { ...(this.env ?? process.env), ...extraEnv } : this.env;
    beforeGitCall(args);
    const early = env === undefined && input === undefined ? takePrefetched(this.cwd, args) : null;
    const t0 = performance.now();
    const r = (early ?? run('git', [...STABLE, ...args], { cwd: this.cwd, env, input })).catch(noGit);
    if (!TRACE || early) return r;
    return r.then((done) => {
      process.stderr.write(`[git ${(performance.now() - t0).toFixed(1)} ms @${(performance.now()).toFixed(0)}] ${args.join(' ').slice(0, 80)}\n`);
      return done;
    });
  }

  /** Runs git and returns stdout; a failure is a GitError (git's words and the fix). */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const r = await this.raw(args, input);
    if (r.exitCode !== 0) throw await this.failure(args, r);
    return r.stdout;
  }

  /** Runs git and hands its stdout over in chunks (bytes) as git writes it (see process/run.ts stream). */
  stream(args: readonly string[]): AsyncIterable<Buffer> {
    const fail = (r: RunResult) => this.failure(args, r);
    const chunks = stream('git', [...STABLE, ...args], { cwd: this.cwd, env: this.env });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* chunks;
        } catch (e) {
          if (e instanceof ProcessError) throw await fail(e.result);
          noGit(e);
        }
      },
    };
  }

  /** Runs git attached to the terminal (its hooks print, an editor can open); resolves to its exit code. */
  protected attached(args: readonly string[], opts: { stdoutToStderr?: boolean } = {}): Promise<number> {
    beforeGitCall(args);
    return runAttached('git', args, { cwd: this.cwd, env: this.env, stdoutToStderr: opts.stdoutToStderr }).catch(noGit);
  }

  /** git failed: the error for it (with the index's own path when the index is what broke). */
  protected async failure(args: readonly string[], r: RunResult): Promise<GitError> {
    const e = gitFailure(args, r);
    if (e.code !== 'E_GIT_INDEX') return e;
    const p = await this.raw(['rev-parse', '--path-format=absolute', '--git-path', 'index']);
    return p.exitCode === 0 ? gitFailure(args, r, p.stdout.trim()) : e;
  }
}
