import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { StackError } from '../errors.js';
import { waitUntil } from '../wait.js';
import { statusAt, type ServiceAddresses } from './fixed-addresses.js';
import { repoRoot, stateDir } from './paths.js';
import { debeziumPassword, ensureDebeziumRole, seedShop } from './postgres.js';
import type { StackInfo } from './types.js';

/** What `docker-compose.yml` publishes on the host (all on 127.0.0.1). */
export const COMPOSE_ADDRESSES: ServiceAddresses = {
  kafka: '127.0.0.1:9092',
  postgres: 'postgres://streamlab:streamlab@127.0.0.1:5432/shop',
  connect: 'http://127.0.0.1:8083',
  flinkRest: 'http://127.0.0.1:8081',
  flinkGateway: 'http://127.0.0.1:8084',
  flinkKafka: 'kafka:29092',
};

/** True when a Docker engine answers (`docker info`), within two seconds. */
export function dockerEngineReachable(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 2000 });
  return result.status === 0 && result.stdout.trim() !== '';
}

/** `docker compose <args>` on the repository's docker-compose.yml, output passed through. */
export async function compose(args: string[]): Promise<void> {
  const child = spawn('docker', ['compose', '-p', 'streamlab', '-f', join(repoRoot, 'docker-compose.yml'), ...args], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  if (code !== 0) {
    throw new StackError(`docker compose ${args.join(' ')} failed (exit ${code})`, {
      hint: 'read the output above; "docker compose logs" shows each service, or set STREAMLAB_PROVIDER=native',
    });
  }
}

/** Starts the Compose stack (with the `flink` profile on request) and waits for the same readiness as native. */
export async function upDocker(options: { flink?: boolean } = {}): Promise<StackInfo> {
  await compose([...(options.flink ? ['--profile', 'flink'] : []), 'up', '-d', '--wait']);
  const info = await waitUntil(
    async () => {
      const current = await statusAt('docker', COMPOSE_ADDRESSES);
      const services = options.flink ? [current.kafka, current.postgres, current.connect, current.flink] : [current.kafka, current.postgres, current.connect];
      return services.every((service) => service.state === 'up') && current;
    },
    { what: 'the Docker Compose services to answer', timeoutMs: 180_000, hint: 'run "docker compose ps" and "docker compose logs"' },
  );
  await seedShop(COMPOSE_ADDRESSES.postgres);
  await ensureDebeziumRole(COMPOSE_ADDRESSES.postgres, debeziumPassword(stateDir()));
  return info;
}
