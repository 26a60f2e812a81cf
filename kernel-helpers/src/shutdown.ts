/**
 * What the process must stop when it ends: producers, group members, live charts and stream
 * applications a notebook cell started and forgot. A Jupyter kernel that shuts down ends its
 * event loop (or gets SIGTERM); either way these run once, so a forgotten tail leaves its group
 * cleanly instead of holding the kernel (and its partitions) alive.
 */
type Cleanup = () => Promise<void> | void;

const cleanups = new Set<Cleanup>();
let hooked = false;
let running: Promise<void> | undefined;

/** Registers `cleanup` to run when the process ends; returns a function that unregisters it. */
export function onShutdown(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  hook();
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once (each bounded to `timeoutMs`) and forgets them. */
export function runShutdown(timeoutMs = 3000): Promise<void> {
  if (running) return running;
  const pending = [...cleanups];
  cleanups.clear();
  running = Promise.all(
    pending.map((cleanup) => {
      const bounded = new Promise<void>((resolveBound) => setTimeout(resolveBound, timeoutMs).unref());
      return Promise.race([Promise.resolve().then(cleanup).catch(() => undefined), bounded]);
    }),
  ).then(() => {
    running = undefined;
  });
  return running;
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  // The loop ran dry: disconnect what is still connected (this may schedule work; it runs once per registration).
  process.on('beforeExit', () => {
    if (cleanups.size) void runShutdown();
  });
  // Jupyter sends SIGTERM to a kernel that did not exit after its shutdown request.
  process.once('SIGTERM', () => {
    void runShutdown().finally(() => process.exit(143));
  });
}
