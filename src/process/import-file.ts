// Imports a module from disk by absolute path (a user's commitlint config, a plugin).
// The bundles (dist/lib/*.js, run by the loader with V8's code cache; the standalone
// executable's) run as CommonJS scripts without a dynamic-import callback, so there
// `import()` goes through a vm script that uses the main context's default ESM loader.
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

declare const __SHIPVER_SCRIPT__: boolean | undefined;
const AS_SCRIPT = typeof __SHIPVER_SCRIPT__ === 'boolean' && __SHIPVER_SCRIPT__;

let scriptImport: ((specifier: string) => Promise<unknown>) | null = null;

export function importFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (!AS_SCRIPT) return import(url) as Promise<Record<string, unknown>>;
  if (!scriptImport) {
    // Node 20 flags the loader constant as experimental each time it is used; the warning means nothing to a user.
    const emit = process.emitWarning.bind(process) as (...a: unknown[]) => void;
    process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
      if (!String(typeof w === 'string' ? w : w.message).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) emit(w, ...rest);
    }) as typeof process.emitWarning;
    scriptImport = new vm.Script('(specifier) => import(specifier)', {
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER as never,
    }).runInThisContext() as (specifier: string) => Promise<unknown>;
  }
  return scriptImport(url) as Promise<Record<string, unknown>>;
}
