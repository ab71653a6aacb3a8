// The commit messages shipver prints in its fix hints ("git commit -m 'chore: set up
// shipver'"), in a form the repository's own commit rules accept: a team whose rules want
// sentence-case subjects or a scope would otherwise be handed a command its commit-msg hook
// refuses. One function for every hint that prints a commit.
import { lintMessage } from '../commits/lint.js';
import { lintSetupFor } from './commitlint.js';

/** `type: subject` as the repository's rules accept it: as given, capitalised, with the scope "shipver", or both; as given when none passes (or the rules cannot be read). */
export async function acceptedHeader(root: string, type: string, subject: string): Promise<string> {
  const capital = subject.charAt(0).toUpperCase() + subject.slice(1);
  const candidates = [`${type}: ${subject}`, `${type}: ${capital}`, `${type}(shipver): ${subject}`, `${type}(shipver): ${capital}`];
  try {
    const setup = await lintSetupFor(root);
    for (const c of candidates) if ((await lintMessage(`${c}\n`, setup)).valid) return c;
  } catch {
    // rules that cannot be read or run: doctor reports those; the hint keeps the usual form
  }
  return candidates[0]!;
}
