"""``make bench`` / ``python -m bench``: how fast plangen is, on whole commands, against the
alternatives a user would reach for (plain docxtpl, pandoc). Never run by the unit tests.

- :mod:`bench.corpus` writes a realistic plans repository (copies of the shipped plan and of the
  examples, with their titles and numbers varied) into a temporary folder;
- :mod:`bench.run` times the real console script in subprocesses, as users run it, with each
  command's peak memory;
- :mod:`bench.alternatives` renders the same documents with docxtpl used the usual way and with
  pandoc;
- :mod:`bench.report` prints the table (or JSON) and writes ``bench/RESULTS.md``.
"""
