"""Treaty register: models."""
