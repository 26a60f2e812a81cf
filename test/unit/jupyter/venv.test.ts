import { describe, expect, it } from 'vitest';
import { requirementsHash } from '../../../kernel-helpers/src/jupyter/venv';

describe('requirements hash', () => {
  const pins = 'jupyterlab==4.6.6\nnbclient==0.11.0\n';

  it('is a hex sha256', () => {
    expect(requirementsHash(pins)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores comments, blank lines, spacing and line endings, so they trigger no reinstall', () => {
    const reworded = '# Jupyter for Streamlab\r\n\r\n  jupyterlab==4.6.6   # the UI\r\nnbclient==0.11.0\r\n\r\n';
    expect(requirementsHash(reworded)).toBe(requirementsHash(pins));
  });

  it('changes when a pin changes or a package is added', () => {
    expect(requirementsHash('jupyterlab==4.6.5\nnbclient==0.11.0\n')).not.toBe(requirementsHash(pins));
    expect(requirementsHash(`${pins}nbformat==5.11.1\n`)).not.toBe(requirementsHash(pins));
  });

  it('keeps a # that is part of a requirement (a URL fragment)', () => {
    const a = 'pkg @ https://example.org/pkg.zip#sha256=aaa';
    const b = 'pkg @ https://example.org/pkg.zip#sha256=bbb';
    expect(requirementsHash(a)).not.toBe(requirementsHash(b));
  });
});
