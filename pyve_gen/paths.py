"""Where the template lives: the checkout this package sits in, or the copy a wheel carries.

An editable install (or a checkout on ``sys.path``) renders the checkout itself. A non-editable
install (``pip install .``) has no checkout around it: setup.py puts ``copier.yml``, ``template/``,
``extensions/`` and ``pyve_gen/`` into the wheel under ``pyve_gen/template_root``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_CHECKOUT = Path(__file__).resolve().parent.parent
_BUNDLED = Path(__file__).resolve().parent / "template_root"

TEMPLATE_ROOT = _CHECKOUT if (_CHECKOUT / "copier.yml").is_file() else _BUNDLED
COPIER_YML = TEMPLATE_ROOT / "copier.yml"
# A git checkout is rendered at HEAD (matching the pyve_gen code in use); the bundled copy as it is.
IS_GIT_CHECKOUT = (TEMPLATE_ROOT / ".git").exists()


def load_questions(template: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The questions of copier.yml, in order (settings starting with ``_`` left out).

    ``template`` is a local template folder (``pyve-gen new --template``); a URL or None reads ours.
    """
    import yaml

    path = COPIER_YML
    if template is not None and (Path(template) / "copier.yml").is_file():
        path = Path(template) / "copier.yml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: value for key, value in loaded.items() if not key.startswith("_") and isinstance(value, dict)}
