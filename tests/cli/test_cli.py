"""The command line: every subcommand, and every bad input as one line on stderr with its exit
code, leaving the store byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import main
from main import (
    EXIT_CHECK_FAILED,
    EXIT_EXISTS,
    EXIT_INVALID_DOCUMENT,
    EXIT_MISSING_FILE,
    EXIT_NEWER_SCHEMA,
    EXIT_NOT_A_STORE,
    EXIT_OK,
    EXIT_UNKNOWN_BLOG,
    EXIT_USAGE,
)
from storage import SCHEMA_VERSION, BlogStore

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main.run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def doc_file(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def loaded_store(tmp_path: Path, doc_file: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "store.livedesk"
    code, _, err = run("import", str(doc_file), "--store", str(path), capsys=capsys)
    assert code == EXIT_OK, err
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"livedesk {main.__version__}"


def test_import_blogs_export_check(loaded_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("blogs", "--store", str(loaded_store), "--json", capsys=capsys)
    assert code == EXIT_OK
    assert json.loads(out) == [{"slug": "harbour-fire", "title":
                                "Harbour warehouse fire: live updates", "status": "ended",
                                "posts": 4, "published": 3}]
    code, out, _ = run("blogs", "--store", str(loaded_store), capsys=capsys)
    assert "harbour-fire" in out and "4 posts" in out
    code, out, _ = run("export", "--store", str(loaded_store), "--format", "json", capsys=capsys)
    assert code == EXIT_OK and json.loads(out)["blog"]["slug"] == "harbour-fire"
    code, out, _ = run("check", "--store", str(loaded_store), "--json", capsys=capsys)
    report = json.loads(out)
    assert report["integrity"] == "ok"
    assert set(report) == {"ok", "integrity", "problems"}
    assert report["ok"] is True and code == EXIT_OK
    for problem in report["problems"]:
        assert set(problem) == {"severity", "blog", "post", "code", "message"}


def test_check_reports_errors_with_exit_1(tmp_path: Path, doc: dict[str, Any],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    doc["posts"][1]["body"] = "   "
    doc["posts"][1]["media"][0]["alt"] = ""
    doc["blog"]["summary"].append("See [the draft](#draft-1)")
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    store = tmp_path / "s.livedesk"
    assert run("import", str(source), "--store", str(store), capsys=capsys)[0] == EXIT_OK
    code, out, _ = run("check", "--store", str(store), "--json", capsys=capsys)
    assert code == EXIT_CHECK_FAILED
    report = json.loads(out)
    codes = {(p["code"], p["post"]) for p in report["problems"] if p["severity"] == "error"}
    assert ("no-body", "fire-out") in codes
    assert ("photo-no-alt", "fire-out") in codes
    assert ("summary-link-draft", None) in codes
    assert report["ok"] is False


def test_export_refuses_existing_file_without_force(loaded_store: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "out.json"
    out_file.write_text("keep me", encoding="utf-8")
    code, _, err = run("export", "--store", str(loaded_store), "--format", "json", "-o",
                       str(out_file), capsys=capsys)
    assert code == EXIT_EXISTS and "--force" in err and err.count("\n") == 1
    assert out_file.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run("export", "--store", str(loaded_store), "--format", "json", "-o",
                     str(out_file), "--force", capsys=capsys)
    assert code == EXIT_OK and json.loads(out_file.read_text(encoding="utf-8"))["posts"]


def test_unknown_blog(loaded_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(loaded_store)
    code, _, err = run("export", "--store", str(loaded_store), "--blog", "nope", "--format",
                       "json", capsys=capsys)
    assert code == EXIT_UNKNOWN_BLOG and "nope" in err and "harbour-fire" in err
    assert err.count("\n") == 1
    assert digest(loaded_store) == before


def test_several_blogs_need_blog_option(loaded_store: Path, doc: dict[str, Any], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    doc["blog"]["slug"] = "second-blog"
    second = tmp_path / "second.json"
    second.write_text(json.dumps(doc), encoding="utf-8")
    assert run("import", str(second), "--store", str(loaded_store), capsys=capsys)[0] == 0
    code, _, err = run("export", "--store", str(loaded_store), "--format", "json", capsys=capsys)
    assert code == EXIT_UNKNOWN_BLOG and "--blog" in err
    code, out, _ = run("export", "--store", str(loaded_store), "--blog", "second-blog",
                       "--format", "json", "-o", "-", capsys=capsys)
    assert code == EXIT_OK and json.loads(out)["blog"]["slug"] == "second-blog"


def test_import_same_slug_twice_is_refused(loaded_store: Path, doc_file: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(loaded_store)
    code, _, err = run("import", str(doc_file), "--store", str(loaded_store), capsys=capsys)
    assert code == EXIT_EXISTS and "already exists" in err and err.count("\n") == 1
    assert digest(loaded_store) == before


def test_missing_files(tmp_path: Path, loaded_store: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(loaded_store)
    code, _, err = run("import", str(tmp_path / "none.json"), "--store", str(loaded_store),
                       capsys=capsys)
    assert code == EXIT_MISSING_FILE and "does not exist" in err
    code, _, err = run("blogs", "--store", str(tmp_path / "none.livedesk"), capsys=capsys)
    assert code == EXIT_MISSING_FILE and "no store" in err
    assert not (tmp_path / "none.livedesk").exists()
    assert digest(loaded_store) == before


def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def _newer_store(path: Path) -> None:
    BlogStore.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()


@pytest.mark.parametrize(("maker", "code", "words"), [
    (lambda p: p.write_bytes(b"%PDF-1.7 not a database"), EXIT_NOT_A_STORE, "not an SQLite"),
    (lambda p: p.write_bytes(b""), EXIT_NOT_A_STORE, "empty"),
    (_foreign_db, EXIT_NOT_A_STORE, "another application"),
    (_newer_store, EXIT_NEWER_SCHEMA, "newer version"),
])
@pytest.mark.parametrize("command", [["blogs"], ["check"], ["export", "--format", "json"],
                                     ["import", "DOC"]])
def test_bad_store_files_are_refused_untouched(tmp_path: Path, doc_file: Path, maker: Any,
                                               code: int, words: str, command: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.livedesk"
    maker(path)
    before = digest(path)
    args = [str(doc_file) if a == "DOC" else a for a in command]
    result, out, err = run(*args, "--store", str(path), capsys=capsys)
    assert result == code
    assert words in err and err.startswith("livedesk: ") and err.count("\n") == 1
    assert "Traceback" not in err and out == ""
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bad.livedesk", "doc.json"])


BAD_DOCUMENTS: list[tuple[str, bytes, str]] = [
    ("truncated", b'{"format": "livedesk/1", "blog": {', "not valid JSON"),
    ("not json", b"hello", "not valid JSON"),
    ("latin-1", '{"title": "café"}'.encode("latin-1"), "not UTF-8"),
    ("utf-16", '{"format": "livedesk/1"}'.encode("utf-16"), "UTF-16"),
    ("duplicate keys", b'{"format": "livedesk/1", "format": "livedesk/1"}', "appears twice"),
    ("NaN", b'{"format": "livedesk/1", "x": NaN}', "NaN"),
    ("array", b"[1, 2, 3]", "top level"),
    ("other format", b'{"format": "wordpress/2"}', "not a livedesk/1 document"),
    ("deep nesting", b'{"format": "livedesk/1", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "nested too deeply"),
    ("huge number", b'{"format": "livedesk/1", "n": ' + b"9" * 5000 + b"}", "not valid JSON"),
]


@pytest.mark.parametrize(("name", "content", "words"), BAD_DOCUMENTS,
                         ids=[d[0] for d in BAD_DOCUMENTS])
def test_bad_documents_leave_store_unchanged(tmp_path: Path, loaded_store: Path, name: str,
                                             content: bytes, words: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    before = digest(loaded_store)
    code, _, err = run("import", str(source), "--store", str(loaded_store), capsys=capsys)
    assert code == EXIT_INVALID_DOCUMENT, err
    assert words in err and err.count("\n") == 1 and "nothing was imported" in err
    assert digest(loaded_store) == before


def _mutations() -> list[tuple[str, Any, str]]:
    def set_path(path: list[Any], value: Any) -> Any:
        def apply(doc: dict[str, Any]) -> None:
            target = doc
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        return apply

    def add_key(doc: dict[str, Any]) -> None:
        doc["posts"][1]["colour"] = "red"

    def duplicate_id(doc: dict[str, Any]) -> None:
        doc["posts"][2]["id"] = "fire-out"

    return [
        ("unknown key", add_key, "posts[1] (id 'fire-out'): unknown key not allowed ('colour'"),
        ("wrong type", set_path(["posts", 1, "pinned"], "yes"), "posts[1] (id 'fire-out').pinned"),
        ("missing field", lambda d: d["posts"][3].pop("body"), "posts[3] (id 'first-alarm')"),
        ("bad status", set_path(["posts", 0, "status"], "live"),
         "posts[0] (id 'key-info').status"),
        ("bad time", set_path(["posts", 1, "updated_at"], "yesterday"), "updated_at"),
        ("impossible date", set_path(["posts", 1, "updated_at"], "2025-02-30T10:00:00+00:00"),
         "not a real date"),
        ("duplicate id", duplicate_id,
         "posts[2].id: the id 'fire-out' is already used by posts[1]"),
        ("bad slug", set_path(["blog", "slug"], "Not a slug!"), "blog.slug"),
        ("bad zone", set_path(["blog", "timezone"], "Mars/Base"), "blog.timezone"),
        ("NUL", set_path(["posts", 1, "headline"], "a\u0000b"),
         "posts[1] (id 'fire-out').headline"),
        ("lone surrogate", set_path(["posts", 1, "body"], "a\ud800b"), "surrogate"),
        ("huge headline", set_path(["posts", 1, "headline"], "x" * 10_000_000), "headline"),
        ("tag case twins", set_path(["posts", 1, "tags"], ["Fire", "fire"]), "repeats the tag"),
        ("path traversal", set_path(["posts", 1, "media", 0, "src"], "../../etc/passwd"),
         "inside the document's folder"),
        ("script url", set_path(["posts", 1, "media", 0, "src"], "javascript:alert(1)"),
         "neither a relative path"),
    ]


@pytest.mark.parametrize(("name", "mutate", "words"), _mutations(),
                         ids=[m[0] for m in _mutations()])
def test_schema_violations_name_the_field(tmp_path: Path, loaded_store: Path,
                                          doc: dict[str, Any], name: str, mutate: Any,
                                          words: str, capsys: pytest.CaptureFixture[str]) -> None:
    doc["blog"]["slug"] = "another-slug" if name != "bad slug" else doc["blog"]["slug"]
    mutate(doc)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(doc), encoding="ascii")  # \ud800 stays an escape
    before = digest(loaded_store)
    code, _, err = run("import", str(source), "--store", str(loaded_store), capsys=capsys)
    assert code == EXIT_INVALID_DOCUMENT, err
    assert words in err, err
    assert err.count("\n") == 1 and len(err) < 600
    assert digest(loaded_store) == before


def test_oversized_document_is_refused_before_parsing(tmp_path: Path, loaded_store: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import export.interchange as interchange

    monkeypatch.setattr(interchange, "MAX_DOCUMENT_BYTES", 1000)
    source = tmp_path / "big.json"
    source.write_bytes(b" " * 2000)
    code, _, err = run("import", str(source), "--store", str(loaded_store), capsys=capsys)
    assert code == EXIT_INVALID_DOCUMENT and "refused" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.run(["export", "--format", "pdf"])
    assert exit_info.value.code == EXIT_USAGE


def test_console_entry_runs_as_a_process(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "blogs", "--store",
                             str(tmp_path / "missing.livedesk")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == EXIT_MISSING_FILE
    assert result.stderr.startswith("livedesk: no store at")


def test_check_reports_misspellings_per_post(tmp_path: Path, doc: dict[str, Any],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    doc["posts"][3]["body"] = "The warehouse fire was fianlly put out by firefighers."
    source = tmp_path / "typos.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    store = tmp_path / "s.livedesk"
    assert run("import", str(source), "--store", str(store), capsys=capsys)[0] == EXIT_OK
    code, out, _ = run("check", "--store", str(store), "--json", capsys=capsys)
    report = json.loads(out)
    spelling = [p for p in report["problems"] if p["code"] == "spelling"]
    assert {p["post"] for p in spelling} == {"first-alarm"}
    messages = " ".join(p["message"] for p in spelling)
    assert "'fianlly'" in messages and "finally" in messages and "'firefighers'" in messages
    assert all(p["severity"] == "warning" for p in spelling)
    assert code == EXIT_OK  # misspellings warn, they do not block
