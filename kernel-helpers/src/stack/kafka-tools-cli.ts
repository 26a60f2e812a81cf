#!/usr/bin/env node
/**
 * npm run kafka -- <tool> [args...]: Kafka's own CLI tools against the course's broker, e.g.
 * `npm run kafka -- topics --describe --topic x` (kafka-topics.sh), `consumer-groups --describe --group g`,
 * `console-consumer --topic x --property print.key=true --from-beginning --max-messages 10`.
 */
import { runCli, StackError } from '../errors.js';
import { ensure } from './index.js';
import { isKafkaTool, KAFKA_TOOLS, runKafkaTool } from './kafka-tools.js';

void runCli(async () => {
  const [tool, ...args] = process.argv.slice(2);
  if (!tool || !isKafkaTool(tool)) {
    throw new StackError(`${tool ? `unknown tool "${tool}"` : 'no tool given'}: use one of ${Object.keys(KAFKA_TOOLS).join(', ')}`, {
      hint: 'npm run kafka -- topics --describe --topic <topic>',
    });
  }
  const info = await ensure({ services: ['kafka'] });
  const result = await runKafkaTool(tool, args, { bootstrap: info.kafka.bootstrap, timeoutMs: 10 * 60_000 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
});
