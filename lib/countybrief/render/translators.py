"""A papermill parameter translator that keeps non-ASCII text readable.

papermill's stock ``PythonTranslator`` writes ``region = "\\u767d\\u94f6\\u533a"`` into the
injected-parameters cell. ``ReadablePythonTranslator`` writes ``region = "白银区"`` instead:
printable characters are kept as they are, while quotes, backslashes and every
non-printable character (newlines, tabs, line separators, lone surrogates...) are
escaped, so the literal is still a single safe Python string.
"""

from __future__ import annotations

from papermill.translators import PythonTranslator, papermill_translators

_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def python_str_literal(value: str) -> str:
    """A double-quoted Python literal for ``value``; ``ast.literal_eval`` gives it back."""
    out = []
    for ch in value:
        if ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code <= 0xFF:
                out.append(f"\\x{code:02x}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


class ReadablePythonTranslator(PythonTranslator):
    """``PythonTranslator`` emitting plain-character (not ``\\uXXXX``) string literals."""

    @classmethod
    def translate_escaped_str(cls, str_val: object) -> str:
        return python_str_literal(str_val if isinstance(str_val, str) else str(str_val))

    @classmethod
    def translate_str(cls, val: str) -> str:
        return cls.translate_escaped_str(val)


def register() -> None:
    """Make papermill use ``ReadablePythonTranslator`` for Python kernels."""
    papermill_translators.register("python", ReadablePythonTranslator)
    papermill_translators.register("python3", ReadablePythonTranslator)
