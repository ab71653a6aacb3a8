// Runs fuzz targets with a hard time bound per case.
//
// fast-check's own limits (the timeout and interruptAfterTimeLimit plugins) cannot stop a
// synchronous predicate, and a parser stuck in a backtracking regex is synchronous: the
// test would hang with it. So the targets (worker.ts) run in a worker thread, bundled
// with esbuild once per test file; when a case overruns CASE_LIMIT_MS the worker is
// terminated (V8 stops even a running regex) and the case is reported as a hang.
//
// The only allowed outcomes of a parser are a result or a ShipverError with exit 1 or 2,
// within the time limit (assertAllowed).
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from '../helpers/sandbox.js';
import type { TASKS, TaskName, WireError, WireResult } from './worker.js';
import { knownHits } from './known-bugs.js';

/**
 * The longest one case may take. Typical cases take well under 50 ms; a super-linear scan
 * runs for minutes. The margin is for a loaded 2-core machine (three test workers, CI).
 */
export const CASE_LIMIT_MS = 5000;

export type Outcome =
  | { kind: 'ok'; value: unknown; ms: number }
  | { kind: 'error'; error: WireError; ms: number }
  /** the worker died (out of memory, a native crash) */
  | { kind: 'crash'; error: WireError; ms: number }
  /** still running after the limit: the worker was terminated */
  | { kind: 'hang'; ms: number };

type Args<T extends TaskName> = Parameters<(typeof TASKS)[T]>;

const CACHE = path.join(ROOT, 'node_modules', '.cache', 'shipver-fuzz');

/** One worker thread running worker.ts; restarted after a hang or a crash. */
export class Isolate {
  private worker: Worker | null = null;
  private bundle: string | null = null;
  private nextId = 1;
  /** cases run, and how many hit the limit */
  readonly stats = { cases: 0, hangs: 0, crashes: 0, maxMs: 0 };

  async start(): Promise<void> {
    mkdirSync(CACHE, { recursive: true });
    const out = path.join(CACHE, `worker-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, 'test/fuzz/worker.ts')],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
      sourcemap: false,
    });
    this.bundle = out;
    // warm up: loading commitlint and the changelog writer must not count against the first case
    await this.run('spin', 0);
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
    if (this.bundle) rmSync(this.bundle, { force: true });
  }

  private spawn(): Worker {
    // The CLI's main thread has Node's default ~1 MB stack; give the worker the same so a
    // stack overflow reproduces here as it would for a user. The heap cap turns an
    // exponential blow-up into a crash outcome instead of a machine out of memory.
    const w = new Worker(this.bundle!, { resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 768 }, stdout: true, stderr: true });
    w.unref();
    return w;
  }

  /** Runs one task; never throws for what the task does, only reports it. */
  async run<T extends TaskName>(task: T, ...args: Args<T>): Promise<Outcome> {
    return this.runWithLimit(CASE_LIMIT_MS, task, ...args);
  }

  async runWithLimit<T extends TaskName>(limitMs: number, task: T, ...args: Args<T>): Promise<Outcome> {
    if (!this.bundle) throw new Error('Isolate.start() was not called');
    this.worker ??= this.spawn();
    const w = this.worker;
    const id = this.nextId++;
    const t0 = performance.now();
    const outcome = await new Promise<Outcome>((resolve) => {
      const done = (o: Outcome) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        resolve(o);
      };
      const onMessage = (m: WireResult) => {
        if (m.id !== id) return;
        done(m.kind === 'ok' ? { kind: 'ok', value: m.value, ms: m.ms } : { kind: 'error', error: m.error, ms: m.ms });
      };
      const onError = (e: Error) => done({ kind: 'crash', error: { name: e.name, message: e.message, code: (e as { code?: string }).code }, ms: performance.now() - t0 });
      const onExit = (code: number) => done({ kind: 'crash', error: { name: 'exit', message: `worker exited with ${code}` }, ms: performance.now() - t0 });
      const timer = setTimeout(() => done({ kind: 'hang', ms: performance.now() - t0 }), limitMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, task, args });
    });
    this.stats.cases++;
    if (outcome.kind === 'hang' || outcome.kind === 'crash') {
      if (outcome.kind === 'hang') this.stats.hangs++;
      else this.stats.crashes++;
      // a hung worker is still spinning: stop it (terminate interrupts running JS and regexes)
      this.worker = null;
      await w.terminate();
    } else {
      this.stats.maxMs = Math.max(this.stats.maxMs, outcome.ms);
    }
    return outcome;
  }
}

/** A result, or a ShipverError with exit 1 or 2 — in time. Anything else fails with the input shown. */
export function assertAllowed(o: Outcome, input: unknown, opts: { exitCodes?: number[] } = {}): void {
  const exitCodes = opts.exitCodes ?? [1, 2];
  const show = () => describeInput(input);
  if (o.kind === 'hang') throw new Error(`hang: still running after ${CASE_LIMIT_MS} ms on ${show()}`);
  if (o.kind === 'crash') throw new Error(`crash (${o.error.name}: ${o.error.message}) on ${show()}`);
  if (o.kind === 'error') {
    if (o.error.name !== 'ShipverError') throw new Error(`uncaught ${o.error.name}: ${o.error.message} on ${show()}\n${o.error.stack ?? ''}`);
    if (!exitCodes.includes(o.error.exitCode!)) throw new Error(`ShipverError ${o.error.code} with exit ${o.error.exitCode} on ${show()}`);
  }
  if (o.ms > CASE_LIMIT_MS) throw new Error(`took ${o.ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS}) on ${show()}`);
}

/** The value of an ok outcome (fails the test otherwise). */
export function okValue<T>(o: Outcome, input: unknown): T {
  assertAllowed(o, input);
  if (o.kind !== 'ok') throw new Error(`expected a result, got ${o.kind === 'error' ? `${o.error.code}: ${o.error.message}` : o.kind} on ${describeInput(input)}`);
  return o.value as T;
}

/** The ShipverError of an error outcome (fails the test otherwise). */
export function shipverError(o: Outcome, input: unknown): WireError {
  assertAllowed(o, input);
  if (o.kind !== 'error') throw new Error(`expected a ShipverError, got a result on ${describeInput(input)}`);
  return o.error;
}

/** Inputs can be a megabyte: show the start, the size, and JSON escapes for control characters. */
export function describeInput(input: unknown): string {
  const s = typeof input === 'string' ? input : JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  const json = JSON.stringify(s ?? String(input));
  return json.length > 600 ? `${json.slice(0, 600)}… (${(s ?? '').length} chars)` : json;
}

/**
 * fc.assert parameters for a fuzz property: numRuns, a bound on the property's total time
 * (a slow machine runs fewer cases rather than stalling CI), fast-check's own per-case
 * timeout as a second line behind the worker's, and no shrinking marathon: a failing case
 * is reported as found (shrinking a 2 s hang would cost 2 s per step).
 *
 * fast-check counts a run stopped by the time limit as a pass, even with no case run; the
 * reporter fails a property that ran fewer than `minRuns` (default 1) cases, so one that
 * tested nothing is seen. (Not a speed check: one case in seconds is no target.)
 */
export function fuzzParams(numRuns: number, totalMs = 8000, minRuns = 1): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return {
    numRuns,
    ...(seed !== undefined ? { seed } : {}),
    endOnFailure: true,
    plugins: [fc.interruptAfterTimeLimit(totalMs), fc.timeout(CASE_LIMIT_MS + 2000)],
    reporter: (out) => {
      if (out.failed) throw new Error(fc.defaultReportMessage(out));
      if (out.numRuns < minRuns) {
        throw new Error(`only ${out.numRuns} of ${numRuns} cases ran within the ${totalMs} ms budget (at least ${minRuns} must run): the property tested nothing`);
      }
    },
  };
}

/** Per-file tally printed at the end: cases per target. */
export class Tally {
  private readonly counts = new Map<string, number>();
  constructor(private readonly file: string) {}
  add(target: string, n = 1): void {
    this.counts.set(target, (this.counts.get(target) ?? 0) + n);
  }
  report(iso: Isolate, t0: number): void {
    const lines = [...this.counts].map(([k, v]) => `  ${k.padEnd(40)} ${v}`);
    const hits = Object.entries(knownHits).map(([k, v]) => `  set aside, open ${k}: ${v} case(s)`);
    console.log(
      [`fuzz ${this.file}: ${iso.stats.cases} isolated cases in ${((performance.now() - t0) / 1000).toFixed(1)} s (slowest ${iso.stats.maxMs.toFixed(0)} ms, hangs ${iso.stats.hangs}, crashes ${iso.stats.crashes})`, ...lines, ...hits].join('\n'),
    );
  }
}


/** Several isolates, for tests that run concurrently (each case still has its own time limit). */
export class IsolatePool {
  private readonly all: Isolate[];
  private readonly free: Isolate[];
  private readonly waiting: Array<(iso: Isolate) => void> = [];

  constructor(size: number) {
    this.all = Array.from({ length: size }, () => new Isolate());
    this.free = [...this.all];
  }

  async start(): Promise<void> {
    await Promise.all(this.all.map((i) => i.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((i) => i.stop()));
  }

  async run<T extends TaskName>(task: T, ...args: Args<T>): Promise<Outcome> {
    const iso = this.free.pop() ?? (await new Promise<Isolate>((resolve) => this.waiting.push(resolve)));
    try {
      return await iso.run(task, ...args);
    } finally {
      const next = this.waiting.shift();
      if (next) next(iso);
      else this.free.push(iso);
    }
  }
}

/**
 * One worker and one tally for a fuzz test file: started before its tests, stopped (and
 * the case counts printed) after them.
 */
export function fuzzSuite(name: string): { iso: Isolate; tally: Tally } {
  const iso = new Isolate();
  const tally = new Tally(name);
  let t0 = 0;
  beforeAll(async () => {
    t0 = performance.now();
    await iso.start();
  }, 60_000);
  afterAll(async () => {
    tally.report(iso, t0);
    await iso.stop();
  });
  return { iso, tally };
}
