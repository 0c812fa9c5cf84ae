"""plangen: implementation plans (实施方案) as code.

The package is a pipeline of small modules with plain data between them:
``loader`` (YAML → data with source positions) → ``validate`` (data → diagnostics)
→ ``compose`` (plan × enterprise type → document model) → ``render`` (model → .docx bytes)
→ ``writer`` (atomic, deterministic files). The CLI in ``cli`` is a thin layer on top.
"""

__version__ = "0.1.0"
