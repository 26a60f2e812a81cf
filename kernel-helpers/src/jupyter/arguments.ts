import { parseArgs } from 'node:util';
import { JupyterError } from '../errors.js';

/** What the jupyter CLI was asked to do. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'setup' }
  | { name: 'run'; notebooks: string[]; timeout?: number; /** false with `--no-stack` */ stack: boolean }
  | { name: 'lab'; /** false with `--no-stack` */ stack: boolean };

/** The CLI's help text. */
export const USAGE = `usage: cli.js <command> [options]

  setup                        create .venv (pinned Jupyter) and register the tslab kernel
  run [notebook.ipynb ...]     setup, bring the stack up, execute notebooks headlessly
                               (default: notebooks/[0-9][0-9]-*.ipynb) into build/notebooks/
      --timeout <seconds>      per-cell timeout (default 300)
  lab                          setup, bring the stack up, start JupyterLab on 127.0.0.1

  --no-stack                   (run, lab) do not start the stack first
  -h, --help                   show this help`;

/** Parses the CLI's arguments (without `node cli.js`); throws a JupyterError on a bad one. */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new JupyterError((error as Error).message, { hint: 'see --help' });
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === 'help' || name === undefined) return { name: 'help' };

  const stack = !values['no-stack'];
  switch (name) {
    case 'setup':
      expectNoExtra(name, rest, values.timeout, values['no-stack']);
      return { name };
    case 'lab':
      expectNoExtra(name, rest, values.timeout);
      return { name, stack };
    case 'run':
      return { name, notebooks: rest, stack, ...(values.timeout === undefined ? {} : { timeout: seconds(values.timeout) }) };
    default:
      throw new JupyterError(`unknown command '${name}'`, { hint: 'use setup, run or lab (see --help)' });
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      timeout: { type: 'string' },
      'no-stack': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function expectNoExtra(name: string, rest: string[], ...options: unknown[]): void {
  if (rest.length > 0 || options.some((option) => option !== undefined)) {
    throw new JupyterError(`'${name}' takes no ${rest.length > 0 ? `arguments (got ${rest.join(' ')})` : 'such option'}`, {
      hint: 'see --help',
    });
  }
}

function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new JupyterError(`--timeout must be a positive number of seconds, got '${text}'`, { hint: 'e.g. --timeout 600' });
  }
  return value;
}
