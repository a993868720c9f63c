"""The curated tables shipped with osint, each row with its source (installed as ``osint.data``).

Read them through :func:`osint.paths.data_file`; ``OSINT_DATA_DIR`` points elsewhere.
"""
