"""`pyve-gen adopt`: bring an existing repository under the template.

- :mod:`.evidence` and :mod:`.layout` read the repository (what it says about itself, where its code is);
- :mod:`.propose` turns what they found into answers, each with its evidence, and a quality level with its reason;
- :mod:`.apply` renders the template with those answers and brings its files in without losing any.

Nothing here prints: the CLI (``pyve_gen/cli/adopt.py``) does.
"""
