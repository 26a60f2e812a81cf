"""Execute Streamlab notebooks headlessly and report, per notebook, PASS or FAIL with the reason.

Each notebook runs with its own kernel (the kernelspec in its metadata, default tslab) in the
notebook's folder, inheriting this process's environment. The executed copy and an HTML
rendering go to build/notebooks/<name>.ipynb and .html, passed or failed.

tslab reports a failing cell with no ename/evalue; the error text is only in that cell's stderr
stream, which is why this runner exists instead of `jupyter nbconvert --execute`.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import List, Optional

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[2]
# Stack frames of tslab's own machinery, below the learner's code: noise in a failure report.
KERNEL_FRAME = re.compile(r"^\s+at .*(node:vm|node:internal|/tslab/dist/|sigintHandlersWrap)")
DEFAULT_KERNEL = "tslab"
DEFAULT_PATTERN = "notebooks/[0-9][0-9]-*.ipynb"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help=f"default: {DEFAULT_PATTERN}, sorted")
    parser.add_argument("--timeout", type=float, default=300, help="per-cell timeout in seconds (default 300)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "notebooks", help="default: build/notebooks")
    args = parser.parse_args(argv)

    notebooks = args.notebooks or sorted(ROOT.glob(DEFAULT_PATTERN))
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not notebooks:
        print(f"notebooks: 0 passed, 0 failed (nothing matches {DEFAULT_PATTERN})")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    width = max(len(path.stem) for path in notebooks)
    failed = 0
    for path in notebooks:
        started = time.monotonic()
        problem = run_notebook(path.resolve(), args.out, args.timeout)
        status = "FAIL" if problem else "PASS"
        print(f"{status}  {path.stem.ljust(width)}  {time.monotonic() - started:5.1f}s", flush=True)
        if problem:
            failed += 1
            print(indent(problem), flush=True)
    print(f"notebooks: {len(notebooks) - failed} passed, {failed} failed")
    return 1 if failed else 0


def run_notebook(path: Path, out: Path, timeout: float) -> Optional[str]:
    """Execute one notebook and write its outputs; return why it failed, or None."""
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", DEFAULT_KERNEL)
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=on_cell_start,
    )
    problem = None
    try:
        client.execute()
    except CellTimeoutError:
        problem = describe_cell(nb, current["index"], f"timed out after {timeout:g}s (--timeout)")
    except DeadKernelError as error:
        problem = describe_cell(nb, current["index"], f"the {kernel} kernel died: {error}")
    except CellExecutionError:
        problem = describe_cell(nb, current["index"], "raised an error", silent="  (the kernel sent no error text)")
    except Exception as error:  # kernel missing, cannot start, ...: report it, run the next notebook
        problem = f"could not run with kernel {kernel!r}: {type(error).__name__}: {error}"
    finally:
        save(nb, out / path.name)
    return problem


def describe_cell(nb, index: Optional[int], what: str, silent: str = "") -> str:
    """The failing cell's index, source and error text: stderr streams plus any error output."""
    if index is None:
        return what
    cell = nb.cells[index]
    lines = [f"cell {index} {what}:", indent(cell.source.rstrip() or "(empty)", "  | ")]
    errors = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stderr":
            errors.append(output.text)
        elif output.output_type == "error":
            errors.append("\n".join(output.get("traceback") or [f"{output.ename}: {output.evalue}"]))
    text = "\n".join(line for line in "".join(errors).strip().splitlines() if not KERNEL_FRAME.match(line))
    lines.append(indent(text, "  ! ") if text else silent)
    return "\n".join(line for line in lines if line)


def save(nb, target: Path) -> None:
    """Write the executed notebook and its HTML rendering next to each other."""
    nbformat.write(nb, target)
    try:
        html, _ = HTMLExporter().from_notebook_node(nb)
        target.with_suffix(".html").write_text(html, encoding="utf-8")
    except Exception as error:
        print(f"warning: no HTML for {target.name}: {error}", file=sys.stderr)


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
