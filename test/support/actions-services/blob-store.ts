import {
  BlobSASPermissions,
  BlobServiceClient,
  RestError,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  type ContainerClient,
} from '@azure/storage-blob';

import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from './azurite.js';

const CONTAINER_NAME = 'actions-results';
const SAS_LIFETIME_MS = 60 * 60 * 1000;

/**
 * The Azurite container behind both services. It hands out SAS URLs that the clients use
 * directly, as the real results service does with Azure Storage, and reads blobs back for checks.
 */
export class BlobStore {
  private readonly credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT_NAME, AZURITE_ACCOUNT_KEY);
  private readonly container: ContainerClient;

  /** Host named in the URLs that the store hands out. */
  readonly urlHost: string;

  private constructor(blobEndpoint: string, urlHost: string) {
    const service = new BlobServiceClient(blobEndpoint, this.credential);
    this.container = service.getContainerClient(CONTAINER_NAME);
    this.urlHost = urlHost;
  }

  /** Opens the container at blobEndpoint, and names urlHost in the URLs it hands out. */
  static async open(blobEndpoint: string, urlHost: string): Promise<BlobStore> {
    const store = new BlobStore(blobEndpoint, urlHost);
    await store.container.createIfNotExists();
    return store;
  }

  /** Returns a URL that lets the holder create or overwrite the blob, with Put Blob or Put Block. */
  uploadUrl(blobName: string): string {
    return this.signedUrl(blobName, BlobSASPermissions.parse('cw'));
  }

  /**
   * Returns a read-only URL. Its Content-Disposition override sets the file name that the
   * artifact client uses when it saves a download without unzipping it.
   */
  downloadUrl(blobName: string, fileName?: string): string {
    const contentDisposition = fileName === undefined ? undefined : `attachment; filename="${fileName}"`;
    return this.signedUrl(blobName, BlobSASPermissions.parse('r'), contentDisposition);
  }

  /** Returns the blob's size in bytes, or undefined when nothing was uploaded under that name. */
  async size(blobName: string): Promise<number | undefined> {
    try {
      const properties = await this.container.getBlobClient(blobName).getProperties();
      return properties.contentLength ?? 0;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async read(blobName: string): Promise<Buffer> {
    return this.container.getBlobClient(blobName).downloadToBuffer();
  }

  async delete(blobName: string): Promise<void> {
    await this.container.getBlobClient(blobName).deleteIfExists();
  }

  private signedUrl(blobName: string, permissions: BlobSASPermissions, contentDisposition?: string): string {
    const startsOn = new Date(Date.now() - 60_000);
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER_NAME,
        blobName,
        permissions,
        startsOn,
        expiresOn: new Date(startsOn.getTime() + SAS_LIFETIME_MS),
        protocol: SASProtocol.HttpsAndHttp,
        contentDisposition,
      },
      this.credential,
    );
    const url = new URL(`${this.container.getBlobClient(blobName).url}?${sas.toString()}`);
    url.hostname = this.urlHost;
    return url.toString();
  }
}
