// What a directory holds, to show that a command wrote nothing (or exactly what it said).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under dir (but .git) with its content and mode. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      if (e === '.git') continue;
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${readFileSync(p, 'utf8')}@${statSync(p).mode.toString(8)}`;
    }
  };
  walk(dir);
  return out;
}
