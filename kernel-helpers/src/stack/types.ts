/** Where the services come from. */
export type ProviderName = 'native' | 'docker' | 'external';

/** Whether a service answers right now. */
export type ServiceState = 'up' | 'down' | 'starting';

/** One Kafka node (broker and KRaft controller in one process). */
export interface KafkaNodeInfo {
  id: number;
  /** host:port of its client listener. */
  address: string;
  state: ServiceState;
  pid?: number;
}

export interface KafkaInfo {
  /** Comma-separated host:port list, what kafkajs and the Java clients take as bootstrap servers. */
  bootstrap: string;
  state: ServiceState;
  /** Apache Kafka version of the broker, e.g. "4.3.1". */
  version?: string;
  nodes: KafkaNodeInfo[];
}

export interface PostgresInfo {
  /** postgres://user:password@host:port/shop */
  url: string;
  state: ServiceState;
  version?: string;
  pid?: number;
}

export interface ConnectInfo {
  /** Base URL of the Kafka Connect REST API. */
  url: string;
  state: ServiceState;
  pid?: number;
}

/** The Apache Flink session cluster and its SQL Gateway (started only on request). */
export interface FlinkInfo {
  /** JobManager REST API and web UI, e.g. http://127.0.0.1:8081 ('' when unknown). */
  restUrl: string;
  /** SQL Gateway REST endpoint, what `flinkSql` talks to. */
  gatewayUrl: string;
  /** Kafka bootstrap servers as Flink's jobs reach them (inside Docker: kafka:29092). */
  kafkaBootstrap?: string;
  /** 'up' when the JobManager has a TaskManager with slots and the gateway answers. */
  state: ServiceState;
  version?: string;
  /** Jobs in state RUNNING on the cluster. */
  runningJobs?: number;
  slotsTotal?: number;
  slotsAvailable?: number;
  pids?: { jobManager?: number; taskManager?: number; gateway?: number };
}

/** Connection info every notebook and test receives, whatever the provider. */
export interface StackInfo {
  provider: ProviderName;
  kafka: KafkaInfo;
  postgres: PostgresInfo;
  connect: ConnectInfo;
  /** Apache Flink; state 'down' until started with `--with flink` / `ensure({ flink: true })`. */
  flink: FlinkInfo;
}

/** The services a caller can ask for. */
export type ServiceName = 'kafka' | 'postgres' | 'connect';

export interface UpOptions {
  /** Number of Kafka nodes (1 or 3). Default 1. */
  brokers?: number;
  /** Services to start; default all three. */
  services?: ServiceName[];
  /** Also start Apache Flink (JobManager, TaskManager, SQL Gateway). Default false: Flink is heavy. */
  flink?: boolean;
  /** Task slots of the Flink TaskManager on its first start. Default 4. */
  flinkSlots?: number;
  /** Called with human-readable progress lines (downloads, waits). */
  onProgress?: (line: string) => void;
}
