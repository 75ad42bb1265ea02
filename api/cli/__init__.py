"""Terminal adapter: the ``asistente`` console command."""

__all__ = ["main"]

from api.cli.main import main
