// What `shipver commit` knows while it composes a message: the rules the commit-msg hook
// will lint with (the same loader, the same cleaning), the types with what each does to
// the version, scope suggestions, and the release the commit would cause. And its side
// effects at the edge: reading the message git kept, and running `git commit`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import configConventional from '@commitlint/config-conventional';
import { ExitCode, ShipverError, refusal } from '../errors.js';
import { colors, type Io } from '../io.js';
import { cleanMessage } from '../commits/clean.js';
import type { LintResult, LintSetup } from '../commits/lint.js';
import { lintOrConfigError, lintSetupFor } from '../config/commitlint.js';
import { parseCommit } from '../commits/conventional.js';
import { classify, inferLevel, type LevelRules } from '../commits/level.js';
import { answerProblem, composeMessage, parseMessage, partForRule, type CommitParts, type PartName } from '../commits/compose.js';
import { DEFAULT_BUMP_TYPES, loadConfig } from '../config/load.js';
import type { LevelOrNone } from '../config/types.js';
import { Git, commentCharSync, type Located } from '../git/git.js';
import { loadReleaseContext, locateRepo, type ReleaseContext } from '../release/context.js';
import { decideNext } from '../release/decide.js';
import { readMessageFile } from '../hooks/commit-msg.js';
import semver from '../version/semver-fns.js';

export interface TypeChoice {
  name: string;
  /** one line, e.g. "a new feature" ('' when the type is the team's own) */
  description: string;
  /** what a commit of this type does to the version (shipver.yaml bump.types) */
  level: LevelOrNone;
}

export interface CommitSession {
  root: string;
  git: Git;
  here: Located;
  setup: LintSetup;
  /** core.commentChar, for cleaning the message as git (and the hook) will */
  commentChar: string | null;
  types: TypeChoice[];
  /** the rules refuse an empty scope (scope-empty: never) */
  scopeRequired: boolean;
  /** suggestions: the rules' scope-enum when there is one, else shipver.yaml's projects and recent scopes */
  scopes: string[];
  levels: LevelRules;
  /** git commit --amend: the new commit replaces HEAD */
  amend: boolean;
  /** the release the commit would go into; an error when there is none to compute (no version files, ...) */
  release: Promise<ReleaseContext | ShipverError>;
}

const DESCRIPTIONS: Record<string, string> = {
  feat: 'a new feature',
  feature: 'a new feature',
  fix: 'a bug fix',
};

function describeType(type: string): string {
  const questions = (configConventional as { prompt?: { questions?: { type?: { enum?: Record<string, { description?: string }> } } } }).prompt?.questions?.type?.enum;
  const d = (Object.hasOwn(DESCRIPTIONS, type) ? DESCRIPTIONS[type] : undefined) ?? (questions && Object.hasOwn(questions, type) ? questions[type]!.description : undefined) ?? '';
  // one line: "Changes to our CI configuration files and scripts (example scopes: ...)" loses its aside
  const line = d.replace(/\s*\([^)]*\)\s*$/, '');
  return line ? line[0]!.toLowerCase() + line.slice(1) : '';
}

const RANK: Record<LevelOrNone, number> = { major: 0, minor: 1, patch: 2, none: 3 };

/** A rule's value when it is on and `always` (type-enum, scope-enum); null otherwise. */
function alwaysList(setup: LintSetup, name: string): string[] | null {
  const rule = (setup.rules as Record<string, unknown>)[name];
  if (Array.isArray(rule) && Number(rule[0]) > 0 && rule[1] !== 'never' && Array.isArray(rule[2])) return (rule[2] as unknown[]).map(String);
  return null;
}

function ruleIsNever(setup: LintSetup, name: string): boolean {
  const rule = (setup.rules as Record<string, unknown>)[name];
  return Array.isArray(rule) && Number(rule[0]) === 2 && rule[1] === 'never';
}

/**
 * The types to offer: the team's type-enum when its rules have one, else config-conventional's;
 * those that release something first (feat, fix, perf), each group in the rules' order.
 */
export function configuredTypes(setup: LintSetup, bumpTypes: Record<string, LevelOrNone>): TypeChoice[] {
  const names = alwaysList(setup, 'type-enum') ?? (configConventional.rules['type-enum'][2] as string[]);
  const types = names.map((name) => ({ name, description: describeType(name), level: Object.hasOwn(bumpTypes, name) ? bumpTypes[name]! : ('none' as const) }));
  return types.sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** Scopes of recent commit subjects, most used first. */
export function scopesFromSubjects(subjects: string[]): string[] {
  const counts = new Map<string, number>();
  for (const s of subjects) {
    const m = /^\w+\(([^()\n]+)\)!?: /.exec(s);
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
}

export async function openSession(io: Io, gitArgs: string[]): Promise<CommitSession> {
  const here = await locateRepo(io.cwd);
  const git = new Git(here.root);
  const [setup, config, subjects] = await Promise.all([
    lintSetupFor(here.root),
    loadConfig(here.root).catch((e: unknown) => {
      if (e instanceof ShipverError) return null; // a broken shipver.yaml does not stop a commit; the release line says why
      throw e;
    }),
    git.recentSubjects(500),
  ]);
  const levels: LevelRules = config ? { types: config.bump.types, breakingPreMajor: config.bump.breakingPreMajor } : { types: DEFAULT_BUMP_TYPES, breakingPreMajor: 'minor' };
  const scopeEnum = alwaysList(setup, 'scope-enum');
  const projects = config?.projectsConfigured ? config.projects.map((p) => p.name) : [];
  const scopes = scopeEnum ?? [...new Set([...projects, ...scopesFromSubjects(subjects)])];
  const release = loadReleaseContext(here).catch((e: unknown) => {
    if (e instanceof ShipverError) return e;
    throw e;
  });
  release.catch(() => {}); // awaited later, or never (a cancelled prompt)
  return {
    root: here.root,
    git,
    here,
    setup,
    commentChar: commentCharSync(here.root),
    types: configuredTypes(setup, levels.types),
    scopeRequired: ruleIsNever(setup, 'scope-empty'),
    scopes,
    levels,
    amend: gitArgs.includes('--amend'),
    release,
  };
}

/** Lints the message the parts make, cleaned as git and the hook clean it, with the hook's rules. */
export async function lintParts(s: CommitSession, parts: CommitParts): Promise<LintResult> {
  return lintOrConfigError(cleanMessage(composeMessage(parts), s.commentChar), s.setup);
}

/** What is wrong with one answer (shipver's own check, then the rules about that answer), as "message [rule]"; undefined when nothing. */
export async function answerError(s: CommitSession, part: PartName, parts: CommitParts, raw: string): Promise<string | undefined> {
  const own = answerProblem(part, raw);
  if (own) return `${own.message} [${own.rule}]`;
  // an answer not given yet would hide this one from the parser ("feat(api): " has no subject, so no scope either)
  const result = await lintParts(s, part !== 'subject' && parts.subject === '' ? { ...parts, subject: 'x' } : parts);
  const found = result.errors.find((e) => partForRule(e.rule) === part);
  return found ? `${found.message} [${found.rule}]` : undefined;
}

const LEVEL_WORDS: Record<LevelOrNone, string> = { major: 'a major release', minor: 'a minor release', patch: 'a patch release', none: 'no release' };

export function levelWords(level: LevelOrNone): string {
  return LEVEL_WORDS[level];
}

export interface Outlook {
  /** what this commit alone calls for */
  level: LevelOrNone;
  current: string | null;
  /** the next release with this commit; null when there is none to compute */
  next: string | null;
  text: string;
}

/** The release this commit would cause: the current version and the level of the commits since the last tag plus this one. */
export async function outlook(s: CommitSession, message: string): Promise<Outlook> {
  const parsed = parseCommit(message);
  const ctx = await s.release;
  if (ctx instanceof ShipverError) {
    const own = classify(parsed, s.levels, false);
    return {
      level: own.level,
      current: null,
      next: null,
      text: own.level === 'none' ? `this commit releases nothing (${own.reason})` : `this commit calls for ${levelWords(own.level)} (no version to compute: ${ctx.message})`,
    };
  }
  const preMajor = semver.major(ctx.current) === 0;
  const own = classify(parsed, s.levels, preMajor);
  const earlier = ctx.commits.filter((c) => !(s.amend && c.sha === s.here.head));
  const inference = inferLevel([{ parsed }, ...earlier.map((c) => ({ sha: c.sha, parsed: c.parsed }))], s.levels, preMajor);
  let next: string | null = null;
  let blocked: string | null = null;
  try {
    next = decideNext({ ...ctx, newSinceLastTag: ctx.newSinceLastTag + (s.amend ? 0 : 1) }, inference, null, null).version;
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    blocked = e.message;
  }
  let text: string;
  if (own.level === 'none') text = next ? `this commit releases nothing (${own.reason}); the next release stays ${next}` : `this commit releases nothing (${own.reason})`;
  else if (next) text = `this commit makes the next release ${next} (${own.reason} → ${own.level}, from ${ctx.current})`;
  else text = `this commit calls for ${levelWords(own.level)}, but ${blocked}`;
  return { level: own.level, current: ctx.current, next, text };
}

/**
 * git's "nothing added to commit", before anything is asked: unless git is told to commit
 * something other than the index (-a, --amend, --allow-empty, paths), there must be staged changes.
 */
export async function checkStaged(s: CommitSession, gitArgs: string[]): Promise<void> {
  let afterDashes = false;
  for (const a of gitArgs) {
    if (afterDashes || !a.startsWith('-')) return; // paths: git decides what they commit
    if (a === '--') afterDashes = true;
    else if (['--all', '--amend', '--allow-empty', '--include', '--only', '--interactive', '--patch'].includes(a)) return;
    else if (/^-[A-Za-z]+$/.test(a) && /[aip]/.test(a.slice(1))) return; // -a, -av, -i, -p
  }
  if (await s.git.hasStagedChanges()) return;
  throw refusal(
    'E_NOTHING_STAGED',
    'nothing added to commit: no changes are staged',
    'stage what this commit holds (git add FILE) and run shipver commit again; or commit every tracked change: shipver commit -- -a (an empty commit: -- --allow-empty)',
  );
}

/** The message git kept after a refused commit (COMMIT_EDITMSG, cleaned as the hook cleans it) and its parts. */
export async function retryParts(s: CommitSession): Promise<{ message: string; parts: CommitParts }> {
  const file = await s.git.gitPath('COMMIT_EDITMSG');
  if (!existsSync(file)) {
    throw refusal('E_RETRY_NOTHING', 'there is no refused message to retry: git has kept no commit message here', 'write a new one: shipver commit');
  }
  const message = readMessageFile(file, s.root, s.commentChar);
  if (message.trim() === '') throw refusal('E_RETRY_NOTHING', `the message git kept (${path.relative(s.root, file)}) is empty`, 'write a new one: shipver commit');
  const head = s.here.head ? await s.git.commitMessage(s.here.head) : null;
  if (head !== null && cleanMessage(head, s.commentChar) === message) {
    throw refusal(
      'E_RETRY_NOTHING',
      `the last message git kept was committed (HEAD ${s.here.head!.slice(0, 7)}): there is no refused commit to retry`,
      'write a new one: shipver commit (to change HEAD\'s message: shipver commit -- --amend)',
    );
  }
  return { message, parts: parseMessage(message) };
}

/** HEAD's message as parts (git commit --amend starts from it). */
export async function headParts(s: CommitSession): Promise<CommitParts | null> {
  const message = s.here.head ? await s.git.commitMessage(s.here.head) : null;
  return message === null ? null : parseMessage(cleanMessage(message, s.commentChar));
}

/** Runs `git commit -F` with the message (git's hooks run as usual); the exit code, with what to do when git refused. */
export async function runGitCommit(s: CommitSession, message: string, gitArgs: string[], io: Io, json: boolean): Promise<ExitCode> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-commit-'));
  const file = path.join(dir, 'COMMIT_MSG');
  let code: number;
  try {
    writeFileSync(file, message);
    // where --retry looks: git writes it only after the pre-commit hook, so a pre-commit
    // refusal would leave the previous message there
    writeFileSync(await s.git.gitPath('COMMIT_EDITMSG'), message);
    code = await s.git.commitWithMessageFile(file, gitArgs, { stdoutToStderr: json });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (code === 130) {
    io.stderr(`${colors(io).yellow('■')} interrupted: nothing was committed\n`);
    return ExitCode.Interrupted;
  }
  if (code !== 0) {
    throw refusal('E_GIT_COMMIT', `git commit stopped (exit ${code}): nothing was committed`, 'fix what git said above, then: shipver commit --retry (it starts from this message)');
  }
  return ExitCode.Ok;
}
