"""The review stage: plans compared in their own terms, reports, redlines and git."""
