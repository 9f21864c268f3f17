import fs from 'node:fs';
import * as core from '@actions/core';
import { State } from './constants.js';
import { DockerCli } from './docker/docker-cli.js';

/**
 * Cleans up after the main step, whether it succeeded, failed or was cancelled: removes a build
 * container still present and the private working directory. Only warns, never fails the job.
 */
export async function runPost(docker: DockerCli = new DockerCli()): Promise<void> {
  try {
    const containerName = core.getState(State.ContainerName);
    if (containerName !== '') await docker.removeContainers([containerName]);
    const workDir = core.getState(State.WorkDir);
    if (workDir !== '') await fs.promises.rm(workDir, { recursive: true, force: true });
  } catch (error: unknown) {
    core.warning(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
