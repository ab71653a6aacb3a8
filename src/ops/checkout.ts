// `shipver ops checkout DIR VERSION`: put the app checkout an ops script builds from at
// a version's tag. The hand-written deploy did `git fetch && git reset --hard v$(version)`,
// which threw away whatever someone had changed there; this refuses instead.
import { shortPrintable } from './image-ref.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Git, assertSafeRef } from '../git/git.js';
import { refusal, usageError, errnoCode } from '../errors.js';
import { projectRequired } from '../errors/messages.js';
import { CONFIG_FILE, DEFAULT_TAG_FORMAT } from '../config/defaults.js';
import { parseConfig } from '../config/parse.js';
import { isSafeVersion, tagName } from '../release/tag-format.js';

export interface CheckoutOptions {
  /** tag name format; default: tag.format of DIR's shipver.yaml, else v{version} */
  tagFormat?: string;
  /** the value of {project} when the format has one */
  project?: string;
  /** environment for git (default: process.env) */
  env?: NodeJS.ProcessEnv;
}

export interface CheckoutResult {
  tag: string;
  commit: string;
}

export interface CheckoutPlan {
  /** top of DIR's work tree */
  root: string;
  tag: string;
  /** the tag's commit when it is already known locally, else null (it may come with the fetch) */
  commit: string | null;
  hasOrigin: boolean;
}

const MAX_LISTED = 20;

/**
 * Refuses anything but a plain semver version (a leading "v" is dropped). Runs before any
 * git call, so a version like `1.0.0;touch pwned`, `$(id)` or `--upload-pack=x` never
 * reaches a command.
 */
export function checkVersionArg(version: string): string {
  const v = /^[vV]\d/.test(version) ? version.slice(1) : version;
  if (!isSafeVersion(v) || v.startsWith('-')) {
    throw usageError(
      'E_VERSION_INVALID',
      `"${shortPrintable(version)}" is not a valid version`,
      'give the version to deploy as semver, e.g. 1.2.0 or 1.3.0-beta.1',
    );
  }
  return v;
}

/** Where DIR's tags live and which tag VERSION has; no fetch, no change. */
export async function planCheckout(dir: string, version: string, opts: CheckoutOptions = {}): Promise<CheckoutPlan> {
  const v = checkVersionArg(version);
  if (opts.project !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(opts.project)) {
    throw usageError('E_PROJECT_INVALID', `"${opts.project}" is not a valid project name`, 'letters, digits, ".", "_" and "-"');
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw usageError('E_CHECKOUT_DIR', `${dir} is not a directory`, 'give the path of the app checkout (a git clone of the app)');
  }
  const git = new Git(dir, opts.env);
  const root = await git.topLevel();
  if (!root) throw usageError('E_CHECKOUT_DIR', `${dir} is not a git checkout`, 'clone the app there first: git clone URL DIR');
  const { format, project } = resolveTagFormat(root, opts);
  const tag = assertSafeRef(tagName(format, v, project), 'tag');
  const hasOrigin = (await git.configGet('remote.origin.url')) !== null;
  const commit = await git.revParse(`refs/tags/${tag}`);
  return { root, tag, commit, hasOrigin };
}

/** planCheckout, and the refusal of local changes the real run would give (a dry run predicts it); `shown`: DIR as given. */
export async function previewCheckout(dir: string, version: string, opts: CheckoutOptions, shown: string): Promise<CheckoutPlan> {
  const plan = await planCheckout(dir, version, opts);
  await refuseLocalChanges(new Git(plan.root, opts.env), shown);
  return plan;
}

/** --tag-format, else tag.format of the checkout's shipver.yaml, else v{version}; and {project}'s value. */
function resolveTagFormat(top: string, o: CheckoutOptions): { format: string; project: string } {
  let format = o.tagFormat;
  let project = o.project;
  if (format === undefined || (format.includes('{project}') && project === undefined)) {
    const file = path.join(top, CONFIG_FILE);
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw usageError('E_CONFIG_UNREADABLE', `${file} cannot be read (${errnoCode(e) ?? 'error'})`, "check the file's permissions");
    }
    if (text !== null) {
      const config = parseConfig(text, { file, root: top, displayName: file });
      format ??= config.tag.format;
      if (format.includes('{project}') && project === undefined) {
        if (config.projects.length !== 1) {
          throw projectRequired(config.projects.map((p) => p.name));
        }
        project = config.projects[0]!.name;
      }
    }
  }
  format ??= DEFAULT_TAG_FORMAT;
  if (format.split('{version}').length !== 2) {
    throw usageError('E_TAG_FORMAT', `the tag format "${format}" must contain {version} exactly once`, 'e.g. --tag-format "v{version}"');
  }
  if (format.includes('{project}') && project === undefined) {
    throw projectRequired();
  }
  return { format, project: project ?? '' };
}

/**
 * In the app checkout DIR: refuse local changes, fetch tags from origin (when DIR has
 * one), and check out VERSION's tag on a detached HEAD.
 */
export async function checkoutVersion(dir: string, version: string, opts: CheckoutOptions = {}): Promise<CheckoutResult> {
  const plan = await planCheckout(dir, version, opts);
  const git = new Git(plan.root, opts.env);
  await refuseLocalChanges(git, dir);

  if (plan.hasOrigin) {
    const r = await git.fetchTagsNoPrompt('origin');
    if (r.exitCode !== 0) {
      const said = r.stderr.trim().split('\n').filter(Boolean);
      const clobber = said.some((l) => /would clobber existing tag/.test(l));
      throw refusal(
        'E_FETCH_FAILED',
        `fetching tags from origin in ${dir} failed`,
        clobber
          ? 'a tag on origin differs from the local one: if origin is right, delete the local tag (git tag -d NAME) and run again'
          : "check that origin is reachable from here (git -C DIR fetch --tags origin)",
        said.slice(0, MAX_LISTED),
      );
    }
  }
  const commit = await git.revParse(`refs/tags/${plan.tag}`);
  if (!commit) {
    throw refusal(
      'E_TAG_MISSING',
      `tag ${plan.tag} does not exist in ${dir}${plan.hasOrigin ? ' nor on its origin' : ''}`,
      plan.hasOrigin
        ? `push it from the app repository (git push origin ${plan.tag}), or check the version`
        : `${dir} has no origin to fetch it from: create the tag there, or check the version`,
    );
  }
  const r = await git.checkoutDetached(commit);
  if (r.exitCode !== 0) {
    throw refusal('E_CHECKOUT_FAILED', `git could not check out ${plan.tag} in ${dir}`, 'move the files git names out of the way and run again', r.stderr.trim().split('\n').filter(Boolean).slice(0, MAX_LISTED));
  }
  return { tag: plan.tag, commit };
}

/** Local changes are refused, never thrown away. */
async function refuseLocalChanges(git: Git, dir: string): Promise<void> {
  const changes = await git.trackedChanges();
  if (changes.length) {
    const listed = changes.slice(0, MAX_LISTED).map((l) => `  ${l}`);
    if (changes.length > MAX_LISTED) listed.push(`  … and ${changes.length - MAX_LISTED} more`);
    throw refusal(
      'E_CHECKOUT_DIRTY',
      `${dir} has local changes; checking out a version would carry them along or need them thrown away`,
      `commit, stash (git -C ${dir} stash) or discard them there first; shipver does not discard changes`,
      ['changed files:', ...listed],
    );
  }
}
