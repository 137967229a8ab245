"""Sample source trees (test/fixtures/trees/<name>) copied into scratch directories,
and helpers to build them locally or through distcc and compare the results."""
import os
import shutil
import subprocess

from . import paths, objects


def copy_tree(name, dest):
    src = os.path.join(paths.FIXTURES, "trees", name)
    shutil.copytree(src, dest)
    return dest


def make(tree, args=(), env=None, jobs=4, timeout=300):
    """Run `make -jN args` in a tree; returns the CompletedProcess (text output)."""
    return subprocess.run(["make", f"-j{jobs}", *args], cwd=tree, env=env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def object_files(tree):
    out = []
    for root, _dirs, files in os.walk(tree):
        out.extend(os.path.relpath(os.path.join(root, f), tree) for f in files if f.endswith(".o"))
    return sorted(out)


def dep_files(tree):
    out = []
    for root, _dirs, files in os.walk(tree):
        out.extend(os.path.relpath(os.path.join(root, f), tree) for f in files if f.endswith(".d"))
    return sorted(out)


def collect_outputs(tree, dest):
    """Copy every .o and .d of a built tree to dest (same relative paths)."""
    for rel in object_files(tree) + dep_files(tree):
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(tree, rel), os.path.join(dest, rel))
    return dest


def build_local_then_distributed(tree, dist_args, dist_env, local_args=(), jobs=4):
    """Build `tree` locally, keep its outputs in <tree>.local, clean, build again with
    dist_args/dist_env in the SAME directory (DW_AT_comp_dir must match), keep those in
    <tree>.dist.  Returns (local_dir, dist_dir, distributed CompletedProcess)."""
    r = make(tree, local_args, jobs=jobs)
    assert r.returncode == 0, r.stderr
    local = collect_outputs(tree, tree + ".local")
    assert make(tree, ["clean"]).returncode == 0
    r = make(tree, list(dist_args), env=dist_env, jobs=jobs)
    dist = collect_outputs(tree, tree + ".dist")
    return local, dist, r


def compare_trees(distributed, local, allow_debug_columns=()):
    """Compare every .o and .d of two built copies of a tree.

    Returns {relative path: verdict}.  Objects must be byte-identical except those
    listed in allow_debug_columns ("*" = all), which may differ in DWARF column numbers
    only (plain mode under -g where macros expand, objects.compare_modulo_columns).  .d files must be identical.  Raises AssertionError
    naming the first mismatch.
    """
    verdicts = {}
    objs = object_files(local)
    assert objs == object_files(distributed), "different sets of object files"
    for rel in objs:
        verdicts[rel] = objects.assert_same_object(
            os.path.join(distributed, rel), os.path.join(local, rel),
            allow_debug_columns=rel in allow_debug_columns or "*" in allow_debug_columns)
    deps = dep_files(local)
    assert deps == dep_files(distributed), f"different .d files: {deps} vs {dep_files(distributed)}"
    for rel in deps:
        with open(os.path.join(local, rel)) as a, open(os.path.join(distributed, rel)) as b:
            assert a.read() == b.read(), f"{rel} differs"
        verdicts[rel] = "identical"
    return verdicts
