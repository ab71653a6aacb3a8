// `shipver hook commit-msg FILE`: runs on every commit of every developer, so this
// module is its own bundle entry and imports only what linting needs: no commander,
// no shipver.yaml loading, no changelog or release code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, errnoCode, refusal, usageError } from '../errors.js';
import { colors, type Io } from '../io.js';
import { cleanMessage, decodeMessage, detectCommentChar } from '../commits/clean.js';
import { lintMessage, type LintResult, type LintSetup } from '../commits/lint.js';
import { lintOrConfigError, lintSetupFor } from '../config/commitlint.js';
import { formatLintReport } from '../commits/report.js';
import { commentCharSync } from '../git/comment-char.js';
import { printNotices } from '../deploy/notice.js';

const SCISSORS = '------------------------ >8 ------------------------';

const HOOK_FILE_HINT = 'pass the file git gives the hook: shipver hook commit-msg "$1"';

function readBytes(file: string, cwd: string, hint = HOOK_FILE_HINT): Buffer {
  try {
    return readFileSync(path.resolve(cwd, file));
  } catch (e) {
    const code = errnoCode(e);
    throw usageError(
      'E_MESSAGE_FILE',
      `cannot read the commit message file ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')})`,
      hint,
    );
  }
}

/**
 * git's comment character for a message, or '#' when no line of it could start with one
 * (a letter, a digit or a space never does: that saves starting git on most commits).
 */
function commentCharFor(text: string, cwd: string): string {
  if (!/^[^\sA-Za-z0-9]/m.test(text)) return '#';
  return commentCharSync(cwd) ?? detectCommentChar(text.split(/\r?\n/));
}

/**
 * Reads a message file as git wrote it and cleans it the way git will before committing.
 * `commentChar`: core.commentChar when the caller has read it already (null for "auto").
 */
export function readMessageFile(file: string, cwd: string, commentChar?: string | null): string {
  const decoded = decodeMessage(readBytes(file, cwd));
  if (decoded.problem === 'nul-byte') {
    throw refusal('E_MESSAGE_BINARY', 'the commit message contains NUL bytes, so it is not text', 'write the message as plain UTF-8 text');
  }
  if (decoded.problem === 'invalid-utf8') {
    throw refusal('E_MESSAGE_ENCODING', 'the commit message is not valid UTF-8', 'save the message as UTF-8 (check your editor\'s encoding or i18n.commitEncoding)');
  }
  return cleanMessage(decoded.text, commentChar !== undefined ? commentChar : commentCharFor(decoded.text, cwd));
}

/**
 * A message file as `commitlint --edit FILE` lints it, so that the hook's verdict is
 * commitlint's on whatever bytes an editor or git wrote: decoded as UTF-8 the way node
 * does (a bad byte becomes U+FFFD, a byte order mark stays), with a newline appended, and
 * git's core.commentChar given to the parser, which then drops comment lines and all below
 * the scissors line of `git commit -v`. Trailing whitespace, CRLF and blank lines are
 * linted as written, not as git will store them. One difference on purpose, for
 * core.commentChar=auto: commitlint takes "auto" itself for the comment character (and so
 * lints git's comment lines and the diff below the scissors); here git's choice is used.
 */
export function readMessageForLint(file: string, cwd: string, fileHint?: string): { text: string; commentChar: string; bytes: Buffer } {
  const bytes = readBytes(file, cwd, fileHint);
  const text = bytes.toString('utf8');
  return { text, commentChar: commentCharFor(text, cwd), bytes };
}

/** The lines commitlint's parser reads (no comments, nothing below the scissors): what a report shows. */
function parsedText(text: string, commentChar: string): string {
  const lines = text.replace(/^[\r\n]+|[\r\n]+$/g, '').split(/\r?\n/);
  const cut = lines.indexOf(`${commentChar} ${SCISSORS}`);
  return (cut >= 0 ? lines.slice(0, cut) : lines).filter((l) => !l.startsWith(commentChar)).join('\n');
}

/** Why bytes an editor wrote may have been refused: what commitlint's rules cannot say. */
function encodingNotes(bytes: Buffer): string[] {
  const notes: string[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    notes.push('the message starts with a byte order mark (U+FEFF), which git would keep in the commit: save it without one (UTF-8, no BOM)');
  }
  const problem = decodeMessage(bytes).problem;
  if (problem === 'nul-byte') notes.push('the message contains NUL bytes (UTF-16?), which git refuses in a commit message: save it as UTF-8');
  else if (problem === 'invalid-utf8') notes.push('the message is not valid UTF-8 (each bad byte was read as U+FFFD): save it as UTF-8, or set i18n.commitEncoding');
  return notes;
}

/**
 * Lints one message file as commitlint --edit does (readMessageForLint); prints the report
 * (and, with `retryHint`, the way to `shipver commit --retry` under a refusal); returns the exit code.
 * `fileHint`: the fix when the file cannot be read (the hook's own by default).
 */
export async function lintMessageFile(file: string, io: Io, json: boolean, retryHint = false, fileHint?: string): Promise<ExitCode> {
  const { text, commentChar, bytes } = readMessageForLint(file, io.cwd, fileHint);
  const message = `${text}\n`;
  let result: LintResult;
  let setup: LintSetup | null = null;
  if (message.trim() === '') {
    // nothing to lint, for commitlint too: git aborts an empty commit itself (unless --allow-empty-message)
    result = { valid: true, ignored: false, errors: [], warnings: [] };
  } else {
    const found = await lintSetupFor(io.cwd);
    // one object for linting and the report: lintMessage records on it the example the rules accept
    setup = { ...found, opts: { ...found.opts, parserOpts: { ...found.opts.parserOpts, commentChar } } };
    result = await lintOrConfigError(message, setup);
  }
  if (json) io.stdout(JSON.stringify(result) + '\n');
  else if (setup && (!result.valid || result.warnings.length)) {
    const c = colors(io);
    const notes = result.valid ? [] : encodingNotes(bytes);
    io.stderr(formatLintReport(c, parsedText(text, commentChar), result, setup) + notes.map((n) => `${c.dim('→')} ${n}\n`).join('') + (retryHint && !result.valid ? `${c.dim('→')} shipver commit --retry: fix this message with shipver's help\n` : ''));
  }
  return result.valid ? ExitCode.Ok : ExitCode.Refused;
}

/** A message that takes the usual path through linting: header, body and footer, a note and a reference. */
const WARM_UP_MESSAGE = 'feat(api)!: add the version to the status endpoint\n\nSo ops can tell what runs where.\n\nBREAKING CHANGE: the status is an object\nRefs: #1\n';

/**
 * Lints a typical message, quietly, so that V8 compiles what most commits run: the run that
 * writes the hook's code cache calls it after its own message (entry/commit-msg.ts).
 */
export async function warmUp(cwd: string): Promise<void> {
  try {
    const setup = await lintSetupFor(cwd);
    await lintMessage(WARM_UP_MESSAGE, { ...setup, opts: { ...setup.opts, parserOpts: { ...setup.opts.parserOpts, commentChar: '#' } } });
  } catch {
    // the real run has reported any problem with the config
  }
}

/** The hook; its errors are reported by the runner that calls it (entry/run.ts). */
export async function commitMsgHook(args: string[], io: Io): Promise<ExitCode> {
  const file = args[0];
  if (!file) throw usageError('E_USAGE', 'shipver hook commit-msg needs the message file', 'the hook calls: shipver hook commit-msg "$1"');
  const code = await lintMessageFile(file, io, false, true);
  // git passes .git/COMMIT_EDITMSG (MERGE_MSG for a merge): its directory is the git
  // directory, where a background deploy that failed left its notice (a readdir, no git call).
  const msgFile = path.resolve(io.cwd, file);
  if (code === ExitCode.Ok && /^(COMMIT_EDIT|MERGE_)MSG$/.test(path.basename(msgFile))) printNotices(path.dirname(msgFile), io.stderr);
  return code;
}
