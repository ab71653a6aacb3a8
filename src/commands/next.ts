// shipver next: the current version, the level the commits call for, the next version,
// and every commit considered with the reason for its level. --messages-file computes
// the level from a JSON array of messages, without a repository.
import { printable } from '../text.js';
import { readFileSync } from 'node:fs';
import semver from '../version/semver-fns.js';
import { ExitCode, errnoCode, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { parseCommit } from '../commits/conventional.js';
import { inferLevel } from '../commits/level.js';
import { DEFAULT_BUMP_TYPES } from '../config/load.js';
import { gatherRelease } from '../release/gather.js';
import { planNext } from '../release/plan-release.js';
import { parseLevel, parsePre } from '../release/decide.js';
import { countsLine } from './release-report.js';

interface Opts {
  json?: boolean;
  pre?: string;
  project?: string;
  messagesFile?: string;
  current?: string;
}

function levelFor(messages: string[], current: string): { current: string; level: string | null; next: string | null; counts: unknown; commits: unknown } {
  const inf = inferLevel(
    messages.map((m) => ({ parsed: parseCommit(m) })),
    { types: DEFAULT_BUMP_TYPES, breakingPreMajor: 'minor' },
    semver.major(current) === 0,
  );
  return { current, level: inf.level, next: inf.level ? semver.inc(current, inf.level) : null, counts: inf.counts, commits: inf.commits };
}

/**
 * --messages-file: a JSON array of messages (one answer), or JSON Lines of arrays (one
 * answer per line, in order: a whole corpus in one run). A file named *.jsonl is always
 * JSON Lines, even with one line (so --json prints one compact line per array); any other
 * file is JSON Lines when it has several lines that each start with "[".
 */
function fromMessagesFile(opts: Opts, io: Io): ExitCode {
  const file = opts.messagesFile!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError('E_MESSAGES_FILE', `${file} cannot be read (${errnoCode(e) ?? (e as Error).message})`, 'give a JSON array of commit messages, e.g. ["feat: a", "fix: b"]');
  }
  const current = opts.current ?? '1.0.0';
  if (!semver.valid(current)) throw usageError('E_USAGE', `--current "${current}" is not a semver version`, 'e.g. --current 0.4.1');
  const parseList = (raw: string, where: string): string[] => {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw usageError('E_MESSAGES_FILE', `${where} is not valid JSON`, 'give a JSON array of commit messages, e.g. ["feat: a", "fix: b"], or one such array per line');
    }
    if (!Array.isArray(v) || v.some((m) => typeof m !== 'string')) throw usageError('E_MESSAGES_FILE', `${where} must hold a JSON array of strings`, 'e.g. ["feat: a", "fix: b"]');
    return v as string[];
  };
  const trimmed = text.trim();
  const lines = trimmed.split('\n');
  const jsonLines = file.toLowerCase().endsWith('.jsonl') || (lines.length > 1 && lines.every((l) => l.trim().startsWith('[')));
  if (jsonLines) {
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue; // a blank line in JSON Lines holds no array
      const r = levelFor(parseList(line, `${file} line ${i + 1}`), current);
      io.stdout(opts.json ? JSON.stringify(r) + '\n' : `${r.level ?? 'none'}\n`);
    }
    return ExitCode.Ok;
  }
  const r = levelFor(parseList(trimmed, file), current);
  if (opts.json) printJson(io, r);
  else io.stdout(`${r.level ?? 'none'}\n`);
  return ExitCode.Ok;
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  if (opts.messagesFile) return fromMessagesFile(opts, io);
  if (opts.current) throw usageError('E_USAGE', '--current only applies with --messages-file', 'in a repository the current version comes from the version files');
  const explicit = parseLevel(args[0]);
  const pre = parsePre(opts.pre);
  const ctx = await gatherRelease(io.cwd, { mode: 'next', project: opts.project, fetch: false });
  const { inference, next, blocked } = planNext(ctx, { level: explicit, pre });
  // An existing tag is a refusal (exit 1): next never proposes a version that is tagged.
  const refused = blocked?.code === 'E_TAG_EXISTS';
  if (opts.json) {
    printJson(io, {
      project: ctx.projectName,
      current: ctx.current,
      files: ctx.filesVersion,
      filesBehind: ctx.filesBehind?.name ?? null,
      lastTag: ctx.lastTag?.name ?? null,
      unmergedTags: ctx.unmergedTags.map((t) => t.name),
      level: explicit ?? inference.level,
      next: next?.version ?? null,
      step: next?.step ?? null,
      reason: blocked?.message ?? null,
      code: blocked?.code ?? null,
      hint: blocked?.hint ?? null,
      warnings: ctx.warnings,
      branch: ctx.branch,
      counts: inference.counts,
      commits: inference.commits,
    });
    return refused ? ExitCode.Refused : ExitCode.Ok;
  }
  const c = colors(io);
  const last = ctx.lastTag ? `last tag ${ctx.lastTag.name}${ctx.filesBehind ? `; the version files say ${ctx.filesVersion}` : ''}` : '';
  io.stderr(`${c.bold(ctx.projectName)} ${ctx.current}${last ? c.dim(` (${last})`) : ''}\n`);
  for (const w of ctx.warnings) io.stderr(`${c.yellow('⚠')} ${w}\n`);
  if (ctx.unmergedTags.length) {
    const shown = ctx.unmergedTags.slice(0, 3).map((t) => t.name).join(', ');
    io.stderr(c.dim(`  not counted: ${shown}${ctx.unmergedTags.length > 3 ? ` and ${ctx.unmergedTags.length - 3} more` : ''} (on branches ${ctx.branch ?? 'HEAD'} does not contain)\n`));
  }
  // a commit's header as text: its control characters (terminal escapes) become "?"
  for (const k of inference.commits.slice(0, 30)) {
    const mark = k.level === 'none' ? c.dim('·') : k.level === 'major' ? c.red('!') : k.level === 'minor' ? c.green('+') : c.cyan('~');
    io.stderr(`  ${mark} ${k.sha ? c.dim(k.sha.slice(0, 7)) + ' ' : ''}${printable(k.header.slice(0, 72))} ${c.dim(`→ ${k.level === 'none' ? k.reason : k.level}`)}\n`);
  }
  if (inference.commits.length > 30) io.stderr(c.dim(`  … and ${inference.commits.length - 30} more\n`));
  if (next) {
    io.stderr(`${c.dim('→')} next: ${c.green(c.bold(next.version))} (${next.step}; ${countsLine(inference)})\n`);
    io.stdout(`${next.version}\n`);
  } else {
    io.stderr(`${refused ? c.red('✖') : c.yellow('○')} ${blocked!.message}\n${blocked!.hint ? `${c.dim('→')} ${blocked!.hint}\n` : ''}`);
  }
  return refused ? ExitCode.Refused : ExitCode.Ok;
}
