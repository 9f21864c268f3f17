// Turns test/fixture/kubernetes-mesos into a git repository with a release branch and tag, and
// serves such repositories over git:// so a builder container can clone them.
import { execFile, spawn } from 'node:child_process';
import { access, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Source tree copied into every fixture repository. */
export const FIXTURE_SOURCE_DIR = fileURLToPath(new URL('../fixture/kubernetes-mesos', import.meta.url));

/** A fixture repository on disk, checked out on its default branch. */
export interface FixtureRepo {
  /** Absolute path of the work tree, `<parentDir>/kubernetes-mesos`. */
  path: string;
  defaultBranch: string;
  /** Release branch, one commit ahead of the default branch. */
  branch: string;
  /** Annotated tag on the release branch's commit. */
  tag: string;
  /** Full commit ids. `tag` is the commit that the tag points to, so it equals `branch`. */
  commits: { master: string; branch: string; tag: string };
}

/** A running `git daemon`. */
export interface GitDaemon {
  listenAddress: string;
  port: number;
  /** Returns the git:// URL of a repository, named by its path relative to the base directory. */
  url(repoName: string): string;
  /** Stops the daemon. Calling it again does nothing. */
  stop(): Promise<void>;
}

const DEFAULT_BRANCH = 'master';
const RELEASE_BRANCH = 'release-0.7';
const RELEASE_TAG = 'v0.7.0';
const RELEASE_DEFAULT_VERSION = 'v0.7.0-dev';

const VERSION_FILE = path.join('pkg', 'version', 'version.go');
const DEFAULT_VERSION_LINE = 'gitVersion = "v0.0.0-dev"';

// Passed with -c so that commits never depend on the user's git configuration.
const IDENTITY_ARGS = ['-c', 'user.name=k8s-mesos-builder tests', '-c', 'user.email=tests@k8s-mesos-builder.invalid'];

// Fixed dates make the commit ids the same on every run, as long as the fixture tree is unchanged.
const MASTER_DATE = '2015-07-01T12:00:00Z';
const RELEASE_DATE = '2015-07-02T12:00:00Z';

const DAEMON_START_ATTEMPTS = 3;
const DAEMON_READY_TIMEOUT_MS = 10_000;
const DAEMON_STOP_TIMEOUT_MS = 5_000;
const DAEMON_STDERR_LIMIT = 8_192;

/**
 * Copies the fixture tree to `<parentDir>/kubernetes-mesos` and makes it a git repository:
 * one commit on master, then branch release-0.7 with a commit that sets the default gitVersion to
 * v0.7.0-dev, tagged v0.7.0 (annotated). The work tree is left on master.
 * Rejects when `<parentDir>/kubernetes-mesos` already exists.
 */
export async function createFixtureRepo(parentDir: string): Promise<FixtureRepo> {
  const repoPath = path.resolve(parentDir, 'kubernetes-mesos');
  if (await pathExists(repoPath)) {
    throw new Error(`cannot create fixture repository: ${repoPath} already exists; use an empty parent directory`);
  }
  await mkdir(path.dirname(repoPath), { recursive: true });
  await cp(FIXTURE_SOURCE_DIR, repoPath, { recursive: true, errorOnExist: true, force: false });

  await runGit(repoPath, ['init', '-q', '-b', DEFAULT_BRANCH]);
  await runGit(repoPath, ['add', '-A']);
  await runGit(repoPath, ['commit', '-q', '-m', 'Import the kubernetes-mesos test fixture'], MASTER_DATE);
  const masterCommit = await resolveCommit(repoPath, 'HEAD');

  await runGit(repoPath, ['checkout', '-q', '-b', RELEASE_BRANCH]);
  await setDefaultGitVersion(repoPath, RELEASE_DEFAULT_VERSION);
  await runGit(repoPath, ['commit', '-q', '-a', '-m', `Set the default version to ${RELEASE_DEFAULT_VERSION}`], RELEASE_DATE);
  const branchCommit = await resolveCommit(repoPath, 'HEAD');
  await runGit(repoPath, ['tag', '-a', RELEASE_TAG, '-m', `Release ${RELEASE_TAG}`], RELEASE_DATE);
  const tagCommit = await resolveCommit(repoPath, `${RELEASE_TAG}^{commit}`);

  // git daemon serves HEAD as the default branch of a clone.
  await runGit(repoPath, ['checkout', '-q', DEFAULT_BRANCH]);

  return {
    path: repoPath,
    defaultBranch: DEFAULT_BRANCH,
    branch: RELEASE_BRANCH,
    tag: RELEASE_TAG,
    commits: { master: masterCommit, branch: branchCommit, tag: tagCommit },
  };
}

/**
 * Starts `git daemon` that exports every repository under baseDir, read-only, on a free port of
 * listenAddress, and resolves once it accepts connections.
 *
 * Containers on the default Docker bridge cannot reach the host's 127.0.0.1, so for clones made
 * inside a container pass the bridge gateway, which is the address of the host's docker0
 * interface (172.17.0.1 by default).
 */
export async function startGitDaemon(baseDir: string, listenAddress = '127.0.0.1'): Promise<GitDaemon> {
  const basePath = path.resolve(baseDir);
  // git daemon also exits on a missing base path, but checking here saves the retries below.
  const baseStat = await stat(basePath).catch(() => undefined);
  if (baseStat === undefined || !baseStat.isDirectory()) {
    throw new Error(`cannot start git daemon: base directory ${basePath} does not exist or is not a directory`);
  }

  let lastError: unknown;

  for (let attempt = 1; attempt <= DAEMON_START_ATTEMPTS; attempt++) {
    // Another process can take the port between findFreePort and the daemon's bind, so a
    // failed start is retried with a new port.
    const port = await findFreePort(listenAddress);
    try {
      return await launchGitDaemon(basePath, listenAddress, port);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`git daemon failed to start after ${DAEMON_START_ATTEMPTS} attempts`, { cause: lastError });
}

async function launchGitDaemon(basePath: string, listenAddress: string, port: number): Promise<GitDaemon> {
  const args = [
    'daemon',
    '--reuseaddr',
    '--export-all',
    '--informative-errors',
    `--base-path=${basePath}`,
    `--listen=${listenAddress}`,
    `--port=${port}`,
    basePath,
  ];
  const child = spawn('git', args, { env: isolatedGitEnv(), stdio: ['ignore', 'ignore', 'pipe'] });

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < DAEMON_STDERR_LIMIT) {
      stderr += chunk;
    }
  });

  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`failed to run git: ${error.message}`));
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${String(code)}`}`));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill('SIGTERM');
    const forceKill = setTimeout(() => child.kill('SIGKILL'), DAEMON_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(forceKill);
  };

  const outcome = await Promise.race([
    waitForPort(listenAddress, port, DAEMON_READY_TIMEOUT_MS).then(() => 'ready'),
    exited,
  ]);
  if (outcome !== 'ready') {
    await stop();
    throw new Error(`git daemon on ${listenAddress}:${port} ${outcome}; stderr: ${stderr.trim() || '(empty)'}`);
  }

  const host = listenAddress.includes(':') ? `[${listenAddress}]` : listenAddress;
  return {
    listenAddress,
    port,
    url: (repoName: string) => `git://${host}:${port}/${repoName.replace(/^\/+/, '')}`,
    stop,
  };
}

async function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close((error) => {
        if (error !== undefined) {
          reject(error);
        } else if (port === undefined) {
          reject(new Error(`failed to read the port bound on ${host}`));
        } else {
          resolve(port);
        }
      });
    });
  });
}

// Resolves once a TCP connection to host:port succeeds, retrying every 50 ms until timeoutMs.
async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port)) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${host}:${port} to accept connections`);
    }
    await delay(50);
  }
}

async function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function setDefaultGitVersion(repoPath: string, version: string): Promise<void> {
  const file = path.join(repoPath, VERSION_FILE);
  const source = await readFile(file, 'utf8');
  if (!source.includes(DEFAULT_VERSION_LINE)) {
    throw new Error(`${file} does not contain '${DEFAULT_VERSION_LINE}'; update fixture-repo.ts to match the fixture`);
  }
  await writeFile(file, source.replace(DEFAULT_VERSION_LINE, `gitVersion = "${version}"`));
}

async function resolveCommit(repoPath: string, revision: string): Promise<string> {
  return runGit(repoPath, ['rev-parse', '--verify', '-q', revision]);
}

// Runs git in repoPath and returns its trimmed stdout. `date` sets the author, committer and
// tagger date.
async function runGit(repoPath: string, args: string[], date?: string): Promise<string> {
  const env = isolatedGitEnv();
  if (date !== undefined) {
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  try {
    const { stdout } = await execFileAsync('git', [...IDENTITY_ARGS, '-C', repoPath, ...args], { env });
    return stdout.trim();
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    throw new Error(`git ${args.join(' ')} failed in ${repoPath}: ${stderr || String(error)}`, { cause: error });
  }
}

// Returns the process environment without GIT_* variables and without the user's and system's
// git configuration. A test run from a git hook inherits GIT_DIR or GIT_INDEX_FILE, which would
// point these commands at the wrong repository, and settings such as commit.gpgsign would change
// or break the commits.
function isolatedGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) {
      env[name] = value;
    }
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = '/dev/null';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

async function pathExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
