import crypto from 'node:crypto';

const PREFIX = 'k8s-mesos-builder';

function shortHash(parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

/** Keys of the builder image cache: an exact key per content, and a prefix for older builds of one Go version. */
export function imageCacheKeys(platform: string, arch: string, goVersion: string, contentKey: string): { key: string; restoreKeys: string[] } {
  const prefix = `${PREFIX}-image-${platform}-${arch}-go${goVersion}-`;
  return { key: `${prefix}${contentKey}`, restoreKeys: [prefix] };
}

/** Keys of a pulled image's copy: one entry per image ID, found again by its reference. */
export function pulledImageCacheKeys(platform: string, arch: string, reference: string, imageId = ''): { key: string; restoreKeys: string[] } {
  const prefix = `${PREFIX}-pulled-${platform}-${arch}-${shortHash([reference])}-`;
  return { key: `${prefix}${imageId.replace(/^sha256:/, '').slice(0, 24)}`, restoreKeys: [prefix] };
}

/** Settings that make compiled Go packages reusable: the same package path, toolchain, tags and race flag. */
export interface GoBuildConfig {
  platform: string;
  arch: string;
  goPackage: string;
  goVersion: string;
  tags: string[];
  race: boolean;
}

/**
 * Keys of the Go build cache. Entries are saved per commit; a new commit restores the newest entry
 * of the same configuration through the prefix.
 */
export function goBuildCachePrefix(config: GoBuildConfig): string {
  const configHash = shortHash([config.goPackage, config.goVersion, [...config.tags].sort().join(','), String(config.race)]);
  return `${PREFIX}-gocache-${config.platform}-${config.arch}-go${config.goVersion}-${configHash}-`;
}
