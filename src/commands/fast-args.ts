// The fast path of argument parsing: a plain `shipver next --json` is parsed with
// node:util's parseArgs against the command table, so it does not load commander
// (~20 ms of a ~130 ms command, bench/). Anything this cannot parse exactly as commander
// would (help, an unknown or malformed option, a wrong number of arguments, a missing or
// unknown subcommand, options with an optional value) returns null, and commander parses
// it and explains.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandDef } from './table.js';

export interface FastParse {
  def: CommandDef;
  /** option values keyed as commander keys them (camelCase; --no-x gives x: false) */
  opts: Record<string, unknown>;
  args: string[];
}

const camel = (long: string): string => long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface Flag {
  long: string;
  short?: string;
  takesValue: boolean;
  optionalValue: boolean;
  /** `--closes <number...>`: commander collects the values (repeated, or several after it) */
  variadic: boolean;
  negated: boolean;
}

/** "-o, --output <file>" → its parts. */
function parseFlags(flags: string): Flag {
  const m = /^(?:-(\w), )?--([\w-]+)(?: ([<[])[^>\]]*[>\]])?$/.exec(flags);
  if (!m) throw new Error(`unexpected option syntax in the command table: ${flags}`);
  const negated = m[2]!.startsWith('no-');
  return { short: m[1], long: m[2]!, takesValue: m[3] !== undefined, optionalValue: m[3] === '[', variadic: flags.endsWith('...>') || flags.endsWith('...]'), negated };
}

export function fastParse(argv: readonly string[], commands: readonly CommandDef[]): FastParse | null {
  const def = commands.find((c) => c.name === argv[0]);
  if (!def || def.allowUnknown) return null;
  // a subcommand (`ops checkout ...`) parses the rest with its own options
  if (def.sub?.length) return fastParse(argv.slice(1), def.sub);
  const flags = [...(def.options ?? []), ...(def.hiddenOptions ?? [])].map(([f, , dflt]) => ({ ...parseFlags(f), dflt }));
  if (flags.some((f) => f.optionalValue || f.variadic)) return null;
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const f of flags) options[f.long] = { type: f.takesValue ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv.slice(1), options, allowPositionals: true, strict: true });
  } catch {
    return null;
  }
  const tokens = (def.args ?? '').split(' ').filter(Boolean);
  const required = tokens.filter((t) => t.startsWith('<')).length;
  const max = tokens.some((t) => t.endsWith('...>') || t.endsWith('...]')) ? Infinity : tokens.length;
  const args = parsed.positionals;
  if (args.length < required || args.length > max) return null;
  const opts: Record<string, unknown> = {};
  for (const f of flags) {
    const value = parsed.values[f.long];
    // commander: --no-x gives x (true unless given); others their value, else their default
    if (f.negated) opts[camel(f.long.slice(3))] = value === undefined;
    else if (value !== undefined || f.dflt !== undefined) opts[camel(f.long)] = value ?? f.dflt;
  }
  return { def, opts, args };
}
