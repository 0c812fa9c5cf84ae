"""The site stage: the download page, its previews and bundles, and the read-only server."""
