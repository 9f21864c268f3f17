import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run-action.js';

/**
 * Copies the runnable parts of the action (action.yml, dist/, src/builder/) to a directory, and
 * writes a nonce into the first build step of its Dockerfile. The copy's image then shares no layers
 * with images that other tests build, and tests may edit its builder files.
 */
export function copyAction(destination: string, nonce: string): string {
  fs.mkdirSync(path.join(destination, 'src'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'action.yml'), path.join(destination, 'action.yml'));
  fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(destination, 'dist'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'src', 'builder'), path.join(destination, 'src', 'builder'), { recursive: true });
  const dockerfile = path.join(destination, 'src', 'builder', 'Dockerfile');
  const text = fs.readFileSync(dockerfile, 'utf8');
  if (!text.includes('RUN set -eux; \\\n')) throw new Error('The Dockerfile has no "RUN set -eux; \\" step to put the nonce in');
  fs.writeFileSync(dockerfile, text.replace('RUN set -eux; \\\n', `RUN set -eux; echo ${nonce}; \\\n`));
  return destination;
}
