/** Workflow run and job ids that the results service uses (backend ids, not GITHUB_RUN_ID). */
export interface BackendIds {
  runId: string;
  jobId: string;
}

const RESULTS_SCOPE = 'Actions.Results';
const TOKEN_LIFETIME_SECONDS = 6 * 60 * 60;

/**
 * Builds an unsigned JWT shaped like the runner's ACTIONS_RUNTIME_TOKEN. The clients only
 * decode it to read the `scp` claim, so the signature part stays empty.
 */
export function buildRuntimeToken(ids: BackendIds): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'none', typ: 'JWT' };
  const payload = {
    scp: `${RESULTS_SCOPE}:${ids.runId}:${ids.jobId}`,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
  };
  return `${encodeSegment(header)}.${encodeSegment(payload)}.`;
}

/**
 * Reads the backend ids from an `Authorization: Bearer` header. Throws an Error that names
 * the problem when the header is missing, the token is malformed or expired, or it carries
 * no Actions.Results scope.
 */
export function readRuntimeToken(authorization: string | undefined): BackendIds {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) {
    throw new Error('missing bearer token in the Authorization header');
  }
  const segments = authorization.slice('Bearer '.length).split('.');
  const encodedPayload = segments[1];
  if (segments.length !== 3 || encodedPayload === undefined) {
    throw new Error('invalid runtime token: expected a JWT with three segments');
  }

  const payload = decodePayload(encodedPayload);
  if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) {
    throw new Error('invalid runtime token: token has expired');
  }
  if (typeof payload.scp !== 'string') {
    throw new Error('invalid runtime token: missing scp claim');
  }

  for (const scope of payload.scp.split(' ')) {
    const parts = scope.split(':');
    if (parts[0] !== RESULTS_SCOPE) {
      continue;
    }
    const [, runId, jobId] = parts;
    if (parts.length !== 3 || !runId || !jobId) {
      throw new Error(`invalid runtime token: malformed scope "${scope}"`);
    }
    return { runId, jobId };
  }
  throw new Error(`invalid runtime token: no ${RESULTS_SCOPE} scope in scp claim`);
}

interface TokenPayload {
  scp?: unknown;
  exp?: unknown;
}

function decodePayload(encodedPayload: string): TokenPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    throw new Error('invalid runtime token: payload is not base64url-encoded JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error('invalid runtime token: payload is not a JSON object');
  }
  return parsed;
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
