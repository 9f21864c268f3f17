import { describe, expect, it } from 'vitest';
import { cacheModeAllowsWrites } from '../../src/cache/cache-store.js';

describe('cacheModeAllowsWrites', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['write', true],
    ['write-only', true],
    [' Write ', true],
    ['read', false],
    ['READ', false],
    ['none', false],
    ['something-new', true],
  ])('mode %j allows writes: %s', (mode, expected) => {
    expect(cacheModeAllowsWrites(mode)).toBe(expected);
  });
});
