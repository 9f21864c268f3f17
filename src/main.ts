import * as core from '@actions/core';
import { DefaultArtifactClient, type ArtifactClient } from '@actions/artifact';
import os from 'node:os';
import path from 'node:path';
import { uploadArtifact } from './artifact/upload.js';
import { prepareBuilderImage } from './build/builder-image.js';
import { createRunContext, runBuild, type BuildResult } from './build/run-build.js';
import { createCacheStore, type CacheStore } from './cache/cache-store.js';
import { restoreGoBuildCache } from './cache/go-build-cache.js';
import { removeContainerOnSignal } from './cancellation.js';
import { Output, State } from './constants.js';
import { DockerCli } from './docker/docker-cli.js';
import { checkDockerEngine } from './docker/engine-check.js';
import { getInputs } from './inputs/read-inputs.js';

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
  const source = settings.source === undefined ? settings.repo.displayUrl : `snapshot ${settings.source}`;
  core.info(`Building ${source} at ${settings.branch || 'the default branch'} into ${settings.targetDir}`);

  await core.group('Check the Docker engine', () => checkDockerEngine(docker));

  const imageCache = dependencies.imageCache ?? createCacheStore(settings.cache, 'builder image');
  const image = await core.group('Prepare the builder image', () => prepareBuilderImage(settings, docker, imageCache, cacheRoot));
  core.setOutput(Output.ImageId, image.id);
  core.setOutput(Output.CacheHit, String(image.cacheHit));

  const context = createRunContext(runnerTemp);
  context.selinuxRelabel = settings.selinuxRelabel;
  core.saveState(State.ContainerName, context.containerName);
  core.saveState(State.WorkDir, context.workDir);

  if (settings.goBuildCache) {
    const goCacheStore = dependencies.goCache ?? createCacheStore(true, 'Go build cache');
    const goCache = await core.group('Restore the Go build cache', () => restoreGoBuildCache(settings, goCacheStore, cacheRoot));
    context.goCacheDir = goCache.dir;
    core.saveState(State.GoCache, JSON.stringify(goCache));
  }

  const stopOnSignal = removeContainerOnSignal(context.containerName);
  let result: BuildResult;
  try {
    result = await core.group(`Build ${settings.makeArgs.join(' ')} in ${image.reference}`, () => runBuild(settings, docker, image, context));
  } finally {
    stopOnSignal();
  }
  // The post step saves the Go build cache only after a successful make.
  core.saveState(State.BuiltCommit, result.commit || 'snapshot');
  core.setOutput(Output.TargetDir, settings.targetDir);
  core.setOutput(Output.Binaries, JSON.stringify(result.binaries));
  core.setOutput(Output.Commit, result.commit);

  const artifact = await core.group(`Upload the artifact ${settings.artifactName}`, () =>
    uploadArtifact(artifactClient, settings.artifactName, result.binaries, settings.targetDir),
  );
  core.setOutput(Output.ArtifactName, artifact.name);
  core.setOutput(Output.ArtifactId, String(artifact.id));
  core.setOutput(Output.ArtifactUrl, artifact.url);
  core.setOutput(Output.ArtifactDigest, artifact.digest);
}
