import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError } from '../errors.js';
import { findMaven } from './java.js';
import { cacheDir, packageRoot } from './paths.js';

/**
 * A pinned Maven project under `java/<name>/`: its `pom.xml`, which names every jar, and the log4j2
 * configuration its JVMs share (writing to stdout, which the launchers log to a file).
 */
function javaProject(name: 'stack' | 'flink'): { pom: string; log4j: string } {
  return { pom: join(packageRoot, 'java', name, 'pom.xml'), log4j: join(packageRoot, 'java', name, 'log4j2.properties') };
}

const STACK = javaProject('stack');
const FLINK = javaProject('flink');

/** The native stack's project (Kafka broker, its tools, Connect with Debezium). */
export const stackPom: string = STACK.pom;
export const log4jConfig: string = STACK.log4j;
/** The Flink session cluster's project (JobManager, TaskManager, SQL Gateway). */
export const flinkPom: string = FLINK.pom;
export const flinkLog4jConfig: string = FLINK.log4j;

/** A resolved Java classpath (':'-separated). */
interface Classpath {
  /** For the broker, its tools and Connect; or for the JobManager, the TaskManager and the SQL Gateway. */
  classpath: string;
}

export interface StackJars extends Classpath {
  /** Kafka Connect `plugin.path`: holds the unpacked Debezium PostgreSQL connector. */
  pluginPath: string;
  /** Apache Kafka version the pom pins. */
  kafkaVersion: string;
  /** Debezium version the pom pins. */
  debeziumVersion: string;
}

/** Reads a `<name>x</name>` property from the pom. */
export function pomProperty(pomText: string, name: string, pom: string = stackPom): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(pomText);
  if (!match) throw new StackError(`${name} is not set in ${pom}`, { hint: 'restore the file from git' });
  return match[1].trim();
}

/**
 * Resolves the jars through Maven (downloads on the first run only; Maven keeps them in ~/.m2)
 * and unpacks the Debezium plugin. The result is cached per pom content in `cacheDir()`, so
 * every later start, of any stack on this machine, runs no Maven at all.
 */
export async function resolveJars(onProgress: (line: string) => void = () => {}): Promise<StackJars> {
  const pomText = readFileSync(stackPom, 'utf8');
  const key = createHash('sha256').update(pomText).digest('hex').slice(0, 12);
  const dir = join(cacheDir(), 'java', key);
  const classpathFile = join(dir, 'classpath.txt');
  const pluginPath = join(dir, 'plugins');
  const jars = {
    pluginPath,
    kafkaVersion: pomProperty(pomText, 'kafka.version'),
    debeziumVersion: pomProperty(pomText, 'debezium.version'),
  };
  if (!existsSync(classpathFile) || !existsSync(join(pluginPath, 'debezium-connector-postgres'))) {
    mkdirSync(dir, { recursive: true });
    onProgress(`resolving Kafka ${jars.kafkaVersion} and Debezium ${jars.debeziumVersion} jars with Maven (the first run downloads about 100 MB into ~/.m2)`);
    await runMaven(
      stackPom,
      ['dependency:build-classpath', 'dependency:unpack@debezium', `-Dmdep.outputFile=${classpathFile}`, `-Dstreamlab.plugins=${pluginPath}`],
      onProgress,
    );
  }
  return { ...jars, classpath: readFileSync(classpathFile, 'utf8').trim() };
}

export interface FlinkJars extends Classpath {
  /** Apache Flink version the pom pins. */
  flinkVersion: string;
  /** flink-sql-connector-kafka version the pom pins. */
  connectorVersion: string;
}

/**
 * Resolves the Flink jars through Maven once (about 165 MB on the first run), cached per pom
 * content like the Kafka classpath, so later starts run no Maven at all.
 */
export async function resolveFlinkJars(onProgress: (line: string) => void = () => {}): Promise<FlinkJars> {
  const pomText = readFileSync(flinkPom, 'utf8');
  const key = createHash('sha256').update(pomText).digest('hex').slice(0, 12);
  const classpathFile = join(cacheDir(), 'java', `flink-${key}`, 'classpath.txt');
  const flinkVersion = pomProperty(pomText, 'flink.version', flinkPom);
  if (!existsSync(classpathFile)) {
    mkdirSync(dirname(classpathFile), { recursive: true });
    onProgress(`resolving Apache Flink ${flinkVersion} jars with Maven (the first run downloads about 165 MB into ~/.m2)`);
    await runMaven(flinkPom, ['dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], onProgress);
  }
  return { flinkVersion, connectorVersion: pomProperty(pomText, 'flink-kafka.version', flinkPom), classpath: readFileSync(classpathFile, 'utf8').trim() };
}

async function runMaven(pom: string, goals: string[], onProgress: (line: string) => void): Promise<void> {
  const mvn = findMaven();
  const args = ['-B', '-f', pom, ...goals];
  const child = spawn(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let downloaded = 0;
  let bytes = 0;
  let lastReport = 0;
  const tail: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim()) tail.push(line);
      if (tail.length > 20) tail.shift();
      const done = /Downloaded from \S+: \S+ \(([\d.]+) (B|kB|MB)/.exec(line);
      if (!done) continue;
      downloaded += 1;
      bytes += Number(done[1]) * ({ B: 1, kB: 1e3, MB: 1e6 } as const)[done[2] as 'B' | 'kB' | 'MB'];
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        onProgress(`  jars: ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB downloaded`);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  if (code !== 0) {
    const reason = tail.filter((line) => line.includes('ERROR')).slice(0, 3).join(' | ') || tail.slice(-3).join(' | ');
    throw new StackError(`Maven could not resolve the jars of ${pom}: ${reason}`, {
      hint: 'check network access to Maven Central (or a mirror in ~/.m2/settings.xml), then run "npm run stack:up" again',
    });
  }
  if (downloaded > 0) onProgress(`  jars: ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB downloaded`);
}
