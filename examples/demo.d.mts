// Types for examples/demo.mjs, for the test that drives the same scenario.

export declare const ROOT: string;
export declare const CLI: string;
export declare const APPS: Array<'hub' | 'cloud'>;
export declare function which(name: string, envPath?: string): string | null;

export type EnvName = 'test' | 'prod';

/** One row of `shipver envs --json`. */
export interface EnvsRow {
  env: string;
  project: string;
  url: string | null;
  source: 'status' | 'deploy-log' | null;
  state: string;
  detail: string | null;
  running: string | null;
  latest: string | null;
  releasesBehind: number | null;
  commitsBehind: number | null;
  notDeployed: Array<{ sha: string; kind: string; header: string; releasedIn: string | null }>;
}

/** One line of .git/shipver/deploys.jsonl. */
export interface DeployRecord {
  env: string;
  project: string;
  version: string;
  tag: string;
  command: string[];
  cwd: string;
  trigger: string;
  start: string;
  log: string;
  exitCode: number | null;
  outcome: string;
  message?: string;
  durationMs: number;
}

export interface AppSummary {
  repo: string;
  remote: string;
  checkout: string;
  ports: Record<EnvName, number>;
  statusUrls: Record<EnvName, string>;
  /** what the status endpoints answered right after the deploys */
  status: Record<EnvName, { app: string; version: string; [k: string]: unknown }>;
  init: string;
  release: string;
  released: string;
  /** hub only: the commit the commit-msg hook refused */
  rejected?: { message: string; code: number; output: string };
  deploy: DeployRecord;
  envsAfterRelease: EnvsRow[];
  envsAfterFeat: EnvsRow[];
  unreleased: { sha: string; message: string };
}

export interface Summary {
  dir: string;
  keep: boolean;
  /** false with noImages (--no-images: the image step is skipped) */
  images: boolean;
  /** the Python that ran the hub (SHIPVER_DEMO_PYTHON, else /usr/bin/python3) */
  python: string;
  /** HOST:PORT of the loopback registry, or null */
  registry: string | null;
  apps: Record<'hub' | 'cloud', AppSummary>;
  ops: { dir: string; state: string; rendered: string[] };
  /** the page `shipver dashboard` wrote for both apps (in dir) */
  dashboard: string;
  /** what was running when the scenario ended */
  processes: Array<{ name: string; pid: number; port?: number }>;
  /** the environment variables the demo set (git identity, PATH with the shipver shim, ...) */
  shellEnv: Record<string, string>;
  elapsedMs: number;
}

export interface ScenarioOptions {
  /** keep the temp dir */
  keep?: boolean;
  /** skip the image step (no registry, no buildah); without it, both must be installed */
  noImages?: boolean;
  /** the Python that runs the hub (default: SHIPVER_DEMO_PYTHON, else /usr/bin/python3) */
  python?: string;
  /** leave the processes running; the caller must call stop() */
  leaveRunning?: boolean;
  /** where the narration goes (default: process.stdout) */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  color?: boolean;
  /** receives stop() before the scenario starts (for a signal handler) */
  registerStop?: (stop: () => Promise<void>) => void;
}

/** An error message once the temp dir `dir` is removed: no path into it is left. */
export declare function forgetTempDir(message: string, dir: string): string;

export declare function runScenario(opts?: ScenarioOptions): Promise<{ summary: Summary; stop: () => Promise<void> }>;
