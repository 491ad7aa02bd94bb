"""`python -m sopflow` runs the command-line interface."""

from sopflow.cli.app import main

main()
