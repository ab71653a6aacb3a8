// shipver dashboard [REPO...]: which version runs where, for several apps, as one
// self-contained HTML page (--out), served live (--serve) or as data (--json).
// The data: dashboard/data.ts; the page: dashboard/page.ts; the server: dashboard/serve.ts.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ExitCode, errnoCode, refusal, timeoutOption, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { gatherDashboard, resolveRepos, type DashboardData } from '../dashboard/data.js';

interface Opts {
  out?: string;
  serve?: boolean;
  port?: string;
  interval?: string;
  timeout?: string;
  json?: boolean;
  dryRun?: boolean;
}

export const DEFAULT_OUT = 'shipver-dashboard.html';

function portOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw usageError('E_USAGE', `--port "${value}" is not a port number`, 'e.g. --port 8080, or leave it out for a free port');
  return n;
}

function intervalOption(value: string | undefined): number {
  if (value === undefined) return 10;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw usageError('E_USAGE', `--interval "${value}" is not a number of seconds (at least 1)`, 'e.g. --interval 30');
  return n;
}

/** Where --out writes: its directory must exist, and it must not be a directory itself. */
function outPath(cwd: string, out: string): string {
  const file = path.resolve(cwd, out);
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw usageError('E_OUT_DIR', `--out ${out}: the directory ${dir} does not exist`, `create it first (mkdir -p ${dir}), or write the page elsewhere`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw usageError('E_OUT_DIR', `--out ${out} is a directory`, `name a file, e.g. --out ${path.join(out, DEFAULT_OUT)}`);
  return file;
}

/** Writes next to the target, then renames over it: a reader sees the old page or the new one, never half of one. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw refusal('E_OUT_WRITE', `cannot write ${file} (${errnoCode(e) ?? (e as Error).message})`, 'check the directory is writable, or write the page elsewhere with --out');
  }
}

function tally(data: DashboardData): string {
  const apps = new Set(data.rows.map((r) => `${r.repo}\0${r.app}`)).size;
  const envs = data.rows.filter((r) => r.env).length;
  const n = (k: string) => data.rows.filter((r) => r.health === k).length;
  const worse = [n('failed') && `${n('failed')} failed deploy${n('failed') === 1 ? '' : 's'}`, n('error') && `${n('error')} not answering or unreadable`, n('running') && `${n('running')} deploying`].filter(Boolean);
  return `${apps} app${apps === 1 ? '' : 's'}, ${envs} environment${envs === 1 ? '' : 's'}${worse.length ? ` (${worse.join(', ')})` : ''}`;
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  const timeoutMs = Math.max(100, timeoutOption(opts.timeout) ?? 5000);
  if (opts.serve && (opts.out !== undefined || opts.json || opts.dryRun)) {
    throw usageError('E_USAGE', `--serve cannot be combined with ${opts.out !== undefined ? '--out' : opts.json ? '--json' : '--dry-run'}`, 'shipver dashboard --serve serves the page; shipver dashboard --out FILE writes it; --json prints the data');
  }
  if (!opts.serve && (opts.port !== undefined || opts.interval !== undefined)) {
    throw usageError('E_USAGE', `${opts.port !== undefined ? '--port' : '--interval'} only goes with --serve`, 'shipver dashboard --serve --port 8080 --interval 30');
  }
  const port = portOption(opts.port);
  const intervalSeconds = intervalOption(opts.interval);
  const file = opts.json && opts.out === undefined ? null : outPath(io.cwd, opts.out ?? DEFAULT_OUT);
  const repos = await resolveRepos(io.cwd, args);
  const gather = () => gatherDashboard(repos, { timeoutMs, env: io.env });

  if (opts.serve) {
    const { serveDashboard } = await import('../dashboard/serve.js');
    return serveDashboard({ port, intervalSeconds, gather, io });
  }
  const data = await gather();
  const c = colors(io);
  if (file && !opts.dryRun) {
    const { renderPage } = await import('../dashboard/page.js');
    writeAtomically(file, renderPage(data));
  }
  if (opts.json) {
    printJson(io, opts.dryRun ? { dryRun: true, out: file, ...data } : data);
    return ExitCode.Ok;
  }
  io.stdout(`${opts.dryRun ? `${c.dim('would write')} ${file}` : `${c.green('✔')} wrote ${file}`}: ${tally(data)}\n`);
  return ExitCode.Ok;
}
