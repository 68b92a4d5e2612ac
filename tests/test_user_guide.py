"""The user guide's commands are real: every ``carepanel ...`` line in its code blocks names
a command that exists and only options that command takes, so the guide cannot drift from
the program."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from carepanel.cli import app

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user_guide.md"


def guide_commands() -> list[str]:
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", GUIDE.read_text(encoding="utf-8"),
                        flags=re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("carepanel ")]


def resolve(words: list[str]) -> tuple[Any, list[str]]:
    """The (sub)command the words name, and the words left for its options. (Groups are
    told apart by their ``commands``: Typer carries its own copy of Click.)"""
    command = typer.main.get_command(app)
    rest = words[1:]
    while hasattr(command, "commands") and rest and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    return command, rest


def test_the_guide_shows_commands() -> None:
    assert len(guide_commands()) >= 12


@pytest.mark.parametrize("line", guide_commands())
def test_each_command_in_the_guide_exists_with_its_options(line: str) -> None:
    command, rest = resolve(shlex.split(line))
    if hasattr(command, "commands"):  # a group runs alone only if it has options itself
        assert getattr(command, "invoke_without_command", False), f"{line!r} names no command"
    known = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    used = {word.split("=")[0] for word in rest if word.startswith("--")}
    assert used <= known, f"{line!r}: unknown options {sorted(used - known)}"
