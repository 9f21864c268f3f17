import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Inputs to the builder image that change its content. */
export interface ImageRecipe {
  builderDir: string;
  buildArgs: Record<string, string>;
  platform: string;
  arch: string;
}

/**
 * Hashes everything the image is made from: each file in the builder directory (name and bytes,
 * in sorted order), the build arguments and the runner's OS and architecture. Two runners with the
 * same key build identical images, so the key can name a cache entry and tag the image.
 */
export function builderImageKey(recipe: ImageRecipe): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(recipe.builderDir).sort()) {
    const file = path.join(recipe.builderDir, name);
    if (!fs.statSync(file).isFile()) continue;
    hash.update(`file ${name}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  for (const name of Object.keys(recipe.buildArgs).sort()) hash.update(`arg ${name}=${recipe.buildArgs[name]}\0`);
  hash.update(`platform ${recipe.platform}/${recipe.arch}\0`);
  return hash.digest('hex').slice(0, 20);
}
