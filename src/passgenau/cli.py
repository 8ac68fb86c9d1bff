"""Placeholder; the real CLI is written in the next step."""


def main() -> None:
    pass
