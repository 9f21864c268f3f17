import fs from 'node:fs';
import * as core from '@actions/core';
import path from 'node:path';
import type { BuilderImage } from '../build/builder-image.js';
import type { BuildResult } from '../build/run-build.js';
import type { Settings } from '../inputs/settings.js';
import { parseGoVersionM, writeBuildInfo, type BinaryInfo, type BuildInfo } from './build-info.js';
import { sha256File, writeSha256Sums } from './checksums.js';
import { createTarball } from './tarball.js';

/** The files a release step or the artifact upload needs, all in the target directory. */
export interface PackagedResults {
  info: BuildInfo;
  /** SHA256SUMS of the binaries. */
  checksums: string;
  buildInfoFile: string;
  /** `<artifact-name>.tar.gz` holding binaries, SHA256SUMS and build-info.json; undefined with `archive: false`. */
  tarball?: string;
  /** Files uploaded as the artifact. */
  uploadFiles: string[];
}

/** Records checksums and build metadata beside the binaries and, by default, packs them into a tarball. */
export async function packageResults(settings: Settings, image: BuilderImage, result: BuildResult, workDir: string): Promise<PackagedResults> {
  const binaries: BinaryInfo[] = [];
  for (const file of result.binaries) {
    const name = path.basename(file);
    const { goVersion, buildSettings } = parseGoVersionM(result.buildInfo[name] ?? '');
    binaries.push({ name, size: (await fs.promises.stat(file)).size, sha256: await sha256File(file), goVersion: goVersion || result.goVersion, buildSettings });
  }

  const info: BuildInfo = {
    repository: settings.source === undefined ? settings.repo.displayUrl : `snapshot:${path.basename(settings.source)}`,
    ref: settings.branch,
    commit: result.commit,
    goPackage: settings.goPackage,
    goVersion: result.goVersion,
    tags: settings.tags,
    race: settings.race,
    makeArgs: settings.makeArgs,
    builderImage: { id: image.id, key: image.key, reference: image.reference },
    binaries,
  };
  const checksums = await writeSha256Sums(settings.targetDir, binaries);
  const buildInfoFile = await writeBuildInfo(settings.targetDir, info);
  core.info(`Wrote ${checksums} and ${buildInfoFile}`);
  const files = [...result.binaries, checksums, buildInfoFile];
  if (!settings.archive) return { info, checksums, buildInfoFile, uploadFiles: files };

  const tarball = await createTarball(settings.artifactName, files, settings.targetDir, workDir);
  core.info(`Packed ${files.length} files into ${tarball} (${(await fs.promises.stat(tarball)).size} bytes)`);
  return { info, checksums, buildInfoFile, tarball, uploadFiles: [tarball] };
}
