"""The per-file diagnostics cases of the interop matrix (tree `diagnostics`).

Each case is one compile run directly (not through make, so the compiler's own exit
status is seen) with and without distcc.  `allowed` names the outputs.STEPS the
distributed stderr may need beyond dropping distcc's own lines, and `why` says why
plain mode cannot do better; `remote` is the job summary category the daemon must
log for it (None: no requirement), so that a client which quietly compiled
everything locally cannot pass.
"""
import collections

Case = collections.namedtuple("Case", "source compiler exit allowed remote why")

DIAGNOSTIC_CASES = [
    Case("src/warn.c", "gcc", 0, {"excerpts"}, "COMPILE_OK",
         "warnings come from the server's gcc, which cannot open the source to quote it"),
    Case("src/warn_macro.c", "gcc", 0, {"excerpts", "columns", "macro-locations"}, "COMPILE_OK",
         "gcc on a .i reports macro expansions at the expansion site, without the "
         "'in expansion of macro' note, and -E moves columns"),
    Case("cpp/warn.cpp", "g++", 0, {"excerpts"}, "COMPILE_OK",
         "as warn.c, in C++ with standard headers"),
    Case("src/error.c", "gcc", 1, set(), "COMPILE_ERROR",
         "a failed remote compile is retried locally: the user sees local diagnostics"),
    Case("cpp/error.cpp", "g++", 1, set(), "COMPILE_ERROR",
         "as error.c, with template 'required from' notes"),
    Case("src/fatal.c", "gcc", 1, set(), None,
         "the preprocessor fails on the client"),
]

# Debian 3.4 client: when its local preprocessor fails it prints cpp's errors, still
# tries the job remotely, then retries locally and prints the same errors again.
DEBIAN_CLIENT_REPEATS = {"src/fatal.c"}


def compile_command(case, client=None):
    """argv compiling one case as make would, optionally through a distcc client
    (client may carry extra words, e.g. 'distcc')."""
    obj = case.source.rsplit(".", 1)[0] + ".o"
    argv = [case.compiler, "-O2", "-g", "-Wall", "-Wextra", "-c", case.source, "-o", obj]
    return (client.split() if client else []) + argv
