import type { IncomingMessage, ServerResponse } from 'node:http';

/** Error codes of the Twirp wire protocol, with the HTTP status each one is sent with. */
const STATUS_BY_CODE = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  dataloss: 500,
} as const;

export type TwirpCode = keyof typeof STATUS_BY_CODE;

/** The code to send with an injected status. Statuses that several codes share get the common one. */
const CODE_BY_STATUS = new Map<number, TwirpCode>([
  [400, 'invalid_argument'],
  [401, 'unauthenticated'],
  [403, 'permission_denied'],
  [404, 'not_found'],
  [408, 'deadline_exceeded'],
  [409, 'already_exists'],
  [412, 'failed_precondition'],
  [429, 'resource_exhausted'],
  [500, 'internal'],
  [501, 'unimplemented'],
  [503, 'unavailable'],
]);

/** An error that the server sends to the client as a Twirp error response. */
export class TwirpError extends Error {
  readonly code: TwirpCode;
  readonly status: number;

  constructor(code: TwirpCode, message: string, status: number = STATUS_BY_CODE[code]) {
    super(message);
    this.name = 'TwirpError';
    this.code = code;
    this.status = status;
  }

  /** Builds an error for an injected HTTP status, with the usual Twirp code for that status. */
  static forStatus(status: number, message: string): TwirpError {
    return new TwirpError(CODE_BY_STATUS.get(status) ?? 'unknown', message, status);
  }
}

/** Twirp JSON uses proto field names, and 64-bit integers travel as decimal strings. */
export type JsonObject = Record<string, unknown>;

export function sendJson(response: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendTwirpError(response: ServerResponse, error: TwirpError): void {
  sendJson(response, error.status, { code: error.code, msg: error.message });
}

/** Reads a Twirp JSON request body. Throws TwirpError `malformed` unless it is a JSON object. */
export async function readJsonBody(request: IncomingMessage): Promise<RequestFields> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  const text = Buffer.concat(chunks).toString('utf8');

  let parsed: unknown;
  try {
    parsed = text.length === 0 ? {} : JSON.parse(text);
  } catch (error) {
    throw new TwirpError('malformed', `request body is not valid JSON: ${String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TwirpError('malformed', 'request body must be a JSON object');
  }
  return new RequestFields(parsed as JsonObject);
}

/** Typed access to the fields of a Twirp JSON request. Each reader throws `invalid_argument`. */
export class RequestFields {
  private readonly body: JsonObject;

  constructor(body: JsonObject) {
    this.body = body;
  }

  /** Reads a required, non-empty string field. */
  string(field: string): string {
    const value = this.optionalString(field);
    if (value === undefined || value.length === 0) {
      throw new TwirpError('invalid_argument', `${field} is required`);
    }
    return value;
  }

  /** Reads a string field, or a google.protobuf.StringValue, which the JSON mapping also sends as a string. */
  optionalString(field: string): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw new TwirpError('invalid_argument', `${field} must be a string, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** Reads a repeated string field. */
  strings(field: string): string[] {
    const value = this.body[field];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
      throw new TwirpError('invalid_argument', `${field} must be an array of strings`);
    }
    return value;
  }

  /** Reads an int64 field or google.protobuf.Int64Value, which arrive as decimal strings. */
  optionalInt64(field: string): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      return undefined;
    }
    const parsed = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed)) {
      throw new TwirpError('invalid_argument', `${field} must be a 64-bit integer, got ${JSON.stringify(value)}`);
    }
    return parsed;
  }
}
