"""Shared by every stage: the exception tree, the message catalogue, diagnostics, atomic files
and the vocabulary of Chinese official documents."""
