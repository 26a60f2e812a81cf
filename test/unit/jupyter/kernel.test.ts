import { describe, expect, it } from 'vitest';
import { kernelSpecMatches } from '../../../kernel-helpers/src/jupyter/kernel';

const tslab = '/work/streamlab/node_modules/.bin/tslab';

describe('registered kernel check', () => {
  it('accepts the kernel.json that tslab install writes for this checkout', () => {
    const spec = { argv: [tslab, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' };
    expect(kernelSpecMatches(spec, tslab)).toBe(true);
  });

  it('rejects a kernel registered from another checkout or a global tslab, so setup re-registers it', () => {
    expect(kernelSpecMatches({ argv: ['/old/clone/node_modules/.bin/tslab', 'kernel'] }, tslab)).toBe(false);
    expect(kernelSpecMatches({ argv: ['tslab', 'kernel'] }, tslab)).toBe(false);
  });

  it('rejects a missing or malformed kernel.json', () => {
    expect(kernelSpecMatches(undefined, tslab)).toBe(false);
    expect(kernelSpecMatches(null, tslab)).toBe(false);
    expect(kernelSpecMatches({ argv: 'tslab kernel' }, tslab)).toBe(false);
  });
});
