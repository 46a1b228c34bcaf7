"""`pyve-gen adopt`: bring an existing repository under the template.

- readers of the repository, each returning what it found with where it found it:
  :mod:`.evidence` (the project: names, summary, owners, license, Python metadata), :mod:`.layout` (the code:
  packages, scripts, CMake targets, gemspecs, migrations), :mod:`.tooling` (locks, tests, linters),
  :mod:`.ci` (pipelines, security gates), :mod:`.deploy` (deployment files, .env.example);
- :mod:`.level` proposes the quality level from the gates found, with the reason;
- :mod:`.propose` turns all of it into answers, each with its evidence, checked by the questionnaire's validators;
- :mod:`.apply` renders the template with those answers and brings its files in without losing any.

Nothing here prints: the CLI (``pyve_gen/cli/adopt.py``) does.
"""
