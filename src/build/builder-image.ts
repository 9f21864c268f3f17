import os from 'node:os';
import * as core from '@actions/core';
import { getBuildArgs, getBuildEnv } from '../docker/build-args.js';
import type { DockerCli } from '../docker/docker-cli.js';
import type { Settings } from '../inputs/settings.js';
import { findBuilderDir } from './builder-dir.js';
import { builderImageKey } from './image-key.js';

export const IMAGE_REPOSITORY = 'k8s-mesos-builder';
export const IMAGE_KEY_LABEL = 'io.github.k8s-mesos-builder.key';

/** The image the build runs in, and how it was obtained. */
export interface BuilderImage {
  /** Reference passed to `docker run`. */
  reference: string;
  /** Image ID (sha256:...). */
  id: string;
  /** Content key of a built image; empty for an image given by the `image` input. */
  key: string;
  /** How the image was obtained, for the log and the summary. */
  origin: 'present' | 'built' | 'pulled';
}

/** Returns the Dockerfile build arguments for the settings. */
export function imageBuildArgs(settings: Settings): Record<string, string> {
  return { BASE_IMAGE: 'debian:bookworm', GO_VERSION: settings.goVersion, GODEP_VERSION: settings.godepVersion };
}

/**
 * Makes the builder image available: an image given by `image` is used or pulled; otherwise the
 * image built from src/builder is reused when one with the same content key is present, and built
 * when it is not.
 */
export async function prepareBuilderImage(settings: Settings, docker: DockerCli): Promise<BuilderImage> {
  if (settings.image !== undefined) return useGivenImage(settings.image, docker);

  const builderDir = findBuilderDir();
  const buildArgs = imageBuildArgs(settings);
  const key = builderImageKey({ builderDir, buildArgs, platform: os.platform(), arch: os.arch() });
  const reference = `${IMAGE_REPOSITORY}:go${settings.goVersion}-${key}`;

  const presentId = await docker.imageId(reference);
  if (presentId !== undefined) {
    core.info(`Using the builder image ${reference} already present in the engine (key ${key})`);
    return { reference, id: presentId, key, origin: 'present' };
  }

  core.info(`Building the builder image ${reference} from ${builderDir}`);
  const buildx = await docker.hasBuildx();
  const args = getBuildArgs({ contextDir: builderDir, tag: reference, buildArgs, labels: { [IMAGE_KEY_LABEL]: key } }, buildx);
  await docker.exec(args, { env: getBuildEnv(buildx) });
  const id = await docker.imageId(reference);
  if (id === undefined) throw new Error(`docker build finished, but the image ${reference} is missing from the engine`);
  return { reference, id, key, origin: 'built' };
}

async function useGivenImage(reference: string, docker: DockerCli): Promise<BuilderImage> {
  const presentId = await docker.imageId(reference);
  if (presentId !== undefined) {
    core.info(`Using the image ${reference} already present in the engine`);
    return { reference, id: presentId, key: '', origin: 'present' };
  }
  core.info(`Pulling ${reference}`);
  await docker.exec(['pull', reference]);
  const id = await docker.imageId(reference);
  if (id === undefined) throw new Error(`docker pull finished, but the image ${reference} is missing from the engine`);
  return { reference, id, key: '', origin: 'pulled' };
}
