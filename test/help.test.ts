// --help everywhere: every command of the table, every subcommand (ops checkout, ci
// verify, ...) and every hook answers `--help` with its usage on stdout, exit 0, nothing
// on stderr, through the built CLI as a user runs it. The walk is over the table itself,
// so a command added later is checked without touching this file.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { COMMANDS, type CommandDef } from '../src/commands/table.js';
import { HOOKS } from '../src/commands/hook.js';
import { CLI, Sandbox, type Result } from './helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** Runs the built CLI without blocking the test process (the runs below go two at a time). */
function shipver(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: sb.dir, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Case {
  path: string[];
  /** the usage line as it must start */
  usage: string;
  /** long option flags the help must list */
  flags: string[];
}

/** Every command and subcommand of the table, depth first, with what its help must show. */
function walk(defs: CommandDef[], parents: string[] = []): Case[] {
  return defs.flatMap((def) => {
    if (def.hidden) return [];
    const path = [...parents, def.name];
    const flags = (def.options ?? []).map(([f]) => /--[\w-]+/.exec(f)![0]);
    const own: Case = {
      path,
      usage: def.sub?.length ? `Usage: shipver ${path.join(' ')} [options] [command]` : def.allowUnknown ? `Usage: shipver ${path.join(' ')} <name> [args...]` : `Usage: shipver ${path.join(' ')}${flags.length ? ' [options]' : ''}${def.args ? ` ${def.args}` : ''}`,
      flags,
    };
    return [own, ...walk(def.sub ?? [], path)];
  });
}

const commands = walk(COMMANDS);
const hooks: Case[] = Object.entries(HOOKS).map(([name, h]) => ({ path: ['hook', name], usage: `Usage: shipver hook ${name}${h.args ? ` ${h.args}` : ''}`, flags: [] }));

async function inPairs<T>(items: T[], fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) await Promise.all(items.slice(i, i + 2).map(fn));
}

describe('--help everywhere', () => {
  it('the walk covers the subcommands and the hooks', () => {
    const names = [...commands, ...hooks].map((c) => c.path.join(' '));
    for (const n of ['ops checkout', 'ops image-exists', 'ops manifest', 'ci verify', 'ci deploy', 'hook', 'hook commit-msg', 'hook pre-commit', 'hook pre-push', 'hook pre-receive']) expect(names).toContain(n);
    expect(commands.length).toBeGreaterThan(COMMANDS.length);
  });

  it('every command and subcommand: usage on stdout, its options listed, exit 0, stderr empty', async () => {
    await inPairs(commands, async (c) => {
      const r = await shipver([...c.path, '--help']);
      const what = `shipver ${c.path.join(' ')} --help`;
      expect(r.code, `${what}\n${r.stderr}`).toBe(0);
      expect(r.stderr, what).toBe('');
      expect(r.stdout.split('\n')[0], what).toBe(c.usage);
      for (const f of c.flags) expect(r.stdout, `${what} lists ${f}`).toContain(f);
    });
  });

  it('every hook: shipver hook NAME --help (and -h) prints its usage, runs nothing, exit 0', async () => {
    const cases = [...hooks.map((h) => [...h.path, '--help']), ...hooks.map((h) => [...h.path, '-h']), ['hook', '--help'], ['hook', '-h']];
    await inPairs(cases, async (args) => {
      const r = await shipver(args);
      const what = `shipver ${args.join(' ')}`;
      expect(r.code, `${what}\n${r.stderr}`).toBe(0);
      expect(r.stderr, what).toBe('');
      const hook = hooks.find((h) => h.path[1] === args[1]);
      expect(r.stdout.split('\n')[0], what).toBe(hook ? hook.usage : 'Usage: shipver hook <name> [args...]');
    });
    const all = await shipver(['hook', '--help']);
    for (const name of Object.keys(HOOKS)) expect(all.stdout).toContain(`  ${name}`);
  });

  it('the top level: --help, -h, help COMMAND, and no arguments', async () => {
    for (const args of [['--help'], ['-h'], []]) {
      const r = await shipver(args);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')[0]).toBe('Usage: shipver [options] [command]');
      for (const def of COMMANDS.filter((d) => !d.hidden)) expect(r.stdout).toMatch(new RegExp(`^  ${def.name}\\b`, 'm'));
    }
    const r = await shipver(['help', 'deploy']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: shipver deploy [options] [env] [version]');
  });

  it('a missing or unknown subcommand or hook is bad usage (exit 2), with where to look', async () => {
    const none = await shipver(['ops']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('checkout');
    const bad = await shipver(['ops', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'nope'");
    const hook = await shipver(['hook', 'nope']);
    expect(hook.code).toBe(2);
    expect(hook.stderr).toContain('shipver hook --help');
  });
});
