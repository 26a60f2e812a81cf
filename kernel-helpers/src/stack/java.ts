import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { StackError } from '../errors.js';

/** The oldest Java release Kafka 4.x brokers and Connect run on. */
export const MIN_JAVA = 17;

/** Extracts the major version from `java -version` output ("17.0.15", "1.8.0_392" → 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** The `java` executable to use: `$JAVA_HOME/bin/java`, else `java` on PATH; checked to be 17+. */
export function findJava(): string {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new StackError(`Java ${MIN_JAVA}+ not found (tried ${java})`, {
      hint: 'install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME',
    });
  }
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === undefined || major < MIN_JAVA) {
    throw new StackError(`Java ${major ?? '?'} is too old for Kafka 4.x (needs ${MIN_JAVA}+)`, {
      hint: 'install a JDK 17 or newer and point JAVA_HOME at it',
    });
  }
  return java;
}

/** The `mvn` executable, checked to answer `mvn -v`. */
export function findMaven(): string {
  const mvn = process.env.MAVEN_HOME ? join(process.env.MAVEN_HOME, 'bin', 'mvn') : 'mvn';
  const result = spawnSync(mvn, ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new StackError('Maven not found: it downloads the Kafka, Connect and Debezium jars', {
      hint: 'install Maven 3.6+ (Debian: apt-get install maven) or set MAVEN_HOME',
    });
  }
  return mvn;
}
