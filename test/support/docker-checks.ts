import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a command and returns its stdout; rejects with its stderr on a non-zero exit. */
export async function run(command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { env: env ?? process.env, cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * Returns the address of the default bridge's gateway: the host as containers see it. Engine 20.10
 * leaves the gateway out of `docker network inspect`; it then is the first address of the subnet.
 */
export async function bridgeGateway(): Promise<string> {
  const format = '{{range .IPAM.Config}}{{.Gateway}}|{{.Subnet}}{{end}}';
  const [gateway, subnet] = (await run('docker', ['network', 'inspect', 'bridge', '--format', format])).trim().split('|');
  if (gateway !== undefined && gateway !== '') return gateway;
  const network = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(subnet ?? '');
  if (network === null) throw new Error(`The default bridge has no gateway or IPv4 subnet (${subnet})`);
  return `${network[1]}.${network[2]}.${network[3]}.${Number(network[4]) + 1}`;
}

/** Runs `go version -m` on a host binary with the Go toolchain of a builder image (the host has no Go). */
export async function goVersionM(image: string, binary: string): Promise<string> {
  const dir = path.dirname(binary);
  return run('docker', ['run', '--rm', '--entrypoint', 'go', '--volume', `${dir}:/check:ro`, image, 'version', '-m', `/check/${path.basename(binary)}`]);
}

/** Lists the containers, running or stopped, whose name starts with the prefix. */
export async function containersNamed(prefix: string): Promise<string[]> {
  const out = await run('docker', ['ps', '--all', '--format', '{{.Names}}', '--filter', `name=${prefix}`]);
  return out.split('\n').filter((line) => line.startsWith(prefix));
}
