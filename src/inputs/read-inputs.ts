import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { DEFAULT_BINARIES, DEFAULT_GIT_REPO, DEFAULT_GO_PACKAGE, DEFAULT_MAKE_ARGS, GO_VERSIONS, Input, MISSING_BINARY_MODES } from '../constants.js';
import { defaultArtifactName } from '../artifact/artifact-name.js';
import { parseSource, parseTargetDir } from './paths.js';
import { parseRepoUrl } from './repo-url.js';
import { parseSelinuxRelabel } from './selinux.js';
import type { Settings } from './settings.js';
import {
  parseArtifactName,
  parseBinaries,
  parseBoolean,
  parseBranch,
  parseChoice,
  parseGodepVersion,
  parseGoPackage,
  parseImage,
  parseInteger,
  parseMakeArgs,
  parseTags,
} from './validators.js';

/** Reads an input the way the runner passes it: INPUT_<NAME> with spaces as underscores, upper case. */
export type InputReader = (name: string) => string;

const readFromEnvironment: InputReader = (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';

/**
 * Reads, validates and resolves every input. Throws an InputError naming the first bad input;
 * masks credentials of `git-repo` before anything else can log them.
 */
export function getInputs(read: InputReader = readFromEnvironment, env: NodeJS.ProcessEnv = process.env): Settings {
  const repo = parseRepoUrl(Input.GitRepo, read(Input.GitRepo).trim() || DEFAULT_GIT_REPO);
  if (repo.credentials) {
    core.setSecret(repo.credentials.password);
    core.setSecret(encodeURIComponent(repo.credentials.password));
  }

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const branch = parseBranch(Input.Branch, read(Input.Branch));
  const tags = parseTags(Input.Tags, read(Input.Tags));
  const race = parseBoolean(Input.Race, read(Input.Race), false);
  const goVersion = parseChoice(Input.GoVersion, read(Input.GoVersion), GO_VERSIONS, '1.19');
  const source = parseSource(Input.Source, read(Input.Source), workspace, branch);

  const rawName = read(Input.ArtifactName);
  const artifactName =
    rawName.trim() === ''
      ? defaultArtifactName({ repoUrl: repo.displayUrl, source, branch, tags, race, goVersion })
      : parseArtifactName(Input.ArtifactName, rawName);
  const runnerTemp = env.RUNNER_TEMP || os.tmpdir();
  const archive = parseBoolean(Input.Archive, read(Input.Archive), true);

  const settings: Settings = {
    repo,
    branch,
    tags,
    race,
    makeArgs: parseMakeArgs(Input.MakeArgs, read(Input.MakeArgs), DEFAULT_MAKE_ARGS),
    goPackage: parseGoPackage(Input.GoPackage, read(Input.GoPackage), DEFAULT_GO_PACKAGE),
    goVersion,
    godepVersion: parseGodepVersion(Input.GodepVersion, read(Input.GodepVersion)),
    source,
    image: parseImage(Input.Image, read(Input.Image)),
    binaries: parseBinaries(Input.Binaries, read(Input.Binaries), DEFAULT_BINARIES),
    targetDir: parseTargetDir(Input.TargetDir, read(Input.TargetDir), workspace, path.join(runnerTemp, 'k8s-mesos-builder', artifactName)),
    artifactName,
    cache: parseBoolean(Input.Cache, read(Input.Cache), true),
    goBuildCache: parseBoolean(Input.GoBuildCache, read(Input.GoBuildCache), true),
    selinuxRelabel: parseSelinuxRelabel(Input.SelinuxRelabel, read(Input.SelinuxRelabel)),
    archive,
    retentionDays: parseInteger(Input.RetentionDays, read(Input.RetentionDays), 0, 90, 0),
    // A gzip tarball does not shrink further, so zipping it again only costs time.
    compressionLevel: parseInteger(Input.CompressionLevel, read(Input.CompressionLevel), 0, 9, archive ? 0 : 6),
    overwrite: parseBoolean(Input.Overwrite, read(Input.Overwrite), false),
    ifNoFilesFound: parseChoice(Input.IfNoFilesFound, read(Input.IfNoFilesFound), MISSING_BINARY_MODES, 'error'),
  };
  core.debug(`Resolved settings: ${JSON.stringify({ ...settings, repo: settings.repo.displayUrl })}`);
  return settings;
}
