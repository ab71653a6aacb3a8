// The ref names shipver hands to git. A tag name or a branch that came from outside (a
// config, a CI variable, a pushed ref) is checked here before any git call gets it.
import { usageError } from '../errors.js';

/**
 * A ref name shipver is willing to pass to git: no option-like prefix, no shell or
 * revision syntax, nothing git check-ref-format would refuse.
 */
export function isSafeRefName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith('-') &&
    !/[\s~^:?*[\\\x00-\x1f\x7f$`'"();&|<>!{}]|\.\.|@\{|\/\/|^[/.]|[/.]$|\.lock$|\/\./.test(name)
  );
}

/** Refuses a ref name that is not safe to hand to git (see isSafeRefName). */
export function assertSafeRef(name: string, what = 'ref'): string {
  if (!isSafeRefName(name)) {
    throw usageError('E_UNSAFE_REF', `${what} "${name}" is not a valid name`, 'use plain names without spaces, shell characters or a leading "-"');
  }
  return name;
}
