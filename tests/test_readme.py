"""The README shows what the commands print."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_quick_start_output_is_what_ask_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```\n\$ python -m bot (ask .*?)\n(.*?)```", readme, re.DOTALL)
    assert example, "README.md lost its example"
    argv = shlex.split(example.group(1))
    assert main([*argv, "--corpus", str(REPO / "corpus"), "--index", str(tmp_path / "index")]) == 0
    assert capsys.readouterr().out == example.group(2)
