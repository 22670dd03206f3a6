import ast

import nbformat
import pytest
from papermill.parameterize import parameterize_notebook
from papermill.translators import papermill_translators

import countybrief.render  # noqa: F401 - registers the translator
from countybrief.render.translators import ReadablePythonTranslator, python_str_literal

TRICKY = [
    "大通区",
    '"; import os; os.system("x") #',
    "'; import os; os.system('x') #",
    "back\\slash \\u767d \\n",
    "line one\nline two\r\n\tindented",
    "quotes \" and ' together",
    "\u2028line separator\u2029 and \x85 next-line",
    "\x00 nul \x1b escape \ud800 lone surrogate",
    "emoji 🚜 and 𠀀 (astral)",
    "",
]


@pytest.mark.parametrize("value", TRICKY)
def test_literal_round_trips(value):
    literal = python_str_literal(value)
    assert ast.literal_eval(literal) == value
    assert "\n" not in literal and "\r" not in literal
    tree = ast.parse(f"x = {literal}")
    assert isinstance(tree.body[0].value, ast.Constant)


def test_chinese_is_kept_readable():
    assert python_str_literal("白银区") == '"白银区"'
    assert ReadablePythonTranslator.translate({"region": "大通区"}) == '{"region": "大通区"}'
    assert ReadablePythonTranslator.translate(["通榆县", 1, None]) == '["通榆县", 1, None]'


def test_registered_for_python_kernels():
    assert papermill_translators.find_translator("python3", "python") is ReadablePythonTranslator
    assert papermill_translators.find_translator("other", "python") is ReadablePythonTranslator


def _injected(params: dict) -> str:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('region = "白银区"\nnotes = []')
    cell.metadata["tags"] = ["parameters"]
    other = nbformat.v4.new_code_cell("print(region)")
    other.metadata["tags"] = []
    nb.cells = [cell, other]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.metadata["papermill"] = {}
    out = parameterize_notebook(nb, params, kernel_name="python3", language="python")
    [inj] = [c for c in out.cells if "injected-parameters" in c.metadata.get("tags", [])]
    return inj.source


def test_injected_cell_holds_plain_chinese():
    source = _injected({"region": "大通区", "notes": ["贫困发生率\n降至1.32%"]})
    assert 'region = "大通区"' in source
    assert "\\u" not in source
    ns: dict = {}
    exec(compile(source, "<injected>", "exec"), {}, ns)  # noqa: S102 - the point of the test
    assert ns == {"region": "大通区", "notes": ["贫困发生率\n降至1.32%"]}


@pytest.mark.parametrize("value", TRICKY)
def test_injected_cell_is_safe(value):
    source = _injected({"region": value})
    tree = ast.parse(source)
    assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
    assert len(tree.body) == len(assigns) == 1
    assert ast.literal_eval(assigns[0].value) == value
