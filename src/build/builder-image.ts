import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { imageCacheKeys } from '../cache/cache-keys.js';
import type { CacheStore } from '../cache/cache-store.js';
import { loadCachedImage, saveImageToCache } from '../cache/image-archive.js';
import { getBuildArgs, getBuildEnv } from '../docker/build-args.js';
import type { DockerCli } from '../docker/docker-cli.js';
import type { Settings } from '../inputs/settings.js';
import { findBuilderDir } from './builder-dir.js';
import { useGivenImage } from './given-image.js';
import { builderImageKey } from './image-key.js';

export const IMAGE_REPOSITORY = 'k8s-mesos-builder';
export const IMAGE_KEY_LABEL = 'io.github.k8s-mesos-builder.key';

/** How the builder image was obtained. */
export type ImageOrigin = 'present' | 'cache' | 'rebuilt-from-cache' | 'built' | 'pulled' | 'cache-after-pull-failure';

/** The image the build runs in, and how it was obtained. */
export interface BuilderImage {
  /** Reference passed to `docker run`. */
  reference: string;
  /** Image ID (sha256:...). */
  id: string;
  /** Content key of a built image; empty for an image given by the `image` input. */
  key: string;
  origin: ImageOrigin;
  /** True when no image build or pull ran: the image was present or an exact cache hit. */
  cacheHit: boolean;
}

/** Returns the Dockerfile build arguments for the settings. */
export function imageBuildArgs(settings: Settings): Record<string, string> {
  return { BASE_IMAGE: 'debian:bookworm', GO_VERSION: settings.goVersion, GODEP_VERSION: settings.godepVersion };
}

/**
 * Makes the builder image available, cheapest source first: an image with the content key already
 * in the engine (self-hosted runners); an exact cache hit; an older image of the same builder from
 * the cache, whose layers the rebuild reuses; a plain build. A built image is saved right away.
 */
export async function prepareBuilderImage(settings: Settings, docker: DockerCli, store: CacheStore, cacheDir: string): Promise<BuilderImage> {
  if (settings.image !== undefined) return useGivenImage(settings.image, docker, store, cacheDir);

  const builderDir = findBuilderDir();
  const buildArgs = imageBuildArgs(settings);
  const key = builderImageKey({ builderDir, buildArgs, platform: os.platform(), arch: os.arch() });
  const reference = `${IMAGE_REPOSITORY}:go${settings.goVersion}-${key}`;
  const cacheKeys = imageCacheKeys(os.platform(), os.arch(), settings.goVersion, key);
  const archiveDir = path.join(cacheDir, 'builder-image');

  const presentId = await docker.imageId(reference);
  if (presentId !== undefined) {
    core.info(`Using ${reference}: the engine already has an image with content key ${key}.`);
    return { reference, id: presentId, key, origin: 'present', cacheHit: true };
  }

  const loaded = await loadCachedImage(docker, store, archiveDir, cacheKeys.key, cacheKeys.restoreKeys);
  if (loaded?.matchedKey === cacheKeys.key) {
    const id = await docker.imageId(reference);
    if (id !== undefined) {
      core.info(`Using ${reference}: loaded from the exact cache entry ${loaded.matchedKey}.`);
      return { reference, id, key, origin: 'cache', cacheHit: true };
    }
    core.warning(`The cache entry ${loaded.matchedKey} did not contain ${reference}; building it.`);
  }

  const cacheFrom = loaded?.references.find((loadedReference) => loadedReference.startsWith(`${IMAGE_REPOSITORY}:`));
  if (cacheFrom !== undefined) {
    core.info(`Rebuilding from ${cacheFrom} (cache entry ${loaded?.matchedKey}): only the steps that changed run.`);
  } else {
    core.info(`Building ${reference} from ${builderDir}: no image with content key ${key} in the engine or the cache.`);
  }
  const buildx = await docker.hasBuildx();
  const args = getBuildArgs({ contextDir: builderDir, tag: reference, buildArgs, labels: { [IMAGE_KEY_LABEL]: key }, cacheFrom }, buildx);
  await docker.exec(args, { env: getBuildEnv(buildx), tailLines: 40 });
  const id = await docker.imageId(reference);
  if (id === undefined) throw new Error(`docker build finished, but the image ${reference} is missing from the engine`);

  await saveImageToCache(docker, store, archiveDir, reference, cacheKeys.key);
  return { reference, id, key, origin: cacheFrom === undefined ? 'built' : 'rebuilt-from-cache', cacheHit: false };
}
