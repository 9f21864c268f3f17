import fs from 'node:fs';
import { InputError } from './input-error.js';

/** Tells whether SELinux is enforcing on this host, which makes bind mounts need a label. */
export function selinuxEnforcing(enforceFile = '/sys/fs/selinux/enforce'): boolean {
  try {
    return fs.readFileSync(enforceFile, 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** Parses `selinux-relabel`: auto (detect enforcing SELinux), true or false, in any case. */
export function parseSelinuxRelabel(input: string, raw: string, detect: () => boolean = selinuxEnforcing): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'auto') return detect();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(input, raw, 'Allowed: auto, true or false.');
}
