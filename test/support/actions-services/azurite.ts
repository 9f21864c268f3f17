import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Account name of Azurite's built-in development storage account. */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';

/**
 * Shared key of Azurite's built-in development account. Azurite publishes it in its README
 * and accepts it on every install, so it protects nothing.
 */
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const LISTENING_PATTERN = /successfully listens on (http:\/\/\S+)/;

export interface AzuriteInstance {
  /** Blob endpoint of the development account, for example `http://127.0.0.1:41234/devstoreaccount1`. */
  blobEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service on a free loopback port with in-memory storage, and resolves
 * once it reports the port it listens on.
 */
export async function startAzurite(): Promise<AzuriteInstance> {
  // Azurite rejects --location together with --inMemoryPersistence, and its default location is
  // the working directory, so it runs in a scratch folder to keep any stray file out of the repository.
  const workspace = await mkdtemp(join(tmpdir(), 'azurite-'));
  const entryPoint = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const args = [
    entryPoint,
    '--disableTelemetry',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--inMemoryPersistence',
    '--silent',
    '--loose',
    // @azure/storage-blob releases can send a newer x-ms-version than this Azurite build supports.
    '--skipApiVersionCheck',
    // The account name comes from the first path segment, as the SAS URLs built here expect.
    '--disableProductStyleUrl',
  ];
  const child = spawn(process.execPath, args, { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test worker that exits without running its afterAll hooks must not leave Azurite behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopChild(child);
    await rm(workspace, { recursive: true, force: true });
  };

  try {
    const origin = await waitForListening(child);
    return { blobEndpoint: `${origin}/${AZURITE_ACCOUNT_NAME}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      finish(new Error(`Azurite did not start within ${STARTUP_TIMEOUT_MS} ms. Output:\n${output}`));
    }, STARTUP_TIMEOUT_MS);

    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = LISTENING_PATTERN.exec(output);
      if (match?.[1] !== undefined) {
        finish(undefined, match[1]);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(new Error(`Azurite exited during startup (code ${code}, signal ${signal}). Output:\n${output}`));
    };
    const finish = (error: Error | undefined, origin?: string): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', finish);
      if (origin !== undefined) {
        // Later output is dropped, but the pipes must keep draining or Azurite blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(origin);
      } else {
        reject(error ?? new Error('Azurite failed to start'));
      }
    };

    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', finish);
  });
}

/** Sends SIGTERM so Azurite closes its server, and escalates to SIGKILL if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
