import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds src/builder in the action's own checkout. The bundle runs from dist/ and the tests from
 * src/, so the search walks up from this module instead of assuming a fixed depth.
 */
export function findBuilderDir(moduleUrl: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const candidate = path.join(dir, 'src', 'builder');
    if (fs.existsSync(path.join(candidate, 'Dockerfile'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`src/builder/Dockerfile was not found above ${path.dirname(fileURLToPath(moduleUrl))}; the action's checkout is incomplete.`);
    }
    dir = parent;
  }
}
