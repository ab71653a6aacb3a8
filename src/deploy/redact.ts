// Masks the values of secret-looking environment variables (tokens, passwords, keys),
// raw and URL-encoded, in anything a deploy writes to a log or a terminal.

const SECRET_NAME = /(token|secret|passw(or)?d|pwd|api[_-]?key|private[_-]?key|credential|auth)/i;
// Names that match the pattern but hold no secret (the shell's working directories).
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'XAUTHORITY']);

export function redactor(env: NodeJS.ProcessEnv): (text: string) => string {
  const values = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (!v || v.length < 5 || !SECRET_NAME.test(k) || NOT_SECRET.has(k)) continue;
    values.add(v);
    values.add(encodeURIComponent(v));
  }
  if (values.size === 0) return (t) => t;
  const escaped = [...values].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(escaped.join('|'), 'g');
  return (t) => t.replace(re, '[secure]');
}
