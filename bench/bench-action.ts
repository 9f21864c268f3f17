// A private copy of the bundled action whose builder image shares no layer with the images that
// other test runs build on the same Docker engine.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies dist/, src/builder/ and action.yml of the action at repoRoot into actionDir, and puts
 * `echo bench-<nonce>;` at the start of the Dockerfile's first RUN step. That step and every later
 * one then miss the engine's layer cache, and the content key gives the image its own tag.
 * Returns the copied builder directory.
 */
export function copyActionWithNonce(repoRoot: string, actionDir: string, nonce: string): string {
  fs.mkdirSync(actionDir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'action.yml'), path.join(actionDir, 'action.yml'));
  const builderDir = path.join(actionDir, 'src', 'builder');
  fs.cpSync(path.join(repoRoot, 'src', 'builder'), builderDir, { recursive: true });

  const dockerfile = path.join(builderDir, 'Dockerfile');
  const text = fs.readFileSync(dockerfile, 'utf8');
  const marked = text.replace(/^RUN /m, `RUN echo bench-${nonce}; `);
  if (marked === text) throw new Error(`${dockerfile} has no RUN step to put the benchmark's nonce in`);
  fs.writeFileSync(dockerfile, marked);
  return builderDir;
}
