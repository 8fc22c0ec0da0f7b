"""Errors the command line reports as setup errors (exit 2) that are raised deep inside
the package: kept here, in a module that imports nothing, so the command line can name
them without loading what raises them."""


class ModelMissing(FileNotFoundError):
    """A learned model's file is not where the package keeps it: an incomplete install
    would otherwise clean differently without a word, so it stops the run (exit 2)."""
