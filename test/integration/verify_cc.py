"""A compiler launcher for --verify runs: asks our include server about the compile
command it was given (INCLUDE_SERVER_PORT), appends "covered" or "NOT COVERED" with
the command to $VERIFY_CC_LOG, then runs the compiler.  Used as CC="python3
verify_cc.py gcc" or as a CMake compiler launcher."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))

from dcctest import include_server as isv  # noqa: E402


def main():
    argv = sys.argv[1:]
    if "-c" in argv and not any(a in ("-E", "-M", "-MM") for a in argv):
        reply = isv.parse_reply(isv.exchange(os.environ["INCLUDE_SERVER_PORT"],
                                             isv.request_bytes(os.getcwd(), argv), timeout=600))
        with open(os.environ["VERIFY_CC_LOG"], "a") as log:
            log.write(("covered" if reply else "NOT COVERED") + "\t" + os.getcwd() + "\t" + " ".join(argv) + "\n")
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
