import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startActionsServices, type ActionsServices } from './actions-services/results-server.js';
import { bridgeGateway } from './docker-checks.js';
import { createFixtureRepo, startGitDaemon, type FixtureRepo, type GitDaemon } from './fixture-repo.js';

/** What the end-to-end suites build against: the Actions services, the fixture repository and a git daemon. */
export interface BuildEnvironment {
  services: ActionsServices;
  fixture: FixtureRepo;
  daemon: GitDaemon;
  /** A private scratch directory, removed by stop(). */
  scratch: string;
  stop(): Promise<void>;
}

/**
 * Starts the loopback Actions services, makes the fixture repository and serves it with git
 * daemon on the Docker bridge gateway, because containers on the default bridge reach the host
 * there and not at 127.0.0.1.
 */
export async function startBuildEnvironment(prefix: string): Promise<BuildEnvironment> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const services = await startActionsServices();
  const fixture = await createFixtureRepo(scratch);
  const daemon = await startGitDaemon(scratch, await bridgeGateway());
  return {
    services,
    fixture,
    daemon,
    scratch,
    async stop() {
      await daemon.stop();
      await services.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
