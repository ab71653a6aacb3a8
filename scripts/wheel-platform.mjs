// The platform tag of shipver's wheel: what the standalone executable it carries needs from
// the system, read from the executable itself, so the tag is true and pip refuses the wheel
// on a system that cannot run it (at install time, with pip's own message).
//
// On Linux that is the manylinux tag (PEP 600): the newest glibc symbol version the ELF file
// asks for, checked against the manylinux policies' limits for libstdc++, its ABI and libgcc
// and their list of libraries a wheel may expect on the system (pypa/auditwheel's
// manylinux-policy.json, the levels below). On macOS and Windows: the oldest system Node.js
// 20 supports (its binaries are built for it), as pip spells it.
import { readFileSync } from 'node:fs';

/** manylinux levels (PEP 600): the newest symbol versions each allows (auditwheel's policy, x86_64 and aarch64). */
export const MANYLINUX = [
  { glibc: '2.17', GLIBCXX: '3.4.19', CXXABI: '1.3.7', GCC: '4.8.0' },
  { glibc: '2.28', GLIBCXX: '3.4.24', CXXABI: '1.3.11', GCC: '7.0.0' },
  { glibc: '2.31', GLIBCXX: '3.4.28', CXXABI: '1.3.12', GCC: '7.0.0' },
  { glibc: '2.34', GLIBCXX: '3.4.29', CXXABI: '1.3.13', GCC: '7.0.0' },
  { glibc: '2.35', GLIBCXX: '3.4.30', CXXABI: '1.3.13', GCC: '12.0.0' },
];

/** The libraries a manylinux wheel may link against without carrying them (the policies' lib_whitelist). */
export const MANYLINUX_LIBS = new Set([
  'libatomic.so.1', 'libgcc_s.so.1', 'libstdc++.so.6', 'libm.so.6', 'libmvec.so.1', 'libanl.so.1', 'libdl.so.2',
  'librt.so.1', 'libc.so.6', 'libnsl.so.1', 'libutil.so.1', 'libpthread.so.0', 'libX11.so.6', 'libXext.so.6',
  'libXrender.so.1', 'libICE.so.6', 'libSM.so.6', 'libGL.so.1', 'libgobject-2.0.so.0', 'libgthread-2.0.so.0',
  'libglib-2.0.so.0', 'libresolv.so.2', 'libexpat.so.1', 'libz.so.1',
  // the dynamic loader itself
  'ld-linux-x86-64.so.2', 'ld-linux-aarch64.so.1',
]);

const ELF_MACHINES = { 62: 'x86_64', 183: 'aarch64' };
const SHT_DYNAMIC = 6;
const SHT_GNU_VERNEED = 0x6ffffffe;
const DT_NEEDED = 1;

/** Compares dotted versions numerically: -1, 0 or 1. */
export function compareDotted(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * What a 64-bit little-endian ELF executable needs from the dynamic linker: its machine,
 * the libraries it names (DT_NEEDED) and, per version family (GLIBC, GLIBCXX, CXXABI,
 * GCC, ...), the symbol versions it asks for (the GNU version-needs section).
 */
export function elfNeeds(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const machine = ELF_MACHINES[buf.readUInt16LE(0x12)] ?? `machine ${buf.readUInt16LE(0x12)}`;
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({ type: buf.readUInt32LE(o + 4), offset: Number(buf.readBigUInt64LE(o + 24)), size: Number(buf.readBigUInt64LE(o + 32)), link: buf.readUInt32LE(o + 40), info: buf.readUInt32LE(o + 44) });
  }
  const str = (strtab, at) => {
    const start = strtab.offset + at;
    return buf.toString('latin1', start, buf.indexOf(0, start));
  };
  const needed = [];
  const dynamic = sections.find((s) => s.type === SHT_DYNAMIC);
  if (dynamic) {
    for (let o = dynamic.offset; o + 16 <= dynamic.offset + dynamic.size; o += 16) {
      const tag = buf.readBigInt64LE(o);
      if (tag === 0n) break;
      if (tag === BigInt(DT_NEEDED)) needed.push(str(sections[dynamic.link], Number(buf.readBigUInt64LE(o + 8))));
    }
  }
  const versions = {};
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  if (verneed) {
    const strtab = sections[verneed.link];
    let entry = verneed.offset;
    for (let n = 0; n < verneed.info; n++) {
      const count = buf.readUInt16LE(entry + 2);
      let aux = entry + buf.readUInt32LE(entry + 8);
      for (let k = 0; k < count; k++) {
        const name = str(strtab, buf.readUInt32LE(aux + 8));
        const m = /^([A-Z_]+?)_(\d+(?:\.\d+)*)$/.exec(name);
        if (m) (versions[m[1]] ??= []).push(m[2]);
        else (versions.other ??= []).push(name);
        const next = buf.readUInt32LE(aux + 12);
        if (!next) break;
        aux += next;
      }
      const next = buf.readUInt32LE(entry + 12);
      if (!next) break;
      entry += next;
    }
  }
  for (const k of Object.keys(versions)) versions[k] = [...new Set(versions[k])].sort(k === 'other' ? undefined : compareDotted);
  return { machine, needed, versions };
}

/** The newest version of a family the file asks for, or null. */
export const newest = (needs, family) => needs.versions[family]?.at(-1) ?? null;

/**
 * The manylinux tag for what an executable needs: the oldest level whose glibc and C++
 * runtime limits it fits. Throws, naming the cause, when it fits none (a library outside
 * the policy, a glibc newer than the table knows).
 */
export function manylinuxTag(needs) {
  if (!['x86_64', 'aarch64'].includes(needs.machine)) throw new Error(`no manylinux tag for ${needs.machine}`);
  const foreign = needs.needed.filter((lib) => !MANYLINUX_LIBS.has(lib));
  if (foreign.length) throw new Error(`the executable links ${foreign.join(', ')}, which a manylinux system need not have`);
  // GLIBC_PRIVATE and the like: glibc's internals, which no policy allows
  if (needs.versions.other?.length) throw new Error(`the executable asks for ${needs.versions.other.join(', ')}, which no manylinux policy allows`);
  const glibc = newest(needs, 'GLIBC');
  if (!glibc) throw new Error('the executable asks for no glibc symbol version: is it a glibc (not musl) executable?');
  const fits = (level) =>
    compareDotted(glibc, level.glibc) <= 0 &&
    ['GLIBCXX', 'CXXABI', 'GCC'].every((family) => {
      const v = newest(needs, family);
      return !v || compareDotted(v, level[family]) <= 0;
    });
  const level = MANYLINUX.find(fits);
  if (!level) throw new Error(`the executable needs glibc ${glibc}${['GLIBCXX', 'CXXABI', 'GCC'].map((f) => (newest(needs, f) ? `, ${f} ${newest(needs, f)}` : '')).join('')}, newer than the manylinux levels this script knows (up to ${MANYLINUX.at(-1).glibc})`);
  return `manylinux_${level.glibc.replace('.', '_')}_${needs.machine}`;
}

/**
 * The wheel's platform tag for the executable `file` built on `platform`/`arch`
 * (process.platform, process.arch). macOS and Windows: what Node.js 20's own binaries
 * require (macOS 11 on Apple silicon, 10.15 on Intel; 64-bit Windows).
 */
export function platformTag({ platform = process.platform, arch = process.arch, file }) {
  if (platform === 'linux') return manylinuxTag(elfNeeds(readFileSync(file)));
  if (platform === 'darwin' && arch === 'arm64') return 'macosx_11_0_arm64';
  if (platform === 'darwin' && arch === 'x64') return 'macosx_10_15_x86_64';
  if (platform === 'win32' && arch === 'x64') return 'win_amd64';
  if (platform === 'win32' && arch === 'arm64') return 'win_arm64';
  throw new Error(`no wheel platform tag known for ${platform}-${arch}: set SHIPVER_WHEEL_PLATFORM to the tag (PEP 425) that is true for the executable`);
}
