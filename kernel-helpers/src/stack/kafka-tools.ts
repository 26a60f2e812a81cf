import { spawn } from 'node:child_process';
import { StackError } from '../errors.js';
import { findJava } from './java.js';
import { log4jConfig, resolveJars } from './jars.js';

/**
 * Kafka's own command-line tools, by the name of their script without `kafka-` and `.sh`
 * (`kafka-topics.sh` → `topics`), and the class each script runs (Kafka 4.x, `kafka-tools` jar).
 */
export const KAFKA_TOOLS = {
  topics: 'org.apache.kafka.tools.TopicCommand',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'get-offsets': 'org.apache.kafka.tools.GetOffsetShell',
  'producer-perf-test': 'org.apache.kafka.tools.ProducerPerformance',
  'consumer-perf-test': 'org.apache.kafka.tools.ConsumerPerformance',
} as const;

/** A tool of KAFKA_TOOLS. */
export type KafkaToolName = keyof typeof KAFKA_TOOLS;

/** What a tool printed and how it ended. */
export interface KafkaToolResult {
  /** The command as a learner would type it at work, e.g. `kafka-topics.sh --describe --topic x --bootstrap-server ...`. */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Whether `name` is one of KAFKA_TOOLS. */
export function isKafkaTool(name: string): name is KafkaToolName {
  return Object.hasOwn(KAFKA_TOOLS, name);
}

/**
 * The JVM arguments that run `tool` with `args` against `bootstrap`: the class from KAFKA_TOOLS and
 * `--bootstrap-server <bootstrap>` appended unless the arguments already name a server. Pure.
 */
export function kafkaToolArguments(tool: KafkaToolName, args: string[], bootstrap: string, classpath: string): string[] {
  const named = args.includes('--bootstrap-server');
  return ['-cp', classpath, `-Dlog4j2.configurationFile=${log4jConfig}`, '-Xms32m', '-Xmx256m', KAFKA_TOOLS[tool], ...args, ...(named ? [] : ['--bootstrap-server', bootstrap])];
}

/**
 * Runs one of Kafka's command-line tools (the classes behind `kafka-topics.sh` and friends) from the
 * native stack's cached classpath against `bootstrap`, and returns what it printed. Bounded: the
 * process is killed after `timeoutMs` (default 60 s).
 */
export async function runKafkaTool(tool: KafkaToolName, args: string[], options: { bootstrap: string; timeoutMs?: number }): Promise<KafkaToolResult> {
  const jars = await resolveJars();
  const java = findJava();
  const command = `kafka-${tool}.sh ${[...args, ...(args.includes('--bootstrap-server') ? [] : ['--bootstrap-server', options.bootstrap])].join(' ')}`;
  const child = spawn(java, kafkaToolArguments(tool, args, options.bootstrap, jars.classpath), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  }).finally(() => clearTimeout(timer));
  if (timedOut) throw new StackError(`${command} did not finish in ${timeoutMs / 1000} s`, { hint: 'add --max-messages or --timeout-ms to a console consumer so it ends' });
  return { command, exitCode, stdout, stderr };
}
