"""The render model: the tables, facts, filters and validators a render of the template needs.

Copier's extension (``extensions/pyve.py``) loads this package from the template checkout under a private
name, and ``pyve-gen`` imports it as ``pyve_gen.model``. So it holds no terminal, subprocess or argparse
code, needs only the standard library, and imports its own modules relatively.
"""
