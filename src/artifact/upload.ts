import * as core from '@actions/core';
import type { ArtifactClient, UploadArtifactOptions } from '@actions/artifact';
import { Input } from '../constants.js';

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

/** Tells whether an upload failed because the run already has an artifact of that name (HTTP 409). */
export function isNameConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(409\)|already exists/i.test(message);
}

export interface UploadOptions extends UploadArtifactOptions {
  /** Delete an artifact of the same name in this run first. */
  overwrite?: boolean;
}

/**
 * Uploads files, relative to rootDir, as one workflow artifact. Artifacts are immutable, so a
 * name already used in the run fails with a message on how to make it unique, unless overwrite is set.
 */
export async function uploadArtifact(client: ArtifactClient, name: string, files: string[], rootDir: string, options: UploadOptions = {}): Promise<UploadedArtifact> {
  const { overwrite, ...uploadOptions } = options;
  if (overwrite === true) {
    try {
      const deleted = await client.deleteArtifact(name);
      core.info(`Deleted the earlier artifact '${name}' (ID ${deleted.id}) because '${Input.Overwrite}' is true.`);
    } catch (error: unknown) {
      core.debug(`No earlier artifact '${name}' to delete: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  let response;
  try {
    response = await client.uploadArtifact(name, files, rootDir, uploadOptions);
  } catch (error: unknown) {
    if (isNameConflict(error)) {
      throw new Error(
        `This workflow run already has an artifact named '${name}', and artifacts cannot be replaced. ` +
          `Give each job its own '${Input.ArtifactName}' (for example add \${{ matrix.os }} or \${{ strategy.job-index }}), ` +
          `or set '${Input.Overwrite}: true' to replace it.`,
        { cause: error },
      );
    }
    throw error;
  }
  if (response.id === undefined) {
    throw new Error(`The artifact service did not return an ID for the artifact '${name}'; it was not uploaded.`);
  }
  const uploaded: UploadedArtifact = { name, id: response.id, size: response.size ?? 0, digest: response.digest ?? '', url: artifactUrl(response.id) };
  core.info(`Uploaded the artifact '${name}' (ID ${uploaded.id}, ${uploaded.size} bytes, digest ${uploaded.digest || 'none'})`);
  return uploaded;
}
