import { InputError } from './input-error.js';

// Each validator takes the raw input text and returns the parsed value or throws an InputError.

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** Parses a boolean the way the YAML 1.2 core schema spells it, as @actions/core does. */
export function parseBoolean(input: string, raw: string, defaultValue: boolean): boolean {
  const value = raw.trim();
  if (value === '') return defaultValue;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new InputError(input, raw, 'Allowed: true or false.');
}

/** Splits a list given one item per line, or separated by spaces or commas. */
export function splitList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((item) => item !== '');
}

/**
 * Validates a git ref name the way `git check-ref-format` does for a branch or tag, and also
 * accepts a commit SHA. Rejects what git could read as an option or a revision expression.
 */
export function parseBranch(input: string, raw: string): string {
  const value = raw.trim();
  if (value === '') return '';
  const allowed =
    'Give a branch, tag or commit SHA: no spaces or control characters, not starting with "-" or ' +
    '"/", and without "..", "@{", "//", "~", "^", ":", "?", "*", "[" or "\\".';
  const invalid =
    value.length > 255 ||
    CONTROL_CHARS.test(value) ||
    /[\s~^:?*[\\]/.test(value) ||
    value.startsWith('-') ||
    value.startsWith('/') ||
    value.endsWith('/') ||
    value.endsWith('.') ||
    value.endsWith('.lock') ||
    value.includes('..') ||
    value.includes('@{') ||
    value.includes('//') ||
    value === '@' ||
    value.split('/').some((part) => part.startsWith('.'));
  if (invalid) throw new InputError(input, raw, allowed);
  return value;
}

/** Parses Go build tags: letters, digits, underscores and dots, as `go help buildconstraint` defines. */
export function parseTags(input: string, raw: string): string[] {
  const tags = splitList(raw);
  for (const tag of tags) {
    if (!/^[A-Za-z0-9_.]+$/.test(tag)) {
      throw new InputError(
        input,
        raw,
        `The tag ${JSON.stringify(tag)} is not a Go build tag: use letters, digits, "_" and ".", separated by spaces or commas.`,
      );
    }
  }
  return [...new Set(tags)];
}

/** Splits make arguments on whitespace; each becomes one argv entry, never shell text. */
export function parseMakeArgs(input: string, raw: string, defaults: string[]): string[] {
  if (/[\n\r\0]/.test(raw) || CONTROL_CHARS.test(raw.replace(/\t/g, ' '))) {
    throw new InputError(input, raw, 'Give make targets and VAR=value pairs on one line, without control characters.');
  }
  const args = raw.trim().split(/\s+/).filter((arg) => arg !== '');
  if (args.length > 64) {
    throw new InputError(input, raw, 'At most 64 make arguments are allowed.');
  }
  return args.length > 0 ? args : defaults;
}

/** Validates a Go import path in GOPATH mode: non-empty slash-separated elements, no "." or "..". */
export function parseGoPackage(input: string, raw: string, defaultValue: string): string {
  const value = raw.trim();
  if (value === '') return defaultValue;
  const elements = value.split('/');
  const valid =
    value.length <= 200 &&
    elements.every((element) => /^[A-Za-z0-9_.~+-]+$/.test(element) && element !== '.' && element !== '..') &&
    !value.startsWith('-');
  if (!valid) {
    throw new InputError(
      input,
      raw,
      'Give a Go import path such as github.com/mesosphere/kubernetes-mesos: elements of letters, digits and "._~+-" separated by "/".',
    );
  }
  return value;
}

/** Parses a whole number within [min, max]. */
export function parseInteger(input: string, raw: string, min: number, max: number, defaultValue: number): number {
  const value = raw.trim();
  if (value === '') return defaultValue;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(input, raw, `Give a whole number from ${min} to ${max}.`);
  }
  return Number(value);
}

/** Accepts one of a fixed set of values. */
export function parseChoice<T extends string>(input: string, raw: string, choices: readonly T[], defaultValue: T): T {
  const value = raw.trim();
  if (value === '') return defaultValue;
  const match = choices.find((choice) => choice === value);
  if (match === undefined) {
    throw new InputError(input, raw, `Allowed: ${choices.join(', ')}.`);
  }
  return match;
}

/** Validates a version for `go install module@version`: a semantic version or "latest". */
export function parseGodepVersion(input: string, raw: string): string {
  const value = raw.trim();
  if (value === '' || value === 'latest' || /^v\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$/.test(value)) return value;
  throw new InputError(input, raw, 'Give a module version such as v80 or v0.0.0-20200101000000-abcdef123456, "latest", or leave it empty to skip godep.');
}

/** Parses binary names: plain file names, no paths, no duplicates. */
export function parseBinaries(input: string, raw: string, defaults: string[]): string[] {
  if (raw.trim() === '') return defaults;
  const names = splitList(raw);
  if (names.length === 0) {
    throw new InputError(input, raw, 'List at least one binary name, separated by spaces, commas or newlines.');
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(name) || name.length > 100) {
      throw new InputError(input, raw, `The name ${JSON.stringify(name)} is not a plain file name: use letters, digits and "_.+-", without "/".`);
    }
    if (seen.has(name)) {
      throw new InputError(input, raw, `The name ${JSON.stringify(name)} is listed twice.`);
    }
    seen.add(name);
  }
  return names;
}

// The artifact service rejects these characters in names.
const ARTIFACT_NAME_FORBIDDEN = /["<>|*?:\\/\r\n]/;

/** Validates an artifact name the service accepts. */
export function parseArtifactName(input: string, raw: string): string {
  const value = raw.trim();
  if (value.length > 200 || ARTIFACT_NAME_FORBIDDEN.test(value) || CONTROL_CHARS.test(value)) {
    throw new InputError(input, raw, 'Artifact names must be at most 200 characters, without " : < > | * ? \\ / or control characters.');
  }
  return value;
}

/** Replaces every character the artifact service rejects, so a derived name is always valid. */
export function sanitizeArtifactName(name: string): string {
  return name
    .replace(new RegExp(ARTIFACT_NAME_FORBIDDEN.source, 'g'), '-')
    .replace(new RegExp(CONTROL_CHARS.source, 'g'), '')
    .replace(/\s+/g, '-')
    .slice(0, 200);
}

/** Validates a Docker image reference: [registry/]name[:tag][@digest]. */
export function parseImage(input: string, raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const reference = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
  if (!reference.test(value) && !/^sha256:[a-f0-9]{64}$/.test(value)) {
    throw new InputError(input, raw, 'Give an image reference such as ghcr.io/owner/builder:tag or an image ID sha256:<64 hex digits>.');
  }
  return value;
}
