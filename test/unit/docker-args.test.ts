import { describe, expect, it } from 'vitest';
import { getBuildArgs, getBuildEnv } from '../../src/docker/build-args.js';
import { getRunArgs, type ContainerRun } from '../../src/docker/run-args.js';
import type { Settings } from '../../src/inputs/settings.js';

const settings: Settings = {
  repo: { displayUrl: 'https://example.com/team/kubernetes-mesos.git' },
  branch: 'release-0.7',
  tags: ['profile', 'netgo'],
  race: true,
  makeArgs: ['bootstrap', 'install'],
  goPackage: 'github.com/mesosphere/kubernetes-mesos',
  goVersion: '1.23',
  godepVersion: '',
  binaries: ['proxy', 'kubernetes-mesos'],
  targetDir: '/runner/temp/out',
  artifactName: 'binaries',
  cache: true,
  goBuildCache: true,
  selinuxRelabel: false,
  archive: true,
  retentionDays: 0,
  compressionLevel: 0,
  overwrite: false,
  ifNoFilesFound: 'error',
};

const run: ContainerRun = {
  image: 'k8s-mesos-builder:go1.23-abc',
  name: 'k8s-mesos-builder-1-1-aa',
  cidfile: '/runner/temp/work/container.cid',
  labels: { 'io.github.k8s-mesos-builder.run': '1-1-aa' },
  user: '1001:127',
  stageDir: '/runner/temp/work/stage',
  metaDir: '/runner/temp/work/meta',
  selinuxRelabel: false,
};

function envOf(args: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  args.forEach((arg, index) => {
    if (arg === '--env') {
      const [name, ...value] = args[index + 1].split('=');
      env[name] = value.join('=');
    }
  });
  return env;
}

function volumesOf(args: string[]): string[] {
  return args.flatMap((arg, index) => (arg === '--volume' ? [args[index + 1]] : []));
}

describe('getRunArgs', () => {
  it('runs once, named, as the runner user', () => {
    const args = getRunArgs(settings, run);
    expect(args.slice(0, 8)).toEqual(['run', '--rm', '--name', run.name, '--cidfile', run.cidfile, '--user', '1001:127']);
    expect(args).toContain('io.github.k8s-mesos-builder.run=1-1-aa');
    expect(args).not.toContain('--privileged');
    expect(args.join(' ')).not.toContain('docker.sock');
  });

  it('ends with the image and the make arguments', () => {
    const args = getRunArgs({ ...settings, makeArgs: ['install', 'V=1'] }, run);
    expect(args.slice(-3)).toEqual([run.image, 'install', 'V=1']);
  });

  it.each<[string, Settings, Record<string, string>]>([
    ['clone of a branch with tags and race', settings, { GIT_REPO: 'https://example.com/team/kubernetes-mesos.git', GIT_BRANCH: 'release-0.7', TAGS: 'profile netgo', WITH_RACE: '1', BINARIES: 'proxy kubernetes-mesos', DESTDIR: '/target', META_DIR: '/meta' }],
    ['default branch without race', { ...settings, branch: '', tags: [], race: false }, { GIT_BRANCH: '', TAGS: '', WITH_RACE: '' }],
    ['fork import path', { ...settings, goPackage: 'example.com/fork/kubernetes-mesos' }, { GO_PACKAGE: 'example.com/fork/kubernetes-mesos' }],
  ])('environment for %s', (_name, given, expected) => {
    expect(envOf(getRunArgs(given, run))).toMatchObject(expected);
  });

  it.each<[string, Settings, ContainerRun, string[]]>([
    ['clone mode', settings, run, ['/runner/temp/work/stage:/target', '/runner/temp/work/meta:/meta']],
    ['snapshot mode', { ...settings, source: '/work/checkout' }, run, ['/runner/temp/work/stage:/target', '/runner/temp/work/meta:/meta', '/work/checkout:/snapshot:ro']],
    ['Go build cache', settings, { ...run, goCacheDir: '/runner/temp/gocache' }, ['/runner/temp/work/stage:/target', '/runner/temp/work/meta:/meta', '/runner/temp/gocache:/cache/go-build']],
    ['credentials file', settings, { ...run, credentialsFile: '/runner/temp/work/git-credentials' }, ['/runner/temp/work/stage:/target', '/runner/temp/work/meta:/meta', '/runner/temp/work/git-credentials:/run/secrets/git-credentials:ro']],
    ['SELinux relabel', { ...settings, source: '/work/checkout' }, { ...run, selinuxRelabel: true }, ['/runner/temp/work/stage:/target:z', '/runner/temp/work/meta:/meta:z', '/work/checkout:/snapshot:ro,z']],
  ])('mounts for %s', (_name, givenSettings, givenRun, expected) => {
    expect(volumesOf(getRunArgs(givenSettings, givenRun))).toEqual(expected);
  });

  it('names the credentials file, never its content', () => {
    const env = envOf(getRunArgs({ ...settings, repo: { displayUrl: settings.repo.displayUrl, credentials: { username: 'u', password: 'tok', protocol: 'https', host: 'example.com' } } }, { ...run, credentialsFile: '/x/git-credentials' }));
    expect(env.GIT_CREDENTIALS_FILE).toBe('/run/secrets/git-credentials');
    expect(JSON.stringify(getRunArgs(settings, run))).not.toContain('tok');
  });
});

describe('getBuildArgs', () => {
  const build = {
    contextDir: '/action/src/builder',
    tag: 'k8s-mesos-builder:go1.23-abc',
    buildArgs: { BASE_IMAGE: 'debian:bookworm', GO_VERSION: '1.23', GODEP_VERSION: '' },
    labels: { 'io.github.k8s-mesos-builder.key': 'abc' },
  };

  it.each<[string, boolean, string | undefined, string[]]>([
    ['classic builder', false, undefined, ['build', '--tag', build.tag, '--build-arg', 'BASE_IMAGE=debian:bookworm', '--build-arg', 'GO_VERSION=1.23', '--build-arg', 'GODEP_VERSION=', '--label', 'io.github.k8s-mesos-builder.key=abc', '/action/src/builder']],
    ['classic builder from an older image', false, 'k8s-mesos-builder:go1.23-old', ['build', '--tag', build.tag, '--build-arg', 'BASE_IMAGE=debian:bookworm', '--build-arg', 'GO_VERSION=1.23', '--build-arg', 'GODEP_VERSION=', '--label', 'io.github.k8s-mesos-builder.key=abc', '--cache-from', 'k8s-mesos-builder:go1.23-old', '/action/src/builder']],
    ['buildx', true, undefined, ['buildx', 'build', '--load', '--progress', 'plain', '--tag', build.tag, '--build-arg', 'BASE_IMAGE=debian:bookworm', '--build-arg', 'GO_VERSION=1.23', '--build-arg', 'GODEP_VERSION=', '--build-arg', 'BUILDKIT_INLINE_CACHE=1', '--label', 'io.github.k8s-mesos-builder.key=abc', '/action/src/builder']],
  ])('%s', (_name, buildx, cacheFrom, expected) => {
    expect(getBuildArgs({ ...build, cacheFrom }, buildx)).toEqual(expected);
  });

  it('asks for the classic builder without buildx', () => {
    expect(getBuildEnv(false)).toEqual({ DOCKER_BUILDKIT: '0' });
    expect(getBuildEnv(true)).toEqual({});
  });
});
