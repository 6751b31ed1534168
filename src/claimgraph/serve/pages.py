"""The web pages' templates: the Jinja environment over `serve/templates` and `render`.

In: a request, a template name and its context. Out: an HTML response. Used by the app (its
error pages) and by `web` (every page); kept apart from the app so that `web` need not import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from claimgraph import __version__

__all__ = ["TEMPLATES", "TYPE_COLOURS", "render"]

HERE = Path(__file__).parent

# one colour per PLOVER type: the map's markers, the timeline's stacks, the table's swatches
TYPE_COLOURS = {
    "ASSAULT": "#d62728", "COERCE": "#ff7f0e", "THREATEN": "#e377c2", "PROTEST": "#bcbd22",
    "MOBILIZE": "#8c564b", "SANCTION": "#9467bd", "ACCUSE": "#c49c94", "REJECT": "#f7b6d2",
    "REQUEST": "#dbdb8d", "RETREAT": "#17becf", "AID": "#2ca02c", "COOPERATE": "#98df8a",
    "CONCEDE": "#9edae5", "SUPPORT": "#1f77b4", "CONSULT": "#aec7e8", "AGREE": "#7f7f7f",
}  # fmt: skip


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["type_colours"] = TYPE_COLOURS
    return env


TEMPLATES = _templates()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
