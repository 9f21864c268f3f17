import { spawnSync } from 'node:child_process';
import * as core from '@actions/core';

/**
 * Removes the build container when the runner cancels the job. The runner sends SIGINT, then
 * SIGTERM; `docker run` in the foreground would leave the container running on the engine, so the
 * handler removes it synchronously before the process exits.
 */
export function removeContainerOnSignal(containerName: string, dockerCommand = 'docker'): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    core.warning(`Received ${signal}; removing the build container ${containerName}`);
    spawnSync(dockerCommand, ['rm', '--force', '--volumes', containerName], { stdio: 'ignore', timeout: 30_000 });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
