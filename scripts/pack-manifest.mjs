// The package.json that goes into the package (`npm pack`, `npm publish`): this one without
// its "scripts". They are this repository's development scripts (build, test, demo...), and
// one of them, "prepare" (husky, for this repository's own hooks), makes npm flag the
// installed package: for a dependency installed from a tarball (`file:vendor/shipver-0.1.0.tgz`,
// as docs/install.md has it) npm lists `prepare` among the install scripts not yet covered by
// allowScripts, and warns in every project that installs it.
//
// npm reads the files to pack after the prepack script and runs postpack after packing, so:
//   prepack:  node scripts/build.mjs && node scripts/pack-manifest.mjs strip
//   postpack: node scripts/pack-manifest.mjs restore
// `strip` keeps the original bytes in package.json.prepack and `restore` puts them back. When
// a pack dies between the two, the next `strip` (or `restore`) restores the original first.
// (`npm publish` sends the registry the manifest it reads again after postpack, scripts
// included; that is harmless: npm never runs or flags `prepare` of a registry package.)
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(ROOT, 'package.json');
const BACKUP = `${PKG}.prepack`;

/** The packed manifest: the same JSON, same key order and indentation, without "scripts". */
function stripped(text) {
  const pkg = JSON.parse(text);
  delete pkg.scripts;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? 2;
  return `${JSON.stringify(pkg, null, indent)}\n`;
}

function restore() {
  if (!existsSync(BACKUP)) return false;
  const original = readFileSync(BACKUP, 'utf8');
  const current = readFileSync(PKG, 'utf8');
  if (current !== stripped(original)) {
    // package.json was edited while the backup sat there: keep the edits, say what is left
    console.error(`pack-manifest: package.json changed since it was stripped for packing; kept it as it is. The original is in ${path.basename(BACKUP)}.`);
    process.exit(1);
  }
  renameSync(BACKUP, PKG);
  return true;
}

const cmd = process.argv[2];
if (cmd === 'strip') {
  if (restore()) console.error('pack-manifest: restored package.json from an earlier pack that did not finish');
  const original = readFileSync(PKG, 'utf8');
  writeFileSync(BACKUP, original);
  // package.json is replaced whole (a rename), never left half-written
  const tmp = `${PKG}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, stripped(original));
    renameSync(tmp, PKG);
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(BACKUP, { force: true });
    throw e;
  }
} else if (cmd === 'restore') {
  restore();
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
