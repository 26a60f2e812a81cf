import { JupyterError } from '../errors.js';
import { runCommand } from './command.js';

/** Oldest Python the pinned Jupyter packages support (jupyterlab 4.6, nbclient 0.11, nbformat 5.11 need 3.10). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** What an interpreter says about itself. */
export interface PythonReport {
  executable: string;
  version: [number, number, number];
  /** Standard modules a venv needs that this interpreter lacks (`venv`, `ensurepip`). */
  missing: string[];
}

const HINT_INSTALL = `install Python ${MIN_PYTHON.join('.')}+ (Debian: apt-get install python3 python3-venv) or set STREAMLAB_PYTHON to one`;
/** What to do when Python cannot create a venv (Debian splits venv out of python3). */
export const VENV_HINT = 'Debian/Ubuntu: apt-get install python3-venv; or set STREAMLAB_PYTHON to a Python that has venv';

// Printed as JSON by the interpreter; the imports run for real because Debian ships stubs that fail at import.
const PROBE = `
import json, sys
missing = []
for name in ("venv", "ensurepip"):
    try:
        __import__(name)
    except Exception:
        missing.append(name)
print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]), "missing": missing}))
`;

/** The interpreter that creates the venv: `STREAMLAB_PYTHON` if set, else `python3` on PATH. */
export function basePython(env: NodeJS.ProcessEnv = process.env): string {
  return env.STREAMLAB_PYTHON?.trim() || 'python3';
}

/** Runs `command` as Python and reports its version and missing venv modules. */
export async function inspectPython(command: string): Promise<PythonReport> {
  const result = await runCommand(command, ['-c', PROBE]).catch((error: NodeJS.ErrnoException) => {
    throw new JupyterError(`${command} not found (${error.code ?? error.message})`, { hint: HINT_INSTALL, cause: error });
  });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as PythonReport;
  } catch {
    const detail = result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`;
    throw new JupyterError(`${command} did not run as Python 3 (${detail})`, { hint: HINT_INSTALL });
  }
}

/** Throws a JupyterError with a hint when this interpreter cannot create the venv. */
export function assertUsablePython(report: PythonReport): void {
  const [major, minor] = report.version;
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new JupyterError(
      `Python ${report.version.join('.')} at ${report.executable} is too old: Jupyter needs ${MIN_PYTHON.join('.')}+`,
      { hint: HINT_INSTALL },
    );
  }
  if (report.missing.length > 0) {
    throw new JupyterError(`Python at ${report.executable} cannot create a venv: no ${report.missing.join(', ')} module`, {
      hint: VENV_HINT,
    });
  }
}

/** Finds a Python that can create the venv and returns its executable path. */
export async function findPython(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const report = await inspectPython(basePython(env));
  assertUsablePython(report);
  return report.executable;
}
