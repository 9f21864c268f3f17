import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import type { Settings } from '../inputs/settings.js';
import { goBuildCachePrefix } from './cache-keys.js';
import type { CacheStore } from './cache-store.js';

/** The restored Go build cache of this run, and how to save it after a successful make. */
export interface GoBuildCache {
  /** Host directory mounted as GOCACHE; its path is part of the cache version, so it is stable per configuration. */
  dir: string;
  /** Key prefix of this configuration; a save appends the built commit. */
  prefix: string;
  /** Key that was restored, or empty on a miss. */
  matchedKey: string;
}

/**
 * Restores the newest Go build cache of the same configuration into a directory owned by the
 * runner's user, which the container writes as that user, so the next run can reuse every file.
 */
export async function restoreGoBuildCache(settings: Settings, store: CacheStore, cacheRoot: string): Promise<GoBuildCache> {
  const prefix = goBuildCachePrefix({
    platform: os.platform(),
    arch: os.arch(),
    goPackage: settings.goPackage,
    goVersion: settings.goVersion,
    tags: settings.tags,
    race: settings.race,
  });
  const dir = path.join(cacheRoot, 'go-build-cache', prefix.slice(0, -1));
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });

  // The service matches a key exactly, then as a prefix, newest entry first.
  const requestedCommit = /^[0-9a-f]{40}$/.test(settings.branch) ? settings.branch : '';
  const matchedKey = (await (requestedCommit === '' ? store.restore([dir], prefix, []) : store.restore([dir], `${prefix}${requestedCommit}`, [prefix]))) ?? '';
  core.info(matchedKey === '' ? `No Go build cache for ${prefix}*; make compiles from scratch.` : `Restored the Go build cache ${matchedKey}`);
  return { dir, prefix, matchedKey };
}

/**
 * Saves the Go build cache under the built commit, unless that exact entry was the one restored,
 * so rebuilding a commit adds no entry.
 */
export async function saveGoBuildCache(store: CacheStore, cache: GoBuildCache, commit: string): Promise<void> {
  const key = `${cache.prefix}${commit || 'snapshot'}`;
  if (key === cache.matchedKey) {
    core.info(`The Go build cache ${key} was restored unchanged in key; not saving it again.`);
    return;
  }
  if (!fs.existsSync(cache.dir)) {
    core.info(`The Go build cache directory ${cache.dir} is gone; nothing to save.`);
    return;
  }
  if (await store.save([cache.dir], key)) core.info(`Saved the Go build cache as ${key}`);
}
