import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { CONTAINER_LABEL } from '../constants.js';
import type { DockerCli } from '../docker/docker-cli.js';
import { getRunArgs, type ContainerRun } from '../docker/run-args.js';
import { CommandError } from '../exec.js';
import type { Settings } from '../inputs/settings.js';
import type { BuilderImage } from './builder-image.js';
import { collectBinaries } from './collect-binaries.js';
import { writeCredentialsFile } from './credentials-file.js';

/** What the containerized make produced. */
export interface BuildResult {
  /** Commit that was built; empty for a snapshot that is not a git repository. */
  commit: string;
  /** Go version of the toolchain, e.g. go1.23.5. */
  goVersion: string;
  /** Absolute paths of the binaries in the target directory, in the order of `binaries`; missing ones are left out. */
  binaries: string[];
  /** `go version -m` output for each binary, by name. */
  buildInfo: Record<string, string>;
}

/** A failed make: the message carries the last lines of its output. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly tail: string,
    /** Commit that was checked out before make failed; empty when the clone or checkout failed. */
    readonly commit: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Per-run names and directories; the post step reads the container name from state. */
export interface RunContext {
  workDir: string;
  containerName: string;
  runLabel: string;
  /** Host directory mounted as GOCACHE; undefined with `go-build-cache: false`. */
  goCacheDir?: string;
  selinuxRelabel: boolean;
}

/** Creates a private working directory under RUNNER_TEMP and names the container uniquely. */
export function createRunContext(
  runnerTemp: string,
  mounts: Pick<RunContext, 'goCacheDir' | 'selinuxRelabel'>,
  env: NodeJS.ProcessEnv = process.env,
): RunContext {
  fs.mkdirSync(runnerTemp, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(runnerTemp, 'k8s-mesos-builder-'));
  const suffix = crypto.randomBytes(4).toString('hex');
  const runLabel = `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${suffix}`;
  return { workDir, containerName: `k8s-mesos-builder-${runLabel}`, runLabel, ...mounts };
}

function currentUser(): string {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return `${uid}:${gid}`;
}

/**
 * Runs make in the builder container and moves the binaries into the target directory. The
 * container writes only to a staging directory, so the target directory never holds a half-built
 * set; the credentials file, when any, is removed whatever happens.
 */
export async function runBuild(settings: Settings, docker: DockerCli, image: BuilderImage, context: RunContext): Promise<BuildResult> {
  const stageDir = path.join(context.workDir, 'stage');
  const metaDir = path.join(context.workDir, 'meta');
  await fs.promises.mkdir(stageDir, { recursive: true });
  await fs.promises.mkdir(metaDir, { recursive: true });
  const cidfile = path.join(context.workDir, 'container.cid');
  await fs.promises.rm(cidfile, { force: true });

  const credentialsFile = settings.repo.credentials ? await writeCredentialsFile(context.workDir, settings.repo.credentials) : undefined;
  const run: ContainerRun = {
    image: image.reference,
    name: context.containerName,
    cidfile,
    labels: { [CONTAINER_LABEL]: context.runLabel },
    user: currentUser(),
    stageDir,
    metaDir,
    goCacheDir: context.goCacheDir,
    credentialsFile,
    selinuxRelabel: context.selinuxRelabel,
  };

  try {
    await docker.exec(getRunArgs(settings, run), { tailLines: 40 });
  } catch (error: unknown) {
    if (error instanceof CommandError) {
      throw new BuildError(`The build in the container failed with exit code ${error.exitCode}. Last lines of its output:\n${error.tail}`, error.tail, readMeta(metaDir, 'commit'));
    }
    throw error;
  } finally {
    if (credentialsFile !== undefined) await fs.promises.rm(credentialsFile, { force: true });
  }

  const binaries = await collectBinaries(stageDir, settings.targetDir, settings.binaries, settings.ifNoFilesFound);
  const commit = readMeta(metaDir, 'commit');
  const buildInfo: Record<string, string> = {};
  for (const binary of binaries) buildInfo[path.basename(binary)] = readMeta(metaDir, `${path.basename(binary)}.buildinfo`);
  core.info(`Placed ${binaries.length} binaries in ${settings.targetDir}`);
  return { commit, goVersion: readMeta(metaDir, 'go-version'), binaries, buildInfo };
}

function readMeta(metaDir: string, name: string): string {
  try {
    return fs.readFileSync(path.join(metaDir, name), 'utf8').trim();
  } catch {
    return '';
  }
}
