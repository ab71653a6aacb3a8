"""shipver: one release interface for Django and Express apps from plain git.

This package carries shipver's standalone executable (the whole CLI, with its own
JavaScript runtime: no Node.js needed) and installs the ``shipver`` command that runs it.
"""

__version__ = '0.1.0'
