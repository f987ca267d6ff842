"""Partner relations: partners, contacts, cooperation instruments, interactions and follow-up actions."""
