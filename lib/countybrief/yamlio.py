"""Safe loading of user-written YAML (parameters files, ``regions.yaml``).

``yaml.safe_load`` builds no Python objects, but it does expand aliases: a 1 KB
"billion laughs" file (anchors nesting aliases of aliases) grows to gigabytes in memory.
User files here are short hand-written mappings, so anchors and aliases are refused
outright (a ``ComposerError`` at the anchor's line and column), and so is a file over
``MAX_YAML_BYTES``. This module imports nothing from countybrief.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

#: user YAML files larger than this are refused before parsing
MAX_YAML_BYTES = 1 << 20


class YAMLRefused(yaml.YAMLError):
    """A YAML file refused before parsing (too large); ``problem`` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None


class NoAliasLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses anchors (``&name``) and aliases (``*name``)."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (
                isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor):
            what = (f"alias *{event.anchor}" if isinstance(event, AliasEvent)
                    else f"anchor &{event.anchor}")
            raise yaml.composer.ComposerError(
                None, None, f"YAML {what}: anchors and aliases are not allowed "
                "(write the values out)", event.start_mark)
        return super().compose_node(parent, index)


def load(text: str | bytes) -> Any:
    """Parse one YAML document from user input: no aliases, no anchors, no Python
    objects, at most ``MAX_YAML_BYTES``; ``yaml.YAMLError`` otherwise."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_YAML_BYTES:
        raise YAMLRefused(f"file of {size} bytes is over the limit of {MAX_YAML_BYTES} bytes")
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - a SafeLoader subclass


def describe(exc: yaml.YAMLError) -> str:
    """``"malformed YAML at line L, column C: problem"`` (without the place when the
    error has none) for a YAML error."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    return f"malformed YAML{where}: {problem}"
