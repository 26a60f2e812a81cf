import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// `yaml` is installed today only as a dependency of vite and testcontainers; see the report.
import { parse } from 'yaml';

const repoRoot = resolve(__dirname, '..', '..', '..');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  ports?: Array<string | { published?: string | number; target?: number; host_ip?: string }>;
  environment?: Record<string, string> | string[];
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

/** The host address a published port is bound to ('' when it is bound to every interface). */
function hostIp(port: NonNullable<Service['ports']>[number]): string {
  if (typeof port === 'object') return port.host_ip ?? '';
  // Short syntax: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]; an IPv6 host is in brackets.
  const parts = port.replace(/\/\w+$/, '').split(':');
  return parts.length === 3 ? parts[0] : '';
}

/** Bind mounts as [source, target] pairs, from either volume syntax. */
function bindMounts(service: Service): Array<[string, string]> {
  return (service.volumes ?? []).flatMap((volume): Array<[string, string]> => {
    if (typeof volume === 'object') return volume.type === 'bind' ? [[volume.source ?? '', volume.target ?? '']] : [];
    const [source, target] = volume.split(':');
    return source.startsWith('.') || source.startsWith('/') ? [[source, target]] : [];
  });
}

const commandLine = (command: Service['command']): string => (Array.isArray(command) ? command.join(' ') : command ?? '');

describe('docker-compose.yml', () => {
  it('defines the kafka, postgres, connect and jupyter services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['kafka', 'postgres', 'connect', 'jupyter']));
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ service: name, port, hostIp: hostIp(port) })),
    );
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const entry of published) expect(entry, `${entry.service} ${JSON.stringify(entry.port)}`).toMatchObject({ hostIp: '127.0.0.1' });
  });

  it('runs Kafka from the apache/kafka 4.x image', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
  });

  it('advertises Kafka on 127.0.0.1:9092 for the host and on an internal listener for containers', () => {
    const env = services.kafka.environment as Record<string, string>;
    const advertised = env.KAFKA_ADVERTISED_LISTENERS.split(',');
    expect(advertised).toContain('HOST://127.0.0.1:9092');
    const brokers = (services.jupyter.environment as Record<string, string>).KAFKA_BROKERS;
    expect(advertised.map((listener) => listener.replace(/^\w+:\/\//, ''))).toContain(brokers);
  });

  it('builds Connect on the same Kafka image as the broker, with Debezium 3.6.1.Final', () => {
    const build = services.connect.build;
    const context = typeof build === 'string' ? build : build?.context ?? '';
    const dockerfile = readFileSync(join(repoRoot, context, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^FROM ${services.kafka.image!.replaceAll('.', '\\.')}\\s*$`, 'm'));
    expect(dockerfile).toMatch(/^ARG DEBEZIUM_VERSION=3\.6\.1\.Final$/m);
  });

  it('starts PostgreSQL with wal_level=logical', () => {
    expect(commandLine(services.postgres.command)).toMatch(/(^|\s)-c\s+wal_level=logical(\s|$)/);
  });

  it("initialises PostgreSQL with the repo's schema.sql, then seed.sql", () => {
    const init = bindMounts(services.postgres)
      .filter(([, target]) => target.startsWith('/docker-entrypoint-initdb.d/'))
      .sort(([, a], [, b]) => a.localeCompare(b));
    expect(init.map(([source]) => resolve(repoRoot, source))).toEqual([
      join(repoRoot, 'datasets', 'shop', 'schema.sql'),
      join(repoRoot, 'datasets', 'shop', 'seed.sql'),
    ]);
  });

  it('gives every service a health check and makes dependants wait for it', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      const dependsOn = service.depends_on ?? {};
      expect(Array.isArray(dependsOn), `${name} depends_on must use conditions`).toBe(false);
      for (const [dependency, { condition }] of Object.entries(dependsOn as Record<string, { condition?: string }>)) {
        expect(condition, `${name} -> ${dependency}`).toBe('service_healthy');
      }
    }
  });
});

describe('docker-compose.yml: Flink', () => {
  const flink = ['flink-jobmanager', 'flink-taskmanager', 'flink-gateway'];

  it('runs a JobManager, a TaskManager and the SQL Gateway only under the flink profile', () => {
    for (const name of flink) expect((services[name] as Service & { profiles?: string[] }).profiles, name).toEqual(['flink']);
    const always = Object.entries(services).filter(([, service]) => !(service as Service & { profiles?: string[] }).profiles);
    expect(always.map(([name]) => name).sort()).toEqual(['connect', 'jupyter', 'kafka', 'postgres']);
  });

  it('builds Flink 2.2.x with the Kafka SQL connector 5.0.0-2.2 pinned by checksum', () => {
    const dockerfile = readFileSync(join(repoRoot, 'docker', 'flink', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM flink:2\.2\.\d+-java17$/m);
    expect(dockerfile).toMatch(/^ARG CONNECTOR_VERSION=5\.0\.0-2\.2$/m);
    expect(dockerfile).toMatch(/sha256sum -c -/);
  });

  it('publishes the web UI and the SQL Gateway on 127.0.0.1 and sizes memory for a laptop', () => {
    expect(services['flink-jobmanager'].ports).toEqual(['127.0.0.1:8081:8081']);
    expect(services['flink-gateway'].ports).toEqual(['127.0.0.1:8084:8083']);
    const properties = (services['flink-taskmanager'].environment as Record<string, string>).FLINK_PROPERTIES;
    expect(properties).toMatch(/^jobmanager\.memory\.process\.size: 512m$/m);
    expect(properties).toMatch(/^taskmanager\.memory\.process\.size: 768m$/m);
    expect(commandLine(services['flink-taskmanager'].command)).toBe('taskmanager');
    expect(commandLine(services['flink-gateway'].command)).toMatch(/sql-gateway\.sh start-foreground .*-Drest\.address=flink-jobmanager/);
  });

  it('tells the Jupyter container where the gateway and Kafka are, as Flink sees them', () => {
    expect(services.jupyter.environment).toMatchObject({ FLINK_GATEWAY_URL: 'http://flink-gateway:8083', FLINK_KAFKA_BOOTSTRAP: 'kafka:29092' });
  });
});
