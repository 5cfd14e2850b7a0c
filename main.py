"""Livedesk's entry point: the GUI, or a subcommand of the command line.

Subcommands never import Qt: they run on ``storage`` and ``export`` alone, so they work on a server
with no display and start quickly. Each failure prints one line on stderr and exits with a
documented code (see ``EXIT_CODES`` and the README).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

__version__ = "0.1.0"
#: When the process started its Python code: the app reports its start-up time from here.
STARTED = time.monotonic()

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_MISSING_FILE = 3
EXIT_NOT_A_STORE = 4
EXIT_NEWER_SCHEMA = 5
EXIT_INVALID_DOCUMENT = 6
EXIT_UNKNOWN_BLOG = 7
EXIT_EXISTS = 8
EXIT_STORAGE = 9
EXIT_LOCKED = 10

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_CHECK_FAILED: "check found at least one error",
    EXIT_USAGE: "wrong arguments",
    EXIT_MISSING_FILE: "a file named on the command line does not exist",
    EXIT_NOT_A_STORE: "the store is not a Livedesk store (not SQLite, another application's "
                      "database, empty or damaged)",
    EXIT_NEWER_SCHEMA: "the store was written by a newer Livedesk",
    EXIT_INVALID_DOCUMENT: "the document is not valid livedesk/1 (bad JSON, encoding or schema)",
    EXIT_UNKNOWN_BLOG: "no such blog in the store, or --blog is needed to choose one",
    EXIT_EXISTS: "the output file, or a blog with that slug, already exists (use --force for "
                 "files)",
    EXIT_STORAGE: "the disk refused a write (full, read-only, locked)",
    EXIT_LOCKED: "the store is open for writing in another Livedesk (the app, or another command)",
}

FORMATS = ("html", "fragment", "json", "ninjs", "atom")


class CommandError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _fail(message: str, code: int) -> NoReturn:
    raise CommandError(message, code)


# ----------------------------------------------------------------------------------- helpers


def _store_path(args: argparse.Namespace) -> Path:
    if getattr(args, "store", None):
        return Path(args.store)
    from storage.paths import default_store_path

    return default_store_path()


def _open_store(args: argparse.Namespace, *, create: bool = False, write: bool = False) -> Any:
    """Open the store: with its write lock for commands that change it, read-only for the
    others (so that they work while the app has the store open)."""
    from storage import (
        BlogStore,
        NewerSchemaError,
        NotALivedeskStoreError,
        StorageFailure,
        StoreLockedError,
        StoreReadOnlyError,
    )

    path = _store_path(args)
    if not path.exists() and not create:
        _fail(f"no store at {path} (create one with: livedesk sample --store {path})",
              EXIT_MISSING_FILE)
    try:
        try:
            return BlogStore.open(path, create=create, program="the livedesk command")
        except (StoreLockedError, StoreReadOnlyError):
            if write:
                raise
            # The app has the store open, or the file is read-only: reading is still safe.
            return BlogStore.open(path, read_only=True)
    except StoreLockedError as error:
        _fail(str(error), EXIT_LOCKED)
    except NewerSchemaError as error:
        _fail(str(error), EXIT_NEWER_SCHEMA)
    except NotALivedeskStoreError as error:
        _fail(str(error), EXIT_NOT_A_STORE)
    except StorageFailure as error:
        _fail(str(error), EXIT_STORAGE)


def _choose_blog(store: Any, slug: str | None) -> Any:
    from storage import NotFoundError

    if slug:
        try:
            return store.blog_by_slug(slug)
        except NotFoundError as error:
            known = ", ".join(b.slug for b in store.list_blogs()) or "none"
            _fail(f"{error} (blogs in this store: {known})", EXIT_UNKNOWN_BLOG)
    blogs = store.list_blogs()
    if len(blogs) == 1:
        return store.get_blog(blogs[0].id)
    if not blogs:
        _fail("the store holds no blog", EXIT_UNKNOWN_BLOG)
    _fail("the store holds several blogs; choose one with --blog SLUG ("
          + ", ".join(b.slug for b in blogs) + ")", EXIT_UNKNOWN_BLOG)


def _write_output(text: str, output: str | None, force: bool) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.exists() and not force:
        _fail(f"{path} already exists (use --force to replace it)", EXIT_EXISTS)
    if not path.parent.is_dir():
        _fail(f"the folder {path.parent} does not exist", EXIT_MISSING_FILE)
    from export.atomic import write_atomically

    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        _fail(f"could not write {path}: {error.strerror}", EXIT_STORAGE)


# ---------------------------------------------------------------------------------- commands


def cmd_sample(args: argparse.Namespace) -> int:
    from export.interchange import DocumentError, import_file, resources_dir
    from storage import ConflictError

    store = _open_store(args, create=True, write=True)
    try:
        report = import_file(store, resources_dir() / "sample" / "sample-blog.json")
    except ConflictError as error:
        _fail(f"{error} in {_store_path(args)}", EXIT_EXISTS)
    except DocumentError as error:  # pragma: no cover - the shipped sample is tested
        _fail(f"the shipped sample blog is broken: {error}", EXIT_INVALID_DOCUMENT)
    finally:
        store.close()
    print(f"Created “{report.blog.title}” ({report.blog.slug}, {report.posts} posts) in "
          f"{_store_path(args)}", file=sys.stderr)
    return EXIT_OK


def cmd_blogs(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        blogs = store.list_blogs()
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"slug": b.slug, "title": b.title, "status": b.status,
                           "posts": b.posts, "published": b.published} for b in blogs],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if not blogs:
        print("The store holds no blog.", file=sys.stderr)
        return EXIT_OK
    width = max(len(b.slug) for b in blogs)
    for blog in blogs:
        print(f"{blog.slug:<{width}}  {blog.status:<5}  {blog.posts:>6} posts  {blog.title}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from export.interchange import DocumentError, import_file
    from storage import ConflictError, StorageFailure

    source = Path(args.file)
    if not source.is_file():
        _fail(f"{source} does not exist", EXIT_MISSING_FILE)
    store = _open_store(args, create=True, write=True)
    try:
        report = import_file(store, source)
    except ConflictError as error:
        _fail(f"{source}: {error}; nothing was imported", EXIT_EXISTS)
    except DocumentError as error:
        _fail(f"{source}: {error}; nothing was imported", EXIT_INVALID_DOCUMENT)
    except StorageFailure as error:
        _fail(f"{error} Nothing was imported.", EXIT_STORAGE)
    finally:
        store.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Imported “{report.blog.title}” ({report.blog.slug}): {report.posts} posts, "
          f"{report.media_stored} photos", file=sys.stderr)
    return EXIT_OK


def render_export(store: Any, blog_id: int, fmt: str, *, published_only: bool = False) -> str:
    """The text of one export format for a blog (used by the command line and the app)."""
    from export.interchange import blog_document
    from export.pipeline import render_document
    from export.style import HouseStyle

    doc = blog_document(store, blog_id)
    if fmt == "json" and published_only:
        doc["posts"] = [p for p in doc["posts"] if p["status"] == "published"]
    return render_document(doc, fmt, HouseStyle.from_settings(store.settings()),
                           store.get_media_file)


def cmd_export(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        blog = _choose_blog(store, args.blog)
        if args.output not in (None, "-") and Path(args.output).exists() and not args.force:
            _fail(f"{args.output} already exists (use --force to replace it)", EXIT_EXISTS)
        text = render_export(store, blog.id, args.format, published_only=args.published_only)
        _write_output(text, args.output, args.force)
        if args.format == "json" and args.output not in (None, "-"):
            from export.interchange import blog_document, write_media_files
            from storage import ConflictError

            try:
                write_media_files(store.get_media_file, blog_document(store, blog.id),
                                  Path(args.output).parent, force=args.force)
            except ConflictError as error:
                _fail(str(error), EXIT_EXISTS)
    finally:
        store.close()
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from export.checks import ERROR, check_blog

    store = _open_store(args)
    try:
        integrity = store.integrity_problems()
        blogs = ([_choose_blog(store, args.blog)] if args.blog
                 else [store.get_blog(b.id) for b in store.list_blogs()])
        problems = [p for blog in blogs for p in check_blog(store, blog.id)]
    finally:
        store.close()
    rows = [{"severity": ERROR, "blog": None, "post": None, "code": "integrity",
             "message": text} for text in integrity]
    rows += [{"severity": p.severity, "blog": p.blog, "post": p.post, "code": p.code,
              "message": p.message} for p in problems]
    ok = not any(row["severity"] == ERROR for row in rows)
    if args.json:
        print(json.dumps({"ok": ok, "integrity": "ok" if not integrity else "; ".join(integrity),
                          "problems": rows}, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            where = "/".join(str(x) for x in (row["blog"], row["post"]) if x)
            print(f"{row['severity']}: {where + ': ' if where else ''}{row['message']}")
        errors = sum(row["severity"] == ERROR for row in rows)
        print(f"{'OK' if ok else 'FAILED'}: {errors} errors, {len(rows) - errors} warnings",
              file=sys.stderr)
    return EXIT_OK if ok else EXIT_CHECK_FAILED


# ------------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livedesk",
        description="Livedesk: write, order, check and export newsroom live blogs.",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()))
    parser.add_argument("--version", action="version", version=f"livedesk {__version__}")
    parser.add_argument("--store", metavar="PATH",
                        help="the store file (default: library.livedesk in your data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the app offscreen on a temporary store, exercise it, exit")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store file")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("sample", parents=[common], help="create a store holding the sample blog")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("blogs", parents=[common], help="list the store's blogs")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_blogs)

    p = sub.add_parser("import", parents=[common], help="import a livedesk/1 document")
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common], help="export a blog")
    p.add_argument("--blog", metavar="SLUG", help="which blog (optional when there is one)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", metavar="OUT", help="output file, or - for stdout")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.add_argument("--published-only", action="store_true",
                   help="json: leave drafts out of the document")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("check", parents=[common], help="integrity and pre-export checks")
    p.add_argument("--blog", metavar="SLUG", help="check one blog only")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(func=cmd_check)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return start_gui(args)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except CommandError as error:
        print(f"livedesk: {error}", file=sys.stderr)
        return error.code
    except BrokenPipeError:  # e.g. `livedesk export ... | head`
        return EXIT_OK
    except sqlite3.DatabaseError as error:
        # A store whose header was sound but whose pages are not (corrupted in the middle).
        print(f"livedesk: the store is damaged ({error}); restore a backup or run "
              "`livedesk check`", file=sys.stderr)
        return EXIT_NOT_A_STORE
    except KeyboardInterrupt:
        return 130


def start_gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(store_path=Path(args.store) if args.store else None,
                   self_test=args.self_test)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
