def load(*, stdout: object = None) -> None:
    """Demo data of EU law (filled in below)."""
