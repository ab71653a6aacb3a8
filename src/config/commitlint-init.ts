// The commitlint.config.js that `shipver init` writes. Kept in its own import-free module:
// the commit-msg hook compares a repository's config file with it (config/commitlint.ts).

const HEADER = '// Commit message rules (shipver lint and the commit-msg hook read this file).\n';
const BODY = "{\n  extends: ['@commitlint/config-conventional'],\n}";

export function commitlintConfigSource(esm: boolean): string {
  return esm ? `${HEADER}export default ${BODY};\n` : `${HEADER}module.exports = ${BODY};\n`;
}
