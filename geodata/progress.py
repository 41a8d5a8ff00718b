"""A minimal progress bar for long commands: redraws in place on a terminal, prints every 10%
otherwise (logs, CI)."""

import time


class Progress:
    def __init__(self, stream, *, label, total=None):
        self.stream, self.label, self.total = stream, label, total
        self.count = 0
        self.started = time.monotonic()
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self._last_decile = -1
        self._last_draw = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._draw(final=True)

    def advance(self, n=1):
        self.count += n
        if self.interactive:
            now = time.monotonic()
            if now - self._last_draw >= 0.2:
                self._last_draw = now
                self._draw()
        elif self.total:
            decile = min(10, self.count * 10 // self.total)
            if decile != self._last_decile:
                self._last_decile = decile
                self._draw()

    def _draw(self, final=False):
        elapsed = time.monotonic() - self.started
        rate = self.count / elapsed if elapsed else 0
        if self.total:
            share = min(1.0, self.count / self.total)
            bar = "#" * int(share * 30)
            text = f"{self.label} [{bar:<30}] {self.count}/{self.total} ({rate:,.0f}/s)"
        else:
            text = f"{self.label} {self.count} ({rate:,.0f}/s)"
        end = "\n" if final or not self.interactive else ""
        # `stream` is a management command's OutputWrapper (self.stdout / self.stderr).
        self.stream.write(("\r" if self.interactive else "") + text, ending=end)
        self.stream.flush()
