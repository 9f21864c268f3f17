import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as core from '@actions/core';
import { pulledImageCacheKeys } from '../cache/cache-keys.js';
import type { CacheStore } from '../cache/cache-store.js';
import { loadCachedImage, saveImageToCache } from '../cache/image-archive.js';
import type { DockerCli } from '../docker/docker-cli.js';
import type { BuilderImage } from './builder-image.js';

const PULL_ATTEMPTS = 3;
const PULL_BACKOFF_MS = 2_000;

/**
 * Uses the image named by the `image` input: the engine's copy, else a pull with retries, else
 * (when every pull failed) the copy saved in the cache by an earlier run, with a warning.
 */
export async function useGivenImage(reference: string, docker: DockerCli, store: CacheStore, cacheDir: string): Promise<BuilderImage> {
  const presentId = await docker.imageId(reference);
  if (presentId !== undefined) {
    core.info(`Using ${reference}, already present in the engine.`);
    return { reference, id: presentId, key: '', origin: 'present', cacheHit: true };
  }

  const archiveDir = path.join(cacheDir, 'pulled-image');
  let lastError = '';
  for (let attempt = 1; attempt <= PULL_ATTEMPTS; attempt++) {
    const result = await docker.exec(['pull', reference], { ignoreReturnCode: true, tailLines: 10 });
    const id = result.exitCode === 0 ? await docker.imageId(reference) : undefined;
    if (id !== undefined) {
      const keys = pulledImageCacheKeys(os.platform(), os.arch(), reference, id);
      await saveImageToCache(docker, store, archiveDir, reference, keys.key);
      return { reference, id, key: '', origin: 'pulled', cacheHit: false };
    }
    lastError = result.stderr.split('\n').filter((line) => line !== '').pop() ?? `exit code ${result.exitCode}`;
    if (attempt < PULL_ATTEMPTS) {
      core.info(`Pulling ${reference} failed (attempt ${attempt} of ${PULL_ATTEMPTS}): ${lastError}; retrying.`);
      await sleep(PULL_BACKOFF_MS * attempt);
    }
  }

  const keys = pulledImageCacheKeys(os.platform(), os.arch(), reference);
  const loaded = await loadCachedImage(docker, store, archiveDir, keys.key, keys.restoreKeys);
  const id = loaded === undefined ? undefined : await docker.imageId(reference);
  if (id === undefined) {
    throw new Error(`Pulling the image ${reference} failed ${PULL_ATTEMPTS} times (${lastError}), and the cache holds no copy of it.`);
  }
  core.warning(`Pulling ${reference} failed ${PULL_ATTEMPTS} times (${lastError}); using the copy cached as ${loaded?.matchedKey}.`);
  return { reference, id, key: '', origin: 'cache-after-pull-failure', cacheHit: true };
}
