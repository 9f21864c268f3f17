export type ServiceName = 'artifact' | 'cache';

/**
 * Response of an injected fault: an HTTP status with a Twirp error body, or `'connection-reset'`
 * to close the connection without a response. The Twirp clients of @actions/artifact 6.2 and @actions/cache
 * 6.3 make 5 attempts on 500, 502, 503 and 504 (the artifact client also on 429), with 24 to 35 s
 * of backoff in all. They fail at once on other statuses and, with a NetworkError, on a reset.
 */
export type FaultResponse = number | 'connection-reset';

interface QueuedFailure {
  service: ServiceName;
  method: string;
  remaining: number;
  response: FaultResponse;
}

/** Faults that tests inject into the Twirp services. */
export class FaultPlan {
  private readonly queued: QueuedFailure[] = [];
  private readonly outages = new Map<ServiceName, FaultResponse>();

  /** Fails the next `count` calls of `method` (`'*'` matches every method) on `service`. */
  failNext(service: ServiceName, method: string, count: number, response: FaultResponse): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`count must be a positive integer, got ${count}`);
    }
    this.queued.push({ service, method, remaining: count, response });
  }

  /** Makes every call of `service` fail with `response` until called again with `down` false. */
  setDown(service: ServiceName, down: boolean, response: FaultResponse): void {
    if (down) {
      this.outages.set(service, response);
    } else {
      this.outages.delete(service);
    }
  }

  /**
   * Returns the fault for this call, or undefined when it should be served. An outage wins over
   * queued failures and leaves them queued for after the outage.
   */
  take(service: ServiceName, method: string): FaultResponse | undefined {
    const outage = this.outages.get(service);
    if (outage !== undefined) {
      return outage;
    }
    const index = this.queued.findIndex(
      (failure) => failure.service === service && (failure.method === '*' || failure.method === method),
    );
    const failure = this.queued[index];
    if (failure === undefined) {
      return undefined;
    }
    failure.remaining -= 1;
    if (failure.remaining === 0) {
      this.queued.splice(index, 1);
    }
    return failure.response;
  }
}
