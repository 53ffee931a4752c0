"""Progress on the terminal: one line per finished stage with its time, a spinner while it runs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console


class Progress:
    def __init__(self, console: Console | None = None, quiet: bool = False) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        if self.quiet:
            yield
        else:
            with self.console.status(f"[bold]{name}[/]…"):
                yield
        elapsed = time.perf_counter() - start
        self.timings[name] = elapsed
        if not self.quiet:
            self.console.print(f"[green]✓[/] {name} [dim]({elapsed:.1f} s)[/]")

    def step(self, text: str) -> None:
        if not self.quiet:
            self.console.print(f"  [dim]·[/] {text}")
