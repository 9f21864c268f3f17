import fs from 'node:fs';
import path from 'node:path';
import type { RepoUrl } from '../inputs/settings.js';

/**
 * Writes a git-credential-store file (mode 0600) for the container to read through
 * `credential.helper=store`, so the token never appears on a command line, in the container's
 * environment or in `docker inspect`.
 */
export async function writeCredentialsFile(dir: string, credentials: NonNullable<RepoUrl['credentials']>): Promise<string> {
  const file = path.join(dir, 'git-credentials');
  const user = encodeURIComponent(credentials.username);
  const password = encodeURIComponent(credentials.password);
  await fs.promises.writeFile(file, `${credentials.protocol}://${user}:${password}@${credentials.host}\n`, { mode: 0o600 });
  return file;
}
