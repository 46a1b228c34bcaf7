"""Where the template lives: the checkout this package sits in."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
COPIER_YML = TEMPLATE_ROOT / "copier.yml"
