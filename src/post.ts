import fs from 'node:fs';
import * as core from '@actions/core';
import { createCacheStore, type CacheStore } from './cache/cache-store.js';
import { saveGoBuildCache, type GoBuildCache } from './cache/go-build-cache.js';
import { CONTAINER_LABEL, State } from './constants.js';
import { DockerCli } from './docker/docker-cli.js';

/**
 * Runs after the main step, whether it succeeded, failed or was cancelled: removes a build
 * container still present, saves the Go build cache when make succeeded, and removes the private
 * working directories. Only warns, never fails the job.
 */
export async function runPost(docker: DockerCli = new DockerCli(), goCacheStore?: CacheStore): Promise<void> {
  try {
    // A cancelled main step may have died before its own clean-up; the name and the run label
    // find the container either way.
    const containerName = core.getState(State.ContainerName);
    const runLabel = core.getState(State.RunLabel);
    const leftovers = runLabel === '' ? [] : await docker.containersWithLabel(CONTAINER_LABEL, runLabel);
    if (containerName !== '' || leftovers.length > 0) {
      await docker.removeContainers(containerName === '' ? leftovers : [containerName, ...leftovers]);
    }

    const goCacheState = core.getState(State.GoCache);
    if (goCacheState !== '') {
      const goCache = JSON.parse(goCacheState) as GoBuildCache;
      const commit = core.getState(State.BuiltCommit);
      if (commit !== '') {
        await core.group('Save the Go build cache', () => saveGoBuildCache(goCacheStore ?? createCacheStore(true, 'Go build cache'), goCache, commit));
      } else {
        core.info('The build did not succeed, so the Go build cache is not saved.');
      }
      await fs.promises.rm(goCache.dir, { recursive: true, force: true });
    }

    const workDir = core.getState(State.WorkDir);
    if (workDir !== '') await fs.promises.rm(workDir, { recursive: true, force: true });
  } catch (error: unknown) {
    core.warning(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
