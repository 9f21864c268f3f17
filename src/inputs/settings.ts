import type { GoVersion, MissingBinaryMode } from '../constants.js';

/** A repository URL with any credentials split off, so that only `displayUrl` is ever logged. */
export interface RepoUrl {
  /** The URL without user name or password; safe to log, pass to the container and record. */
  displayUrl: string;
  /** User name and password or token taken from the URL, for a git credential file. */
  credentials?: { username: string; password: string; protocol: string; host: string };
}

/** Every input of the action, validated and with defaults applied. */
export interface Settings {
  /** Repository cloned in clone mode; also named in the default artifact name. */
  repo: RepoUrl;
  /** Branch, tag or commit to check out; empty for the repository's default branch. */
  branch: string;
  /** Go build tags, deduplicated, in the order given. */
  tags: string[];
  /** Build with the race detector. */
  race: boolean;
  /** Arguments for make, split on whitespace. */
  makeArgs: string[];
  /** Go import path the source is placed at inside GOPATH. */
  goPackage: string;
  /** Go toolchain of the builder image. */
  goVersion: GoVersion;
  /** godep version installed into the image with `go install`; empty to skip. */
  godepVersion: string;
  /** Absolute path of a local checkout to build in snapshot mode; undefined to clone. */
  source?: string;
  /** Builder image to use instead of building one; undefined to build from src/builder. */
  image?: string;
  /** Binary names the build must produce. */
  binaries: string[];
  /** Absolute directory on the runner where the binaries are placed. */
  targetDir: string;
  /** Name of the uploaded workflow artifact. */
  artifactName: string;
  /** Cache the builder image with the Actions cache. */
  cache: boolean;
  /** Mount a persistent GOCACHE and keep it in the Actions cache. */
  goBuildCache: boolean;
  /** Add the SELinux `z` label to bind mounts. */
  selinuxRelabel: boolean;
  /** Upload a .tar.gz that keeps file modes instead of the loose binaries. */
  archive: boolean;
  /** Artifact retention in days; 0 for the repository's default. */
  retentionDays: number;
  /** zlib level of the artifact zip, 0 (store) to 9. */
  compressionLevel: number;
  /** Replace an artifact of the same name in this run instead of failing. */
  overwrite: boolean;
  /** Handling of a missing binary: fail the step, warn, or pass silently. */
  ifNoFilesFound: MissingBinaryMode;
}
