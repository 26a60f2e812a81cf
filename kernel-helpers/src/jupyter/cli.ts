#!/usr/bin/env node
/** The notebook toolchain CLI behind `npm run setup`, `npm start` and `npm run notebooks`. */
import { relative } from 'node:path';
import { runCli } from '../errors.js';
import { parseCliArgs, USAGE } from './arguments.js';
import { KERNEL_NAME } from './kernel.js';
import { runLab } from './lab.js';
import { runNotebooks } from './notebooks.js';
import { setupJupyter } from './setup.js';

void runCli(async () => {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.name === 'help') {
    console.log(USAGE);
    return 0;
  }

  const status = statusLine();
  const { paths, changed } = await setupJupyter({ onProgress: status.update });
  status.clear();
  console.log(`jupyter: ${changed ? 'ready' : 'up to date'} (${relative(paths.root, paths.venv)}, kernel ${KERNEL_NAME})`);

  if (command.name === 'setup') return 0;
  if (command.stack) await bringStackUp();
  if (command.name === 'run') return runNotebooks(paths, { notebooks: command.notebooks, timeout: command.timeout });
  return runLab(paths, { onReady: (url) => console.log(`\nJupyterLab is ready: ${url}\n(Ctrl-C to stop)\n`) });
});

/**
 * Starts the stack (or finds it running) so notebooks can reach Kafka, Postgres and Connect.
 * Imported lazily so `setup` and `--no-stack` never load the stack code or its dependencies.
 */
async function bringStackUp(): Promise<void> {
  const { ensure } = await import('../stack/index.js');
  const info = await ensure({ onProgress: (line) => console.log(`stack: ${line}`) });
  console.log(`stack: ${info.provider}, kafka ${info.kafka.bootstrap}, postgres ${info.postgres.url}, connect ${info.connect.url}`);
}

/**
 * Progress for slow steps: on a terminal, one line rewritten in place (pip prints ~150 lines);
 * elsewhere (CI logs), every line.
 */
function statusLine(): { update: (line: string) => void; clear: () => void } {
  const tty = process.stdout.isTTY;
  const width = (): number => (process.stdout.columns || 80) - 1;
  let shown = false;
  return {
    update: (line) => {
      if (tty) process.stdout.write(`\r\x1b[K  ${line.trim().slice(0, width() - 2)}`);
      else console.log(`  ${line}`);
      shown = tty;
    },
    clear: () => {
      if (shown) process.stdout.write('\r\x1b[K');
    },
  };
}
