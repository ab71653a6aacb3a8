// Nothing secret (password, auth string, token) ever lands in a message: every error
// leaving a registry call goes through the Scrubber of that call.
import { ExitCode, ShipverError } from '../errors.js';

/** Collects every secret seen during one call and removes them from any text. */
export class Scrubber {
  private readonly secrets = new Set<string>();

  add(s: string | undefined | null): void {
    // Very short strings would scrub ordinary words; nobody's password is 3 characters.
    if (s && s.length >= 4) {
      this.secrets.add(s);
      this.secrets.add(encodeURIComponent(s));
    }
  }

  scrub(text: string): string {
    let out = text;
    // longest first, so a secret containing another is removed whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
  }

  error(e: unknown): ShipverError {
    if (e instanceof ShipverError) {
      return new ShipverError(e.code, this.scrub(e.message), {
        exitCode: e.exitCode,
        hint: e.hint === undefined ? undefined : this.scrub(e.hint),
        details: e.details.map((d) => this.scrub(d)),
      });
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new ShipverError('E_REGISTRY', `asking the registry failed: ${this.scrub(msg)}`, { exitCode: ExitCode.Usage });
  }
}
