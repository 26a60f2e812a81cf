import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectErrorText, isTransientConflict, readableTrace } from '@streamlab/kernel-helpers/cdc';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('readableTrace', () => {
  it('reduces a real Debezium task trace (captured from Connect 4.3.1) to its exception and message', () => {
    const trace = fixture('trace-publication-disabled.txt');
    expect(trace.split('\n').length).toBeGreaterThan(10);
    expect(readableTrace(trace)).toBe('ConnectException: Publication autocreation is disabled, please create one and restart the connector.');
  });

  it('finds the PostgreSQL cause under Debezium wrappers in real traces (plugin missing, no right to create a publication)', () => {
    expect(readableTrace(fixture('trace-decoderbufs-missing.txt'))).toBe('PSQLException: ERROR: could not access file "decoderbufs": No such file or directory');
    expect(readableTrace(fixture('trace-publication-permission.txt'))).toBe('PSQLException: ERROR: permission denied for database shop');
  });

  it('skips wrappers that only repeat their cause and returns the deepest meaningful cause', () => {
    const trace = [
      'org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.',
      '\tat io.debezium.pipeline.ErrorHandler.setProducerThrowable(ErrorHandler.java:67)',
      'Caused by: io.debezium.DebeziumException: org.postgresql.util.PSQLException: ERROR: permission denied for table customers',
      '\tat io.debezium.pipeline.source.AbstractSnapshotChangeEventSource.execute(AbstractSnapshotChangeEventSource.java:101)',
      '\t... 7 more',
      'Caused by: org.postgresql.util.PSQLException: ERROR: permission denied for table customers',
      '\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)',
    ].join('\n');
    expect(readableTrace(trace)).toBe('PSQLException: ERROR: permission denied for table customers');
  });

  it('says "no trace" for an empty trace and keeps a first line that is not a Java exception', () => {
    expect(readableTrace(undefined)).toBe('no trace');
    expect(readableTrace('   ')).toBe('no trace');
    expect(readableTrace('Task was killed\nsecond line')).toBe('Task was killed');
  });
});

describe('connectErrorText', () => {
  it("takes Connect's JSON message and drops the list of installed connectors", () => {
    const body = JSON.stringify({ error_code: 500, message: 'Failed to find any class that implements Connector and which name matches io.example.X, available connectors are: a, b' });
    expect(connectErrorText(500, body)).toBe('Failed to find any class that implements Connector and which name matches io.example.X');
  });

  it('reports an HTML error page as HTTP status plus its text, not a SyntaxError', () => {
    const page = '<html><head><title>Error 503</title><style>p{}</style></head><body><h2>HTTP ERROR 503 Service Unavailable</h2></body></html>';
    expect(connectErrorText(503, page)).toBe('HTTP 503: Error 503 HTTP ERROR 503 Service Unavailable');
    expect(connectErrorText(502, '')).toBe('HTTP 502');
  });
});

describe('isTransientConflict', () => {
  it("retries Connect's 409s that only mean a rebalance is under way (words from Connect 4.3's answers)", () => {
    expect(isTransientConflict(409, 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)')).toBe(true);
    expect(isTransientConflict(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)')).toBe(true);
  });

  it('does not retry a conflict that stays, nor other statuses', () => {
    expect(isTransientConflict(409, 'Connector lesson05-shop already exists')).toBe(false);
    expect(isTransientConflict(500, 'Cannot complete request momentarily due to stale configuration')).toBe(false);
    expect(isTransientConflict(409, undefined)).toBe(false);
  });
});
