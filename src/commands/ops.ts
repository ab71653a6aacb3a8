// shipver ops checkout|image-exists|manifest: the steps of an ops deploy Makefile.
//   shipver ops checkout DIR VERSION          check out VERSION's tag in the app checkout DIR
//   shipver ops image-exists IMAGE:TAG        exit 0 present, 1 absent, 2 error (make skips the build on 0)
//   shipver ops manifest FILE --image NAME --version X [--env NAME] [-o OUT]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, errnoCode, timeoutOption, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { checkoutVersion, previewCheckout } from '../ops/checkout.js';
import { parseImageRef } from '../ops/image-ref.js';
import { imageExists } from '../ops/registry.js';
import { setImageTag } from '../ops/manifest.js';
import { writeManifest } from '../ops/write-manifest.js';

export interface OpsOptions {
  insecure?: boolean;
  json?: boolean;
  image?: string;
  version?: string;
  env?: string;
  output?: string;
  dryRun?: boolean;
  tagFormat?: string;
  project?: string;
  /** image-exists: seconds before giving up (default 20) */
  timeout?: string;
}

function expectArgs(args: string[], names: string[], usage: string): string[] {
  if (args.length !== names.length) {
    throw usageError('E_USAGE', args.length < names.length ? `missing ${names.slice(args.length).join(' and ')}` : `unexpected argument "${args[names.length]}"`, `usage: ${usage}`);
  }
  return args;
}

/** `shipver ops checkout DIR VERSION` (args without the subcommand). */
export async function runCheckout(opts: OpsOptions, args: string[], io: Io): Promise<ExitCode> {
  const [dirArg, version] = expectArgs(args, ['DIR', 'VERSION'], 'shipver ops checkout DIR VERSION');
  const dir = path.resolve(io.cwd, dirArg!);
  const o = { tagFormat: opts.tagFormat, project: opts.project, env: io.env };
  const c = colors(io);
  if (opts.dryRun) {
    const plan = await previewCheckout(dir, version!, o, dirArg!);
    if (opts.json) printJson(io, { dir: plan.root, version: version!.replace(/^[vV]/, ''), tag: plan.tag, commit: plan.commit, fetch: plan.hasOrigin, dryRun: true });
    else {
      const at = plan.commit ? ` (${plan.commit.slice(0, 12)})` : plan.hasOrigin ? ' (not fetched yet)' : ' (no such tag here)';
      io.stdout(`would ${plan.hasOrigin ? 'fetch tags from origin and ' : ''}check out ${plan.tag}${at} in ${dirArg} ${c.dim('(dry run)')}\n`);
    }
    return ExitCode.Ok;
  }
  const r = await checkoutVersion(dir, version!, o);
  if (opts.json) printJson(io, { dir, version: version!.replace(/^[vV]/, ''), tag: r.tag, commit: r.commit });
  else io.stdout(`${c.green('✔')} ${dirArg} is at ${r.tag} (${r.commit.slice(0, 12)})\n`);
  return ExitCode.Ok;
}

/** `shipver ops image-exists IMAGE:TAG`: 0 present, 1 absent, 2 error. */
export async function runImageExists(opts: OpsOptions, args: string[], io: Io): Promise<ExitCode> {
  const [ref] = expectArgs(args, ['IMAGE:TAG'], 'shipver ops image-exists IMAGE:TAG [--insecure]');
  const timeoutMs = timeoutOption(opts.timeout);
  const parsed = parseImageRef(ref!);
  const exists = await imageExists(ref!, { insecure: opts.insecure, env: io.env, timeoutMs });
  const tag = parsed.digest ?? parsed.tag;
  if (opts.json) printJson(io, { image: parsed.name, tag, exists });
  else io.stdout(exists ? `${ref} exists\n` : `${ref} does not exist\n`);
  return exists ? ExitCode.Ok : ExitCode.Refused;
}

/** `shipver ops manifest FILE --image NAME --version X [--env NAME] [-o OUT]`. */
export async function runManifest(opts: OpsOptions, args: string[], io: Io): Promise<ExitCode> {
  const [fileArg] = expectArgs(args, ['FILE'], 'shipver ops manifest FILE --image NAME --version X [--env NAME] [-o OUT]');
  if (!opts.image) throw usageError('E_USAGE', 'shipver ops manifest needs --image NAME', 'the image whose tag to set, without a tag: --image registry.example.org/team/app');
  if (opts.version === undefined) throw usageError('E_USAGE', 'shipver ops manifest needs --version X', 'the tag to set, e.g. --version 1.2.0');
  const fromStdin = fileArg === '-';
  const file = fromStdin ? '-' : path.resolve(io.cwd, fileArg!);
  const shown = fromStdin ? 'stdin' : fileArg!;
  let text: string;
  try {
    text = fromStdin ? (await io.readStdin()).toString('utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError('E_MANIFEST_READ', `cannot read ${shown} (${errnoCode(e) ?? (e as Error).message})`, 'check the path');
  }
  const r = setImageTag(text, opts.image, opts.version, { envVar: opts.env, file: shown });
  const out = opts.output === undefined || opts.output === '-' ? null : path.resolve(io.cwd, opts.output);
  const write = out !== null && !opts.dryRun;
  if (write) writeManifest(out, r.text);

  if (opts.json) {
    printJson(io, {
      file: shown,
      image: opts.image,
      tag: opts.version,
      env: opts.env ?? null,
      changed: r.changed,
      envChanged: r.envChanged,
      matches: r.matches,
      output: out === null ? null : opts.output,
      written: write,
      ...(out === null || opts.dryRun ? { text: r.text } : {}),
    });
    return ExitCode.Ok;
  }
  if (out === null || opts.dryRun) io.stdout(r.text);
  const c = colors(io);
  const where = r.matches.length === 1 ? '1 place' : `${r.matches.length} places`;
  const already = r.matches.length - r.changed;
  const summary = `${opts.image}:${opts.version} in ${where}${already ? ` (${already} already had it)` : ''}${opts.env ? `, ${opts.env}=${opts.version} on ${r.envChanged} container${r.envChanged === 1 ? '' : 's'} changed` : ''}`;
  if (write) io.stderr(`${c.green('✔')} set ${summary} → ${opts.output}\n`);
  else if (out !== null) io.stderr(`${c.dim(`dry run: would set ${summary}; ${opts.output} not written`)}\n`);
  return ExitCode.Ok;
}
