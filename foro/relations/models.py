"""Partner relations: models."""
