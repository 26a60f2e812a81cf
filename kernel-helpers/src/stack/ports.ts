import { createServer } from 'node:net';
import { StackError } from '../errors.js';

/** The loopback address every service binds to. */
export const LOOPBACK = '127.0.0.1';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/** Resolves when `port` can be bound on 127.0.0.1; otherwise throws a StackError naming it. */
export async function assertPortFree(port: number, service: string): Promise<void> {
  try {
    await listenOnce(port);
  } catch {
    throw new StackError(`port ${port} for ${service} is already in use`, {
      hint: `stop what listens there (ss -ltnp 'sport = :${port}') or run "npm run stack:down -- --wipe" to pick new ports`,
    });
  }
}

/** Free ports that are distinct from each other (the kernel may hand out a port twice). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolvePort(bound));
    });
  });
}
