import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Returns the hex SHA-256 of a file, read as a stream so memory stays flat whatever its size. */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Writes SHA256SUMS in the format `sha256sum -c` reads ("<hex>  <name>", two spaces for binary-safe
 * text mode), for files in one directory, and returns its path.
 */
export async function writeSha256Sums(dir: string, digests: Array<{ name: string; sha256: string }>): Promise<string> {
  const file = path.join(dir, 'SHA256SUMS');
  const partial = `${file}.partial`;
  await fs.promises.writeFile(partial, digests.map(({ name, sha256 }) => `${sha256}  ${name}\n`).join(''));
  await fs.promises.rename(partial, file);
  return file;
}
