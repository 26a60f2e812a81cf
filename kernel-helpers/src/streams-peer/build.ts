import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../stack/paths.js';
import { findJava } from '../stack/java.js';
import { StreamsPeerError } from './arguments.js';

/** The Maven project of the peer (kernel-helpers/java/streams-peer). */
export const peerProject: string = join(packageRoot, 'java', 'streams-peer');

/** What `java` needs to run the peer. */
export interface PeerBuild {
  /** `java` executable (JAVA_HOME or PATH), checked to be 17+. */
  java: string;
  /** Classpath: the peer's jar, then its dependencies in ~/.m2. */
  classpath: string;
  mainClass: string;
  /** True when this call ran Maven; false when the cached build matched the sources. */
  built: boolean;
  /** Wall time of this call, ms. */
  durationMs: number;
}

const MAIN_CLASS = 'dev.streamlab.streamspeer.WindowedCountsApp';
let building: Promise<PeerBuild> | undefined;

/**
 * Builds the Kafka Streams peer with Maven (`mvn -q -B package`) unless target/ already holds a
 * build of the same pom and sources (hash in target/build-key.txt): a warm call runs no Maven.
 * The first build downloads kafka-streams and its dependencies into ~/.m2.
 */
export function buildStreamsPeer(): Promise<PeerBuild> {
  building ??= buildOnce().finally(() => {
    building = undefined;
  });
  return building;
}

async function buildOnce(): Promise<PeerBuild> {
  const started = Date.now();
  const java = findJava();
  const target = join(peerProject, 'target');
  const jar = join(target, 'streams-peer.jar');
  const classpathFile = join(target, 'classpath.txt');
  const keyFile = join(target, 'build-key.txt');
  const key = sourceHash();
  const cached = existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(jar) && existsSync(classpathFile);
  if (!cached || !dependenciesPresent(readFileSync(classpathFile, 'utf8'))) {
    await runMaven(['-q', '-B', '-Dstyle.color=never', '-f', join(peerProject, 'pom.xml'), 'package']);
    writeFileSync(keyFile, key);
  }
  const dependencies = readFileSync(classpathFile, 'utf8').trim();
  return { java, classpath: `${jar}:${dependencies}`, mainClass: MAIN_CLASS, built: !cached, durationMs: Date.now() - started };
}

/** Hash of pom.xml and every file under src/, by relative path and content. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [join(peerProject, 'pom.xml'), ...filesUnder(join(peerProject, 'src'))]) {
    hash.update(relative(peerProject, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** ~/.m2 may have been cleaned since the build: then the classpath points at missing jars. */
function dependenciesPresent(classpath: string): boolean {
  return classpath.trim().split(':').every((jar) => existsSync(jar));
}

async function runMaven(args: string[]): Promise<void> {
  const mvn = process.env.MAVEN_HOME ? join(process.env.MAVEN_HOME, 'bin', 'mvn') : 'mvn';
  if (spawnSync(mvn, ['-v'], { stdio: 'ignore' }).error) {
    throw new StreamsPeerError(`Maven not found (tried ${mvn}): it builds the Kafka Streams peer`, {
      hint: 'install Maven 3.6+ (Debian: apt-get install maven) or set MAVEN_HOME',
    });
  }
  const child = spawn(mvn, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(...chunk.toString().split('\n').filter((line) => line.trim()));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  if (code !== 0) {
    const errors = output.filter((line) => line.includes('ERROR')).slice(0, 4);
    throw new StreamsPeerError(`Maven could not build the Kafka Streams peer: ${(errors.length ? errors : output.slice(-4)).join(' | ')}`, {
      hint: `run "mvn -B -f ${join(peerProject, 'pom.xml')} package" to see the whole output; the first build needs Maven Central`,
    });
  }
}
