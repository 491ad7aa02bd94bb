"""The command-line face: parses arguments, calls the layers below, presents the results."""
