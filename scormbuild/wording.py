"""Small helpers that word numbers for people, shared by the build and the validator."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def human_size(n: float) -> str:
    """'512 bytes', '1.5 KB', '37.2 MB', '1.1 GB' (1 KB = 1024 bytes)."""
    for unit in ("bytes", "KB", "MB"):
        if n < 1024:
            return f"{int(n)} bytes" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"
