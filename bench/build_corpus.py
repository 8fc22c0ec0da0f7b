"""Build the benchmark corpus from the dev set's scraped texts, repeated to a target size.

    python bench/build_corpus.py --mb 100            # bench/corpus/{files,jsonl}-100/

Two forms of the same documents:

- ``files-<MB>/c<copy>/<id>.txt``: one plain-text file per document;
- ``jsonl-<MB>/pages.jsonl``: one JSON object per line (``id``, ``url``, ``text``).

The texts are the ``scraped`` field of ``../shared/devset/pages.jsonl.xz`` (990 pages,
about 6 MB), cycled until the UTF-8 size of the texts reaches the target; copies get
their own ids. ``meta-<MB>.json`` records documents and text bytes. A corpus already
built for a size is reused.

Two more corpora, of small files only, for the runs a scheduled job makes (report
included): ``small-<form>-<MB>/`` holds one file per page of ``../shared/devset`` and
``../shared/devset-2026`` in one text form (``scraped``, or ``fulltext``: the whole
page's text, menus and all), cycled to the target size (``build_small``).
"""
from __future__ import annotations

import argparse
import json
import lzma
import shutil
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEVSET = ROOT.parent / "shared" / "devset" / "pages.jsonl.xz"
DEVSET_2026 = ROOT.parent / "shared" / "devset-2026" / "pages.jsonl.xz"
SMALL_FORMS = ("scraped", "fulltext")
CORPUS = BENCH / "corpus"
FILES_PER_FOLDER = 1000


def devset_pages(path: Path = DEVSET) -> list[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return [{"id": p["id"], "url": p.get("url"), "text": p["scraped"]}
                for p in map(json.loads, fh) if p.get("scraped")]


def devset_texts(path: Path = DEVSET) -> list[str]:
    return [p["text"] for p in devset_pages(path)]


def paths(mb: int, root: Path = CORPUS) -> dict[str, Path]:
    return {"files": root / f"files-{mb}", "jsonl": root / f"jsonl-{mb}", "meta": root / f"meta-{mb}.json"}


def build(mb: int, root: Path = CORPUS, force: bool = False) -> dict:
    p = paths(mb, root)
    if p["meta"].exists() and p["files"].is_dir() and p["jsonl"].is_dir() and not force:
        return json.loads(p["meta"].read_text())
    for key in ("files", "jsonl"):
        shutil.rmtree(p[key], ignore_errors=True)
        p[key].mkdir(parents=True)
    pages = devset_pages()
    target = mb * 1_000_000
    total = docs = copy = 0
    with open(p["jsonl"] / "pages.jsonl", "w", encoding="utf-8") as jl:
        while total < target:
            for page in pages:
                if total >= target:
                    break
                data = page["text"].encode("utf-8")
                folder = p["files"] / f"c{docs // FILES_PER_FOLDER:04d}"
                if docs % FILES_PER_FOLDER == 0:
                    folder.mkdir()
                doc_id = f"{page['id']}-{copy}"
                (folder / f"{doc_id}.txt").write_bytes(data)
                jl.write(json.dumps({"id": doc_id, "url": page["url"], "text": page["text"]}, ensure_ascii=False))
                jl.write("\n")
                total += len(data)
                docs += 1
            copy += 1
    meta = {"mb": mb, "documents": docs, "text_bytes": total, "copies": copy,
            "unique_documents": len(pages), "source": str(DEVSET.relative_to(ROOT.parent))}
    p["meta"].write_text(json.dumps(meta, indent=2))
    return meta


def form_texts(form: str) -> list[tuple[str, str]]:
    """(id, text) of every page of both dev sets in one text form."""
    out = []
    for name, path in (("devset", DEVSET), ("devset-2026", DEVSET_2026)):
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            out += [(f"{name}-{p['id']}", p[form]) for p in map(json.loads, fh) if p.get(form)]
    return out


def small_paths(form: str, mb: int, root: Path = CORPUS) -> dict[str, Path]:
    return {"files": root / f"small-{form}-{mb}", "meta": root / f"small-{form}-{mb}.json"}


def build_small(form: str, mb: int, root: Path = CORPUS, force: bool = False) -> dict:
    """One file per page in ``form``, cycled to ``mb`` MB of text (see the docstring)."""
    if form not in SMALL_FORMS:
        raise ValueError(f"form {form!r}: one of {SMALL_FORMS}")
    p = small_paths(form, mb, root)
    if p["meta"].exists() and p["files"].is_dir() and not force:
        return json.loads(p["meta"].read_text())
    shutil.rmtree(p["files"], ignore_errors=True)
    p["files"].mkdir(parents=True)
    pages = form_texts(form)
    target = mb * 1_000_000
    total = docs = copy = 0
    while total < target:
        for page_id, text in pages:
            if total >= target:
                break
            data = text.encode("utf-8")
            folder = p["files"] / f"c{docs // FILES_PER_FOLDER:04d}"
            if docs % FILES_PER_FOLDER == 0:
                folder.mkdir()
            (folder / f"{page_id}-{copy}.txt").write_bytes(data)
            total += len(data)
            docs += 1
        copy += 1
    meta = {"form": form, "mb": mb, "documents": docs, "text_bytes": total, "copies": copy,
            "unique_documents": len(pages)}
    p["meta"].write_text(json.dumps(meta, indent=2))
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, nargs="+", default=[100], help="target size(s) in MB of text")
    ap.add_argument("--force", action="store_true", help="rebuild even if present")
    args = ap.parse_args()
    for mb in args.mb:
        meta = build(mb, force=args.force)
        print(f"corpus {mb} MB: {meta['documents']} documents, {meta['text_bytes'] / 1e6:.1f} MB of text "
              f"-> {paths(mb)['files']} and {paths(mb)['jsonl']}")


if __name__ == "__main__":
    main()
