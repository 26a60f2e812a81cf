import { resolve } from 'node:path';
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { down, status } from '@streamlab/kernel-helpers/stack';

const ROOT = resolve(__dirname, '../..');
let stackWasUp = true;
let compose: StartedDockerComposeEnvironment | undefined;

/**
 * Where the integration tests' stack comes from. With a container runtime, testcontainers starts
 * docker-compose.yml as a disposable project and the tests reach it as an external stack. Without
 * one (our machines), tests call `ensure()`, which reuses the native stack or starts it; this setup
 * only records whether it was running, so a stack the run started is stopped at the end and one the
 * developer started is left alone.
 */
export async function setup(): Promise<void> {
  if (!process.env.KAFKA_BROKERS && process.env.STREAMLAB_PROVIDER !== 'native' && (await containerRuntime())) {
    compose = await new DockerComposeEnvironment(ROOT, 'docker-compose.yml')
      .withWaitStrategy('connect-1', Wait.forHealthCheck())
      .up(['kafka', 'postgres', 'connect', 'flink-jobmanager', 'flink-taskmanager', 'flink-gateway']);
    Object.assign(process.env, {
      STREAMLAB_PROVIDER: 'external',
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://streamlab:streamlab@127.0.0.1:5432/shop',
      CONNECT_URL: 'http://127.0.0.1:8083',
      // Flink's jobs run inside Compose: they reach Kafka on its internal listener.
      FLINK_GATEWAY_URL: 'http://127.0.0.1:8084',
      FLINK_REST_URL: 'http://127.0.0.1:8081',
      FLINK_KAFKA_BOOTSTRAP: 'kafka:29092',
    });
    return;
  }
  const info = await status().catch(() => undefined);
  stackWasUp = !!info && info.kafka.state === 'up';
}

export async function teardown(): Promise<void> {
  if (compose) {
    await compose.down();
    return;
  }
  if (stackWasUp || process.env.STREAMLAB_KEEP_STACK) return;
  await down();
}

async function containerRuntime(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false; // no engine: "Could not find a working container runtime strategy", at once
  }
}
