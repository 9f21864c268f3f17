import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from '../exec.js';

/**
 * Packs files into `<name>.tar.gz` with a top-level `<name>/` directory, keeping file modes (the
 * executable bit survives a download, unlike loose files in an artifact). Files are linked into a
 * staging directory, so nothing is copied, and tar streams to disk. Owner and group are recorded as
 * 0 so the archive does not carry the runner's user.
 */
export async function createTarball(name: string, files: string[], outputDir: string, stagingRoot: string): Promise<string> {
  const staging = path.join(stagingRoot, 'package');
  const top = path.join(staging, name);
  await fs.promises.rm(staging, { recursive: true, force: true });
  await fs.promises.mkdir(top, { recursive: true });
  for (const file of files) {
    const link = path.join(top, path.basename(file));
    try {
      await fs.promises.link(file, link);
    } catch {
      await fs.promises.copyFile(file, link);
      await fs.promises.chmod(link, (await fs.promises.stat(file)).mode & 0o777);
    }
  }

  const tarball = path.join(outputDir, `${name}.tar.gz`);
  const partial = `${tarball}.partial`;
  try {
    await runCommand('tar', ['--create', '--gzip', '--file', partial, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--directory', staging, '--', name], { silent: true });
    await fs.promises.rename(partial, tarball);
  } finally {
    await fs.promises.rm(partial, { force: true });
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
  return tarball;
}
