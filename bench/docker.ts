// The few docker CLI calls that the benchmark makes itself, outside the action.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A finished docker command: exit code, both output streams in arrival order, and wall time. */
export interface DockerRun {
  exitCode: number | null;
  output: string;
  seconds: number;
}

/** Runs `docker ARGS` with extra environment variables and waits for it to exit. */
export async function runDocker(args: string[], env: Record<string, string> = {}): Promise<DockerRun> {
  const startedAt = performance.now();
  const child = spawn('docker', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { exitCode, output, seconds: (performance.now() - startedAt) / 1000 };
}

/** Returns the ID of a local image, or undefined when the engine does not have it. */
export async function imageId(reference: string): Promise<string | undefined> {
  const result = await runDocker(['image', 'inspect', '--format', '{{.Id}}', reference]);
  return result.exitCode === 0 ? result.output.trim() : undefined;
}

/**
 * Removes an image tag that the benchmark created, with the untagged parent layers that only it
 * used. `docker rmi` keeps any parent that is tagged, such as debian:bookworm, or that has other
 * children. A tag that is already gone is not an error.
 */
export async function removeImage(reference: string): Promise<void> {
  if ((await imageId(reference)) === undefined) return;
  const result = await runDocker(['rmi', reference]);
  if (result.exitCode !== 0) throw new Error(`docker rmi ${reference} failed with exit code ${result.exitCode}: ${result.output.trim()}`);
}
