// When tag.format matches none of a repository's tags: the forms its version tags do have
// (`1.2.3`, `release-1.2.3`, ...), whether shipver.yaml sets tag.format, and writing the
// inferred format into shipver.yaml without touching any other byte of it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareBuild } from '../version/semver-fns.js';
import { isValidSemver } from '../version/scheme.js';
import { CONFIG_FILE, DEFAULT_TAG_FORMAT } from '../config/defaults.js';
import { usageError } from '../errors.js';
import { versionOfTag } from './tag-format.js';

export interface TagForm {
  /** a tag.format for these tags, e.g. "{version}" */
  format: string;
  count: number;
  /** the tag with the highest version */
  example: string;
  /** every version tagged in this form */
  versions: string[];
}

const VERSION_AT_END = /^(.*?)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** The forms of the tag names that hold a semver version at their end, most tags first. Pure. */
export function versionTagForms(names: readonly string[]): TagForm[] {
  const forms = new Map<string, { count: number; example: string; version: string; versions: string[] }>();
  for (const name of names) {
    const m = VERSION_AT_END.exec(name);
    if (!m) continue;
    const [, prefix, version] = m as unknown as [string, string, string];
    if (/[{}\d.]$/.test(prefix) || /[{}]/.test(prefix) || !isValidSemver(version)) continue;
    const format = `${prefix}{version}`;
    if (versionOfTag(format, name, '') !== version) continue;
    const f = forms.get(format);
    if (!f) forms.set(format, { count: 1, example: name, version, versions: [version] });
    else {
      f.count++;
      f.versions.push(version);
      if (compareBuild(version, f.version) > 0) Object.assign(f, { example: name, version });
    }
  }
  return [...forms].map(([format, f]) => ({ format, count: f.count, example: f.example, versions: f.versions })).sort((a, b) => b.count - a.count || (a.format < b.format ? -1 : 1));
}

export interface TagFormatSetting {
  /** shipver.yaml exists */
  file: boolean;
  /** the value of tag.format written in it, or null */
  value: string | null;
  /** its 1-based line */
  line: number | null;
}

/** Whether shipver.yaml sets tag.format, and where. */
export async function tagFormatSetting(root: string): Promise<TagFormatSetting> {
  const abs = path.join(root, CONFIG_FILE);
  if (!existsSync(abs)) return { file: false, value: null, line: null };
  const { parseDocument, LineCounter, isScalar } = await import('yaml');
  const text = readFileSync(abs, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const node = doc.getIn(['tag', 'format'], true);
  if (!isScalar(node) || typeof node.value !== 'string') return { file: true, value: null, line: null };
  return { file: true, value: node.value, line: node.range ? lines.linePos(node.range[0]).line : null };
}

/**
 * Whether tag.format counts as chosen by a person: set in shipver.yaml to something other
 * than the default. (`shipver init` writes the default out, before it has seen the tags.)
 */
export function formatChosen(setting: TagFormatSetting): boolean {
  return setting.value !== null && setting.value !== DEFAULT_TAG_FORMAT;
}

/**
 * shipver.yaml's text with tag.format set to `format`: only the value changes when it is
 * there, a `format:` line is added under `tag:` otherwise, and a `tag:` block at the end
 * when there is none; every other byte (comments, spacing, order) stays. Checked by
 * parsing the result.
 */
export async function withTagFormat(text: string | null, format: string): Promise<string> {
  const quoted = JSON.stringify(format);
  if (text === null || text.trim() === '') return `${text ?? ''}tag:\n  format: ${quoted}\n`;
  const { parseDocument, isMap, isScalar, isPair } = await import('yaml');
  const doc = parseDocument(text);
  const tag = doc.get('tag', true);
  const formatNode = isMap(tag) ? tag.get('format', true) : undefined;
  let out: string;
  if (isScalar(formatNode) && formatNode.range) {
    out = text.slice(0, formatNode.range[0]) + quoted + text.slice(formatNode.range[1]);
  } else if (isMap(tag) && tag.range && tag.flow) {
    // tag: { sign: false } → tag: { format: "...", sign: false }
    const open = text.indexOf('{', tag.range[0]);
    out = tag.items.length
      ? `${text.slice(0, open + 1)} format: ${quoted},${text.slice(open + 1).replace(/^(?! )/, ' ')}`
      : `${text.slice(0, open)}{ format: ${quoted} }${text.slice(text.indexOf('}', open) + 1)}`;
  } else if (isMap(tag) && tag.range && tag.items.length) {
    const first = tag.items[0];
    const keyStart = isPair(first) && isScalar(first.key) && first.key.range ? first.key.range[0] : tag.range[0];
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = text.slice(lineStart, keyStart);
    out = `${text.slice(0, lineStart)}${indent}format: ${quoted}\n${text.slice(lineStart)}`;
  } else if (tag === undefined || tag === null) {
    const top = doc.contents;
    if (top !== null && !isMap(top)) throw usageError('E_CONFIG', `${CONFIG_FILE} is not a mapping of keys`, 'fix shipver.yaml (shipver doctor shows where)');
    out = `${text}${text.endsWith('\n') ? '' : '\n'}tag:\n  format: ${quoted}\n`;
  } else {
    throw usageError('E_CONFIG', `${CONFIG_FILE}: "tag" is not a mapping, so tag.format cannot be added to it`, `write it by hand: tag: { format: ${quoted} }`);
  }
  const check = parseDocument(out);
  if (check.errors.length || check.getIn(['tag', 'format']) !== format) {
    throw usageError('E_CONFIG', `${CONFIG_FILE} could not be changed safely, so it was left as it is`, `set it by hand: tag: { format: ${quoted} }`);
  }
  return out;
}

/** Writes tag.format into shipver.yaml (creating the file when there is none). */
export async function writeTagFormat(root: string, format: string): Promise<void> {
  const abs = path.join(root, CONFIG_FILE);
  const text = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
  writeFileSync(abs, await withTagFormat(text, format));
}

export type TagFormatCheck =
  | { kind: 'ok' }
  /** tag.format is not chosen, and one other form tags the version files' version: doctor --fix writes it */
  | { kind: 'infer'; format: string; message: string }
  /** not chosen, and several forms tag the files' version: a person decides which */
  | { kind: 'ambiguous'; message: string; decide: string }
  /** chosen in shipver.yaml, or no form tags the files' version: said, never changed */
  | { kind: 'unsure'; message: string; decide: string };

const formsList = (forms: TagForm[]) =>
  forms
    .slice(0, 4)
    .map((f) => `"${f.format}" (${f.count} tag${f.count === 1 ? '' : 's'}, e.g. ${f.example})`)
    .join(', ') + (forms.length > 4 ? ', …' : '');

/**
 * For a tag.format that matches no version tag: do the tags have another form? A form is
 * taken for this project's releases only when one of its tags holds the version the
 * version files say (`fileVersions`, semver): tags like `docs-1.0.0` are someone else's.
 * (Call it only when the format matched no tag: it lists every tag.)
 */
export async function checkTagForms(git: { tagNames(glob: string): Promise<string[]> }, root: string, format: string, fileVersions: readonly string[]): Promise<TagFormatCheck> {
  if (format.includes('{project}')) return { kind: 'ok' }; // several projects: shipver init proposes their formats
  const forms = versionTagForms(await git.tagNames('')).filter((f) => f.format !== format);
  if (!forms.length) return { kind: 'ok' };
  const setting = await tagFormatSetting(root);
  const where = setting.line !== null ? `${CONFIG_FILE}:${setting.line}` : 'the default';
  const total = forms.reduce((n, f) => n + f.count, 0);
  const none = `no tag matches tag.format "${format}" (${where}), but ${total} tag${total === 1 ? '' : 's'} look${total === 1 ? 's' : ''} like versions: ${formsList(forms)}`;
  const uncounted = 'shipver counts every commit since the first as unreleased';
  const setIt = `if those are this project's releases, set tag.format in ${CONFIG_FILE}${setting.line !== null ? `:${setting.line}` : ''} to their form`;
  const files = [...new Set(fileVersions)];
  const ours = forms.filter((f) => f.versions.some((v) => files.includes(v)));
  if (formatChosen(setting)) return { kind: 'unsure', message: `${none}; ${uncounted}`, decide: setIt };
  if (ours.length === 0) return { kind: 'unsure', message: `${none}, none of them holding the version files' ${files.join(' or ') || 'version'}; ${uncounted}`, decide: setIt };
  if (ours.length === 1) {
    const f = ours[0]!;
    return { kind: 'infer', format: f.format, message: `${none}; the version files' ${files.join(' / ')} is tagged in the form "${f.format}": without tag.format set to it, ${uncounted}` };
  }
  return { kind: 'ambiguous', message: `${none}: more than one form tags the version files' ${files.join(' / ')}`, decide: `set tag.format in ${CONFIG_FILE} to the form of this project's releases (${ours.map((f) => `"${f.format}"`).join(' or ')}): shipver cannot tell which` };
}
