// One instance of a stream application in its own OS process, for the zombie-fencing test. It
// runs the topology `zombie-fencing.test.ts` describes (final counts per key in tumbling 10 s
// windows, grace 5 s), with the options given as one JSON argument, and obeys its stdin:
// `pause` makes it SIGSTOP itself inside its next commit, after the outputs are sent in the open
// transaction and before the input offsets are (the worst moment to become a zombie); `stop`
// makes it stop and exit. It prints `ready`, `pausing`, and at the end `summary <json>`.
const { createInterface } = require('node:readline');
const { KafkaStreams, StreamsBuilder, tumbling } = require('@streamlab/kernel-helpers/streams');

const args = JSON.parse(process.argv[2]);
const builder = new StreamsBuilder();
builder.stream(args.input).groupByKey().windowedBy(tumbling('10s', { grace: '5s' })).count({ name: 'counts', emit: 'final' }).toStream().to(args.output);

let pauseArmed = false;
const streams = new KafkaStreams(builder.build(), {
  applicationId: args.applicationId,
  instanceId: args.instanceId,
  guarantee: 'exactly_once',
  bootstrap: args.bootstrap,
  commitEveryRecords: args.commitEveryRecords,
  onCommitStep: (step) => {
    if (step !== 'outputs-sent' || !pauseArmed) return;
    pauseArmed = false;
    process.stdout.write('pausing\n');
    process.kill(process.pid, 'SIGSTOP');
  },
});

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'pause') pauseArmed = true;
  if (line === 'stop') {
    streams
      .stop({ timeoutMs: 15_000 })
      .then(() => {
        process.stdout.write(`summary ${JSON.stringify({ ...streams.metrics(), state: streams.state })}\n`);
        process.exit(0);
      })
      .catch((error) => {
        process.stderr.write(`${error.stack}\n`);
        process.exit(1);
      });
  }
});

streams.start().then(
  () => process.stdout.write('ready\n'),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
