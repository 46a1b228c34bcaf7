"""``python -m pyve_gen``: the same as the ``pyve-gen`` command."""

import sys

from pyve_gen.cli import main

sys.exit(main())
