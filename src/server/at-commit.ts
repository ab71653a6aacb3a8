// shipver.yaml, the version files and the commitlint rules as they are in a commit, for
// places that have no work tree (a bare repository's pre-receive hook). Everything is
// read with git from the object database; during pre-receive that includes the pushed
// objects still in git's quarantine, which git points the hook's own git calls at through
// the environment it passes down (GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { buildConfig, CONFIG_FILE } from '../config/defaults.js';
import { detectVersionFiles, isDetectionFile, detectionReferences } from '../config/detect/version-files.js';
import { defaultSetup, type LintSetup } from '../commits/lint.js';
import { COMMITLINT_CONFIG_FILES } from '../config/commitlint.js';

const short = (sha: string) => sha.slice(0, 7);

/** The value for `key`, computed the first time it is asked for. */
function once<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key)!;
}

/** Reads commits' settings once each; owns one scratch directory, removed by dispose(). */
export class CommitSettings {
  private readonly configs = new Map<string, Promise<Config>>();
  private readonly setups = new Map<string, Promise<LintSetup>>();
  private scratch: string | null = null;
  private counter = 0;

  /**
   * @param root what Config.root says (the repository directory)
   * @param name the project name when shipver.yaml lists no projects and there is no package.json name
   * @param jsConfigs whether a JavaScript commitlint config from a commit may be executed
   */
  constructor(
    private readonly git: Git,
    private readonly root: string,
    private readonly name: string,
    private readonly jsConfigs: boolean,
  ) {}

  dispose(): void {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = null;
  }

  private newDir(): string {
    this.scratch ??= mkdtempSync(path.join(os.tmpdir(), 'shipver-receive-'));
    const dir = path.join(this.scratch, String(this.counter++));
    mkdirSync(dir);
    return dir;
  }

  /** shipver.yaml at the commit (defaults when it has none), with the version files detected when it lists no projects. */
  config(commit: string): Promise<Config> {
    return once(this.configs, commit, () => this.readConfig(commit));
  }

  private async readConfig(commit: string): Promise<Config> {
    const text = await this.git.show(commit, CONFIG_FILE);
    const shown = `${CONFIG_FILE} at ${short(commit)}`;
    const opts = { file: text === null ? null : `${commit}:${CONFIG_FILE}`, root: this.root, displayName: shown };
    const config = text === null ? buildConfig({}, opts) : (await import('../config/parse.js')).parseConfig(text, opts);
    if (config.projects.length) return config;
    const dir = await this.extractDetectionFiles(commit);
    return {
      ...config,
      projects: [{ name: (await this.packageName(commit)) ?? this.name, paths: ['.'], versionFiles: detectVersionFiles(dir), detected: true, changelogFile: null }],
    };
  }

  private async packageName(commit: string): Promise<string | null> {
    const text = await this.git.show(commit, 'package.json');
    try {
      const pkg = JSON.parse(text ?? 'null') as { name?: unknown } | null;
      return typeof pkg?.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : null;
    } catch {
      return null;
    }
  }

  private async writeBlob(dir: string, file: string, oid: string): Promise<void> {
    const abs = path.join(dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, await this.git.blobText(oid));
  }

  /**
   * Copies the files version-file detection looks at (root files, bump2version configurations
   * in sub-directories, Python modules one or two levels down, and what a configuration
   * lists) into a scratch directory.
   */
  private async extractDetectionFiles(commit: string): Promise<string> {
    const dir = this.newDir();
    const blobs = (await this.git.treeEntries(commit, true)).filter((e) => e.type === 'blob' && e.mode !== '120000');
    const byName = new Map(blobs.map((e) => [e.file, e]));
    // detect.ts reads a directory: only the files it may look at are copied out of the commit
    const wanted = blobs.filter((e) => isDetectionFile(e.file));
    for (const e of wanted) await this.writeBlob(dir, e.file, e.oid);
    // bump2version lists its files itself; those can be anywhere (settings.py, a Dockerfile, a glob's matches)
    for (const file of detectionReferences(dir, [...byName.keys()])) {
      const e = byName.get(file);
      if (e) await this.writeBlob(dir, file, e.oid);
    }
    return dir;
  }

  /** The commitlint rules at the commit: its commitlint config, package.json's "commitlint" key, or config-conventional. */
  lintSetup(commit: string): Promise<LintSetup> {
    return once(this.setups, commit, () => this.readLintSetup(commit));
  }

  private async readLintSetup(commit: string): Promise<LintSetup> {
    const rootEntries = new Map((await this.git.treeEntries(commit, false)).filter((e) => e.type === 'blob').map((e) => [e.file, e]));
    const found = COMMITLINT_CONFIG_FILES.find((n) => rootEntries.has(n));
    const pkgText = rootEntries.has('package.json') ? await this.git.show(commit, 'package.json') : null;
    let pkg: Record<string, unknown> | null = null;
    try {
      const parsed = JSON.parse(pkgText ?? 'null') as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) pkg = parsed as Record<string, unknown>;
    } catch {
      pkg = null;
    }
    // commitlint reads package.json's "commitlint" key before any config file
    if (pkg && pkg.commitlint !== undefined) {
      const dir = this.newDir();
      const { setupFromConfigObject } = await import('../config/commitlint-load.js');
      const setup = await setupFromConfigObject(pkg.commitlint, path.join(dir, 'package.json'));
      return { ...setup, source: `package.json at ${short(commit)}` };
    }
    if (found) {
      const isJs = /\.(c|m)?(j|t)s$/.test(found);
      if (isJs && !this.jsConfigs) return { ...defaultSetup(), source: `config-conventional (${found} at ${short(commit)} not run: SHIPVER_SERVER_JS_CONFIG=off)` };
      const dir = this.newDir();
      await this.writeBlob(dir, found, rootEntries.get(found)!.oid);
      // The module type of a .js config comes from package.json; without one, Node decides
      // from the syntax, as it does in the developer's clone.
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg && typeof pkg.type === 'string' ? { type: pkg.type } : {}));
      const { loadCommitlintConfig } = await import('../config/commitlint-load.js');
      const setup = await loadCommitlintConfig(path.join(dir, found));
      return { ...setup, source: `${found} at ${short(commit)}` };
    }
    return defaultSetup();
  }
}
