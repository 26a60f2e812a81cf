import { StreamlabError } from '../errors.js';
import { flinkNotStarted, flinkStatus } from '../stack/index.js';
import { waitUntil } from '../wait.js';
import { explainFlinkError, FlinkSqlError } from './errors.js';

/** A job on the Flink cluster, as `flinkJobs()` lists it. */
export interface FlinkJob {
  id: string;
  /** The job's name: for SQL, the statement (shortened). */
  name: string;
  /** RUNNING, FINISHED, CANCELED, FAILED, ... */
  state: string;
  startTime: Date;
  durationMs: number;
  /** The job's page in the Flink web UI (its job graph, operators, watermarks). */
  url: string;
}

/** States from which a job never comes back. */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED']);

async function restUrl(): Promise<string> {
  const info = await flinkStatus();
  if (info.state === 'down') throw flinkNotStarted();
  if (!info.restUrl) throw new StreamlabError('the Flink JobManager address is unknown', { hint: 'export FLINK_REST_URL=http://host:port (the JobManager REST API)' });
  return info.restUrl;
}

async function rest(url: string, path: string, method = 'GET'): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, { method, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw flinkNotStarted();
  }
  if (!response.ok) throw new StreamlabError(`Flink JobManager: HTTP ${response.status} for ${method} ${path}`, { hint: 'read "npm run stack:logs -- flink-jobmanager"' });
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/** The jobs on the cluster, newest first, each with its state and its web UI link. */
export async function flinkJobs(options: { restUrl?: string } = {}): Promise<FlinkJob[]> {
  const url = options.restUrl ?? (await restUrl());
  const body = (await rest(url, '/jobs/overview')) as { jobs: Array<{ jid: string; name: string; state: string; 'start-time': number; duration: number }> };
  return body.jobs
    .map((job) => ({
      id: job.jid,
      name: job.name.replace(/\s+/g, ' ').slice(0, 120),
      state: job.state,
      startTime: new Date(job['start-time']),
      durationMs: job.duration,
      url: `${url}/#/job/${TERMINAL_STATES.has(job.state) ? 'completed' : 'running'}/${job.jid}/overview`,
    }))
    .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}

/** Cancels a job (JobManager `PATCH /jobs/<id>?mode=cancel`) and waits until it is no longer running. */
export async function cancelFlinkJob(id: string, options: { restUrl?: string; timeoutMs?: number } = {}): Promise<void> {
  const url = options.restUrl ?? (await restUrl());
  const state = async (): Promise<string> => ((await rest(url, `/jobs/${id}`)) as { state: string }).state;
  if (!TERMINAL_STATES.has(await state())) await rest(url, `/jobs/${id}?mode=cancel`, 'PATCH').catch(() => undefined);
  await waitUntil(async () => TERMINAL_STATES.has(await state()), {
    what: `Flink job ${id} to stop`,
    timeoutMs: options.timeoutMs ?? 30_000,
    hint: `cancel it in the web UI (${url}) or restart Flink with "npm run stack:down" and "npm run stack:up -- --with flink"`,
  });
}

/** Cancels every job still running on the cluster (a clean slate for a notebook or a test); returns how many. */
export async function cancelAllFlinkJobs(options: { restUrl?: string } = {}): Promise<number> {
  const url = options.restUrl ?? (await restUrl());
  const running = (await flinkJobs({ restUrl: url })).filter((job) => !TERMINAL_STATES.has(job.state));
  await Promise.all(running.map((job) => cancelFlinkJob(job.id, { restUrl: url })));
  return running.length;
}

/**
 * Waits until a job reaches a terminal state, within `timeoutMs`; returns the state, or undefined on
 * timeout. A FAILED job becomes a FlinkSqlError with its root cause in one line.
 */
export async function waitForJobEnd(url: string, id: string, timeoutMs: number, stop: () => boolean = () => false): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { state } = (await rest(url, `/jobs/${id}`)) as { state: string };
    if (state === 'FAILED') {
      const exceptions = (await rest(url, `/jobs/${id}/exceptions`)) as { 'root-exception'?: string; exceptionHistory?: { entries?: Array<{ stacktrace?: string }> } };
      const trace = exceptions['root-exception'] ?? exceptions.exceptionHistory?.entries?.[0]?.stacktrace ?? 'the job failed';
      const summary = explainFlinkError(trace);
      throw new FlinkSqlError(`Flink job failed: ${summary.message}`, { exception: summary.exception, hint: 'read the job\'s exceptions in the web UI or "npm run stack:logs -- flink-taskmanager"' });
    }
    if (TERMINAL_STATES.has(state)) return state;
    if (Date.now() > deadline || stop()) return undefined;
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}
