"""sopflow: process documentation kept true to the work."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sopflow")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
