"""Every public function and class of ACT 2.3.4 has an atmokit home or a stated reason in the
docs: its name appears in docs/for-act-users.md or in a crate's table of contents (lib.rs)."""

from __future__ import annotations

import importlib
import inspect
import re
import warnings
from pathlib import Path

import pytest

act = pytest.importorskip("act")

ROOT = Path(__file__).resolve().parents[2]
SUBPACKAGES = ["io", "qc", "utils", "retrievals", "corrections", "plotting", "discovery"]


def _public(obj) -> bool:
    return (inspect.isfunction(obj) or inspect.isclass(obj)) and str(getattr(obj, "__module__", "")).startswith("act.")


def _items() -> dict[str, str]:
    """ACT's public functions and classes, name → the subpackage that exports them."""
    out: dict[str, str] = {}
    for sub in SUBPACKAGES:
        mod = importlib.import_module(f"act.{sub}")
        for name in dir(mod):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(mod, name)
            except Exception:  # noqa: BLE001 (ACT's lazy loader lists names it cannot import)
                continue
            if inspect.ismodule(obj) and obj.__name__.startswith("act."):
                for inner in dir(obj):
                    if not inner.startswith("_") and _public(getattr(obj, inner, None)):
                        out.setdefault(inner, sub)
            elif _public(obj):
                out.setdefault(name, sub)
    return out


def test_every_public_act_item_is_documented():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = _items()
    assert len(items) > 120, f"only {len(items)} ACT items found: the walk is broken"
    text = (ROOT / "docs" / "for-act-users.md").read_text()
    text += "".join(p.read_text() for p in sorted(ROOT.glob("crates/*/src/lib.rs")))
    missing = sorted(f"act.{sub}.{name}" for name, sub in items.items() if not re.search(rf"\b{re.escape(name)}\b", text))
    assert not missing, f"{len(missing)} ACT items without an atmokit home or reason: {missing}"
