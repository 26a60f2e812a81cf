"""The kernel's memory per notebook: runs every cell of a notebook twice in ONE tslab kernel and
reads the kernel process's RSS and live V8 heap (process.memoryUsage() after a full GC, from a
cell) at start and after each pass. A second pass that ends well above the first shows state the cells leak.
A cell that fails ends its pass (noted as passN_error); the memory is read all the same.

    STREAMLAB_HOME=... STREAMLAB_SOLUTIONS=1 .venv/bin/python bench/kernel_rss.py [--passes N] [notebooks...]

--passes N (default 2) runs every cell N times: RSS that still climbs on the third pass is a leak,
RSS that levels off is memory the process keeps for reuse.
"""
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
# A full garbage collection first, so heapUsed counts live objects only.
PROBE = (
    "require('v8').setFlagsFromString('--expose-gc'); require('vm').runInNewContext('gc')();"
    " console.log('KERNEL_MEMORY', JSON.stringify(process.memoryUsage()))"
)


def probe(client: NotebookClient, index: int) -> dict:
    """process.memoryUsage() of the kernel after a full GC, read by a cell of its own (MiB)."""
    cell = nbformat.v4.new_code_cell(PROBE)
    client.nb.cells.append(cell)
    client.execute_cell(cell, index)
    client.nb.cells.pop()
    text = "".join(output.get("text", "") for output in cell.outputs if output.get("output_type") == "stream")
    if "KERNEL_MEMORY" not in text:
        errors = [f"{output.get('ename')}: {output.get('evalue')}" for output in cell.outputs if output.get("output_type") == "error"]
        raise RuntimeError(f"the memory probe printed nothing ({'; '.join(errors) or 'no output'})")
    usage = json.loads(text.split("KERNEL_MEMORY", 1)[1])
    return {key: round(usage[key] / 2**20, 1) for key in ("rss", "heapUsed", "external")}


def probe_or_error(client: NotebookClient, index: int) -> dict:
    """probe(), or what went wrong (the figures of the other stages are kept)."""
    try:
        return probe(client, index)
    except Exception as error:  # noqa: BLE001 - reported in the figures
        return {"error": f"{type(error).__name__}: {str(error)[:300]}"}


def measure(path: Path, passes: int) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="tslab", resources={"metadata": {"path": str(path.parent)}})
    client.reset_execution_trackers()
    figures = {"notebook": path.stem}
    started = time.monotonic()
    with client.setup_kernel():
        count = len(nb.cells)
        figures["start"] = probe_or_error(client, count)
        for run in range(1, passes + 1):
            for index, cell in enumerate(list(nb.cells)):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    # A failing cell (often the shared stack: another run's topics or slots) ends the
                    # pass; the kernel lives on, so its memory is still read, with the failure noted.
                    # tslab replies with a bare error status: what went wrong is in the cell's stderr.
                    said = " ".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stderr").strip()
                    figures[f"pass{run}_error"] = f"cell {index}: {error.ename}: {str(error.evalue)[:200]} {said[-400:]}".strip()
                    break
            figures[f"pass{run}"] = probe_or_error(client, count)
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def main() -> int:
    args = sys.argv[1:]
    passes = 2
    if args[:1] == ["--passes"]:
        passes, args = int(args[1]), args[2:]
    notebooks = [Path(arg) for arg in args] or sorted(ROOT.glob("notebooks/[0-9][0-9]-*.ipynb"))
    for path in notebooks:
        try:
            print(json.dumps(measure(path.resolve(), passes)), flush=True)
        except Exception as error:  # report and go on with the next notebook
            print(json.dumps({"notebook": path.stem, "error": f"{type(error).__name__}: {str(error)[-600:]}"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
