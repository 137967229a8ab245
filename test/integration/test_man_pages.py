"""The manual pages (issue 12): every page in man/ renders with `groff -man -ww`
without a single warning, and every option a built program lists in its --help
appears in that program's page."""
import glob
import os
import re
import shutil

import pytest

from dcctest import paths, procs

MAN_DIR = os.path.join(paths.TOP_SRCDIR, "man")
PAGES = sorted(glob.glob(os.path.join(MAN_DIR, "*.[1-8]")))

# page -> (program in the build tree, whether its options take glued values like
# lsdistcc's "-t5", so that only the dash and letter name the option)
PROGRAMS = {
    "distcc.1": ("distcc", False),
    "distccd.1": ("distccd", False),
    "lsdistcc.1": ("lsdistcc", True),
    "distccmon-text.1": ("distccmon-text", False),
    "update-distcc-symlinks.1": ("update-distcc-symlinks", False),
    "pump.1": ("pump", False),
    "include_server.1": ("include_server", False),
    "distcc-report.1": ("distcc-report", False),
}

# A line of a --help option table: leading blanks, then the option column (one or
# more options with their value names), then two or more blanks and the description.
OPTION_ROW = re.compile(r"^\s*(-{1,2}[A-Za-z][^\s,]*(?:,? ?[^\s]+)*?)(?:\s{2,}|$)")
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def page_text(page):
    """The page's source with troff escapes for dashes and fonts taken out, so an
    option reads as it is typed ("\\-\\-allow" -> "--allow")."""
    with open(page) as f:
        text = f.read()
    text = text.replace("\\-", "-").replace("\\(hy", "-").replace("\\&", "").replace("\\e", "\\")
    return re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)


def help_options(program, glued):
    r = procs.run([program, "--help"], timeout=30)
    found = set()
    for line in (r.stdout + r.stderr).splitlines():
        row = OPTION_ROW.match(line)
        if not row:
            continue
        for option in OPTION.findall(row.group(1)):
            # A short option with its value glued on, as "-dPAT": the option is "-d".
            glued_value = re.fullmatch(r"-[A-Za-z][A-Z]+", option)
            found.add(option[:2] if glued or glued_value else option)
    return found


def test_there_is_a_page_for_every_program():
    names = {os.path.basename(p) for p in PAGES}
    for page in ("distcc.1", "distccd.1", "lsdistcc.1", "distccmon-text.1", "update-distcc-symlinks.1"):
        assert page in names


@pytest.mark.parametrize("page", PAGES, ids=os.path.basename)
def test_page_renders_without_warnings(page):
    if not shutil.which("groff"):
        pytest.skip("groff is not installed (Debian package groff-base)")
    r = procs.run(["groff", "-man", "-ww", "-z", page], timeout=60)
    assert (r.returncode, r.stderr) == (0, "")
    # Also as man(1) formats it for a terminal, where line breaking can warn too.
    if shutil.which("man"):
        shown = procs.run(["man", "--warnings", "-l", page], timeout=60,
                          env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
        assert (shown.returncode, shown.stderr) == (0, "")


@pytest.mark.parametrize("page", sorted(PROGRAMS), ids=str)
def test_every_help_option_is_documented(page):
    path = os.path.join(MAN_DIR, page)
    name, glued = PROGRAMS[page]
    program = paths.ours(name)
    if not os.path.exists(path) or not program:
        pytest.skip(f"{page} or {name} is not here yet")
    options = help_options(program, glued)
    assert options, f"no options found in {name} --help"
    text = page_text(path)
    missing = sorted(o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text))
    assert not missing, f"{page} does not mention {missing}"


def test_option_extraction_reads_the_help_tables():
    """What the check above compares: lsdistcc's glued options by letter, distccd's
    short and long spellings; and a page that lacks an option is seen to lack it."""
    lsdistcc, distccd = paths.ours("lsdistcc"), paths.ours("distccd")
    if not lsdistcc or not distccd:
        pytest.skip("lsdistcc or distccd is not built")
    assert help_options(lsdistcc, True) == {"-l", "-n", "-x", "-t", "-h", "-c", "-k", "-m", "-o", "-g", "-r",
                                            "-P", "-p", "-d", "-v"}
    assert {"-a", "--allow", "-P", "--pid-file", "--log-stderr", "--inetd"} <= help_options(distccd, False)
    assert not re.search(r"(?<![\w-])--json(?![\w-])", page_text(os.path.join(MAN_DIR, "lsdistcc.1")))
