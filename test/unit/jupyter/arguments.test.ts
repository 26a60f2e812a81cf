import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../kernel-helpers/src/jupyter/arguments';
import { JupyterError } from '../../../kernel-helpers/src/errors';

describe('jupyter CLI arguments', () => {
  it('shows help with no command, help or --help', () => {
    expect(parseCliArgs([])).toEqual({ name: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ name: 'help' });
    expect(parseCliArgs(['run', '--help'])).toEqual({ name: 'help' });
  });

  it('runs every notebook with the stack and the default timeout when given no options', () => {
    expect(parseCliArgs(['run'])).toEqual({ name: 'run', notebooks: [], stack: true });
  });

  it('passes notebook paths and --timeout in seconds to run', () => {
    expect(parseCliArgs(['run', 'notebooks/01-a.ipynb', '--timeout', '600', 'notebooks/02-b.ipynb'])).toEqual({
      name: 'run',
      notebooks: ['notebooks/01-a.ipynb', 'notebooks/02-b.ipynb'],
      timeout: 600,
      stack: true,
    });
    expect(parseCliArgs(['run', '--timeout=2.5'])).toMatchObject({ timeout: 2.5 });
  });

  it('skips the stack with --no-stack', () => {
    expect(parseCliArgs(['run', '--no-stack'])).toMatchObject({ stack: false });
    expect(parseCliArgs(['lab', '--no-stack'])).toEqual({ name: 'lab', stack: false });
  });

  it.each([
    [['run', '--timeout', '0'], /positive number of seconds/],
    [['run', '--timeout', 'soon'], /positive number of seconds/],
    [['run', '--verbose'], /Unknown option '--verbose'/],
    [['deploy'], /unknown command 'deploy'/],
    [['setup', 'extra'], /'setup' takes no arguments/],
    [['setup', '--no-stack'], /'setup' takes no such option/],
    [['lab', '--timeout', '5'], /'lab' takes no such option/],
  ])('rejects %j with a JupyterError and a hint', (argv, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JupyterError);
    expect((error as JupyterError).message).toMatch(message);
    expect((error as JupyterError).hint).toBeTruthy();
  });
});
