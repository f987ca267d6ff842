"""Trade policy: models."""
