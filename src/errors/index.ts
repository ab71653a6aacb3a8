// The errors part: the catalog of codes (catalog.ts, types only at run time), the error
// type and its helpers (error.ts), the exit codes (exit-code.ts).
export { ExitCode } from './exit-code.js';
export { ShipverError, usageError, refusal, isShipverError, errnoCode, timeoutOption } from './error.js';
export type { ErrorCode, ExitOf, RefusalCode, UsageCode, CatalogEntry } from './catalog.js';
export { projectRequired } from './messages.js';
