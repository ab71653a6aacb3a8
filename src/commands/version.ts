// shipver version: the current version, for Makefiles and `docker build --build-arg VERSION=$(shipver version)`.
import { ExitCode, ShipverError } from '../errors.js';
import { printJson, type Io } from '../io.js';
import { loadConfig } from '../config/load.js';
import { findRepoRoot, selectProjects } from '../release/context.js';
import { agreedVersion, readVersionFiles, workTreeReader } from '../release/version-files.js';
import { fromSemver } from '../version/scheme.js';

interface Opts {
  project?: string;
  json?: boolean;
  pep440?: boolean;
}

export async function run(opts: Opts, _args: string[], io: Io): Promise<ExitCode> {
  const root = await findRepoRoot(io.cwd);
  const config = await loadConfig(root);
  const { projects, projectName } = selectProjects(config, opts.project);
  const files = await readVersionFiles(projects, workTreeReader(root));
  const version = agreedVersion(files);
  const shown = opts.pep440 ? fromSemver(version, 'pep440') : version;
  if (opts.json) printJson(io, { project: projectName, version, pep440: pep440OrNull(version), files: files.map((f) => f.file) });
  else io.stdout(`${shown}\n`);
  return ExitCode.Ok;
}

function pep440OrNull(version: string): string | null {
  try {
    return fromSemver(version, 'pep440');
  } catch (e) {
    if (e instanceof ShipverError) return null;
    throw e;
  }
}
