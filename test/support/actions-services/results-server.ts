import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ArtifactService, type ArtifactRecord } from './artifact-service.js';
import { startAzurite, type AzuriteInstance } from './azurite.js';
import { standInBlobHost } from './blob-host.js';
import { BlobStore } from './blob-store.js';
import { CacheService, type CacheEntryRecord } from './cache-service.js';
import { FaultPlan, type FaultResponse, type ServiceName } from './faults.js';
import { buildRuntimeToken, readRuntimeToken, type BackendIds } from './runtime-token.js';
import { TwirpError, readJsonBody, sendJson, sendTwirpError } from './twirp.js';

export type { ArtifactRecord } from './artifact-service.js';
export type { CacheEntryRecord } from './cache-service.js';
export type { FaultResponse, ServiceName } from './faults.js';

/** Backend ids that env() and the listings use when the caller passes none. */
export const DEFAULT_RUN_ID = '11111111-1111-4111-8111-111111111111';
export const DEFAULT_JOB_ID = '22222222-2222-4222-8222-222222222222';

const ROUTE_PATTERN = /^\/twirp\/github\.actions\.results\.api\.v1\.(ArtifactService|CacheService)\/([A-Za-z]+)$/;
const SERVICE_BY_TWIRP_NAME: Record<string, ServiceName> = {
  ArtifactService: 'artifact',
  CacheService: 'cache',
};

export interface ActionsServicesOptions {
  /** Folder for the per-job RUNNER_TEMP and GITHUB_WORKSPACE folders. Default: a new temporary folder, removed by stop(). */
  rootDir?: string;
}

/** One Twirp call and the status the server returned. */
export interface RequestRecord {
  /** `'unknown'` for a path that names neither service. */
  service: ServiceName | 'unknown';
  method: string;
  status: number | 'connection-reset';
}

export interface ActionsServices {
  /** Origin of the Twirp server, such as `http://127.0.0.1:40123`. */
  url: string;
  /** Azurite blob endpoint of the development account that contains artifact and cache blobs. */
  blobEndpoint: string;
  /** Host that the signed blob URLs name: an Azure-style name that resolves to loopback, or 127.0.0.1. */
  blobUrlHost: string;
  /** Every call in arrival order, including rejected and fault-injected ones. */
  requests: RequestRecord[];
  /**
   * Returns the variables that @actions/artifact and @actions/cache read, for a job of a run.
   * It creates that job's RUNNER_TEMP and GITHUB_WORKSPACE folders.
   */
  env(runId?: string, jobId?: string): Record<string, string>;
  /** Returns the artifacts of a run, including ones created but not yet finalized. */
  artifacts(runId?: string): ArtifactRecord[];
  /** Returns all cache entries, including reservations that are not yet finalized. */
  cacheEntries(): CacheEntryRecord[];
  /** Reads the blob of a finalized artifact: the zip that the client uploaded, or the raw file with skipArchive. */
  downloadArtifactZip(name: string, runId?: string): Promise<Buffer>;
  /** Fails the next `count` calls of `method` (`'*'` for any) with `response`, 500 by default. */
  failNext(service: ServiceName, method: string, count: number, response?: FaultResponse): void;
  /** Fails every call of `service` with `response` (503 by default) while `down` is true. */
  setDown(service: ServiceName, down: boolean, response?: FaultResponse): void;
  /** Makes CreateCacheEntry deny every new entry while `deny` is true, as for a job whose token may only read caches. */
  denyCacheWrites(deny: boolean): void;
  /** Closes the server and stops Azurite. */
  stop(): Promise<void>;
}

/**
 * Starts Azurite and a loopback stand-in for the Actions results service, with the Twirp
 * ArtifactService and CacheService that @actions/artifact 6 and @actions/cache 6 (cache
 * service v2) call.
 */
export async function startActionsServices(options: ActionsServicesOptions = {}): Promise<ActionsServices> {
  const azurite = await startAzurite();
  let server: Server | undefined;
  try {
    const blobs = await BlobStore.open(azurite.blobEndpoint, await standInBlobHost());
    const rootDir = options.rootDir ?? (await mkdtemp(join(tmpdir(), 'actions-services-')));
    const handler = new ResultsHandler(new ArtifactService(blobs), new CacheService(blobs));
    server = createServer((request, response) => {
      void handler.handle(request, response);
    });
    const url = await listen(server);
    return buildServices(url, server, azurite, blobs, handler, rootDir, options.rootDir === undefined);
  } catch (error) {
    if (server?.listening === true) {
      await closeServer(server);
    }
    await azurite.stop();
    throw error;
  }
}

function buildServices(
  url: string,
  server: Server,
  azurite: AzuriteInstance,
  blobs: BlobStore,
  handler: ResultsHandler,
  rootDir: string,
  ownsRootDir: boolean,
): ActionsServices {
  return {
    url,
    blobEndpoint: azurite.blobEndpoint,
    blobUrlHost: blobs.urlHost,
    requests: handler.requests,

    env(runId = DEFAULT_RUN_ID, jobId = DEFAULT_JOB_ID) {
      const jobDir = join(rootDir, runId, jobId);
      const runnerTemp = join(jobDir, 'temp');
      const workspace = join(jobDir, 'workspace');
      mkdirSync(runnerTemp, { recursive: true });
      mkdirSync(workspace, { recursive: true });
      return {
        ACTIONS_RUNTIME_TOKEN: buildRuntimeToken({ runId, jobId }),
        ACTIONS_RESULTS_URL: `${url}/`,
        ACTIONS_CACHE_SERVICE_V2: 'true',
        RUNNER_TEMP: runnerTemp,
        GITHUB_WORKSPACE: workspace,
        // For any host other than github.com, *.ghe.com and *.localhost, @actions/artifact throws
        // GHESNotSupportedError and @actions/cache falls back to cache service v1. A .localhost
        // host also keeps a stray request on loopback.
        GITHUB_SERVER_URL: 'http://github.localhost',
      };
    },

    artifacts: (runId = DEFAULT_RUN_ID) => handler.artifactService.list(runId),
    cacheEntries: () => handler.cacheService.list(),

    async downloadArtifactZip(name, runId = DEFAULT_RUN_ID) {
      const record = handler.artifactService.find(runId, name);
      if (record === undefined) {
        const names = handler.artifactService.list(runId).map((artifact) => artifact.name);
        throw new Error(`no finalized artifact "${name}" in run ${runId}. Artifacts of the run: ${JSON.stringify(names)}`);
      }
      return blobs.read(record.blobName);
    },

    failNext: (service, method, count, response = 500) => handler.faults.failNext(service, method, count, response),
    setDown: (service, down, response = 503) => handler.faults.setDown(service, down, response),
    denyCacheWrites: (deny) => handler.cacheService.denyWrites(deny),

    async stop() {
      await closeServer(server);
      await azurite.stop();
      if (ownsRootDir) {
        await rm(rootDir, { recursive: true, force: true });
      }
    },
  };
}

/** Routes Twirp calls to the services after fault injection and token checks. */
class ResultsHandler {
  readonly requests: RequestRecord[] = [];
  readonly faults = new FaultPlan();

  readonly artifactService: ArtifactService;
  readonly cacheService: CacheService;

  constructor(artifactService: ArtifactService, cacheService: CacheService) {
    this.artifactService = artifactService;
    this.cacheService = cacheService;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = ROUTE_PATTERN.exec(request.url ?? '');
    const service = route?.[1] === undefined ? undefined : SERVICE_BY_TWIRP_NAME[route[1]];
    const method = route?.[2] ?? request.url ?? '';
    if (request.method !== 'POST' || service === undefined) {
      request.resume();
      this.reply(response, 'unknown', method, new TwirpError('bad_route', `no Twirp route for ${request.method} ${request.url}`));
      return;
    }

    const fault = this.faults.take(service, method);
    if (fault === 'connection-reset') {
      // Reading the body first makes the client see ECONNRESET rather than a failed write.
      request.resume();
      request.once('end', () => request.socket.destroy());
      this.requests.push({ service, method, status: fault });
      return;
    }
    if (fault !== undefined) {
      request.resume();
      this.reply(response, service, method, TwirpError.forStatus(fault, `injected fault: ${service} ${method} returned ${fault}`));
      return;
    }

    try {
      const caller = authenticate(request);
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new TwirpError('bad_route', `unsupported Content-Type ${request.headers['content-type']}. Send application/json`);
      }
      const fields = await readJsonBody(request);
      const body =
        service === 'artifact'
          ? await this.artifactService.call(method, fields, caller)
          : await this.cacheService.call(method, fields);
      sendJson(response, 200, body);
      this.requests.push({ service, method, status: 200 });
    } catch (error) {
      request.resume();
      if (!(error instanceof TwirpError)) {
        console.error(`actions-services: ${service} ${method} failed`, error);
      }
      const twirpError = error instanceof TwirpError ? error : new TwirpError('internal', String(error));
      this.reply(response, service, method, twirpError);
    }
  }

  private reply(response: ServerResponse, service: RequestRecord['service'], method: string, error: TwirpError): void {
    sendTwirpError(response, error);
    this.requests.push({ service, method, status: error.status });
  }
}

function authenticate(request: IncomingMessage): BackendIds {
  try {
    return readRuntimeToken(request.headers.authorization);
  } catch (error) {
    throw new TwirpError('unauthenticated', error instanceof Error ? error.message : String(error));
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${address.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
