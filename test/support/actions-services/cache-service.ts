import type { BlobStore } from './blob-store.js';
import { TwirpError, type JsonObject, type RequestFields } from './twirp.js';

/** One cache entry in the service's memory. */
export interface CacheEntryRecord {
  /** The `entry_id` that FinalizeCacheEntryUpload returns and saveCache resolves to. */
  id: number;
  key: string;
  /** The client's hash of the cache paths, compression method and platform. Lookups match it exactly. */
  version: string;
  createdAt: Date;
  /** False between CreateCacheEntry and FinalizeCacheEntryUpload. Lookups skip unfinalized entries. */
  finalized: boolean;
  size: number | undefined;
  blobName: string;
}

/**
 * In-memory github.actions.results.api.v1.CacheService.
 *
 * NOTE: entries are shared by every run and job. The real service also scopes them to the git
 * ref of the run, so a run reads only caches of its own branch, the default branch and, for a
 * pull request, the base branch.
 */
export class CacheService {
  private readonly entries: CacheEntryRecord[] = [];
  private nextId = 1;
  private writesDenied = false;

  private readonly blobs: BlobStore;

  constructor(blobs: BlobStore) {
    this.blobs = blobs;
  }

  /** Returns copies of all entries, finalized or not, oldest first. */
  list(): CacheEntryRecord[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** Makes CreateCacheEntry deny every new entry while `deny` is true. */
  denyWrites(deny: boolean): void {
    this.writesDenied = deny;
  }

  async call(method: string, fields: RequestFields): Promise<JsonObject> {
    switch (method) {
      case 'CreateCacheEntry':
        return this.createCacheEntry(fields);
      case 'FinalizeCacheEntryUpload':
        return this.finalizeCacheEntryUpload(fields);
      case 'GetCacheEntryDownloadURL':
        return this.getCacheEntryDownloadUrl(fields);
      default:
        throw new TwirpError('bad_route', `CacheService has no method ${method}`);
    }
  }

  private createCacheEntry(fields: RequestFields): JsonObject {
    const key = fields.string('key');
    const version = fields.string('version');

    // @actions/cache 6.3 turns a refusal whose message starts with "cache write denied:" into a
    // warning that names the key. NOTE: the words after that prefix are this stand-in's own.
    if (this.writesDenied) {
      return { ok: false, message: `cache write denied: the token of this job may only read caches, so "${key}" was not created` };
    }

    // Entries are immutable, and a reservation that is still uploading blocks the key as well.
    // @actions/cache turns this error into "Unable to reserve cache with key ..." and returns -1.
    if (this.entries.some((entry) => entry.key === key && entry.version === version)) {
      throw new TwirpError('already_exists', `a cache entry with key "${key}" and version ${version} already exists`);
    }

    const id = this.nextId++;
    const entry: CacheEntryRecord = {
      id,
      key,
      version,
      createdAt: new Date(),
      finalized: false,
      size: undefined,
      blobName: `caches/${id}`,
    };
    this.entries.push(entry);
    return { ok: true, signed_upload_url: this.blobs.uploadUrl(entry.blobName) };
  }

  private async finalizeCacheEntryUpload(fields: RequestFields): Promise<JsonObject> {
    const key = fields.string('key');
    const version = fields.string('version');
    const entry = this.entries.find((candidate) => candidate.key === key && candidate.version === version);
    if (entry === undefined) {
      throw new TwirpError('not_found', `no cache entry with key "${key}" and version ${version} was reserved`);
    }
    if (entry.finalized) {
      throw new TwirpError('failed_precondition', `cache entry with key "${key}" is already finalized`);
    }

    const uploadedSize = await this.blobs.size(entry.blobName);
    if (uploadedSize === undefined) {
      throw new TwirpError('failed_precondition', `cache entry "${key}" has no uploaded blob. Upload to the signed URL before FinalizeCacheEntryUpload`);
    }
    const reportedSize = fields.optionalInt64('size_bytes');
    if (reportedSize !== undefined && reportedSize !== uploadedSize) {
      throw new TwirpError(
        'invalid_argument',
        `cache entry "${key}": reported size ${reportedSize} does not match the uploaded ${uploadedSize} bytes`,
      );
    }

    entry.finalized = true;
    entry.size = uploadedSize;
    return { ok: true, entry_id: String(entry.id) };
  }

  private getCacheEntryDownloadUrl(fields: RequestFields): JsonObject {
    const key = fields.string('key');
    const version = fields.string('version');
    const entry = this.match(key, fields.strings('restore_keys'), version);
    if (entry === undefined) {
      // A miss is a successful call, so the client does not retry it.
      return { ok: false };
    }
    return { ok: true, signed_download_url: this.blobs.downloadUrl(entry.blobName), matched_key: entry.key };
  }

  /**
   * Finds the entry to restore in the order GitHub documents for actions/cache ("Dependency
   * caching reference"): the exact key, then the newest entry whose key starts with the key,
   * then each restore key in turn as a prefix, newest first. Only entries of the same version
   * can match.
   */
  private match(key: string, restoreKeys: string[], version: string): CacheEntryRecord | undefined {
    const candidates = this.entries
      .filter((entry) => entry.finalized && entry.version === version)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);

    const exact = candidates.find((entry) => entry.key === key);
    if (exact !== undefined) {
      return exact;
    }
    for (const prefix of [key, ...restoreKeys]) {
      const newest = candidates.find((entry) => entry.key.startsWith(prefix));
      if (newest !== undefined) {
        return newest;
      }
    }
    return undefined;
  }
}
