import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { MissingBinaryMode } from '../constants.js';

/**
 * Moves the built binaries from the staging directory into the target directory. Every binary is
 * checked and copied before any is renamed into place, so a failure leaves the target directory as
 * it was, and each file appears there whole. Missing binaries fail
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
  // Copy every binary under a temporary name first: if one copy fails (a full disk, say), all
  // temporary files go and the target directory keeps what it held before.
  const partials = present.map((name) => path.join(targetDir, `.${name}.partial`));
  try {
    for (const [index, name] of present.entries()) {
      await fs.promises.copyFile(path.join(stageDir, name), partials[index]);
      await fs.promises.chmod(partials[index], 0o755);
    }
  } catch (error: unknown) {
    await Promise.all(partials.map((partial) => fs.promises.rm(partial, { force: true })));
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Placing the binaries in the target directory ${targetDir} failed, so it was left as it was: ${reason}`, { cause: error });
  }

  const placed: string[] = [];
  for (const [index, name] of present.entries()) {
    const destination = path.join(targetDir, name);
    await fs.promises.rename(partials[index], destination);
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
