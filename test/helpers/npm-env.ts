// npm without the network, for tests that let shipver run the package manager.
import { spawnSync } from 'node:child_process';

/** npm's cache of this machine (a sandbox has a HOME of its own): husky 9 is in it, as a dependency of shipver. */
export const NPM_CACHE = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
/** npm works, without the network: from the machine's cache. */
export const OFFLINE_NPM = { npm_config_cache: NPM_CACHE, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
/** npm cannot install anything: a registry nobody listens on, offline. */
export const NO_NPM = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true' };
