// Lints a list of commits and says which fail, one short line per commit (sha, subject,
// the rules it breaks): what the pre-receive hook and shipver ci verify print.
import { usageError } from '../errors.js';
import type { CommitRecord } from '../git/parse.js';
import { lintMessage, type LintResult, type LintSetup, type RuleFinding } from '../commits/lint.js';

export interface CheckedCommit {
  sha: string;
  subject: string;
  valid: boolean;
  ignored: boolean;
  errors: RuleFinding[];
  warnings: RuleFinding[];
}

export const EXAMPLE_MESSAGE = 'feat(api): add the version to the status endpoint';

function clip(s: string, n = 72): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Lints each commit (oldest first in the result); a broken rule set is a configuration error. */
export async function lintCommits(commits: CommitRecord[], setup: LintSetup): Promise<CheckedCommit[]> {
  const out: CheckedCommit[] = [];
  for (const c of [...commits].reverse()) {
    let r: LintResult;
    try {
      r = await lintMessage(c.message, setup);
    } catch (e) {
      throw usageError('E_COMMITLINT_CONFIG', `the commitlint rules are invalid: ${(e as Error).message.split('\n')[0]}`, `fix ${setup.source ?? 'the commitlint config'}`);
    }
    out.push({ sha: c.sha, subject: c.message.split('\n')[0] ?? '', valid: r.valid, ignored: r.ignored, errors: r.errors, warnings: r.warnings });
  }
  return out;
}

/** `1a2b3c4 "update stuff": subject may not be empty [subject-empty]; type may not be empty [type-empty]` */
export function badCommitLine(c: Pick<CheckedCommit, 'sha' | 'subject' | 'errors'>): string {
  return `${c.sha.slice(0, 7)} ${JSON.stringify(clip(c.subject))}: ${c.errors.map((e) => `${e.message} [${e.rule}]`).join('; ')}`;
}

/** The fix for bad messages, in one line. */
export function rewordHint(count: number, base: string | null, setup: LintSetup): string {
  const rebase = base ? `git rebase -i ${base.slice(0, 12)}` : 'git rebase -i';
  const rules = setup.source ? ` (rules: ${setup.source})` : '';
  return `reword ${count === 1 ? 'it' : 'them'} (${rebase}) as type(scope): subject, e.g. "${EXAMPLE_MESSAGE}"${rules}`;
}
