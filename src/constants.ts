// Input, output and state names, spelled exactly as in action.yml.

export const Input = {
  GitRepo: 'git-repo',
  Branch: 'branch',
  Tags: 'tags',
  Race: 'race',
  MakeArgs: 'make-args',
  GoPackage: 'go-package',
  GoVersion: 'go-version',
  GodepVersion: 'godep-version',
  Source: 'source',
  Image: 'image',
  Binaries: 'binaries',
  TargetDir: 'target-dir',
  ArtifactName: 'artifact-name',
  Cache: 'cache',
  GoBuildCache: 'go-build-cache',
  SelinuxRelabel: 'selinux-relabel',
  Archive: 'archive',
  RetentionDays: 'retention-days',
  CompressionLevel: 'compression-level',
  Overwrite: 'overwrite',
  IfNoFilesFound: 'if-no-files-found',
} as const;

export const Output = {
  TargetDir: 'target-dir',
  Binaries: 'binaries',
  Commit: 'commit',
  ImageId: 'image-id',
  CacheHit: 'cache-hit',
  ArtifactName: 'artifact-name',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest',
  Tarball: 'tarball',
  Checksums: 'checksums',
  BuildInfo: 'build-info',
  Metadata: 'metadata',
} as const;

export const State = {
  IsPost: 'isPost',
  ContainerName: 'container-name',
  RunLabel: 'run-label',
  WorkDir: 'work-dir',
  GoCache: 'go-build-cache',
  BuiltCommit: 'built-commit',
} as const;

export const DEFAULT_GIT_REPO = 'https://github.com/mesosphere/kubernetes-mesos';
export const DEFAULT_GO_PACKAGE = 'github.com/mesosphere/kubernetes-mesos';
export const DEFAULT_BINARIES = ['proxy', 'controller-manager', 'kubernetes-mesos', 'kubernetes-executor'];
export const DEFAULT_MAKE_ARGS = ['bootstrap', 'install'];
export const GO_VERSIONS = ['1.19', '1.21', '1.22', '1.23'] as const;
export type GoVersion = (typeof GO_VERSIONS)[number];
export const MISSING_BINARY_MODES = ['error', 'warn', 'ignore'] as const;
export type MissingBinaryMode = (typeof MISSING_BINARY_MODES)[number];

/** Label put on every container the action starts, so that the post step can find leftovers. */
export const CONTAINER_LABEL = 'io.github.k8s-mesos-builder.run';
