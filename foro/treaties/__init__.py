"""Treaties: the treaty register (bilateral and multilateral treaties and their procedure)."""
