"""Subcommands of ``python -m layers``: one module per subcommand, each with ``add_parser``."""
