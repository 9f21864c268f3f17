import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './input-error.js';

/** Resolves `source` against the workspace and checks that it is a directory to build from. */
export function parseSource(input: string, raw: string, workspace: string, branch: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const resolved = path.resolve(workspace, value);
  // docker's --volume syntax separates fields with ":" and options with ",".
  if (/[:,]/.test(resolved)) {
    throw new InputError(input, raw, 'The path must not contain ":" or ",", which a Docker bind mount cannot carry.');
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new InputError(input, raw, `The directory ${resolved} does not exist; give the path of a checkout, relative to GITHUB_WORKSPACE or absolute.`);
  }
  if (!stat.isDirectory()) {
    throw new InputError(input, raw, `${resolved} is not a directory; give the path of a checkout.`);
  }
  // The builder treats an empty /snapshot as no snapshot and would clone git-repo instead.
  if (fs.readdirSync(resolved).length === 0) {
    throw new InputError(input, raw, `${resolved} is empty; give the path of a checkout.`);
  }
  if (branch !== '' && !fs.existsSync(path.join(resolved, '.git'))) {
    throw new InputError(
      input,
      raw,
      `A branch was requested, but ${resolved} is not a git repository. Check it out with its history (actions/checkout keeps .git), or leave 'branch' empty to build the tree as it is.`,
    );
  }
  return resolved;
}

/**
 * Resolves the target directory and checks, before any slow work, that it can be created or
 * written: an existing path must be a writable directory, otherwise its nearest existing parent must be.
 */
export function parseTargetDir(input: string, raw: string, workspace: string, defaultDir: string): string {
  const resolved = raw.trim() === '' ? defaultDir : path.resolve(workspace, raw.trim());
  let probe = resolved;
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(probe);
    } catch {
      stat = undefined;
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) {
        const problem = probe === resolved ? 'is a file' : `has a file in its path (${probe})`;
        throw new InputError(input, raw, `${resolved} ${problem}; give a directory.`);
      }
      try {
        fs.accessSync(probe, fs.constants.W_OK | fs.constants.X_OK);
      } catch {
        throw new InputError(input, raw, `${probe} is not writable by this user; give a directory the runner can write.`);
      }
      return resolved;
    }
    const parent = path.dirname(probe);
    if (parent === probe) return resolved;
    probe = parent;
  }
}
