/** Parameters of one builder image build, resolved from the settings. */
export interface ImageBuild {
  /** Directory holding the Dockerfile and entrypoint. */
  contextDir: string;
  /** Tag given to the built image. */
  tag: string;
  /** Build arguments of the Dockerfile (GO_VERSION, GODEP_VERSION, BASE_IMAGE). */
  buildArgs: Record<string, string>;
  /** Labels put on the image. */
  labels: Record<string, string>;
  /** An older image of the same builder whose layers may be reused. */
  cacheFrom?: string;
}

/**
 * Returns the arguments after `docker` for an image build. buildx loads the result into the
 * engine and embeds inline cache metadata, so a later `--cache-from` of this image can reuse its
 * layers. The classic builder reuses the layers of any local image named in `--cache-from`.
 * NOTE: only the classic builder runs in this repository's tests, because Debian's docker.io has no
 * buildx plugin. The buildx path runs in the e2e workflow on GitHub's runners.
 */
export function getBuildArgs(build: ImageBuild, buildx: boolean): string[] {
  const args = buildx ? ['buildx', 'build', '--load', '--progress', 'plain'] : ['build'];
  args.push('--tag', build.tag);
  const buildArgs = buildx ? { ...build.buildArgs, BUILDKIT_INLINE_CACHE: '1' } : build.buildArgs;
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  for (const [name, value] of Object.entries(build.labels)) args.push('--label', `${name}=${value}`);
  if (build.cacheFrom !== undefined) args.push('--cache-from', build.cacheFrom);
  args.push(build.contextDir);
  return args;
}

/** Environment for the build command: the classic builder must be asked for when buildx is missing. */
export function getBuildEnv(buildx: boolean): Record<string, string> {
  return buildx ? {} : { DOCKER_BUILDKIT: '0' };
}
