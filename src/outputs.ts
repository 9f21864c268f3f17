import * as core from '@actions/core';
import type { UploadedArtifact } from './artifact/upload.js';
import type { BuilderImage } from './build/builder-image.js';
import type { BuildResult } from './build/run-build.js';
import { Output } from './constants.js';
import type { PackagedResults } from './package/package-results.js';

/** Sets the outputs that describe the builder image. */
export function setImageOutputs(image: BuilderImage): void {
  core.setOutput(Output.ImageId, image.id);
  core.setOutput(Output.CacheHit, String(image.cacheHit));
}

/** Sets the outputs that describe the build. */
export function setBuildOutputs(targetDir: string, result: BuildResult): void {
  core.setOutput(Output.TargetDir, targetDir);
  core.setOutput(Output.Binaries, JSON.stringify(result.binaries));
  core.setOutput(Output.Commit, result.commit);
}

/** Sets the outputs a release step uses: tarball, checksums, build-info.json and its content. */
export function setPackageOutputs(packaged: PackagedResults): void {
  core.setOutput(Output.Tarball, packaged.tarball ?? '');
  core.setOutput(Output.Checksums, packaged.checksums);
  core.setOutput(Output.BuildInfo, packaged.buildInfoFile);
  core.setOutput(Output.Metadata, JSON.stringify(packaged.info));
}

/** Sets the outputs that describe the uploaded artifact. */
export function setArtifactOutputs(artifact: UploadedArtifact): void {
  core.setOutput(Output.ArtifactName, artifact.name);
  core.setOutput(Output.ArtifactId, String(artifact.id));
  core.setOutput(Output.ArtifactUrl, artifact.url);
  core.setOutput(Output.ArtifactDigest, artifact.digest);
}
