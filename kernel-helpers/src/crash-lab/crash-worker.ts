/**
 * The processor process of `runCrashTest`: runs `crashTestTopology` (or `countsPerKeyTopology`)
 * with the options given as one JSON argument and prints `commits <n> records <m>` after each change, so the parent can kill it
 * mid-stream. Without `killAfterCommits` it runs until the input is idle, then exits 0.
 */
import { runCli } from '../errors.js';
import { KafkaStreams } from '../streams/index.js';
import type { CrashWorkerArguments } from './crash-test.js';
import { crashTopology } from './topologies.js';

void runCli(async () => {
  const args = JSON.parse(process.argv[2] ?? '{}') as CrashWorkerArguments;
  const streams = new KafkaStreams(crashTopology(args.topology, args.input, args.output), {
    applicationId: args.applicationId,
    guarantee: args.guarantee,
    bootstrap: args.bootstrap,
    commitEveryRecords: args.commitEveryRecords,
    onCommitStep: (step, commit) => {
      // The worst moment: outputs and state written, input offsets not yet committed.
      if (args.killAt === 'outputs-sent' && step === 'outputs-sent' && commit >= args.killAfterCommits!) {
        // The parent learns how far it got from these lines: the last one goes out now (a pipe write is synchronous on Linux), not at the next tick of the reporter.
        process.stdout.write(line());
        process.kill(process.pid, 'SIGKILL');
      }
    },
  });
  let reported = '';
  const line = () => `commits ${streams.metrics().commits} records ${streams.metrics().recordsIn}\n`;
  const report = setInterval(() => {
    if (line() !== reported) process.stdout.write((reported = line()));
  }, 5);
  try {
    if (args.killAfterCommits === undefined) {
      await streams.run({ untilIdleMs: 3000 });
    } else {
      await streams.start();
      await new Promise(() => undefined); // until the parent kills this process
    }
  } finally {
    clearInterval(report);
  }
  process.stdout.write(line());
  return 0;
});
