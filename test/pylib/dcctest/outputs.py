"""outputs -- everything a distributed build produces, compared with a local build.

Used by test/interop and test/multihost.  A Reference is a source tree built locally
once at a fixed path; every distributed build afterwards resets that same path (so
DW_AT_comp_dir matches) and compare_build() checks its objects and .d files against
the local ones.  Diagnostics are compared with named normalisation steps, so a test
states exactly which differences plain mode is allowed and the verdict says which
steps were actually needed:

  client-lines     distcc's own "distcc[PID] ..." messages (fallback warnings)
  excerpts         gcc's source excerpt and caret lines: the server's gcc compiles a
                   .i in its temp dir and cannot open the source file to quote it
  fallthrough-comments
                   -Wimplicit-fallthrough warnings (and their "note: here") that
                   only the server's gcc gives: `gcc -E` drops the /* FALLTHRU */
                   comments that silence them (-E -C would keep them)
  columns          column numbers in "file:line:col:": -E output moves tokens where
                   macros expand (the same cause as the DWARF column differences)
  macro-locations  line numbers and "in expansion of macro" notes: gcc on a .i knows
                   nothing of macros and reports the expansion site instead

What it deliberately does not do: run compilers or clients; callers pass the
finished trees and captured stderr.
"""
import os
import re
import shutil

from . import objects, paths, trees


class Reference:
    """A fixture tree copied to `path`, built locally with `make_args`; its outputs
    are kept in `path + '.local'`."""

    def __init__(self, tree_name, path, make_args=(), jobs=2, generate=None):
        self.tree_name = tree_name
        self.path = path
        self.generate = generate
        self.local = path + ".local"
        self.reset()
        r = trees.make(path, make_args, jobs=jobs)
        if r.returncode != 0:
            raise RuntimeError(f"local build of {tree_name} failed:\n{r.stderr}")
        self.local_result = r
        shutil.rmtree(self.local, ignore_errors=True)
        trees.collect_outputs(path, self.local)
        self.reset()

    def reset(self):
        """Put the pristine sources back at the same path (no objects, no .d files,
        not even ones a buggy client wrote in unexpected places)."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self.generate:
            self.generate(self.path)
        else:
            trees.copy_tree(self.tree_name, self.path)
        os.chmod(self.path, 0o755)

    def objects(self):
        return trees.object_files(self.local)

    def deps(self):
        return trees.dep_files(self.local)


def is_debian_client(client):
    return os.path.realpath(client.split()[0]) == os.path.realpath(paths.DEBIAN_DISTCC)


def compare_objects(built, local, columns_allowed=()):
    """{object: (verdict, differing sections)} for every object of the local build.
    verdict is 'identical' or 'columns-only'; raises AssertionError on anything else,
    on a missing object, or when columns differ in an object not in columns_allowed
    ('*' = any)."""
    local_objs = trees.object_files(local)
    built_objs = trees.object_files(built)
    assert built_objs == local_objs, f"objects differ: built {built_objs}, local {local_objs}"
    out = {}
    for rel in local_objs:
        a, b = os.path.join(built, rel), os.path.join(local, rel)
        verdict, sections = objects.compare(a, b)
        if verdict == "identical":
            out[rel] = (verdict, [])
            continue
        allowed = "*" in columns_allowed or rel in columns_allowed
        # Code and data identical, DWARF equal but for column numbers (and what a column
        # of another encoded size drags along: lengths, offsets, abbreviation numbers).
        assert allowed and objects.compare_modulo_columns(a, b), \
            f"{rel}: {verdict}, differing sections {sections} (column differences allowed: {allowed})"
        out[rel] = ("columns-only", sections)
    return out


def compare_deps(built, local, misplaced=False):
    """Compare every .d file; returns {dep file: verdict}.

    misplaced=True is Debian 3.4's plain-mode QUIRK (doc/client.md §11.1): gcc's -MD file
    lands in the build directory named after the source, with `<basename>.o` as
    target.  Then its prerequisites must still match the local file's and the target
    must differ exactly in its directory.  Two sources with the same basename in
    different directories share one misplaced file, and the last compile wins: the
    file must then match one of them."""
    if not misplaced:
        assert trees.dep_files(built) == trees.dep_files(local), \
            f".d files differ: built {trees.dep_files(built)}, local {trees.dep_files(local)}"
        out = {}
        for rel in trees.dep_files(local):
            with open(os.path.join(local, rel)) as a, open(os.path.join(built, rel)) as b:
                assert b.read() == a.read(), f"{rel} differs from the local build's"
            out[rel] = "identical"
        return out
    by_moved = {}
    for rel in trees.dep_files(local):
        by_moved.setdefault(os.path.basename(rel), []).append(rel)
    out = {}
    for moved, rels in by_moved.items():
        with open(os.path.join(built, moved)) as f:
            found = dep_rule(f.read())
        candidates = {}
        for rel in rels:
            if os.path.dirname(rel):
                assert not os.path.exists(os.path.join(built, rel)), f"{rel} exists after all"
            with open(os.path.join(local, rel)) as f:
                target, prerequisites = dep_rule(f.read())
            candidates[rel] = (os.path.basename(target), prerequisites)
        winners = [rel for rel, rule in candidates.items() if rule == found]
        assert winners, f"{moved} matches none of {rels}: {found}"
        for rel in rels:
            out[rel] = (f"misplaced as {moved} (3.4 QUIRK)" if rel in winners else
                        f"lost: {moved} was overwritten by {winners[0]}'s (3.4 QUIRK)")
    return out


def dep_rule(text):
    """(target, [prerequisites]) of a one-rule .d file.  gcc wraps the line at a fixed
    width, so a different target length moves the line breaks: compare words."""
    words = text.replace("\\\n", " ").split()
    assert words and words[0].endswith(":"), text
    return words[0][:-1], words[1:]


def compare_build(built, local, client, columns_allowed=()):
    """Objects and .d files of a distributed build against the local reference."""
    verdicts = compare_objects(built, local, columns_allowed)
    verdicts.update({k: (v, []) for k, v in
                     compare_deps(built, local, misplaced=is_debian_client(client)).items()})
    return verdicts


# -- diagnostics -----------------------------------------------------------------
CLIENT_LINE = re.compile(r"^distcc\[\d+\] ")
EXCERPT_LINE = re.compile(r"^ +(\d+ |\+\+\+ )?\|[ +]")
LOCATION = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): ")
MACRO_NOTE = re.compile(r": note: in (definition|expansion) of macro ")

FALLTHROUGH = re.compile(r"warning: this statement may fall through \[-Wimplicit-fallthrough=\]$"
                         r"|: note: here$")
CONTEXT_LINE = re.compile(r": In (function|member function|constructor|destructor|lambda function)? ?.*:$"
                          r"|^In file included from |^ +from ")

STEPS = ("client-lines", "excerpts", "fallthrough-comments", "columns", "macro-locations")


def _apply(step, lines):
    if step == "client-lines":
        return [l for l in lines if not CLIENT_LINE.match(l)]
    if step == "excerpts":
        return [l for l in lines if not EXCERPT_LINE.match(l)]
    if step == "fallthrough-comments":
        kept = [l for l in lines if not FALLTHROUGH.search(l)]
        # a context line ("x.c: In function 'f':") left with no diagnostic after it
        return [l for i, l in enumerate(kept)
                if not (CONTEXT_LINE.search(l) and (i + 1 == len(kept) or CONTEXT_LINE.search(kept[i + 1])))]
    if step == "columns":
        return [LOCATION.sub(r"\g<file>:\g<line>: ", l) for l in lines]
    if step == "macro-locations":
        kept = [l for l in lines if not MACRO_NOTE.search(l)]
        return [re.sub(r"^([^:\s][^:]*):\d+:(\d+:)? ", r"\1: ", l) for l in kept]
    raise ValueError(step)


def normalise(text, steps):
    lines = text.splitlines()
    for step in STEPS:  # always in this order
        if step in steps:
            lines = _apply(step, lines)
    return "\n".join(lines)


def diagnostics_verdict(distributed, local):
    """The smallest set of STEPS (always with 'client-lines') after which the two
    stderr texts are equal, as a tuple in STEPS order: () means byte-identical,
    ('client-lines',) that the compiler's own output is.  None if even all steps
    leave a difference."""
    if distributed == local:
        return ()
    optional = STEPS[1:]
    subsets = sorted((tuple(s for i, s in enumerate(optional) if mask >> i & 1)
                      for mask in range(1 << len(optional))), key=len)
    for subset in subsets:
        steps = ("client-lines",) + subset
        if normalise(distributed, steps) == normalise(local, steps):
            return steps
    return None
