"""Run configuration: one frozen object that travels with every batch.

It is hashed into the manifest (and into incremental re-run keys), so anything that
changes what the cleaner outputs must live here and nowhere else.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from pipeline.rules.user import RulesError, UserRules


class ConfigError(ValueError):
    """A setting of the wrong type or value, or a config file that cannot be read as one:
    a setup error (exit 2), with a one-line message naming the key or the file."""


STAGE_NAMES = ("read", "decode", "extract", "repair", "segment", "classify", "strip", "write")
SKIPPABLE_STAGES = ("repair", "strip", "extract")


@dataclasses.dataclass(frozen=True)
class Config:
    skip: tuple[str, ...] = ()
    # Streaming: a batch closes at whichever limit comes first.
    batch_docs: int = 512
    batch_bytes: int = 16 * 1024 * 1024
    workers: int = 1
    engine: str = "local"  # local | dask
    dask_address: str | None = None
    # Record containers (JSONL, CSV, Parquet): field names, auto-detected when None.
    text_field: str | None = None
    html_field: str | None = None
    id_field: str | None = None
    url_field: str | None = None
    # Record fields carried through to documents.parquet as columns (--keep-fields).
    keep_fields: tuple[str, ...] = ()
    # Repair options that restyle (off by default: the repair stage repairs damage, it
    # does not restyle): full-width letters and digits to ASCII, and a Unicode normal
    # form (NFC, NFKC, NFD, NFKD) for the whole text.
    fix_character_width: bool = False
    normalization: str | None = None
    incremental: bool = False
    progress: bool | None = None  # None: a bar on a terminal, log lines otherwise
    # Per-document limits: a document past either becomes an error row naming the limit,
    # so one huge or pathological input never stalls or sinks the run.
    max_document_bytes: int = 32 * 1024 * 1024
    document_timeout_s: float = 60.0
    # The user's rules (the config file's [rules] table; pipeline/rules/user.py).
    rules: UserRules = UserRules()

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            _check_type(field.name, getattr(self, field.name), field.type)
        object.__setattr__(self, "skip", tuple(self.skip))
        object.__setattr__(self, "keep_fields", tuple(self.keep_fields))
        unknown = set(self.skip) - set(SKIPPABLE_STAGES)
        if unknown:
            raise ConfigError(
                f"cannot skip stage(s) {sorted(unknown)}; skippable: {', '.join(SKIPPABLE_STAGES)}"
            )
        if self.engine not in ("local", "dask"):
            raise ConfigError(f"unknown engine {self.engine!r}; use local or dask")
        if self.workers < 1:
            raise ConfigError("--workers must be at least 1")
        if self.batch_docs < 1 or self.batch_bytes < 1:
            raise ConfigError("--batch-docs and --batch-bytes must be at least 1")
        if self.max_document_bytes < 1:
            raise ConfigError("--max-document-size must be at least 1 byte")
        if self.normalization is not None and self.normalization not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise ConfigError(f"config key 'normalization': one of NFC, NFKC, NFD, NFKD, got {self.normalization!r}")
        if not self.document_timeout_s > 0:
            raise ConfigError("--document-timeout must be above 0 seconds")

    def output_fingerprint(self) -> str:
        """Hash of what changes how a document comes out: the settings that matter,
        the code and data of the stages, rules and readers, and the versions of the
        libraries they lean on. ``--incremental`` redoes every input when it changes."""
        relevant = {
            "skip": sorted(self.skip),
            "fields": [self.text_field, self.html_field, self.id_field, self.url_field],
            "keep_fields": list(self.keep_fields),
            "repair": [self.fix_character_width, self.normalization],
            "rules": self.rules.to_dict(),
        }
        from pipeline import __version__

        relevant["version"] = __version__
        relevant["code"] = code_fingerprint()
        relevant["libraries"] = _library_versions()
        blob = json.dumps(relevant, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_file(cls, path: str | Path, **overrides) -> "Config":
        """Load a JSON or TOML config; command-line flags given explicitly win."""
        path = Path(path)
        if path.suffix.lower() not in (".toml", ".json"):
            named = {".yaml": "YAML", ".yml": "YAML", ".ini": "INI", ".cfg": "INI", ".conf": "a conf file",
                     ".xml": "XML", ".py": "Python"}.get(path.suffix.lower(), f"a {path.suffix or 'suffixless'} file")
            raise ConfigError(f"{path}: {named} is not read; --config takes a TOML file (*.toml) or a JSON "
                              f"file (*.json)")
        kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text; --config takes a {kind} file") from None
        except IsADirectoryError:
            raise ConfigError(f"{path}: a folder; --config takes a {kind} file") from None
        try:
            if kind == "TOML":
                import tomllib

                data = tomllib.loads(text)
            else:
                data = json.loads(text)
        except ValueError as exc:  # json.JSONDecodeError, tomllib.TOMLDecodeError
            raise ConfigError(f"{path}: not valid {kind} ({exc}); --config takes a JSON file, "
                              f"or a TOML file named *.toml") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a {kind} {'table' if kind == 'TOML' else 'object'} of settings, "
                              f"got {type(data).__name__}")
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - fields
        if unknown:
            raise ConfigError(f"{path}: unknown config key(s) {sorted(unknown)}")
        data.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(data.get("skip"), list):
            data["skip"] = tuple(data["skip"])
        if "rules" in data:
            try:
                data["rules"] = UserRules.from_table(data["rules"], where=f"{path}: rules")
            except RulesError as exc:
                raise ConfigError(str(exc)) from None
        try:
            return cls(**data)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None


# What a field's annotation asks for: the Python types that pass, and how to say so.
_TYPE_NAMES = {
    "int": ((int,), "an integer"),
    "float": ((int, float), "a number"),
    "bool": ((bool,), "true or false"),
    "str": ((str,), "a string"),
    "tuple[str, ...]": ((tuple, list), "a list of strings"),
}


def _check_type(name: str, value, annotation: str) -> None:
    """Raise ``ConfigError`` naming the key when ``value`` is not of the annotated type
    (``bool`` is no integer here, though Python says it is)."""
    options = [part.strip() for part in str(annotation).split("|")]
    if value is None and "None" in options:
        return
    if options == ["UserRules"]:  # validated by UserRules.from_table, key by key
        if not isinstance(value, UserRules):
            raise ConfigError(f"config key {name!r}: expected a [rules] table, got {type(value).__name__}")
        return
    kinds = [_TYPE_NAMES[o] for o in options if o in _TYPE_NAMES]
    for types, _ in kinds:
        if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
            if list in types and not all(isinstance(v, str) for v in value):
                break
            return
    expected = " or ".join(what for _, what in kinds) + (" or null" if "None" in options else "")
    raise ConfigError(f"config key {name!r}: expected {expected}, got {type(value).__name__} {value!r}")


# The parts of the package whose code or data decide what a document comes out as.
_OUTPUT_CODE = ("stages", "classifier", "rules", "readers", "batch.py", "schema.py", "config.py", "language.py")
_OUTPUT_LIBRARIES = ("ftfy", "trafilatura", "charset-normalizer", "pyarrow")


def code_fingerprint() -> str:
    """SHA-256 over the source and data files that shape the outputs."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _OUTPUT_CODE:
        path = root / name
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        for f in files:
            h.update(f.relative_to(root).as_posix().encode() + b"\0")
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in _OUTPUT_LIBRARIES:
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out
