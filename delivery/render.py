"""Render notebooks to offline HTML pages or reveal.js decks with nbconvert (run by the delivery tools).

usage: render.py {page,deck} OUT_DIR NOTEBOOK...

page: OUT_DIR/<stem>.html with the lab-offline template (no require.js, MathJax or mermaid).
deck: OUT_DIR/<stem>.slides.html with reveal-offline; reveal.js and require.js are expected at
OUT_DIR/reveal.js/ and OUT_DIR/vendor/require.js (the Node side copies them there).
Prints one line per file written; exits 1 on the first notebook that cannot be rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter

TEMPLATES = str(Path(__file__).resolve().parent / "templates")


def exporter(kind: str):
    if kind == "page":
        return HTMLExporter(template_name="lab-offline", extra_template_basedirs=[TEMPLATES]), ".html"
    return (
        SlidesExporter(
            template_name="reveal-offline",
            extra_template_basedirs=[TEMPLATES],
            reveal_url_prefix="reveal.js",
            reveal_theme="white",
            reveal_transition="none",
            require_js_url="vendor/require.js",
            jquery_url="",
        ),
        ".slides.html",
    )


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("page", "deck"):
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    kind, out, notebooks = argv[0], Path(argv[1]), [Path(arg) for arg in argv[2:]]
    out.mkdir(parents=True, exist_ok=True)
    html_exporter, suffix = exporter(kind)
    for path in notebooks:
        try:
            body, _ = html_exporter.from_notebook_node(nbformat.read(path, as_version=4))
        except Exception as error:  # a broken notebook: say which one, stop
            print(f"error: cannot render {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        target = out / (path.stem + suffix)
        target.write_text(body, encoding="utf-8")
        print(f"wrote {target.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
