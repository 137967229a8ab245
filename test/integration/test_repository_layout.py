"""The repository explains and checks itself (issue 17, doc/architecture.md §1):

* every document a source comment cites is in doc/, and every section it cites by
  number ("doc/protocol.md §5.4") or by heading ("doc/include-server.md, "Lookup"")
  exists there;
* no file includes a header from a layer above its own, and client and daemon never
  include each other.

Reads the source tree only (DCC_TOP_SRCDIR), so it runs from a read-only tree and in
any order."""
import os
import re

import pytest

from dcctest import paths

TOP = paths.TOP_SRCDIR
DOC = os.path.join(TOP, "doc")

# Where comments that cite documents live, and what is not ours to check.
CITING_DIRS = ["src", "include_server", "test", "bench"]
SKIPPED_DIRS = ["test/fixtures", "test/fuzz/corpus", "bench/results"]
TEXT_SUFFIXES = (".cpp", ".hpp", ".c", ".h", ".py", ".sh", ".mk", ".pytest", ".am")
# Documents at the top of the tree that a comment may name without doc/.
TOP_LEVEL_DOCUMENTS = {"README.md", "HACKING.md"}

# Between the words of a citation: blanks, or a line break and the comment marker of
# the next line.
SEP = r'(?:[ \t]|\n[ \t]*(?://|#)?[ \t]*)*'
NUMBER = r'\d+(?:\.\d+)*'
DOC_CITATION = re.compile(
    r'doc/(?P<name>[\w.-]+\.md)'
    rf'(?:{SEP}(?P<sections>§{NUMBER}(?:(?:{SEP}(?:,|and|or){SEP}|-)§?{NUMBER})*)'
    rf'|,{SEP}"(?P<heading>[^"]+)")?')
ANY_DOCUMENT = re.compile(r'(?<![\w/.-])(?P<path>[A-Za-z][\w-]*\.md)\b(?![\w-])')
HEADING = re.compile(r'^#{1,4}\s+(?:(?P<number>\d+(?:\.\d+)*)\.?\s+)?(?P<title>.*?)\s*$', re.M)


def citing_files():
    for top in CITING_DIRS:
        for root, dirs, names in os.walk(os.path.join(TOP, top)):
            rel = os.path.relpath(root, TOP)
            if any(rel == s or rel.startswith(s + "/") for s in SKIPPED_DIRS):
                dirs[:] = []
                continue
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                path = os.path.join(root, name)
                if path == os.path.abspath(__file__):
                    continue  # its own examples of bad citations
                if name.endswith(TEXT_SUFFIXES) or name == "local.mk":
                    yield path


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def doc_headings(name):
    """Numbers and titles of the headings of doc/<name>."""
    numbers, titles = set(), []
    for m in HEADING.finditer(read(os.path.join(DOC, name))):
        if m.group("number"):
            numbers.add(m.group("number"))
        titles.append(m.group("title"))
    return numbers, titles


def flatten(text):
    """A heading quoted across comment lines, as one line of words."""
    return " ".join(re.sub(r'^\s*(//|#)\s*', '', line) for line in text.splitlines()).split()


def citation_problems(rel, text, headings):
    """What is wrong with the document citations in one file's text."""
    problems = []
    for m in DOC_CITATION.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        name = m.group("name")
        where = f"{rel}:{line}: doc/{name}"
        if not os.path.isfile(os.path.join(DOC, name)):
            problems.append(f"{where}: no such document in doc/")
            continue
        numbers, titles = headings.setdefault(name, doc_headings(name))
        for number in re.findall(NUMBER, m.group("sections") or ""):
            if number not in numbers:
                problems.append(f"{where}: no section {number}")
        if m.group("heading"):
            quoted = " ".join(flatten(m.group("heading")))
            if not any(title.startswith(quoted) or quoted.startswith(title) for title in titles if title):
                problems.append(f'{where}: no heading "{quoted}"')
    for m in ANY_DOCUMENT.finditer(text):
        document = m.group("path")
        if document in TOP_LEVEL_DOCUMENTS:
            continue
        preceding = text[max(0, m.start() - 4):m.start()]
        if preceding != "doc/":
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{rel}:{line}: cites {document}, which is not a document in doc/ "
                            "(write doc/NAME.md §N)")
    return problems


def documents():
    """The documents people read first: README, HACKING.md and doc/*.md."""
    yield os.path.join(TOP, "README")
    yield os.path.join(TOP, "HACKING.md")
    for name in sorted(os.listdir(DOC)):
        if name.endswith(".md"):
            yield os.path.join(DOC, name)


def test_comments_cite_documents_and_sections_that_exist():
    problems = []
    headings = {}
    for path in list(citing_files()) + list(documents()):
        problems += citation_problems(os.path.relpath(path, TOP), read(path), headings)
    assert not problems, "\n".join(problems)


# A path of this tree written in backquotes (`src/client/job.cpp`, `test/unit/`).
TREE_PATH = re.compile(r'`((?:src|include_server|test|bench|man|doc|systemd|conf|demo)/[^`\s<>*{}$]*)`')


# In git but not in the release tarball (make distcheck runs this test from one).
NOT_DISTRIBUTED = ("bench/results",)


def missing_paths(rel, text):
    problems = []
    for m in TREE_PATH.finditer(text):
        path = m.group(1)
        if path.rstrip("/").startswith(NOT_DISTRIBUTED) and not os.path.exists(os.path.join(TOP, ".git")):
            continue
        # Programs are named by their place in the build tree.
        if not any(os.path.exists(os.path.join(top, path)) for top in (TOP, paths.TOP_BUILDDIR)):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{rel}:{line}: names {path}, which does not exist")
    return problems


def test_documents_name_files_that_exist():
    """HACKING.md and doc/ name real files at every step they describe."""
    problems = []
    for path in documents():
        problems += missing_paths(os.path.relpath(path, TOP), read(path))
    assert not problems, "\n".join(problems)


def test_the_path_check_can_fail():
    assert missing_paths("x.md", "see `src/client/job.cpp` and `test/unit/`") == []
    assert missing_paths("x.md", "see `src/client/no_such_file.cpp`") == [
        "x.md:1: names src/client/no_such_file.cpp, which does not exist"]


def test_the_citation_check_can_fail():
    """The checker itself: a missing document, a missing section, a missing heading
    and a citation outside doc/ are each reported; a good citation is not."""
    headings = {}
    good = '// see doc/protocol.md §5.4 and doc/client.md §7.2, §11.3\n// doc/include-server.md, "Lookup"\n'
    assert citation_problems("x.cpp", good, headings) == []
    bad = ('// doc/nosuch.md §1\n// doc/protocol.md §99\n// doc/include-server.md, "No such heading"\n'
           '// client.md section 4\n')
    found = citation_problems("x.cpp", bad, headings)
    assert len(found) == 4, found
    wrapped = "// the grammar (doc/protocol.md\n// §5.9): ...\n"
    assert citation_problems("x.cpp", wrapped, headings) == ["x.cpp:1: doc/protocol.md: no section 5.9"]


# ---- layering -----------------------------------------------------------------------

# doc/architecture.md §1: a layer may include itself and any layer of a lower rank.
RANK = {
    "common": 0,
    "proto": 1, "compiler": 1,
    "auth": 2, "zeroconf": 2,
    "client": 3, "daemon": 3, "include_server": 3, "tools": 3,
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"(?P<path>[^"]+)"', re.M)


def layer_of(rel):
    """The layer a source file belongs to, or None for files outside the layers."""
    parts = rel.split("/")
    if parts[0] == "src" and len(parts) > 2 and parts[1] in RANK:
        return parts[1]
    if parts[0] == "include_server":
        return "include_server"
    if parts[:2] == ["test", "unit"] and len(parts) > 3 and parts[2] in RANK:
        return parts[2]
    return None


def include_problems(rel, text):
    layer = layer_of(rel)
    if layer is None:
        return []
    problems = []
    for m in INCLUDE.finditer(text):
        target = m.group("path").split("/")[0]
        if target not in RANK or target == layer:
            continue  # config.h, test support, the layer's own headers
        if RANK[target] >= RANK[layer]:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f'{rel}:{line}: {layer} includes "{m.group("path")}" from layer {target}, '
                            "which is not below it")
    return problems


def layered_files():
    for top in ("src", "include_server", os.path.join("test", "unit")):
        for root, _, names in os.walk(os.path.join(TOP, top)):
            for name in names:
                if name.endswith((".cpp", ".hpp", ".c", ".h")):
                    yield os.path.join(root, name)


def test_no_file_includes_a_header_from_a_layer_above_it():
    problems = []
    for path in layered_files():
        problems += include_problems(os.path.relpath(path, TOP), read(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rel,include,allowed", [
    ("src/proto/token.cpp", "common/log.hpp", True),
    ("src/common/log.cpp", "proto/token.hpp", False),
    ("src/proto/token.cpp", "compiler/scan_args.hpp", False),
    ("src/auth/names.cpp", "proto/token.hpp", True),
    ("src/auth/names.cpp", "zeroconf/zeroconf.hpp", False),
    ("src/client/job.cpp", "daemon/job.hpp", False),
    ("src/daemon/job.cpp", "client/job.hpp", False),
    ("src/daemon/job.cpp", "auth/auth.hpp", True),
    ("include_server/server.cpp", "client/job.hpp", False),
    ("src/tools/lsdistcc/probe.cpp", "proto/messages.hpp", True),
    ("test/unit/compiler/scan_args_test.cpp", "client/job.hpp", False),
    ("test/unit/compiler/scan_args_test.cpp", "support/temp_dir.hpp", True),
])
def test_the_layer_check_can_fail(rel, include, allowed):
    problems = include_problems(rel, f'#include "{include}"\n')
    assert (problems == []) == allowed, problems
