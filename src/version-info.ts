// Replaced at build time (scripts/build.mjs) with package.json's version.
declare const __SHIPVER_VERSION__: string | undefined;
export const VERSION: string = typeof __SHIPVER_VERSION__ === 'string' ? __SHIPVER_VERSION__ : '0.0.0-dev';
