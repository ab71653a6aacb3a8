// shipver init --makefile: a managed block of make targets that call shipver, replaced in
// place on a later run; refused when the Makefile defines those targets itself.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import type { FileChange } from './file-change.js';

const MAKE_BEGIN = '# >>> shipver (managed by shipver init --makefile) >>>';
const MAKE_END = '# <<< shipver <<<';
const MAKE_TARGETS = ['increment-major', 'increment-minor', 'increment-patch', 'tag', 'release'];

function makefileBlock(): string {
  return [
    MAKE_BEGIN,
    `.PHONY: ${MAKE_TARGETS.join(' ')}`,
    'increment-major:\n\tshipver bump major',
    'increment-minor:\n\tshipver bump minor',
    'increment-patch:\n\tshipver bump patch',
    'tag:\n\tshipver tag',
    'release:\n\tshipver release',
    MAKE_END,
    '',
  ].join('\n');
}

export function planMakefile(root: string): FileChange {
  const file = 'Makefile';
  const abs = path.join(root, file);
  const block = makefileBlock();
  if (!existsSync(abs)) return { file, action: 'create', content: block };
  const current = readFileSync(abs, 'utf8');
  const start = current.indexOf(MAKE_BEGIN);
  if (start >= 0) {
    const endIdx = current.indexOf(MAKE_END, start);
    const end = endIdx < 0 ? current.length : current.indexOf('\n', endIdx) + 1 || current.length;
    const next = current.slice(0, start) + block + current.slice(end);
    return { file, action: next === current ? 'keep' : 'update', content: next };
  }
  const clash = MAKE_TARGETS.filter((t) => new RegExp(`^${t}\\s*:`, 'm').test(current));
  if (clash.length) {
    throw refusal('E_MAKEFILE_TARGETS', `the Makefile already defines ${clash.join(', ')}`, 'rename or remove those targets, then run shipver init --makefile again');
  }
  return { file, action: 'append', content: `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}\n${block}` };
}
