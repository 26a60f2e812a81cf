/**
 * The processor process of `runCrashTest`: runs `crashTestTopology` with the options given as
 * one JSON argument and prints `commits <n>` after each change, so the parent can kill it
 * mid-stream. Without `killAfterCommits` it runs until the input is idle, then exits 0.
 */
import { runCli } from '../errors.js';
import { crashTestTopology, type CrashWorkerArguments } from './crash-test.js';
import { KafkaStreams } from './runtime.js';

void runCli(async () => {
  const args = JSON.parse(process.argv[2] ?? '{}') as CrashWorkerArguments;
  const streams = new KafkaStreams(crashTestTopology(args.input, args.output), {
    applicationId: args.applicationId,
    guarantee: args.guarantee,
    bootstrap: args.bootstrap,
    commitEveryRecords: args.commitEveryRecords,
    onCommitStep: (step, commit) => {
      // The worst moment: outputs and state written, input offsets not yet committed.
      if (args.killAt === 'outputs-sent' && step === 'outputs-sent' && commit >= args.killAfterCommits!) process.kill(process.pid, 'SIGKILL');
    },
  });
  let reported = -1;
  const report = setInterval(() => {
    const { commits } = streams.metrics();
    if (commits !== reported) process.stdout.write(`commits ${(reported = commits)}\n`);
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
  process.stdout.write(`commits ${streams.metrics().commits}\n`);
  return 0;
});
