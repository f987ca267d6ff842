def load(*, stdout: object = None) -> None:
    """Demo data of the treaty register (filled in below)."""
