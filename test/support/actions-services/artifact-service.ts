import type { BlobStore } from './blob-store.js';
import type { BackendIds } from './runtime-token.js';
import { TwirpError, type JsonObject, type RequestFields } from './twirp.js';

/** One artifact (upload-artifact v4 style) in the service's memory. */
export interface ArtifactRecord {
  /** The `database_id` that ListArtifacts reports and that the client returns as the artifact id. */
  id: number;
  runId: string;
  jobId: string;
  name: string;
  mimeType: string | undefined;
  /** Expiry that the client requested with a retention period, as an RFC 3339 timestamp. */
  expiresAt: string | undefined;
  createdAt: Date;
  /** False between CreateArtifact and FinalizeArtifact. ListArtifacts hides unfinalized artifacts. */
  finalized: boolean;
  size: number | undefined;
  /** The `hash` from FinalizeArtifact, such as `sha256:<hex>`, returned as `digest` by ListArtifacts. */
  digest: string | undefined;
  blobName: string;
}

/** In-memory github.actions.results.api.v1.ArtifactService. */
export class ArtifactService {
  private readonly records: ArtifactRecord[] = [];
  private nextId = 1;

  private readonly blobs: BlobStore;

  constructor(blobs: BlobStore) {
    this.blobs = blobs;
  }

  /** Returns copies of the artifacts of a run, finalized or not, oldest first. */
  list(runId: string): ArtifactRecord[] {
    return this.records.filter((record) => record.runId === runId).map((record) => ({ ...record }));
  }

  /** Returns the finalized artifact with this name in the run, or undefined. */
  find(runId: string, name: string): ArtifactRecord | undefined {
    return this.records.find((record) => record.runId === runId && record.name === name && record.finalized);
  }

  async call(method: string, fields: RequestFields, caller: BackendIds): Promise<JsonObject> {
    switch (method) {
      case 'CreateArtifact':
        return this.createArtifact(fields, caller);
      case 'FinalizeArtifact':
        return this.finalizeArtifact(fields, caller);
      case 'ListArtifacts':
        return this.listArtifacts(fields, caller);
      case 'GetSignedArtifactURL':
        return this.getSignedArtifactUrl(fields, caller);
      case 'DeleteArtifact':
        return this.deleteArtifact(fields, caller);
      default:
        throw new TwirpError('bad_route', `ArtifactService has no method ${method}`);
    }
  }

  private createArtifact(fields: RequestFields, caller: BackendIds): JsonObject {
    const runId = requireCallerRun(fields, caller);
    const jobId = requireCallerJob(fields, caller);
    const name = fields.string('name');

    // v4 artifacts are immutable, so a name can be created once per run, even by another job.
    // NOTE: an upload that was never finalized also blocks the name here. Whether the real
    // service lets a job create the name again after such a failure is not known.
    if (this.records.some((record) => record.runId === runId && record.name === name)) {
      throw new TwirpError('already_exists', `an artifact named "${name}" already exists in workflow run ${runId}`);
    }

    const id = this.nextId++;
    const record: ArtifactRecord = {
      id,
      runId,
      jobId,
      name,
      mimeType: fields.optionalString('mime_type'),
      expiresAt: fields.optionalString('expires_at'),
      createdAt: new Date(),
      finalized: false,
      size: undefined,
      digest: undefined,
      blobName: `artifacts/${runId}/${id}/${name}`,
    };
    this.records.push(record);
    return { ok: true, signed_upload_url: this.blobs.uploadUrl(record.blobName) };
  }

  private async finalizeArtifact(fields: RequestFields, caller: BackendIds): Promise<JsonObject> {
    const runId = requireCallerRun(fields, caller);
    const jobId = requireCallerJob(fields, caller);
    const name = fields.string('name');
    const record = this.records.find((candidate) => candidate.runId === runId && candidate.name === name);
    if (record === undefined || record.jobId !== jobId) {
      throw new TwirpError('not_found', `no artifact named "${name}" was created by job ${jobId} in workflow run ${runId}`);
    }
    if (record.finalized) {
      throw new TwirpError('failed_precondition', `artifact "${name}" in workflow run ${runId} is already finalized`);
    }

    const uploadedSize = await this.blobs.size(record.blobName);
    if (uploadedSize === undefined) {
      throw new TwirpError('failed_precondition', `artifact "${name}" has no uploaded blob. Upload to the signed URL before FinalizeArtifact`);
    }
    const reportedSize = fields.optionalInt64('size');
    if (reportedSize !== undefined && reportedSize !== uploadedSize) {
      throw new TwirpError(
        'invalid_argument',
        `artifact "${name}": reported size ${reportedSize} does not match the uploaded ${uploadedSize} bytes`,
      );
    }

    record.finalized = true;
    record.size = uploadedSize;
    record.digest = fields.optionalString('hash');
    return { ok: true, artifact_id: String(record.id) };
  }

  private listArtifacts(fields: RequestFields, caller: BackendIds): JsonObject {
    const runId = requireCallerRun(fields, caller);
    const nameFilter = fields.optionalString('name_filter');
    const idFilter = fields.optionalInt64('id_filter');

    const artifacts = this.records
      .filter((record) => record.runId === runId && record.finalized)
      .filter((record) => nameFilter === undefined || record.name === nameFilter)
      .filter((record) => idFilter === undefined || record.id === idFilter)
      .map(toMonolithArtifact);
    return { artifacts };
  }

  private getSignedArtifactUrl(fields: RequestFields, caller: BackendIds): JsonObject {
    // The client sends the job id of the uploading job here, which may be another job of the run.
    const runId = requireCallerRun(fields, caller);
    const name = fields.string('name');
    const record = this.requireFinalized(runId, name);
    const fileName = record.mimeType === 'application/zip' ? `${name}.zip` : name;
    return { signed_url: this.blobs.downloadUrl(record.blobName, fileName) };
  }

  private async deleteArtifact(fields: RequestFields, caller: BackendIds): Promise<JsonObject> {
    const runId = requireCallerRun(fields, caller);
    const name = fields.string('name');
    const record = this.requireFinalized(runId, name);
    this.records.splice(this.records.indexOf(record), 1);
    await this.blobs.delete(record.blobName);
    return { ok: true, artifact_id: String(record.id) };
  }

  private requireFinalized(runId: string, name: string): ArtifactRecord {
    const record = this.find(runId, name);
    if (record === undefined) {
      throw new TwirpError('not_found', `artifact "${name}" not found in workflow run ${runId}`);
    }
    return record;
  }
}

/** Maps a record to ListArtifactsResponse.MonolithArtifact in Twirp JSON. */
function toMonolithArtifact(record: ArtifactRecord): JsonObject {
  const artifact: JsonObject = {
    workflow_run_backend_id: record.runId,
    workflow_job_run_backend_id: record.jobId,
    database_id: String(record.id),
    name: record.name,
    size: String(record.size ?? 0),
    created_at: record.createdAt.toISOString(),
  };
  if (record.digest !== undefined) {
    artifact.digest = record.digest;
  }
  return artifact;
}

/** Rejects a request for another run than the one the runtime token is scoped to. */
function requireCallerRun(fields: RequestFields, caller: BackendIds): string {
  const runId = fields.string('workflow_run_backend_id');
  if (runId !== caller.runId) {
    throw new TwirpError('permission_denied', `token is scoped to workflow run ${caller.runId}, not ${runId}`);
  }
  return runId;
}

/** Rejects a write on behalf of another job than the one the runtime token is scoped to. */
function requireCallerJob(fields: RequestFields, caller: BackendIds): string {
  const jobId = fields.string('workflow_job_run_backend_id');
  if (jobId !== caller.jobId) {
    throw new TwirpError('permission_denied', `token is scoped to job ${caller.jobId}, not ${jobId}`);
  }
  return jobId;
}
