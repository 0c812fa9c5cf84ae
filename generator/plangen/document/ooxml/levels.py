"""The zlib levels of the packages plangen writes (``package``), apart from the code that
writes them: every build's key names the level (``incremental.toolchain``), and a build with
nothing to do should not import a zip writer to say so."""

#: zlib's level for the parts of a generated document. 3 rather than 6 (zlib's default) or 9: as
#: deterministic (the same zlib gives the same bytes for the same input at any level), and on a
#: body part of 58 KB 0.33 ms instead of 0.71 for 8% more bytes (12 KB instead of 11). Changing
#: it changes every document's bytes once (0.1.0 went from 9 to 6, then to 3). The packed
#: template keeps level 9 (``template pack``: made once, shipped).
COMPRESSION = 3
TEMPLATE_COMPRESSION = 9
