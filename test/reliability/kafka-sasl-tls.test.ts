import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../kernel-helpers/src/kafka/client';
import { connectTo, KafkaAuthenticationError } from '../../kernel-helpers/src/kafka/connection';
import { consume } from '../../kernel-helpers/src/kafka/consume';
import { produce } from '../../kernel-helpers/src/kafka/produce';
import { createTopic } from '../../kernel-helpers/src/kafka/topics';
import { resolveJars } from '../../kernel-helpers/src/stack/jars';
import { findJava } from '../../kernel-helpers/src/stack/java';
import { newClusterId } from '../../kernel-helpers/src/stack/kafka-node';
import { freePorts } from '../../kernel-helpers/src/stack/ports';
import { isAlive, startDaemon, stopDaemon } from '../../kernel-helpers/src/stack/processes';
import { waitUntil } from '../../kernel-helpers/src/wait';
import { reliabilityHome } from './support/homes';
import { tally } from './support/tally';

/**
 * A Kafka 4.3.1 node of our own with a SASL_SSL listener (SCRAM-SHA-512, certificate signed by a
 * CA made here with openssl), reached through the external provider's environment variables.
 */
const DIR = reliabilityHome('sasl');
const USER = 'learner';
const PASSWORD = `s3cret-${process.pid}-scram`;
const CLI = resolve(__dirname, '../../kernel-helpers/dist/stack/cli.js');
let pid: number | undefined;
let saslBootstrap = '';
const saved = { ...process.env };

function makeCertificates(): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: DIR, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=streamlab-test-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost');
  writeFileSync(join(DIR, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl('x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.pem', '-days', '2', '-extfile', 'san.ext');
  // Kafka's PEM keystore: the (unencrypted PKCS#8) key and the certificate chain in one file.
  writeFileSync(join(DIR, 'broker-keystore.pem'), readFileSync(join(DIR, 'broker.key'), 'utf8') + readFileSync(join(DIR, 'broker.pem'), 'utf8'), { mode: 0o600 });
}

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true, mode: 0o700 });
  makeCertificates();
  const [plain, sasl, controller] = await freePorts(3);
  saslBootstrap = `127.0.0.1:${sasl}`;
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${sasl},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${sasl}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${join(DIR, 'broker-keystore.pem')}`,
    `log.dirs=${join(DIR, 'data')}`,
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'group.initial.rebalance.delay.ms=0',
  ].join('\n');
  writeFileSync(join(DIR, 'server.properties'), `${properties}\n`);
  const java = findJava();
  const jars = await resolveJars();
  // SCRAM credentials are written into the metadata log when the storage is formatted.
  execFileSync(java, ['-cp', jars.classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', join(DIR, 'server.properties'),
    '--add-scram', `SCRAM-SHA-512=[name=${USER},password=${PASSWORD}]`], { stdio: 'pipe' });
  pid = startDaemon(java, ['-Xms128m', '-Xmx512m', '-cp', jars.classpath, 'kafka.Kafka', join(DIR, 'server.properties')], { logFile: join(DIR, 'kafka.log') });
  Object.assign(process.env, {
    STREAMLAB_PROVIDER: 'external',
    KAFKA_BROKERS: saslBootstrap,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD: PASSWORD,
    KAFKA_SSL_CA: join(DIR, 'ca.pem'),
  });
  delete process.env.DATABASE_URL;
  delete process.env.CONNECT_URL;
  await waitUntil(async () => {
    const client = createKafka(saslBootstrap);
    const admin = client.admin();
    await admin.connect();
    try {
      return (await admin.describeCluster()).brokers.length > 0;
    } finally {
      await admin.disconnect();
    }
  }, { what: 'the SASL_SSL broker', timeoutMs: 90_000, stillAlive: () => isAlive(pid), hint: `read ${join(DIR, 'kafka.log')}` });
}, 180_000);

afterAll(async () => {
  process.env = saved;
  if (pid) await stopDaemon(pid, { graceMs: 10_000 });
  rmSync(DIR, { recursive: true, force: true });
}, 60_000);

describe('the external provider on a SASL_SSL (SCRAM-SHA-512) cluster with its own CA', () => {
  it('produces and consumes through the helpers with KAFKA_SASL_* and KAFKA_SSL_CA', async () => {
    const logged = captureStderr();
    const topic = `reliability-sasl-${process.pid}`;
    await createTopic(topic, { partitions: 2 });
    const records = Array.from({ length: 100 }, (_, i) => ({ key: `k${i % 7}`, value: { i } }));
    const reports = await produce(topic, records, { acks: -1 });
    expect(reports).toHaveLength(records.length);
    const read = await consume<{ i: number }>(topic, { max: records.length, timeoutMs: 30_000 });
    expect(read.map((record) => record.value.i).sort((a, b) => a - b)).toEqual(records.map((record) => record.value.i));
    logged.stop();
    expect(logged.text).not.toContain(PASSWORD);
    tally('SASL_SSL round trip', { recordsSent: records.length, recordsLost: records.length - read.length, recordsDuplicated: read.length - new Set(read.map((r) => r.value.i)).size });
  }, 90_000);

  it('a wrong password gives one clear message, without the password, in the error and in the log', async () => {
    process.env.KAFKA_SASL_PASSWORD = 'wrong-password-123';
    const logged = captureStderr();
    try {
      const client = createKafka(saslBootstrap);
      const failing = connectTo(client.admin(), client);
      await expect(failing).rejects.toBeInstanceOf(KafkaAuthenticationError);
      const error = (await failing.catch((caught: Error) => caught)) as KafkaAuthenticationError;
      expect(error.message).toMatch(new RegExp(`^Kafka at ${saslBootstrap} refused the credentials: .*[Aa]uthentication failed`));
      expect(error.message).not.toContain('wrong-password-123');
      expect(error.message.split('\n')).toHaveLength(1);
      expect(error.retriable).toBe(false);
      expect(error.hint).toMatch(/KAFKA_SASL_PASSWORD/);
      expect(inspect(error)).not.toContain('wrong-password-123'); // what a notebook cell would show
    } finally {
      process.env.KAFKA_SASL_PASSWORD = PASSWORD;
      logged.stop();
    }
    // kafkajs's own log lines (stderr) name no secret either.
    expect(logged.text).not.toContain('wrong-password-123');
    expect(logged.text).not.toContain(PASSWORD);
  }, 60_000);

  it('stack:status reports the external Kafka up and prints no secret', () => {
    const result = spawnSync(process.execPath, [CLI, 'status'], {
      env: { ...process.env, DATABASE_URL: `postgres://someone:${PASSWORD}@127.0.0.1:1/shop` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const info = JSON.parse(result.stdout);
    expect(info.provider).toBe('external');
    expect(info.kafka.state).toBe('up');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(info.postgres.url).toBe('postgres://someone:***@127.0.0.1:1/shop');
  }, 60_000);
});

/** Everything written to this process's stderr (kafkajs's log lines) until `stop()`; still passed through. */
function captureStderr(): { readonly text: string; stop(): void } {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    text += String(chunk);
    return write.call(process.stderr, chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    get text() {
      return text;
    },
    stop: () => {
      process.stderr.write = write;
    },
  };
}
