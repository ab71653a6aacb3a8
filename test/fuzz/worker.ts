// The fuzz targets, run in a worker thread (see harness.ts) so that a case that never ends
// (a regex backtracking for minutes, an alias bomb) can be stopped: the harness terminates
// the worker when a case overruns its time and reports a hang instead of hanging CI.
//
// Each task is a unit under test (or a small composition of them, e.g. clean twice); the
// tests assert on what comes back. Results cross the thread boundary as JSON, with
// functions shown as "[function NAME]" so a wrong type is visible rather than lost.
import { parentPort } from 'node:worker_threads';
import { ShipverError } from '../../src/errors.js';
import { defaultSetup, lintMessage } from '../../src/commits/lint.js';
import { cleanMessage, decodeMessage } from '../../src/commits/clean.js';
import { parseCommit } from '../../src/commits/conventional.js';
import { inferLevel } from '../../src/commits/level.js';
import { DEFAULT_BUMP_TYPES } from '../../src/config/defaults.js';
import { fromSemver, toSemver, type VersionScheme } from '../../src/version/scheme.js';
import { ADAPTERS } from '../../src/version/files/index.js';
import { patternAdapter, type PatternOptions } from '../../src/version/files/pattern.js';
import type { VersionFileAdapter } from '../../src/version/files/types.js';
import { parsePrePushInput } from '../../src/hooks/pre-push-input.js';
import { classifyTag } from '../../src/release/tag-checks.js';
import { parseConfig } from '../../src/config/parse.js';
import { parseRemoteUrl } from '../../src/changelog/remote.js';
import { insertSection, type InsertOptions } from '../../src/changelog/file.js';
import { renderNotes, type NotesCommit, type NotesContext } from '../../src/changelog/notes.js';
import { setImageTag, type SetImageTagOptions } from '../../src/ops/manifest.js';


function adapter(id: string, pattern?: PatternOptions): VersionFileAdapter {
  if (id === 'pattern') return patternAdapter(pattern!);
  const a = (ADAPTERS as Record<string, VersionFileAdapter | undefined>)[id];
  if (!a) throw new Error(`no adapter ${id}`);
  return a;
}

const CONFIG_OPTS = { file: '/repo/shipver.yaml', root: '/repo' };

/** The tasks the tests call; each returns plain data. */
export const TASKS = {
  lint: (message: string) => lintMessage(message, defaultSetup()),
  clean: (raw: string, commentChar: string | null) => {
    const once = cleanMessage(raw, commentChar);
    return { once, twice: cleanMessage(once, commentChar) };
  },
  decode: (bytes: Uint8Array) => decodeMessage(Buffer.from(bytes)),
  parseCommit: (message: string) => parseCommit(message),
  /** parseCommit on each message, then inferLevel with the default bump types */
  level: (messages: string[], preMajor: boolean, breakingPreMajor: 'major' | 'minor' = 'minor') =>
    inferLevel(messages.map((m, i) => ({ sha: `c${i}`, parsed: parseCommit(m) })), { types: DEFAULT_BUMP_TYPES, breakingPreMajor }, preMajor),
  /** lint + parse + level on one message: what the hook and `shipver next` do with it */
  commitPipeline: async (message: string) => {
    const lint = await lintMessage(message, defaultSetup());
    const parsed = parseCommit(message);
    const level = inferLevel([{ parsed }], { types: DEFAULT_BUMP_TYPES, breakingPreMajor: 'minor' }, false);
    return { lint, parsed, level };
  },
  toSemver: (raw: string, scheme: VersionScheme) => toSemver(raw, scheme),
  fromSemver: (version: string, scheme: VersionScheme) => fromSemver(version, scheme),
  /** read (toSemver) → write (fromSemver) → read again */
  versionRoundTrip: (raw: string, scheme: VersionScheme) => {
    const first = toSemver(raw, scheme);
    const written = fromSemver(first, scheme);
    return { first, written, second: toSemver(written, scheme) };
  },
  adapterRead: (id: string, text: string, file: string, pattern?: PatternOptions) => adapter(id, pattern).read(text, file),
  /** read, write a new value, read again */
  adapterEdit: (id: string, text: string, file: string, value: string, pattern?: PatternOptions) => {
    const a = adapter(id, pattern);
    const before = a.read(text, file);
    const out = a.write(text, value, file);
    return { before, out, after: a.read(out, file) };
  },
  patternAdapter: (opts: PatternOptions) => {
    const a = patternAdapter(opts);
    return { id: a.id, scheme: a.scheme };
  },
  prePush: (text: string) => parsePrePushInput(text),
  /** classifyTag under the config that `configYaml` (shipver.yaml) describes */
  classifyTag: (configYaml: string, names: string[]) => {
    const config = parseConfig(configYaml, CONFIG_OPTS);
    return names.map((n) => classifyTag(config, n));
  },
  parseConfig: (text: string) => parseConfig(text, CONFIG_OPTS),
  remote: (url: string) => parseRemoteUrl(url),
  insertSection: (existing: string | null, section: string, opts: InsertOptions) => insertSection(existing, section, opts),
  renderNotes: (commits: NotesCommit[], ctx: NotesContext) => renderNotes(commits, ctx),
  setImageTag: (yaml: string, image: string, tag: string, opts: SetImageTagOptions) => setImageTag(yaml, image, tag, opts),
  /** for the harness's own test */
  spin: (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      /* busy */
    }
    return ms;
  },
  catastrophic: (n: number) => /^(a+)+$/.test('a'.repeat(n) + '!'),
} satisfies Record<string, (...args: never[]) => unknown>;

export type TaskName = keyof typeof TASKS;

export interface WireError {
  name: string;
  message: string;
  code?: string;
  exitCode?: number;
  hint?: string;
  details?: string[];
  stack?: string;
}

export type WireResult = { id: number; ms: number } & ({ kind: 'ok'; value: unknown } | { kind: 'error'; error: WireError });

function wire(v: unknown): unknown {
  if (v === undefined) return undefined;
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'function' ? `[function ${(x as { name?: string }).name ?? ''}]` : x)));
}

function wireError(e: unknown): WireError {
  if (e instanceof ShipverError) {
    return { name: 'ShipverError', message: e.message, code: e.code, exitCode: e.exitCode, hint: e.hint, details: e.details };
  }
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: typeof e, message: String(e) };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', async (msg: { id: number; task: TaskName; args: unknown[] }) => {
    const t0 = performance.now();
    let result: WireResult;
    try {
      const fn = TASKS[msg.task] as (...a: unknown[]) => unknown;
      const value = wire(await fn(...msg.args));
      result = { id: msg.id, ms: performance.now() - t0, kind: 'ok', value };
    } catch (e) {
      result = { id: msg.id, ms: performance.now() - t0, kind: 'error', error: wireError(e) };
    }
    port.postMessage(result);
  });
}
