import * as core from '@actions/core';
import { DefaultArtifactClient, type ArtifactClient } from '@actions/artifact';
import os from 'node:os';
import path from 'node:path';
import { uploadArtifact } from './artifact/upload.js';
import { prepareBuilderImage } from './build/builder-image.js';
import { BuildError, createRunContext, runBuild, type BuildResult } from './build/run-build.js';
import { createCacheStore, type CacheStore } from './cache/cache-store.js';
import { restoreGoBuildCache } from './cache/go-build-cache.js';
import { removeContainerOnSignal } from './cancellation.js';
import { State } from './constants.js';
import { DockerCli } from './docker/docker-cli.js';
import { checkDockerEngine } from './docker/engine-check.js';
import { getInputs } from './inputs/read-inputs.js';
import { setArtifactOutputs, setBuildOutputs, setImageOutputs, setPackageOutputs } from './outputs.js';
import { packageResults } from './package/package-results.js';
import { writeJobSummary } from './report/job-summary.js';
import { PhaseTimer } from './report/phase-timer.js';

/** Collaborators the main step talks to; tests pass their own. */
export interface MainDependencies {
  docker: DockerCli;
  artifactClient: ArtifactClient;
  /** Cache stores for the builder image and the Go build cache; default from the inputs. */
  imageCache?: CacheStore;
  goCache?: CacheStore;
}

/** Builds the binaries in the builder container and uploads them; fails the step on any error. */
export async function run(dependencies: Partial<MainDependencies> = {}): Promise<void> {
  try {
    await buildAndUpload({ docker: new DockerCli(), artifactClient: new DefaultArtifactClient(), ...dependencies });
  } catch (error: unknown) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function buildAndUpload(dependencies: MainDependencies): Promise<void> {
  const { docker, artifactClient } = dependencies;
  core.saveState(State.IsPost, 'true');
  const settings = getInputs();
  const runnerTemp = process.env.RUNNER_TEMP || os.tmpdir();
  const cacheRoot = path.join(runnerTemp, 'k8s-mesos-builder-cache');
  const timer = new PhaseTimer();
  const source = settings.source === undefined ? settings.repo.displayUrl : `snapshot ${settings.source}`;
  core.info(`Building ${source} at ${settings.branch || 'the default branch'} into ${settings.targetDir}`);

  await timer.run('Check the Docker engine', () => checkDockerEngine(docker));

  // The Go build cache does not depend on the image, so it restores while the image is prepared
  // and its log lines may appear in that group. The catch only keeps it handled if the image fails.
  const goCacheRestore = settings.goBuildCache ? restoreGoBuildCache(settings, dependencies.goCache ?? createCacheStore(true, 'Go build cache'), cacheRoot) : undefined;
  goCacheRestore?.catch(() => undefined);

  const imageCache = dependencies.imageCache ?? createCacheStore(settings.cache, 'builder image');
  const image = await timer.run('Prepare the builder image', () => prepareBuilderImage(settings, docker, imageCache, cacheRoot));
  setImageOutputs(image);

  let goCacheDir: string | undefined;
  if (goCacheRestore !== undefined) {
    const goCache = await timer.run('Restore the Go build cache', () => goCacheRestore);
    goCacheDir = goCache.dir;
    core.saveState(State.GoCache, JSON.stringify(goCache));
  }

  const context = createRunContext(runnerTemp, { selinuxRelabel: settings.selinuxRelabel, goCacheDir });
  core.saveState(State.ContainerName, context.containerName);
  core.saveState(State.RunLabel, context.runLabel);
  core.saveState(State.WorkDir, context.workDir);

  const stopOnSignal = removeContainerOnSignal(context.containerName);
  let result: BuildResult;
  try {
    result = await timer.run(`Build ${settings.makeArgs.join(' ')} in ${image.reference}`, () => runBuild(settings, docker, image, context));
  } catch (error: unknown) {
    // The outputs still report what was attempted: the commit, and that no binaries were placed.
    if (error instanceof BuildError) setBuildOutputs(settings.targetDir, { commit: error.commit, goVersion: '', binaries: [], buildInfo: {} });
    throw error;
  } finally {
    stopOnSignal();
  }
  // The post step saves the Go build cache only after a successful make.
  core.saveState(State.BuiltCommit, result.commit || 'snapshot');
  setBuildOutputs(settings.targetDir, result);

  if (result.binaries.length === 0) {
    // Only with if-no-files-found warn or ignore: there is nothing to pack or upload.
    core.warning('No binaries were built, so nothing is packed or uploaded.');
    return;
  }

  const packaged = await timer.run('Package the binaries', () => packageResults(settings, image, result, context.workDir));
  setPackageOutputs(packaged);

  const artifact = await timer.run(`Upload the artifact ${settings.artifactName}`, () =>
    uploadArtifact(artifactClient, settings.artifactName, packaged.uploadFiles, settings.targetDir, {
      retentionDays: settings.retentionDays,
      compressionLevel: settings.compressionLevel,
      overwrite: settings.overwrite,
    }),
  );
  setArtifactOutputs(artifact);
  await writeJobSummary({ info: packaged.info, image, phases: timer.phases, artifact });
}
