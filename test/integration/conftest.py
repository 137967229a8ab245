"""Fixtures for the integration tier: the shared ones from test/pylib/dcctest."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pylib"))

from dcctest.fixtures import *  # noqa: E402,F401,F403
