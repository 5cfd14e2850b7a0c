"""Pre-export checks: what would embarrass the newsroom if it reached the CMS.

Errors block an export until an editor overrides them; warnings are advice. The checks read a
livedesk/1 document (drafts included: a draft is only checked for what breaks the page, since it
will not be exported), so the command line and the app's check panel give the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from markdown_it import MarkdownIt

ERROR = "error"
WARNING = "warning"
HEADLINE_LIMIT = 100
_parser = MarkdownIt("js-default")
_ANCHOR_RE = re.compile(r"^#([A-Za-z][A-Za-z0-9_-]{0,63})$")


@dataclass(frozen=True)
class Problem:
    severity: str
    code: str
    message: str
    blog: str | None = None
    post: str | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def links(markdown: str) -> list[str]:
    """Every link target in a piece of Markdown, as markdown-it-py parses it."""
    found: list[str] = []
    stack = list(_parser.parse(markdown))
    while stack:
        token = stack.pop()
        if token.type == "link_open":
            href = token.attrGet("href")
            if isinstance(href, str):
                found.append(href)
        if token.children:
            stack.extend(token.children)
    return list(reversed(found))


def check_document(doc: dict[str, Any],
                   media_exists: Callable[[str], bool] = lambda _src: True) -> list[Problem]:
    """Run every pre-export check over a livedesk/1 document."""
    blog = doc["blog"]
    slug = blog["slug"]
    problems: list[Problem] = []
    posts = {post["id"]: post for post in doc["posts"]}

    def add(severity: str, code: str, message: str, post: str | None = None,
            field: str | None = None) -> None:
        problems.append(Problem(severity, code, message, slug, post, field))

    count = len(blog["summary"])
    if not 3 <= count <= 6:
        add(WARNING, "summary-length",
            f"'What we covered here' has {count} key point{'s' if count != 1 else ''}; "
            "3 to 6 read best")
    for index, item in enumerate(blog["summary"]):
        for href in links(item):
            match = _ANCHOR_RE.match(href)
            if match:
                target = posts.get(match.group(1))
                if target is None:
                    add(ERROR, "summary-link-missing",
                        f"Key point {index + 1} links to a post that does not exist "
                        f"({href})", field=f"summary[{index}]")
                elif target["status"] == "draft":
                    add(ERROR, "summary-link-draft",
                        f"Key point {index + 1} links to the draft "
                        f"“{target['headline'] or target['id']}”, which will not be exported",
                        field=f"summary[{index}]")
            else:
                _check_link(href, lambda code, msg, i=index: add(
                    WARNING, code, f"Key point {i + 1}: {msg}", field=f"summary[{i}]"))

    for post in doc["posts"]:
        pid = post["id"]
        published = post["status"] == "published"
        name = f"“{post['headline']}”" if post["headline"].strip() else f"Post {pid}"
        if published and not post["headline"].strip():
            add(ERROR, "no-headline", f"{name} is published without a headline", pid,
                "headline")
        if published and not post["body"].strip():
            add(ERROR, "no-body", f"{name} is published without a body", pid, "body")
        if len(post["headline"]) > HEADLINE_LIMIT:
            add(WARNING, "long-headline",
                f"{name}: the headline is {len(post['headline'])} characters; keep it under "
                f"{HEADLINE_LIMIT}", pid, "headline")
        if published and not post["contributors"]:
            add(WARNING, "no-contributor", f"{name} has no contributor", pid, "contributors")
        for index, item in enumerate(post["media"]):
            if not item["alt"].strip():
                add(ERROR, "photo-no-alt",
                    f"{name}: photo {index + 1} has no alt text for screen readers", pid,
                    f"media[{index}].alt")
            if not media_exists(item["src"]):
                add(ERROR, "photo-missing",
                    f"{name}: the image file of photo {index + 1} ({item['src']}) is missing",
                    pid, f"media[{index}].src")
        for field_name in ("body", "update_note"):
            for href in links(post[field_name] or ""):
                if _ANCHOR_RE.match(href):
                    if href[1:] not in posts:
                        add(WARNING, "anchor-missing",
                            f"{name} links to {href}, which is not a post of this blog", pid,
                            field_name)
                    continue
                _check_link(href, lambda code, msg, f=field_name, n=name, p=pid: add(
                    WARNING, code, f"{n}: {msg}", p, f))
    return problems


def _check_link(href: str, report: Callable[[str, str], None]) -> None:
    lowered = href.strip().lower()
    if lowered.startswith("http://"):
        report("insecure-link", f"the link {href} is not https")
    elif not lowered.startswith(("https://", "mailto:")):
        report("bad-link", f"the link {href} will be removed on export (only https, http and "
               "mailto links are kept)")


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity == ERROR for problem in problems)


def check_blog(store: Any, blog_id: int, *, spelling: bool = True,
               doc: dict[str, Any] | None = None) -> list[Problem]:
    """Every pre-export check of one blog of a store, misspellings included (as warnings,
    checked with the newsroom dictionary and the blog's ignore list). Used by ``check`` and by
    the app's check panel."""
    from .interchange import blog_document, is_local_src

    if doc is None:
        doc = blog_document(store, blog_id)

    def media_exists(src: str) -> bool:
        return not is_local_src(src) or store.has_media_file(src)

    problems = check_document(doc, media_exists)
    if spelling:
        from .spelling import engine_for_language, spelling_problems

        words = store.dictionary_words()
        ignored = store.ignored_words(blog_id)
        problems += [Problem(p["severity"], p["code"], p["message"], p["blog"], p["post"])
                     for p in spelling_problems(
                         doc, lambda language: engine_for_language(language, words, ignored))]
    return problems
