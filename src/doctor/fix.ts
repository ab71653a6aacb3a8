// `shipver doctor --fix`: the safe fixes, in order — tag.format first (it decides which tags
// count), then the hooks (so the commit after them goes through them), then the version
// files. `--dry-run` says what it would change. Returns what was (or would be) changed.
import { acceptedHeader } from '../config/commit-subject.js';
import { ShipverError, refusal } from '../errors.js';
import type { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import { CONFIG_FILE } from '../config/defaults.js';
import type { Config } from '../config/types.js';
import { latestVersionTags } from '../release/version-tags.js';
import { writeTagFormat } from '../release/tag-format-infer.js';
import { applyFilesFix, planFilesFix } from '../release/files-fix.js';
import { installHooksOnly } from '../setup/apply.js';
import type { Findings } from './collect.js';
import { HOOKS_FIX } from './hooks.js';
import type { VersionFacts } from './versions.js';

export interface Change {
  name: string;
  /** what was (or, with --dry-run, would be) changed */
  change: string;
  done: boolean;
  /** why it could not be applied */
  error?: string;
  /** a command for what is left to do by hand */
  then?: string;
}

interface FixContext {
  root: string;
  git: Git;
  head: string | null;
  dry: boolean;
  env: NodeJS.ProcessEnv;
}

export async function applyFixes(ctx: FixContext, found: Findings): Promise<Change[]> {
  const undecided = found.facts.find((f) => f.formatUndecided);
  if (undecided) {
    throw refusal('E_TAG_FORMAT_UNDECIDED', 'shipver doctor --fix cannot tell which tags are this project\'s releases, so it changed nothing', undecided.formatUndecided!);
  }
  const changes: Change[] = [];
  let config = found.config;
  const inferred = found.facts.find((f) => f.inferFormat)?.inferFormat ?? null;
  if (inferred && config) changes.push(await fixTagFormat(ctx, inferred));
  if (found.checks.some((c) => c.name === 'hooks' && c.fix === HOOKS_FIX)) changes.push(await fixHooks(ctx));
  // the version files: against the tags of the format as it is now (it may just have been written)
  if (config && inferred && !ctx.dry) {
    try {
      config = await loadConfig(ctx.root);
    } catch {
      config = null;
    }
  }
  const unfinished = found.checks.some((c) => c.name === 'release journal' && c.status === 'fail');
  if (config && ctx.head) changes.push(...(await fixVersionFiles(ctx, config, found.facts, inferred, unfinished)));
  return changes;
}

async function fixTagFormat(ctx: FixContext, inferred: string): Promise<Change> {
  const change = `tag: { format: "${inferred}" } in ${CONFIG_FILE} (the form of the existing version tags)`;
  if (!ctx.dry) await writeTagFormat(ctx.root, inferred);
  return { name: 'tag format', change: `${ctx.dry ? 'would write' : 'wrote'} ${change}`, done: !ctx.dry, then: `git add ${CONFIG_FILE} && git commit -m "${await acceptedHeader(ctx.root, 'chore', 'set tag.format from the existing tags')}" -- ${CONFIG_FILE}` };
}

/** The hooks, as shipver init --hooks-only installs them. */
async function fixHooks(ctx: FixContext): Promise<Change> {
  const { dry } = ctx;
  try {
    const written = await installHooksOnly(ctx.root, ctx.git, { dryRun: dry, env: ctx.env });
    const files = written.map((w) => w.file);
    const verb = (action: string) => (action === 'create' ? (dry ? 'create' : 'created') : action === 'append' ? (dry ? 'append to' : 'appended to') : dry ? 'update' : 'updated');
    const list = written.map((w) => `${verb(w.action)} ${w.file}`).join(', ');
    return {
      name: 'hooks',
      change: `${dry ? 'would install' : 'installed'} the git hooks (as shipver init --hooks-only does)${list ? `: ${list}` : ''}`,
      done: !dry,
      ...(files.length ? { then: `git add ${files.join(' ')} && git commit -m "${await acceptedHeader(ctx.root, 'chore', 'set up the shipver hooks')}" -- ${files.join(' ')}` } : {}),
    };
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    return { name: 'hooks', change: 'the git hooks were not installed', done: false, error: `${e.message}${e.hint ? ` (${e.hint})` : ''}` };
  }
}

/** Each project's version files set to the version of the latest release HEAD contains, in a commit. */
async function fixVersionFiles(ctx: FixContext, config: Config, facts: VersionFacts[], inferred: string | null, unfinished: boolean): Promise<Change[]> {
  const changes: Change[] = [];
  const kept = (error: string): Change => ({ name: 'version files', change: 'the version files were left as they are', done: false, error });
  for (const fact of facts) {
    if (!fact.files) continue;
    if (unfinished) {
      changes.push(kept('a release did not finish: run shipver recover first'));
      break;
    }
    const latest = inferred ? (await latestVersionTags(ctx.git, inferred, fact.projectName)).latest : fact.latest;
    let fix;
    try {
      fix = planFilesFix(config, fact.projectName, fact.files, latest);
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      changes.push(kept(e.message));
      continue;
    }
    if (!fix) continue;
    const what = `${fix.edits.map((e) => `${e.file} ${e.was} → ${fix.version}`).join(', ')} (tag ${fix.tag}, the latest release HEAD contains)`;
    if (ctx.dry) {
      changes.push({ name: 'version files', change: `would set ${what}, and commit "${fix.message.split('\n')[0]}"`, done: false });
      continue;
    }
    try {
      const sha = await applyFilesFix(ctx.git, ctx.root, fix);
      changes.push({ name: 'version files', change: `set ${what}, committed ${sha.slice(0, 7)} ${fix.message.split('\n')[0]}`, done: true });
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      changes.push(kept([e.message, ...e.details].join('\n    ') + (e.hint ? `\n    → ${e.hint}` : '')));
    }
  }
  return changes;
}
