"""EU law: models."""
