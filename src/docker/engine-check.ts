import * as core from '@actions/core';
import type { DockerCli } from './docker-cli.js';

/**
 * Checks that a Linux Docker engine responds, so a runner without one fails in seconds with a
 * message on what to do, not halfway through a build.
 */
export async function checkDockerEngine(docker: DockerCli, platform: NodeJS.Platform = process.platform): Promise<string> {
  if (platform !== 'linux') {
    throw new Error(
      `k8s-mesos-builder needs a Linux runner with a Docker engine, but this runner is ${platform}. ` +
        'Use runs-on: ubuntu-latest or a self-hosted Linux runner with Docker.',
    );
  }
  let version: string;
  try {
    version = await docker.serverVersion();
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No Docker engine responds (${reason.split('\n')[0]}). Start dockerd or make DOCKER_HOST point at a running engine, and check that this user may use it.`,
      { cause: error },
    );
  }
  core.info(`Docker engine ${version}`);
  return version;
}
