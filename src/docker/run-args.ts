import type { Settings } from '../inputs/settings.js';

/** Paths inside the builder container; the entrypoint reads them from its environment. */
export const ContainerPath = {
  Target: '/target',
  Meta: '/meta',
  Snapshot: '/snapshot',
  GoCache: '/cache/go-build',
  Credentials: '/run/secrets/git-credentials',
} as const;

/** One container run: the host side of every mount, and how the container is named and owned. */
export interface ContainerRun {
  image: string;
  name: string;
  cidfile: string;
  /** Labels that let the post step find this run's containers. */
  labels: Record<string, string>;
  /** uid:gid the build runs as, so files on the runner belong to the runner's user. */
  user: string;
  /** Host directory mounted at /target; the binaries land here first. */
  stageDir: string;
  /** Host directory mounted at /meta for the commit and `go version -m` of each binary. */
  metaDir: string;
  /** Host directory mounted as GOCACHE, to reuse compiled packages across runs. */
  goCacheDir?: string;
  /** git-credential-store file for a private repository, mounted read-only. */
  credentialsFile?: string;
  /** Add the SELinux `z` label to every bind mount. */
  selinuxRelabel: boolean;
}

function volume(hostPath: string, containerPath: string, options: string[], relabel: boolean): string[] {
  const all = relabel ? [...options, 'z'] : options;
  return ['--volume', `${hostPath}:${containerPath}${all.length > 0 ? `:${all.join(',')}` : ''}`];
}

/**
 * Returns the arguments after `docker` that run the build. Every value travels as one argument or
 * one environment variable, never through a shell; credentials travel only in the mounted file.
 */
export function getRunArgs(settings: Settings, run: ContainerRun): string[] {
  const args = ['run', '--rm', '--name', run.name, '--cidfile', run.cidfile, '--user', run.user];
  for (const [name, value] of Object.entries(run.labels)) args.push('--label', `${name}=${value}`);

  const env: Record<string, string> = {
    GIT_REPO: settings.repo.displayUrl,
    GIT_BRANCH: settings.branch,
    GO_PACKAGE: settings.goPackage,
    TAGS: settings.tags.join(' '),
    WITH_RACE: settings.race ? '1' : '',
    BINARIES: settings.binaries.join(' '),
    MISSING_BINARIES: settings.ifNoFilesFound,
    DESTDIR: ContainerPath.Target,
    META_DIR: ContainerPath.Meta,
  };
  if (run.credentialsFile !== undefined) env.GIT_CREDENTIALS_FILE = ContainerPath.Credentials;
  for (const [name, value] of Object.entries(env)) args.push('--env', `${name}=${value}`);

  args.push(...volume(run.stageDir, ContainerPath.Target, [], run.selinuxRelabel));
  args.push(...volume(run.metaDir, ContainerPath.Meta, [], run.selinuxRelabel));
  if (settings.source !== undefined) args.push(...volume(settings.source, ContainerPath.Snapshot, ['ro'], run.selinuxRelabel));
  if (run.goCacheDir !== undefined) args.push(...volume(run.goCacheDir, ContainerPath.GoCache, [], run.selinuxRelabel));
  if (run.credentialsFile !== undefined) args.push(...volume(run.credentialsFile, ContainerPath.Credentials, ['ro'], run.selinuxRelabel));

  args.push(run.image, ...settings.makeArgs);
  return args;
}
