"""The type stubs of ``atmokit._native`` name every function the extension has, and only those."""

from __future__ import annotations

import ast
from pathlib import Path

import atmokit
import atmokit._native as native


def test_native_stub_matches_the_extension():
    stub = Path(atmokit.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text())
    stubbed = {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}
    public = {k for k in dir(native) if not k.startswith("_") and callable(getattr(native, k))}
    assert stubbed == public


def test_function_lists_match_the_python_modules():
    assert set(native.corrections()) == set(atmokit.corrections.__all__)
    assert set(native.retrievals()) == set(atmokit.retrievals.__all__) - set(atmokit.retrievals.SP2_FUNCTIONS)
    assert all(callable(getattr(atmokit.retrievals, f)) for f in atmokit.retrievals.SP2_FUNCTIONS)
    wrapped = set(atmokit.plot.__all__) - {"Figure", "time_height"}
    assert set(native.figures()) == wrapped
