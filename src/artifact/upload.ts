import * as core from '@actions/core';
import type { ArtifactClient, UploadArtifactOptions } from '@actions/artifact';

/** An uploaded workflow artifact. */
export interface UploadedArtifact {
  name: string;
  id: number;
  size: number;
  /** sha256 digest of the artifact zip as the service recorded it. */
  digest: string;
  /** Link to the artifact on the workflow run page. */
  url: string;
}

/** Returns the run page link of an artifact, as GitHub shows it. */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}/artifacts/${id}`;
}

/** Uploads files, relative to rootDir, as one workflow artifact. */
export async function uploadArtifact(
  client: ArtifactClient,
  name: string,
  files: string[],
  rootDir: string,
  options: UploadArtifactOptions = {},
): Promise<UploadedArtifact> {
  const response = await client.uploadArtifact(name, files, rootDir, options);
  if (response.id === undefined) {
    throw new Error(`The artifact service did not return an ID for the artifact '${name}'; it was not uploaded.`);
  }
  const uploaded: UploadedArtifact = {
    name,
    id: response.id,
    size: response.size ?? 0,
    digest: response.digest ?? '',
    url: artifactUrl(response.id),
  };
  core.info(`Uploaded the artifact '${name}' (ID ${uploaded.id}, ${uploaded.size} bytes, digest ${uploaded.digest || 'none'})`);
  return uploaded;
}
