import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { DockerCli } from '../docker/docker-cli.js';
import type { CacheStore } from './cache-store.js';

const ARCHIVE_NAME = 'image.tar';

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

/** An image restored from the cache and loaded into the engine. */
export interface LoadedImage {
  matchedKey: string;
  /** References named in the archive, e.g. k8s-mesos-builder:go1.23-0123abcd. */
  references: string[];
}

/**
 * Restores an image archive from the cache and loads it into the engine. The archive is an
 * uncompressed `docker save` tar, because the cache client already compresses with zstd. A corrupt
 * or unloadable archive is a warning and returns undefined.
 */
export async function loadCachedImage(docker: DockerCli, store: CacheStore, dir: string, key: string, restoreKeys: string[]): Promise<LoadedImage | undefined> {
  if (!store.enabled) return undefined;
  await fs.promises.rm(dir, { recursive: true, force: true });
  const restoreStarted = performance.now();
  const matchedKey = await store.restore([dir], key, restoreKeys);
  if (matchedKey === undefined) return undefined;
  core.info(`Restored the image archive ${matchedKey} in ${seconds(restoreStarted)} s`);
  const archive = path.join(dir, ARCHIVE_NAME);
  try {
    const loadStarted = performance.now();
    const result = await docker.exec(['load', '--input', archive], { ignoreReturnCode: true });
    core.info(`docker load took ${seconds(loadStarted)} s`);
    if (result.exitCode !== 0) {
      // Entries cannot be replaced, so a broken exact entry keeps failing until someone deletes it.
      const remedy = matchedKey === key ? ` Delete the cache entry ${key} (for example with \`gh cache delete ${key}\`) so that a later run can save a good one.` : '';
      core.warning(`The cached image ${matchedKey} could not be loaded (docker load exited with ${result.exitCode}: ${result.stderr.trim().split('\n').pop() ?? ''}); building instead.${remedy}`);
      return undefined;
    }
    const references = [...result.stdout.matchAll(/^Loaded image(?: ID)?: (\S+)$/gm)].map((match) => match[1]);
    return { matchedKey, references };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Saves an image to the cache unless an entry with the key exists already, which keeps parallel
 * matrix jobs from racing for one key and keeps entries from multiplying.
 */
export async function saveImageToCache(docker: DockerCli, store: CacheStore, dir: string, reference: string, key: string): Promise<boolean> {
  if (!store.enabled) return false;
  if (!store.writable) {
    core.info(`The runner lets this job read the Actions cache but not write it, so the image ${reference} is not saved.`);
    return false;
  }
  if (await store.exists([dir], key)) {
    core.info(`The cache already holds ${key}; not saving the image again.`);
    return false;
  }
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  try {
    const started = performance.now();
    await docker.exec(['save', '--output', path.join(dir, ARCHIVE_NAME), reference], { silent: true });
    const saved = await store.save([dir], key);
    core.info(saved ? `Saved the image ${reference} to the cache as ${key} in ${seconds(started)} s` : `The image ${reference} was not saved to the cache.`);
    return saved;
  } catch (error: unknown) {
    core.warning(`Saving the image ${reference} to the cache failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
