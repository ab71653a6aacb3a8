// Picks the adapter for a configured version file. The formats themselves: formats.ts.

import { usageError } from '../../errors.js';
import type { VersionFileSpec } from './types.js';
import { packageJson } from './package-json.js';
import { packageLock } from './package-lock.js';
import { pythonModule } from './python-module.js';
import { setupCfg } from './setup-cfg.js';
import { pyproject } from './pyproject.js';
import { plain } from './plain.js';
import { patternAdapter } from './pattern.js';
import type { VersionFileAdapter } from './types.js';
import { FORMATS, SUPPORTED_FORMATS, type FormatId } from './formats.js';

export type { Occurrence, VersionFileAdapter } from './types.js';
export { patternAdapter, type PatternOptions } from './pattern.js';
export { pyprojectDynamicVersion } from './pyproject.js';
export { setupCfgIndirectVersions } from './setup-cfg.js';

/** The adapter of each format (formats.ts): every format has one. */
export const ADAPTERS: Record<FormatId, VersionFileAdapter> = {
  'package-json': packageJson,
  'package-lock': packageLock,
  'python-module': pythonModule,
  'setup-cfg': setupCfg,
  pyproject,
  plain,
};

/** The adapters chosen by file name, most specific first (exact names before "*.py"). */
export const NAMED_ADAPTERS: readonly VersionFileAdapter[] = [...FORMATS.filter((f) => !f.names.some((n) => n.startsWith('*'))), ...FORMATS.filter((f) => f.names.some((n) => n.startsWith('*')))].map((f) => ADAPTERS[f.id]);

export { SUPPORTED_FORMATS };

export function adapterByName(file: string): VersionFileAdapter | undefined {
  return NAMED_ADAPTERS.find((a) => a.matches(file));
}

export function adapterFor(spec: VersionFileSpec): VersionFileAdapter {
  if (spec.kind === 'pattern') return patternAdapter(spec);
  const adapter = adapterByName(spec.file);
  if (adapter) return adapter;
  throw usageError(
    'E_VERSION_FILE_UNSUPPORTED',
    `${spec.file}: shipver does not know this kind of version file.`,
    `Known by name: ${SUPPORTED_FORMATS}. For anything else give a search/replace pattern, e.g. { file: ${spec.file}, search: 'version: "{version}"', replace: 'version: "{version}"' }.`,
  );
}
