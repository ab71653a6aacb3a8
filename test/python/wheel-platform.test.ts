// The wheel's platform tag is read from the executable (scripts/wheel-platform.mjs): ELF
// files assembled here byte by byte (libraries and symbol versions as a linker writes them),
// and the node binary this test runs on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareDotted, elfNeeds as needsOf, manylinuxTag as tagOf, platformTag } from '../../scripts/wheel-platform.mjs';

/**
 * A minimal 64-bit little-endian ELF file with a dynamic section (DT_NEEDED per library) and
 * a GNU version-needs section (per library, the symbol versions asked for), as ld writes them.
 */
function fakeElf(machine: number, libs: Record<string, string[]>): Buffer {
  const strings = ['']; // .dynstr: offset 0 is the empty string
  const offsetOf = (s: string): number => {
    let at = 0;
    for (const x of strings) {
      if (x === s) return at;
      at += Buffer.byteLength(x) + 1;
    }
    strings.push(s);
    return at;
  };
  const dynamic: Buffer[] = [];
  for (const lib of Object.keys(libs)) {
    const e = Buffer.alloc(16);
    e.writeBigInt64LE(1n, 0); // DT_NEEDED
    e.writeBigUInt64LE(BigInt(offsetOf(lib)), 8);
    dynamic.push(e);
  }
  dynamic.push(Buffer.alloc(16)); // DT_NULL
  const withVersions = Object.entries(libs).filter(([, v]) => v.length);
  const verneed: Buffer[] = [];
  withVersions.forEach(([lib, versions], i) => {
    const head = Buffer.alloc(16);
    head.writeUInt16LE(1, 0); // vn_version
    head.writeUInt16LE(versions.length, 2); // vn_cnt
    head.writeUInt32LE(offsetOf(lib), 4); // vn_file
    head.writeUInt32LE(16, 8); // vn_aux: right after this entry
    head.writeUInt32LE(i === withVersions.length - 1 ? 0 : 16 + 16 * versions.length, 12); // vn_next
    verneed.push(head);
    versions.forEach((v, k) => {
      const aux = Buffer.alloc(16);
      aux.writeUInt32LE(offsetOf(v), 8); // vna_name
      aux.writeUInt32LE(k === versions.length - 1 ? 0 : 16, 12); // vna_next
      verneed.push(aux);
    });
  });
  const dynstr = Buffer.concat(strings.map((s) => Buffer.from(`${s}\0`)));
  const dyn = Buffer.concat(dynamic);
  const ver = Buffer.concat(verneed);
  const dynstrAt = 64;
  const dynAt = dynstrAt + dynstr.length;
  const verAt = dynAt + dyn.length;
  const shoff = verAt + ver.length;
  const sh = (type: number, offset: number, size: number, link: number, info: number): Buffer => {
    const b = Buffer.alloc(64);
    b.writeUInt32LE(type, 4);
    b.writeBigUInt64LE(BigInt(offset), 24);
    b.writeBigUInt64LE(BigInt(size), 32);
    b.writeUInt32LE(link, 40);
    b.writeUInt32LE(info, 44);
    return b;
  };
  const sections = [Buffer.alloc(64), sh(3, dynstrAt, dynstr.length, 0, 0), sh(6, dynAt, dyn.length, 1, 0), sh(0x6ffffffe, verAt, ver.length, 1, withVersions.length)];
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header[6] = 1;
  header.writeUInt16LE(2, 0x10); // ET_EXEC
  header.writeUInt16LE(machine, 0x12);
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(sections.length, 0x3c);
  return Buffer.concat([header, dynstr, dyn, ver, ...sections]);
}

const X86_64 = 62;
const AARCH64 = 183;
// what Node.js 20's official Linux x64 binaries ask for
const NODE20 = {
  'libdl.so.2': ['GLIBC_2.2.5'],
  'libstdc++.so.6': ['GLIBCXX_3.4.21', 'CXXABI_1.3.9', 'GLIBCXX_3.4.9', 'CXXABI_1.3'],
  'libm.so.6': ['GLIBC_2.27', 'GLIBC_2.2.5'],
  'libgcc_s.so.1': ['GCC_3.4', 'GCC_3.0'],
  'libpthread.so.0': ['GLIBC_2.3.2'],
  'libc.so.6': ['GLIBC_2.28', 'GLIBC_2.17', 'GLIBC_2.9', 'GLIBC_2.2.5'],
};

describe('the manylinux tag of an executable', () => {
  it('reads libraries and symbol versions, newest last, and tags by the newest glibc', () => {
    const needs = needsOf(fakeElf(X86_64, NODE20));
    expect(needs.machine).toBe('x86_64');
    expect(needs.needed).toEqual(Object.keys(NODE20));
    expect(needs.versions.GLIBC).toEqual(['2.2.5', '2.3.2', '2.9', '2.17', '2.27', '2.28']);
    expect(needs.versions.GLIBCXX).toEqual(['3.4.9', '3.4.21']);
    expect(tagOf(needs)).toBe('manylinux_2_28_x86_64');
  });

  it('picks the oldest level that allows the C++ runtime too, on x86_64 and aarch64', () => {
    expect(tagOf(needsOf(fakeElf(X86_64, { 'libc.so.6': ['GLIBC_2.17'] })))).toBe('manylinux_2_17_x86_64');
    // glibc 2.17 is old enough for manylinux2014, libstdc++'s 3.4.21 is not
    expect(tagOf(needsOf(fakeElf(AARCH64, { 'libc.so.6': ['GLIBC_2.17'], 'libstdc++.so.6': ['GLIBCXX_3.4.21'] })))).toBe('manylinux_2_28_aarch64');
    expect(tagOf(needsOf(fakeElf(X86_64, { 'libc.so.6': ['GLIBC_2.29'] })))).toBe('manylinux_2_31_x86_64');
  });

  it('refuses what no manylinux system promises, naming it', () => {
    expect(() => tagOf(needsOf(fakeElf(X86_64, { 'libc.so.6': ['GLIBC_2.17'], 'libpcre2-8.so.0': [] })))).toThrow('libpcre2-8.so.0, which a manylinux system need not have');
    expect(() => tagOf(needsOf(fakeElf(X86_64, { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_PRIVATE'] })))).toThrow('GLIBC_PRIVATE, which no manylinux policy allows');
    expect(() => tagOf(needsOf(fakeElf(X86_64, { 'libc.so.6': ['GLIBC_2.99'] })))).toThrow('needs glibc 2.99, newer than the manylinux levels');
    expect(() => tagOf(needsOf(fakeElf(X86_64, { 'libc.musl-x86_64.so.1': [] })))).toThrow();
    expect(() => needsOf(Buffer.from('#!/bin/sh\necho not an executable\n'))).toThrow('not an ELF file');
  });

  it('on the node binary that runs this test (what build-binary embeds): a manylinux tag pip on this system accepts', () => {
    const needs = needsOf(readFileSync(process.execPath));
    expect(needs.machine).toBe('x86_64');
    expect(needs.versions.GLIBC?.length).toBeGreaterThan(0);
    const tag = tagOf(needs);
    expect(tag).toMatch(/^manylinux_2_\d+_x86_64$/);
    // its glibc level is the newest GLIBC_ version the binary asks for, or the next level up
    const [, level] = /^manylinux_(2_\d+)_/.exec(tag)!;
    expect(compareDotted(level.replace('_', '.'), needs.versions.GLIBC!.at(-1)!)).toBeGreaterThanOrEqual(0);
  });

  it('macOS and Windows: the systems Node.js 20 supports', () => {
    expect(platformTag({ platform: 'darwin', arch: 'arm64' })).toBe('macosx_11_0_arm64');
    expect(platformTag({ platform: 'darwin', arch: 'x64' })).toBe('macosx_10_15_x86_64');
    expect(platformTag({ platform: 'win32', arch: 'x64' })).toBe('win_amd64');
    expect(() => platformTag({ platform: 'freebsd', arch: 'x64' })).toThrow('set SHIPVER_WHEEL_PLATFORM');
  });
});
