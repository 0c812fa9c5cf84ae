"""One module per ``plangen`` command; each exposes ``command`` and fits on one screen."""
