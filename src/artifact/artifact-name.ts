import path from 'node:path';
import { repoName } from '../inputs/repo-url.js';
import { sanitizeArtifactName } from '../inputs/validators.js';

/** Settings that make one build differ from another in a matrix. */
export interface BuildIdentity {
  repoUrl: string;
  source?: string;
  branch: string;
  tags: string[];
  race: boolean;
  goVersion: string;
}

/**
 * Derives an artifact name from everything a matrix usually varies, such as
 * "kubernetes-mesos-release-0.7-go1.23-profile-race", so parallel jobs never upload under one name.
 */
export function defaultArtifactName(build: BuildIdentity): string {
  const origin = build.source === undefined ? repoName(build.repoUrl) : `${path.basename(build.source)}-snapshot`;
  const parts = [origin, build.branch === '' ? 'default' : build.branch.replace(/\//g, '-'), `go${build.goVersion}`];
  if (build.tags.length > 0) parts.push(build.tags.join('+'));
  if (build.race) parts.push('race');
  return sanitizeArtifactName(parts.join('-'));
}
