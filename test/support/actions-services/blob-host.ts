import { lookup } from 'node:dns/promises';

/**
 * Name under which the stand-in hands out Azurite's blob URLs. @actions/cache downloads through the
 * Azure SDK, in segments of up to 128 MiB held in memory, only from hosts ending in
 * `.blob.core.windows.net`, as on GitHub. From any other host it streams with its HTTP client.
 */
export const STAND_IN_BLOB_HOST = 'actionsstandin.blob.core.windows.net';

/**
 * Returns the host for blob URLs: the Azure-style name where this machine resolves it to loopback
 * (`.ci/setup-hosts.sh` adds it to /etc/hosts), or 127.0.0.1 with a warning. A name that resolves
 * anywhere else is never used, so blob traffic stays on this machine.
 */
export async function standInBlobHost(): Promise<string> {
  const resolved = await lookup(STAND_IN_BLOB_HOST, { family: 4 }).catch(() => undefined);
  if (resolved?.address === '127.0.0.1') return STAND_IN_BLOB_HOST;
  process.emitWarning(
    `${STAND_IN_BLOB_HOST} does not resolve to 127.0.0.1, so blob URLs name 127.0.0.1, and @actions/cache downloads with its HTTP client instead of the Azure SDK it uses on GitHub. Run .ci/setup-hosts.sh as root to add the name to /etc/hosts.`,
  );
  return '127.0.0.1';
}
