"""A one-line text progress bar on stderr (no dependency).

Drawn only when enabled: by default when the stream is a terminal, so logs
and pipes stay clean; callers may force it on or off.
"""

import sys
import time


class Progress:
    """``[#####.....] 12/40  3.1s  label`` redrawn in place with a carriage return.

    ``begin(label)`` shows what is being worked on (with the count of units
    finished so far), ``end()`` counts it finished, ``close()`` draws the
    final state and ends the line.
    """

    WIDTH = 30

    def __init__(self, total, enabled=None, stream=None):
        self.total = max(int(total), 0)
        self.stream = sys.stderr if stream is None else stream
        self.enabled = (self.stream.isatty() if enabled is None else bool(enabled))
        self.done = 0
        self.start = time.monotonic()
        self._last_len = 0

    def _draw(self, label):
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // self.total if self.total else self.WIDTH
        line = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
                f"  {time.monotonic() - self.start:.1f}s  {label}")
        pad = " " * max(self._last_len - len(line), 0)  # erase a longer previous line
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self._last_len = len(line)

    def begin(self, label):
        """Shows that `label` is being worked on."""
        self._draw(label)

    def end(self):
        """Counts one unit of work finished."""
        self.done += 1

    def close(self):
        """Draws the final count and ends the bar's line (only if one was drawn)."""
        if self.enabled and self._last_len:
            self._draw("done")
            self.stream.write("\n")
            self.stream.flush()
