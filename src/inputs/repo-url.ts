import { InputError } from './input-error.js';
import type { RepoUrl } from './settings.js';

// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f]/;
// ssh:// and user@host:path are left out: the builder image has no SSH client and the action
// passes no SSH key. Private repositories use https with a token.
const URL_SCHEMES = ['https:', 'http:', 'git:'];
const ALLOWED = 'Give an https://, http:// or git:// URL without spaces or control characters; for a private repository, https://TOKEN@host/path.';

/**
 * Parses the repository URL and splits off any credentials. The caller must mask the returned
 * password before anything is logged; errors never quote a password.
 */
export function parseRepoUrl(input: string, raw: string): RepoUrl {
  const value = raw.trim();
  if (value.startsWith('-') || UNSAFE_CHARS.test(value)) {
    throw new InputError(input, redact(value), ALLOWED);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, redact(value), ALLOWED);
  }
  if (!URL_SCHEMES.includes(url.protocol) || url.hostname === '' || url.pathname.length <= 1) {
    throw new InputError(input, redact(value), ALLOWED);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(input, redact(value), 'A repository URL takes no query string or fragment.');
  }

  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const repo: RepoUrl = { displayUrl: url.toString() };
  if (username !== '' || password !== '') {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new InputError(input, repo.displayUrl, 'Credentials in the URL are supported for https:// and http:// only.');
    }
    // A token alone (https://TOKEN@host) arrives as the user name; GitHub accepts any user name with it.
    const tokenOnly = password === '';
    repo.credentials = {
      username: tokenOnly || username === '' ? 'x-access-token' : username,
      password: tokenOnly ? username : password,
      protocol: url.protocol.slice(0, -1),
      host: url.host,
    };
  }
  return repo;
}

/** Removes the user-info part of anything that looks like a URL, for error messages. */
export function redact(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, '//***@');
}

/** Returns the last path element of a repository URL without ".git", e.g. "kubernetes-mesos". */
export function repoName(displayUrl: string): string {
  const path = displayUrl.replace(/\/+$/, '').replace(/\.git$/, '');
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1);
  return name === '' ? 'repository' : name;
}
