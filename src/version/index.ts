// The version layer's public surface: schemes, version-file adapters, detection.

export { fromSemver, isValidSemver, schemeOf, toSemver, type VersionScheme } from './scheme.js';
export {
  adapterByName,
  adapterFor,
  NAMED_ADAPTERS,
  patternAdapter,
  pyprojectDynamicVersion,
  setupCfgIndirectVersions,
  SUPPORTED_FORMATS,
  type Occurrence,
  type PatternOptions,
  type VersionFileAdapter,
} from './files/index.js';
export { bumpversionFiles, parseBumpversion, type BumpversionConfig } from './files/bumpversion.js';
export { detectBumpversion, detectVersionFiles } from './detect.js';
