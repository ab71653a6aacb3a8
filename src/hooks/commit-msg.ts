// `shipver hook commit-msg FILE`: runs on every commit of every developer, so this
// module is its own bundle entry and imports only what linting needs: no commander,
// no shipver.yaml loading, no changelog or release code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, ShipverError, errnoCode, refusal, usageError } from '../errors.js';
import { colors, formatError, type Io } from '../io.js';
import { cleanMessage, decodeMessage } from '../commits/clean.js';
import { lintMessage, lintSetupFor } from '../commits/lint.js';
import { formatLintReport } from '../commits/report.js';
import { commentCharSync } from '../git/git.js';
import { printNotices } from '../deploy/notice.js';

/** Reads a message file as git wrote it and cleans it the way git will before committing. */
export function readMessageFile(file: string, cwd: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.resolve(cwd, file));
  } catch (e) {
    const code = errnoCode(e);
    throw usageError(
      'E_MESSAGE_FILE',
      `cannot read the commit message file ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')})`,
      'pass the file git gives the hook: shipver hook commit-msg "$1"',
    );
  }
  const decoded = decodeMessage(bytes);
  if (decoded.problem === 'nul-byte') {
    throw refusal('E_MESSAGE_BINARY', 'the commit message contains NUL bytes, so it is not text', 'write the message as plain UTF-8 text');
  }
  if (decoded.problem === 'invalid-utf8') {
    throw refusal('E_MESSAGE_ENCODING', 'the commit message is not valid UTF-8', 'save the message as UTF-8 (check your editor\'s encoding or i18n.commitEncoding)');
  }
  // A comment char only matters for lines git will strip; skip the git call when no line could be one.
  const commentChar = /^[^\sA-Za-z0-9]/m.test(decoded.text) ? commentCharSync(cwd) : '#';
  return cleanMessage(decoded.text, commentChar);
}

/** Lints one cleaned message from a file; prints the report (and `refusedHint` under a refusal); returns the exit code. */
export async function lintMessageFile(file: string, io: Io, json: boolean, refusedHint = ''): Promise<ExitCode> {
  const message = readMessageFile(file, io.cwd);
  if (message.trim() === '') {
    throw refusal('E_MESSAGE_EMPTY', 'the commit message is empty (after removing comment lines)', 'write a message such as "fix: handle an empty status response"');
  }
  const setup = await lintSetupFor(io.cwd);
  let result;
  try {
    result = await lintMessage(message, setup);
  } catch (e) {
    // commitlint throws for rule configs it does not understand
    throw usageError('E_COMMITLINT_CONFIG', `the commitlint rules are invalid: ${(e as Error).message.split('\n')[0]}`, `fix ${setup.source ?? 'the commitlint config'}`);
  }
  if (json) io.stdout(JSON.stringify(result) + '\n');
  else if (!result.valid || result.warnings.length) io.stderr(formatLintReport(colors(io), message, result, setup) + (result.valid ? '' : refusedHint));
  return result.valid ? ExitCode.Ok : ExitCode.Refused;
}

export async function commitMsgHook(args: string[], io: Io): Promise<ExitCode> {
  const file = args[0];
  try {
    if (!file) throw usageError('E_USAGE', 'shipver hook commit-msg needs the message file', 'the hook calls: shipver hook commit-msg "$1"');
    const code = await lintMessageFile(file, io, false, `${colors(io).dim('→')} shipver commit --retry: fix this message with shipver's help\n`);
    // git passes .git/COMMIT_EDITMSG (MERGE_MSG for a merge): its directory is the git
    // directory, where a background deploy that failed left its notice (a readdir, no git call).
    const msgFile = path.resolve(io.cwd, file);
    if (code === ExitCode.Ok && /^(COMMIT_EDIT|MERGE_)MSG$/.test(path.basename(msgFile))) printNotices(path.dirname(msgFile), io.stderr);
    return code;
  } catch (e) {
    if (e instanceof ShipverError) {
      io.stderr(formatError(io, e));
      return e.exitCode;
    }
    throw e;
  }
}
