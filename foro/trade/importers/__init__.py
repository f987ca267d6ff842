"""File readers for trade figures: plain Python, no Django (the service stores the rows)."""
