"""The ``livedesk/1`` interchange format: a JSON document that round-trips one blog without loss.

Export writes a blog as that document; import reads one, validates it against the JSON Schema in
``resources/schemas/`` and stores it in one transaction, all or nothing. Reading is strict on
purpose: Python's ``json`` silently keeps the last of duplicate keys, accepts ``NaN`` and lets lone
surrogates through, and each of those would turn into lost or broken copy later.
"""

from __future__ import annotations

import json
import mimetypes
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from storage import Blog, BlogStore, Contributor, Media
from storage.errors import ConflictError, InvalidInputError
from storage.ordering import spread_keys
from storage.store import check_text, check_timezone

FORMAT = "livedesk/1"
#: A document larger than this is refused before it is parsed (a live blog of 10,000 long posts
#: is about 40 MB).
MAX_DOCUMENT_BYTES = 128 * 1024 * 1024
#: One photo kept in the store may be this large.
MAX_MEDIA_BYTES = 25 * 1024 * 1024
IMAGE_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


class DocumentError(InvalidInputError):
    """A livedesk/1 document cannot be read: not JSON, not the format, or breaks its schema."""


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout and in a PyInstaller bundle alike."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "resources"


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads((resources_dir() / "schemas" / "livedesk-1.schema.json")
                        .read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


# ------------------------------------------------------------------------------------ reading


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DocumentError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise DocumentError(f"{name} is not a number JSON allows")


def _path_text(path: Iterator[Any] | list[Any], doc: Any = None) -> str:
    text = ""
    parts = list(path)
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    if doc is not None and len(parts) >= 2 and parts[0] == "posts" and isinstance(parts[1], int):
        try:
            post_id = doc["posts"][parts[1]]["id"]
        except (KeyError, IndexError, TypeError):
            post_id = None
        if isinstance(post_id, str):
            text = text.replace(f"posts[{parts[1]}]", f"posts[{parts[1]}] (id {post_id!r})", 1)
    return text or "document"


@cache
def _field_limits() -> dict[str, int]:
    """The schema's ``maxLength`` of each string field, by field name (the names are unique)."""
    limits: dict[str, int] = {}
    stack: list[Any] = [_validator().schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                target = sub
                if isinstance(sub, dict) and "$ref" in sub:
                    target = _validator().schema["$defs"][sub["$ref"].rsplit("/", 1)[-1]]
                if isinstance(target, dict) and "maxLength" in target:
                    limits[name] = int(target["maxLength"])
                if isinstance(target, dict) and isinstance(target.get("items"), dict) \
                        and "maxLength" in target["items"]:
                    limits[name] = int(target["items"]["maxLength"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return limits


def _check_strings(value: Any, path: list[Any], doc: Any) -> None:
    """Every string must be storable Unicode without control characters (NUL, lone surrogates)
    and within its field's length. This runs before the schema validation: jsonschema writes the
    offending value into its messages, and a 10 MB headline copied into several of them would
    cost hundreds of megabytes."""
    limits = _field_limits()
    stack: list[tuple[Any, list[Any]]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            field = next((part for part in reversed(where) if isinstance(part, str)), "")
            limit = limits.get(field, 1_000_000)
            if len(item) > limit:
                raise DocumentError(f"is {len(item):,} characters long; the limit is {limit:,}",
                                    _path_text(where, doc))
            try:
                check_text(item, "text", max_length=limit)
            except InvalidInputError as error:
                raise DocumentError(error.detail, _path_text(where, doc)) from None
        elif isinstance(item, dict):
            stack.extend((v, [*where, k]) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, [*where, i]) for i, v in enumerate(item))


def parse_document(data: bytes | str) -> dict[str, Any]:
    """Parse and validate a livedesk/1 document, raising ``DocumentError`` with the field."""
    if isinstance(data, bytes):
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"the file is {len(data) / 1e6:,.0f} MB; documents larger than "
                                f"{MAX_DOCUMENT_BYTES / 1e6:,.0f} MB are refused")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            hint = (" (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "")
            raise DocumentError(f"the file is not UTF-8 text{hint}: byte {error.start} is "
                                "invalid") from None
    else:
        text = data
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DocumentError("the document is too large")
    try:
        doc = json.loads(text, object_pairs_hook=_reject_duplicates,
                         parse_constant=_reject_constant)
    except DocumentError:
        raise
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: {error.msg} at line {error.lineno}, column "
                            f"{error.colno}") from None
    except RecursionError:
        raise DocumentError("not a livedesk/1 document: the JSON is nested too deeply") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise DocumentError(f"not valid JSON: {error}") from None
    validate_document(doc)
    return doc  # type: ignore[no-any-return]


def validate_document(doc: Any) -> None:
    """Check a parsed document against the schema and the rules a schema cannot say."""
    if not isinstance(doc, dict):
        raise DocumentError("not a livedesk/1 document: the top level is not a JSON object")
    if doc.get("format") != FORMAT:
        found = doc.get("format")
        raise DocumentError(f"not a livedesk/1 document (format is {found!r})", "format")
    _check_strings(doc, [], doc)
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        import jsonschema.exceptions

        error = jsonschema.exceptions.best_match(errors)
        where = _path_text(list(error.absolute_path), doc)
        raise DocumentError(_schema_message(error), where)
    blog = doc["blog"]
    try:
        check_timezone(blog["timezone"], "blog.timezone")
    except InvalidInputError as error:
        raise DocumentError(error.detail, "blog.timezone") from None
    _check_real_time(blog["coverage_start"], ["blog", "coverage_start"], doc)
    _check_real_time(blog["coverage_end"], ["blog", "coverage_end"], doc)
    seen: dict[str, int] = {}
    for index, post in enumerate(doc["posts"]):
        if post["id"] in seen:
            first = seen[post["id"]]
            raise DocumentError(f"the id {post['id']!r} is already used by posts[{first}]",
                                f"posts[{index}].id")
        seen[post["id"]] = index
        _check_real_time(post["published_at"], ["posts", index, "published_at"], doc)
        _check_real_time(post["updated_at"], ["posts", index, "updated_at"], doc)
        folded: dict[str, str] = {}
        for tag_index, tag in enumerate(post["tags"]):
            key = " ".join(tag.split()).casefold()
            if key in folded:
                raise DocumentError(f"{tag!r} repeats the tag {folded[key]!r}",
                                    _path_text(["posts", index, "tags", tag_index], doc))
            folded[key] = tag
            if "," in tag:
                raise DocumentError("a tag cannot contain a comma",
                                    _path_text(["posts", index, "tags", tag_index], doc))


def _schema_message(error: Any) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed",
                                     "unknown key not allowed")
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{error.instance[:80]!r} does not have the expected form"
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return (f"is {len(error.instance):,} characters long; the limit is "
                f"{error.validator_value:,}")
    if error.validator in ("type", "enum", "const") and isinstance(error.instance, str):
        return f"{error.instance[:80]!r} is not allowed here ({error.message[-120:]})"
    return str(error.message)[:300]


def _check_real_time(value: str | None, path: list[Any], doc: Any) -> None:
    if value is None:
        return
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DocumentError(f"{value!r} is not a real date and time", _path_text(path, doc)) \
            from None


# ------------------------------------------------------------------------------------ export


def blog_document(store: BlogStore, blog_id: int,
                  post_ids: list[int] | None = None) -> dict[str, Any]:
    """The blog as a livedesk/1 document (a dict, posts in display order, drafts included).
    ``post_ids`` limits it to some posts (a preview around the current post)."""
    blog = store.get_blog(blog_id)
    posts = (store.iter_posts(blog_id) if post_ids is None
             else (store.get_post(i) for i in post_ids))
    return {
        "format": FORMAT,
        "blog": {
            "slug": blog.slug,
            "title": blog.title,
            "language": blog.language,
            "timezone": blog.timezone,
            "status": blog.status,
            "coverage_start": blog.coverage_start,
            "coverage_end": blog.coverage_end,
            "authors": list(blog.authors),
            "closing_note": blog.closing_note,
            "summary": [item.text for item in store.list_summary(blog_id)],
        },
        "posts": [_post_document(post) for post in posts],
    }


def _post_document(post: Any) -> dict[str, Any]:
    return {
        "id": post.uid,
        "headline": post.headline,
        "label": post.label,
        "contributors": [{"name": c.name, "place": c.place} for c in post.contributors],
        "body": post.body,
        "status": post.status,
        "pinned": post.pinned,
        "published_at": post.published_at,
        "updated_at": post.updated_at,
        "update_note": post.update_note,
        "tags": list(post.tags),
        "media": [{"src": m.src, "alt": m.alt, "caption": m.caption, "credit": m.credit}
                  for m in post.media],
    }


def dumps_document(doc: dict[str, Any]) -> str:
    """The document as text: UTF-8-ready, two-space indent, a final newline. Deterministic.

    The same text as ``json.dumps(doc, ensure_ascii=False, indent=2)``, made post by post: each
    post's text is kept in ``export.render.cache`` by the post (``render.post_key``), so that
    writing a large blog again after an edit writes only the edited post anew."""
    from . import render
    from .jsontext import dumps_indented

    posts = doc.get("posts")
    if not posts or not isinstance(posts, list) or next(reversed(doc)) != "posts":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    opening = json.dumps({**doc, "posts": []}, ensure_ascii=False, indent=2)
    texts = []
    for post in posts:
        key, size = render.post_key_and_size(post)
        text = None if key is None else render.cache.get(("json", key))
        if text is None:
            text = dumps_indented(post, 2)  # at its depth: in "posts", in the document
            if key is not None:  # the key holds the post's text too
                render.cache.put(("json", key), text, len(text) + size)
        texts.append(text)
    return "".join([opening[:-4], "[\n    ", ",\n    ".join(texts), "\n  ]\n}\n"])


def is_local_src(src: str) -> bool:
    """A photo source that names a file (``images/x.jpg``) rather than a web address."""
    parts = urlsplit(src)
    return not parts.scheme and not parts.netloc and not src.startswith("/")


def media_loader(store: BlogStore) -> Callable[[str], tuple[bytes, str] | None]:
    """A function returning ``(bytes, mime)`` of a photo the store keeps, for the renderers."""
    return store.get_media_file


def write_media_files(media_loader: Callable[[str], tuple[bytes, str] | None],
                      doc: dict[str, Any], folder: Path, *, force: bool = False) -> list[Path]:
    """Write the photos a document's posts use beside an exported document, so that it imports
    anywhere. An existing file with other content is refused unless ``force``."""
    from .atomic import write_atomically

    written: list[Path] = []
    for post in doc["posts"]:
        for item in post["media"]:
            src = item["src"]
            if not is_local_src(src):
                continue
            stored = media_loader(src)
            if stored is None:
                continue
            target = folder.joinpath(*_safe_relative(src).parts)
            if target.exists():
                if target.read_bytes() == stored[0]:
                    continue
                if not force:
                    raise ConflictError(f"{target} exists with other content (use --force)")
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, stored[0])
            written.append(target)
    return written


# ------------------------------------------------------------------------------------ import


@dataclass
class ImportReport:
    blog: Blog
    posts: int
    media_stored: int = 0
    warnings: list[str] = field(default_factory=list)


def _safe_relative(src: str) -> PurePosixPath:
    path = PurePosixPath(src.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise DocumentError(f"{src!r} must be a path inside the document's folder")
    return path


def _sniff_image(data: bytes, src: str) -> str | None:
    for magic, mime in IMAGE_TYPES.items():
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    guessed = mimetypes.guess_type(src)[0]
    return guessed if guessed == "image/svg+xml" else None


def _read_media(doc: dict[str, Any], base: Path | None,
                warnings: list[str]) -> dict[str, tuple[bytes, str]]:
    """Read every local photo a document names, before anything is written to the store."""
    found: dict[str, tuple[bytes, str]] = {}
    for index, post in enumerate(doc["posts"]):
        for media_index, item in enumerate(post["media"]):
            src = item["src"]
            where = _path_text(["posts", index, "media", media_index, "src"], doc)
            if not is_local_src(src):
                scheme = urlsplit(src).scheme.lower()
                if scheme not in ("http", "https"):
                    raise DocumentError(f"{src[:80]!r} is neither a relative path nor an http(s) "
                                        "address", where)
                continue
            relative = _safe_relative(src)
            if src in found or base is None:
                if base is None:
                    warnings.append(f"{where}: {src} was not read (no folder to read it from)")
                continue
            path = base.joinpath(*relative.parts)
            try:
                size = path.stat().st_size
                if size > MAX_MEDIA_BYTES:
                    raise DocumentError(f"{src} is {size / 1e6:.0f} MB; photos over "
                                        f"{MAX_MEDIA_BYTES / 1e6:.0f} MB are refused", where)
                data = path.read_bytes()
            except FileNotFoundError:
                warnings.append(f"{where}: the photo {src} is missing")
                continue
            except OSError as error:
                warnings.append(f"{where}: the photo {src} cannot be read ({error.strerror})")
                continue
            mime = _sniff_image(data, src)
            if mime is None:
                raise DocumentError(f"{src} is not a JPEG, PNG, GIF or WebP image", where)
            found[src] = (data, mime)
    return found


def import_document(store: BlogStore, doc: dict[str, Any], *,
                    media_base: Path | None = None) -> ImportReport:
    """Store a validated document as a new blog, in one transaction: all of it or nothing.

    Local photos are read from ``media_base`` (the document's folder) and kept inside the store,
    so that the one store file holds everything an editor needs, offline and in backups.
    """
    validate_document(doc)
    blog_data = doc["blog"]
    warnings: list[str] = []
    media_files = _read_media(doc, media_base, warnings)
    stored = 0
    with store.transaction():
        blog = store.create_blog(
            blog_data["slug"], blog_data["title"], language=blog_data["language"],
            timezone=blog_data["timezone"], status=blog_data["status"],
            coverage_start=blog_data["coverage_start"], coverage_end=blog_data["coverage_end"],
            authors=blog_data["authors"], closing_note=blog_data["closing_note"])
        renamed: dict[str, str] = {}
        for src, (data, mime) in media_files.items():
            renamed[src] = store.put_media_file(src, data, mime)
            stored += 1
        for key, text in zip(spread_keys(len(blog_data["summary"])), blog_data["summary"],
                             strict=True):
            store.add_summary_item(blog.id, text, position=key)
        keys = spread_keys(len(doc["posts"]))
        for index, (post, key) in enumerate(zip(doc["posts"], keys, strict=True)):
            try:
                store.create_post(
                    blog.id, uid=post["id"], headline=post["headline"], body=post["body"],
                    label=post["label"], status=post["status"], pinned=post["pinned"],
                    published_at=post["published_at"], updated_at=post["updated_at"],
                    update_note=post["update_note"],
                    contributors=[Contributor(c["name"], c["place"])
                                  for c in post["contributors"]],
                    tags=post["tags"],
                    media=[Media(renamed.get(m["src"], m["src"]), m["alt"], m["caption"],
                                 m["credit"]) for m in post["media"]],
                    position=key)
            except ConflictError:
                raise
            except InvalidInputError as error:
                where = _path_text(["posts", index], doc)
                raise DocumentError(error.detail, f"{where}.{error.field}" if error.field
                                    else where) from None
    return ImportReport(store.get_blog(blog.id), len(doc["posts"]), stored, warnings)


def import_file(store: BlogStore, path: Path) -> ImportReport:
    """Read, validate and import a livedesk/1 file (photos are read from its folder)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist") from None
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{path} is {size / 1e6:,.0f} MB; documents larger than "
                            f"{MAX_DOCUMENT_BYTES / 1e6:,.0f} MB are refused")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror}") from None
    return import_document(store, parse_document(data), media_base=path.parent)
