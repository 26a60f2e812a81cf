import { describe, expect, it } from 'vitest';
import { assertUsablePython, basePython, type PythonReport } from '../../../kernel-helpers/src/jupyter/python';

const report = (version: PythonReport['version'], missing: string[] = []): PythonReport => ({
  executable: '/usr/bin/python3',
  version,
  missing,
});

describe('choosing the Python that creates the venv', () => {
  it('uses python3 from PATH unless STREAMLAB_PYTHON names another', () => {
    expect(basePython({})).toBe('python3');
    expect(basePython({ STREAMLAB_PYTHON: ' ' })).toBe('python3');
    expect(basePython({ STREAMLAB_PYTHON: '/opt/python3.12/bin/python3' })).toBe('/opt/python3.12/bin/python3');
  });

  it('accepts Python 3.10 and newer with venv and ensurepip', () => {
    expect(() => assertUsablePython(report([3, 10, 0]))).not.toThrow();
    expect(() => assertUsablePython(report([3, 13, 1]))).not.toThrow();
  });

  it('rejects a Python older than the pinned Jupyter supports, naming version and path', () => {
    expect(() => assertUsablePython(report([3, 9, 18]))).toThrow('Python 3.9.18 at /usr/bin/python3 is too old: Jupyter needs 3.10+');
    expect(() => assertUsablePython(report([2, 7, 18]))).toThrow(/too old/);
  });

  it('points Debian users to python3-venv when ensurepip is missing', () => {
    expect(() => assertUsablePython(report([3, 11, 2], ['ensurepip']))).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/no ensurepip/), hint: expect.stringMatching(/apt-get install python3-venv/) }),
    );
  });
});
