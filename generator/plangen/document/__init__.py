"""The document stage: a plan and an edition composed into a document model, rendered through
the template into a .docx, packaged deterministically, optionally converted to PDF."""
