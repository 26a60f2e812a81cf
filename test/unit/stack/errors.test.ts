import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StackError, WaitTimeoutError } from '../../../kernel-helpers/src/errors';
import { findJava, findMaven } from '../../../kernel-helpers/src/stack/java';
import { assertPortFree, freePorts } from '../../../kernel-helpers/src/stack/ports';
import { waitUntil } from '../../../kernel-helpers/src/wait';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('stack errors are one line with a hint', () => {
  it('names a missing Java and how to get one', () => {
    process.env.JAVA_HOME = '/nonexistent/jdk';
    expect(() => findJava()).toThrow(StackError);
    expect(() => findJava()).toThrow(/Java 17\+ not found \(tried \/nonexistent\/jdk\/bin\/java\)/);
    expect(() => findJava()).toThrow(expect.objectContaining({ hint: expect.stringMatching(/JAVA_HOME/) }));
  });

  it('names a missing Maven and how to get it', () => {
    process.env.MAVEN_HOME = '/nonexistent/maven';
    expect(() => findMaven()).toThrow(/Maven not found/);
  });

  it('names the port that is taken and the service that wanted it', async () => {
    const [port] = await freePorts(1);
    const server: Server = createServer();
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    try {
      await expect(assertPortFree(port, 'Kafka node 1')).rejects.toThrow(`port ${port} for Kafka node 1 is already in use`);
    } finally {
      server.close();
    }
    await expect(assertPortFree(port, 'Kafka node 1')).resolves.toBeUndefined();
  });

  it('gives up waiting after the timeout, saying what it waited for', async () => {
    const waiting = waitUntil(async () => false, { what: 'the broker', timeoutMs: 300, hint: 'read the log', intervalMs: 50 });
    await expect(waiting).rejects.toThrow(/timed out after 0.3 s waiting for the broker/);
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('stops waiting at once when the process it waits on has died', async () => {
    const started = Date.now();
    await expect(
      waitUntil(async () => false, { what: 'Connect', timeoutMs: 60_000, hint: 'read the log', stillAlive: () => false }),
    ).rejects.toThrow(/the process exited while waiting for Connect/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
