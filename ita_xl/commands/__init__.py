"""CLI commands, one module each, registered in ``ita_xl.cli.COMMANDS``."""
