// Types for scripts/preflight.mjs, for the tests that drive it.

export type SetName = 'demo' | 'test';

export interface Requirement {
  id: string;
  /** how it is named to the user */
  what: string;
  /** executables, any one of which on PATH will do */
  bins?: string[];
  /** a module the hub's Python must import */
  pythonModule?: string;
  /** a module the system's python3 must import */
  systemModule?: string;
  /** a wheel file (its project's name) that must be in PYTHON_WHEELS */
  wheelFile?: string;
  sets: SetName[];
  /** only the demo's image step needs it */
  images?: boolean;
  /** no package for it outside Linux */
  linuxOnly?: boolean;
  apt?: string;
  dnf?: string;
  brew?: string;
  /** the macOS command that installs it, where it is not a Homebrew formula */
  mac?: string;
}

export interface HubPython {
  path: string;
  /** chosen with SHIPVER_DEMO_PYTHON */
  custom: boolean;
}

export type Missing = Requirement & { python?: HubPython };

export interface System {
  family: 'debian' | 'fedora' | 'macos' | 'other';
  name: string;
}

export declare const SYSTEM_PYTHON: string;
export declare const PYTHON_WHEELS: string;
export declare const REQUIREMENTS: Requirement[];
export declare const SETS: Record<SetName, { command: string; what: string }>;
export declare function requirementsFor(set: SetName, opts?: { noImages?: boolean }): Requirement[];
export declare function which(name: string, PATH?: string): string | null;
export declare function hubPython(env?: NodeJS.ProcessEnv, opts?: { cwd?: string; systemPython?: string }): HubPython;
export declare function djangoImportable(python: string, env?: NodeJS.ProcessEnv): boolean;
export declare function check(requirements: Requirement[], opts?: { PATH?: string; python?: HubPython; env?: NodeJS.ProcessEnv; systemPython?: string; pythonWheels?: string }): Missing[];
export declare function detectSystem(opts?: { platform?: string; osRelease?: string | null }): System;
export declare function readOsRelease(file?: string): string | null;
export declare function shq(word: string): string;
export declare function plan(
  missing: Missing[],
  system: System,
  ctx: { command: string; set: SetName; uid?: number; sudo?: string | null; passwordlessSudo?: boolean; aptGet?: string | null; noInstall?: boolean; venv?: boolean },
): { install: { packages: string[]; sudo: string | null; aptGet: string } } | { tell: string[] };

export interface PreflightOptions {
  /** the environment (PATH, SHIPVER_DEMO_PYTHON, SHIPVER_PREFLIGHT_NO_INSTALL); default process.env */
  env?: NodeJS.ProcessEnv;
  /** where SHIPVER_DEMO_PYTHON is relative to */
  cwd?: string;
  /** the system's python3 (default /usr/bin/python3) */
  systemPython?: string;
  /** where the wheel files of setuptools and wheel are (default /usr/share/python-wheels) */
  pythonWheels?: string;
  /** the text of /etc/os-release (null: none) */
  osRelease?: string | null;
  platform?: string;
  uid?: number;
  noImages?: boolean;
  noInstall?: boolean;
  dryRun?: boolean;
  /** what to run again afterwards (default: npm run demo / npm test) */
  command?: string;
  /** where the messages go (default: stderr) */
  write?: (text: string) => void;
}

/** 0: all there (or installed now); 2: something missing, and the message said what to run. */
export declare function preflight(set: SetName, opts?: PreflightOptions): number;
