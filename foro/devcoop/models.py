"""Development cooperation: models."""
