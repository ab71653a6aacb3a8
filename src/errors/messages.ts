// Errors thrown from several places with the same words.
import { usageError, type ShipverError } from '../errors.js';

/** E_PROJECT_REQUIRED: the tags are per project and no project was chosen. `names`: the projects to choose from, when known. */
export function projectRequired(names: readonly string[] = []): ShipverError {
  return usageError(
    'E_PROJECT_REQUIRED',
    'the projects have their own versions and tags ({project} in tag.format), and none was chosen',
    names.length ? `choose one of ${names.join(', ')}: --project ${names.join('|')}` : 'pass --project NAME',
  );
}
