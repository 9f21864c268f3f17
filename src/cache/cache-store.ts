import * as cache from '@actions/cache';
import * as core from '@actions/core';

/** The Actions cache as the action uses it: every failure is a warning, never an error. */
export interface CacheStore {
  /** False for the stand-in used when caching is off; callers then skip work done only for the cache. */
  readonly enabled: boolean;
  /** False where the runner lets the job read the cache but not write it, so callers skip work done only to save. */
  readonly writable: boolean;
  /** Restores paths; returns the matched key, or undefined on a miss or any failure. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  /** Tells whether an entry with exactly this key exists, without downloading it. */
  exists(paths: string[], key: string): Promise<boolean>;
  /** Saves paths under key; returns false when nothing was saved. */
  save(paths: string[], key: string): Promise<boolean>;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Tells whether the runner's ACTIONS_CACHE_MODE (none, read, write or write-only) allows saving.
 * An unset or unknown mode allows it, as in @actions/cache, which skips a save that the mode forbids.
 */
export function cacheModeAllowsWrites(mode: string | undefined): boolean {
  return !['none', 'read'].includes((mode ?? '').trim().toLowerCase());
}

/** The Actions cache service through @actions/cache. */
export class ActionsCacheStore implements CacheStore {
  readonly enabled = true;
  readonly writable = cacheModeAllowsWrites(process.env.ACTIONS_CACHE_MODE);

  async restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined> {
    try {
      return await cache.restoreCache(paths, key, restoreKeys);
    } catch (error: unknown) {
      core.warning(`Restoring the cache ${key} failed, so the build goes on without it: ${reason(error)}`);
      return undefined;
    }
  }

  async exists(paths: string[], key: string): Promise<boolean> {
    try {
      return (await cache.restoreCache(paths, key, [], { lookupOnly: true })) === key;
    } catch (error: unknown) {
      core.warning(`Looking up the cache ${key} failed: ${reason(error)}`);
      return false;
    }
  }

  async save(paths: string[], key: string): Promise<boolean> {
    try {
      // saveCache logs and returns -1 when another job reserved the key first or the service
      // failed; both leave the build intact.
      return (await cache.saveCache(paths, key)) !== -1;
    } catch (error: unknown) {
      core.warning(`Saving the cache ${key} failed, so the next run starts cold: ${reason(error)}`);
      return false;
    }
  }
}

/** An always-empty cache, for `cache: false` and runners without the cache service. */
export class DisabledCacheStore implements CacheStore {
  readonly enabled = false;
  readonly writable = false;

  async restore(): Promise<string | undefined> {
    return undefined;
  }

  async exists(): Promise<boolean> {
    return false;
  }

  async save(): Promise<boolean> {
    return false;
  }
}

/** Picks the real cache when enabled and the runner provides the service. */
export function createCacheStore(enabled: boolean, label: string): CacheStore {
  if (!enabled) return new DisabledCacheStore();
  if (!cache.isFeatureAvailable()) {
    core.info(`The Actions cache service is not available on this runner; the ${label} is not cached.`);
    return new DisabledCacheStore();
  }
  return new ActionsCacheStore();
}
