// The fast argument path (commands/fast-args.ts) against commander on the same table:
// wherever the fast path answers, it answers exactly what commander would; where it
// declines, commander parses (and explains errors). Plus the built CLI end to end.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { COMMANDS } from '../src/commands/table.js';
import { fastParse } from '../src/commands/fast-args.js';
import type { Io } from '../src/io.js';
import { Sandbox } from './helpers/sandbox.js';

const io: Io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0), stdinIsTTY: false, color: false };

async function viaCommander(argv: string[]): Promise<{ name: string; opts: Record<string, unknown>; args: string[] } | 'error'> {
  let got: { name: string; opts: Record<string, unknown>; args: string[] } | null = null;
  const program = await buildProgram(io, async (def, opts, args) => {
    got = { name: def.name, opts: { ...opts }, args: [...args] };
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch {
    return 'error';
  }
  return got ?? 'error';
}

const ANSWERED = [
  ['next'],
  ['next', '--json'],
  ['next', 'minor', '--json'],
  ['next', '--pre', 'beta'],
  ['next', '--pre=rc', '--project', 'hub'],
  ['next', '--messages-file', 'm.jsonl', '--current', '0.4.1'],
  ['bump', '--dry-run', '--no-fetch'],
  ['bump', 'patch'],
  ['release', 'minor', '--push', '--json'],
  ['release', '--pre', 'beta', '--dry-run'],
  ['tag', '--project', 'cloud'],
  ['version', '--pep440'],
  ['version', '--json', '--project', 'hub'],
  ['changelog', '--stdout', '--from', 'v1.0.0', '--to', 'HEAD'],
  ['changelog', '--from-start', '--stdout', '--json'],
  ['deploy', 'staging', '1.2.0', '--dry-run'],
  ['deploy', '--log', '--json'],
  ['deploy', 'prod', '1.2.0', '--wait-for-tag', 'origin', '--trigger', 'push', '--quiet'],
  ['envs', '--timeout', '3'],
  ['ops', 'manifest', 'k8s.yaml', '--image', 'reg/hub', '--version', '1.2.0', '-o', 'out.yaml'],
  ['ops', 'checkout', '/tmp/x', '1.2.0', '--tag-format', 'hub-v{version}'],
  ['ops', 'checkout', '/tmp/x', '--', '--not-an-option'],
  ['ops', 'image-exists', 'reg/hub:1.2.0', '--timeout', '3', '--insecure', '--json'],
  ['ops', 'manifest', '-', '--image', 'reg/hub', '--version', '1.2.0', '--env', 'VERSION', '--dry-run'],
  ['ci', 'verify', '--from', 'a', '--to', 'b'],
  ['ci', 'deploy', '--tag', 'v1.0.0', '--dry-run'],
  ['doctor', '--json'],
  ['recover', '--force'],
  ['init', '--yes', '--ci', 'github'],
];

const DECLINED = [
  ['next', '--help'],
  ['next', '-h'],
  ['next', '--jsn'],
  ['next', 'minor', 'extra'],
  ['next', '--pre'],
  ['next', '--json=yes'],
  ['release', '--pre', '--json'],
  ['lint', '--edit', 'MSG'], // --edit [file] has an optional value: commander's job
  ['hook', 'commit-msg', 'MSG'],
  ['ops'], // a required subcommand is missing
  ['ops', 'nope'],
  ['ops', '--json', 'checkout', 'x', '1.0.0'], // options belong to the subcommand
  ['ops', 'checkout', 'x'],
  ['ops', 'checkout', '--help'],
  ['ops', 'image-exists', 'reg/hub:1', '--dry-run'], // not an option of image-exists
  ['ci', 'verify', '--dry-run'],
  ['ci', 'deploy', '--from', 'a'],
  ['hook', '--help'],
  ['hook', 'pre-push', '--help'],
  ['nope'],
  [],
];

describe('fast argument parsing', () => {
  it.each(ANSWERED)('%s … answers what commander answers', async (...argv) => {
    const fast = fastParse(argv, COMMANDS);
    expect(fast, 'the fast path declined').not.toBeNull();
    const slow = await viaCommander(argv);
    expect(slow).not.toBe('error');
    expect({ name: fast!.def.name, opts: fast!.opts, args: fast!.args }).toEqual(slow);
  });

  it.each(DECLINED)('%s … is left to commander', (...argv) => {
    expect(fastParse(argv, COMMANDS)).toBeNull();
  });

  it('the built CLI: --version, and a usage error from commander still exits 2', async () => {
    const box = new Sandbox();
    try {
      const v = box.shipver(box.dir, ['--version']);
      expect(v.code).toBe(0);
      expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      const bad = box.shipver(box.dir, ['next', '--jsn']);
      expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--jsn'/);
      expect(bad.stderr).toMatch(/--json/); // commander's suggestion
      const timeout = box.shipver(box.dir, ['envs', '--timeout', 'soon']);
      expect(timeout.code).toBe(2);
      expect(timeout.stderr).toMatch(/--timeout "soon" is not a number of seconds/);
      expect(timeout.stderr).toMatch(/e\.g\. --timeout 30/);
    } finally {
      box.cleanup();
    }
  });
});
