import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { MissingBinaryMode } from '../constants.js';

/**
 * Moves the built binaries from the staging directory into the target directory. Every binary is
 * checked before any is moved, so a failed check leaves the target directory as it was, and each
 * file appears there whole (copied under a temporary name, then renamed). Missing binaries fail
 * the step, or with `warn`/`ignore` are reported and skipped.
 */
export async function collectBinaries(stageDir: string, targetDir: string, names: string[], mode: MissingBinaryMode = 'error'): Promise<string[]> {
  const missing = names.filter((name) => !isFile(path.join(stageDir, name)));
  if (missing.length > 0) {
    const produced = fs.existsSync(stageDir) ? fs.readdirSync(stageDir).filter((name) => !name.startsWith('.')) : [];
    const message =
      `The build did not produce ${missing.join(', ')}. It produced: ${produced.length > 0 ? produced.join(', ') : 'nothing'}. ` +
      "Check the make targets ('make-args') and the expected names ('binaries').";
    if (mode === 'error') throw new Error(message);
    if (mode === 'warn') core.warning(message);
    else core.info(message);
  }

  const present = names.filter((name) => !missing.includes(name));
  await fs.promises.mkdir(targetDir, { recursive: true });
  const placed: string[] = [];
  for (const name of present) {
    const destination = path.join(targetDir, name);
    const partial = path.join(targetDir, `.${name}.partial`);
    try {
      await fs.promises.copyFile(path.join(stageDir, name), partial);
      await fs.promises.chmod(partial, 0o755);
      await fs.promises.rename(partial, destination);
    } catch (error: unknown) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
    placed.push(destination);
  }
  return placed;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
