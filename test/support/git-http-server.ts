import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A smart-HTTP git server that requires one user name and password, for private-repository tests. */
export interface GitHttpServer {
  /** Returns the http:// URL of a repository, without credentials. */
  url(repoName: string): string;
  /** Authorization headers seen, so tests can check credentials really were sent. */
  authorizations: string[];
  stop(): Promise<void>;
}

/**
 * Serves repositories under projectRoot through `git http-backend` (CGI). A request without the
 * expected Basic credentials gets 401, as a private GitHub repository does.
 */
export async function startGitHttpServer(projectRoot: string, username: string, password: string, listenAddress = '127.0.0.1'): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const authorizations: string[] = [];

  const server = http.createServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    authorizations.push(authorization);
    if (authorization !== expected) {
      request.resume();
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end('authentication required\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        REMOTE_USER: username,
        REMOTE_ADDR: request.socket.remoteAddress ?? '',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    request.pipe(cgi.stdin);

    // CGI output: header lines, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersSent = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        response.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const at = line.indexOf(':');
        const name = line.slice(0, at).trim();
        const value = line.slice(at + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else response.setHeader(name, value);
      }
      response.writeHead(status);
      headersSent = true;
      response.write(head.subarray(end + 4));
    });
    cgi.on('close', () => response.end());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenAddress, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (repoName) => `http://${listenAddress}:${port}/${repoName}`,
    authorizations,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
