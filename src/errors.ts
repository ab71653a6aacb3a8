// Where the code imports the errors part from (src/errors/): one module path, so the
// commitlint-config bundle shares this module, and so its ShipverError class, with the
// commit-msg hook's bundle (scripts/build.mjs, the shared-errors plugin).
export * from './errors/index.js';
