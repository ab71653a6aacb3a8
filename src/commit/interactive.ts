// The questions `shipver commit` asks on a terminal (with @clack/prompts, loaded only
// here: the commit-msg hook's bundle never sees it). Each answer is checked as it is
// given, with the rules the hook will use, so a problem is shown under the answer while
// it can still be fixed; the composed message is linted again as a whole, and a failure
// goes back to the one answer it is about. Ctrl-C (or Esc) at any question: null.
import { PART_NAMES, composeMessage, parseIssues, partForRule, type CommitParts, type PartName } from '../commits/compose.js';
import { answerError, levelWords, lintParts, outlook, type CommitSession } from './session.js';

type Clack = typeof import('@clack/prompts');

export interface InteractiveStart {
  parts: CommitParts;
  /** the questions to ask before the message is shown, in order */
  ask: PartName[];
  /** lines to show first (why a retried message was refused) */
  notes: string[];
  dryRun: boolean;
}

const CANCELLED = Symbol('cancelled');

const QUESTIONS: Record<PartName, string> = {
  type: 'type of change',
  scope: 'scope',
  subject: 'subject (what the commit does, imperative: "add the status endpoint")',
  body: 'body (optional; Enter on an empty line ends it)',
  breaking: 'breaking change (optional: describe what breaks, or leave empty)',
  closes: 'issues it closes (optional: 12 34)',
  refs: 'issues it refers to (optional: 12 34)',
};

function shown(parts: CommitParts, part: PartName): string {
  switch (part) {
    case 'closes':
    case 'refs':
      return parts[part].map((n) => `#${n}`).join(' ') || '—';
    case 'body':
    case 'breaking':
      return parts[part].split('\n')[0] ? `${parts[part].split('\n')[0]}${parts[part].includes('\n') ? ' …' : ''}` : '—';
    default:
      return parts[part] || '—';
  }
}

async function ask(p: Clack, s: CommitSession, part: PartName, parts: CommitParts): Promise<CommitParts | typeof CANCELLED> {
  const output = process.stderr;
  const check = (value: string, next: CommitParts) => answerError(s, part, next, value);
  let answer: unknown;
  switch (part) {
    case 'type': {
      const width = Math.max(...s.types.map((t) => t.name.length));
      answer = await p.select({
        message: QUESTIONS.type,
        output,
        maxItems: 12,
        initialValue: s.types.some((t) => t.name === parts.type) ? parts.type : undefined,
        options: s.types.map((t) => ({ value: t.name, label: `${t.name.padEnd(width)}  ${t.description ? `— ${t.description} ` : ''}→ ${levelWords(t.level).replace(/^an? /, '')}` })),
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, type: String(answer) };
    }
    case 'scope': {
      answer = await p.autocomplete<string>({
        message: `${QUESTIONS.scope}${s.scopeRequired ? '' : ' (optional)'}: pick one or type your own`,
        output,
        maxItems: 8,
        initialUserInput: parts.scope || undefined,
        // what was typed comes first (a new scope is fine), then the suggestions it matches
        options() {
          const typed = (this.userInput ?? '').trim();
          const list: Array<{ value: string; label?: string; hint?: string }> = [];
          if (typed) list.push({ value: typed, label: typed });
          else if (!s.scopeRequired) list.push({ value: '', label: '(no scope)' });
          for (const scope of s.scopes) if (scope !== typed && scope.toLowerCase().includes(typed.toLowerCase())) list.push({ value: scope });
          return list;
        },
        validate: (v) => {
          const value = typeof v === 'string' ? v : '';
          return check(value, { ...parts, scope: value });
        },
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, scope: typeof answer === 'string' ? answer : '' };
    }
    case 'subject':
      answer = await p.text({
        message: QUESTIONS.subject,
        output,
        initialValue: parts.subject,
        validate: (v) => check(v ?? '', { ...parts, subject: (v ?? '').trim() }),
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, subject: String(answer ?? '').trim() };
    case 'body':
      answer = await p.multiline({
        message: QUESTIONS.body,
        output,
        initialValue: parts.body,
        validate: (v) => check(v ?? '', { ...parts, body: v ?? '' }),
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, body: String(answer ?? '') };
    case 'breaking':
      answer = await p.text({
        message: QUESTIONS.breaking,
        output,
        initialValue: parts.breaking,
        validate: (v) => check(v ?? '', { ...parts, breaking: (v ?? '').trim(), bang: parts.bang && (v ?? '').trim() === '' }),
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, breaking: String(answer ?? '').trim() };
    case 'closes':
    case 'refs': {
      answer = await p.text({
        message: QUESTIONS[part],
        output,
        initialValue: parts[part].join(' '),
        validate: (v) => check(v ?? '', { ...parts, [part]: parseIssues(v ?? '').numbers }),
      });
      if (p.isCancel(answer)) return CANCELLED;
      return { ...parts, [part]: parseIssues(String(answer ?? '')).numbers };
    }
  }
}

async function pickPart(p: Clack, parts: CommitParts, message: string): Promise<PartName | typeof CANCELLED> {
  const which = await p.select<PartName | 'cancel'>({
    message,
    output: process.stderr,
    options: [...PART_NAMES.map((n) => ({ value: n, label: `${n.padEnd(8)} ${shown(parts, n)}` })), { value: 'cancel' as const, label: 'cancel: commit nothing' }],
  });
  return p.isCancel(which) || which === 'cancel' ? CANCELLED : which;
}

/** Asks, checks and shows until the user commits (the parts) or cancels (null). */
export async function composeInteractively(s: CommitSession, start: InteractiveStart): Promise<CommitParts | null> {
  const p = await import('@clack/prompts');
  const output = process.stderr;
  p.intro('shipver commit', { output });
  for (const line of start.notes) p.log.warn(line, { output });
  let parts = start.parts;
  for (const part of start.ask) {
    const next = await ask(p, s, part, parts);
    if (next === CANCELLED) return cancelled(p);
    parts = next;
  }
  for (;;) {
    const message = composeMessage(parts);
    const result = await lintParts(s, parts);
    if (!result.valid) {
      // a rule the answers' own checks could not see (it needs the whole message): back to the answer it is about
      p.log.error(['the message breaks the commit rules:', ...result.errors.map((e) => `✖ ${e.message} [${e.rule}]`)].join('\n'), { output });
      const part = result.errors.map((e) => partForRule(e.rule)).find((x) => x !== null) ?? (await pickPart(p, parts, 'which answer should change?'));
      if (part === CANCELLED) return cancelled(p);
      const next = await ask(p, s, part, parts);
      if (next === CANCELLED) return cancelled(p);
      parts = next;
      continue;
    }
    p.note(message.trimEnd(), 'commit message', { output, format: (line) => line });
    p.log.info((await outlook(s, message)).text, { output });
    for (const w of result.warnings) p.log.warn(`${w.message} [${w.rule}]`, { output });
    const choice = await p.select<'commit' | 'edit' | 'cancel'>({
      message: start.dryRun ? 'print it? (--dry-run: nothing is committed)' : 'commit it?',
      output,
      options: [
        { value: 'commit', label: start.dryRun ? 'yes, print the message' : 'yes, commit' },
        { value: 'edit', label: 'change an answer' },
        { value: 'cancel', label: 'cancel: commit nothing' },
      ],
    });
    if (p.isCancel(choice) || choice === 'cancel') return cancelled(p);
    if (choice === 'commit') {
      p.outro(start.dryRun ? 'the message (not committed):' : 'committing…', { output });
      return parts;
    }
    const part = await pickPart(p, parts, 'which answer?');
    if (part === CANCELLED) return cancelled(p);
    const next = await ask(p, s, part, parts);
    if (next === CANCELLED) return cancelled(p);
    parts = next;
  }
}

function cancelled(p: Clack): null {
  p.cancel('cancelled: nothing was committed', { output: process.stderr });
  return null;
}
