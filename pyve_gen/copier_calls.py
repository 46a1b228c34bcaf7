"""Copier's public API, called one way: the options every ``pyve-gen`` run of Copier shares, in one place.

``unsafe``: the template's tasks and extensions are ours, trusted as ``copier copy --trust`` trusts them.
``quiet``: pyve-gen reports in its own words (only the final render of ``pyve-gen new`` shows Copier's output).
Copier is imported when first called: it takes a second, and ``--help`` or a bad answer never needs it.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Literal

TRUSTED: dict[str, Any] = {"unsafe": True}


def render(
    src: str,
    dest: str | Path,
    data: dict[str, Any],
    *,
    vcs_ref: str | None,
    user_defaults: dict[str, Any] | None = None,
    quiet: bool = True,
    overwrite: bool = False,
) -> Any:
    """Render ``src`` at ``vcs_ref`` into ``dest``, every question not in ``data`` at its default."""
    from copier import run_copy

    return run_copy(
        src,
        str(dest),
        data=data,
        user_defaults=user_defaults or {},
        defaults=True,
        quiet=quiet,
        overwrite=overwrite,
        vcs_ref=vcs_ref,
        **TRUSTED,
    )


def create(
    src: str,
    dest: str | Path,
    data: dict[str, Any],
    *,
    vcs_ref: str | None,
    user_defaults: dict[str, Any],
) -> Any:
    """The render of ``pyve-gen new``, with Copier's output: a file that appears in ``dest`` meanwhile is kept,
    never overwritten, and a failed render is left for the caller to remove (it knows what existed)."""
    from copier import run_copy

    return run_copy(
        src,
        str(dest),
        data=data,
        user_defaults=user_defaults,
        defaults=True,
        vcs_ref=vcs_ref,
        skip_if_exists=["**"],
        cleanup_on_error=False,
        **TRUSTED,
    )


def collect(
    src: str,
    dest: str | Path,
    data: dict[str, Any],
    *,
    vcs_ref: str | None,
    user_defaults: dict[str, Any] | None = None,
    defaults: bool = True,
    render_files: bool = False,
) -> Any:
    """Copier's questionnaire with nothing written (``defaults=False`` asks what ``data`` leaves open); the
    worker holds the answers and the template's questions. ``render_files`` walks the files too (pretend)."""
    from copier import run_copy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a dirty local template: Copier warns; the answers are the same
        return run_copy(
            src,
            str(dest),
            data=data,
            user_defaults=user_defaults or {},
            defaults=defaults,
            quiet=True,
            pretend=True,
            vcs_ref=vcs_ref,
            exclude=[] if render_files else ["*"],
            **TRUSTED,
        )


def update(
    root: str | Path,
    data: dict[str, Any],
    *,
    vcs_ref: str | None,
    defaults: bool,
    conflict: Literal["inline", "rej"],
) -> Any:
    """``copier update`` of the project at ``root`` (its recorded answers, plus ``data``)."""
    from copier import run_update

    return run_update(
        str(root),
        data=data,
        defaults=defaults,
        overwrite=True,
        conflict=conflict,
        vcs_ref=vcs_ref,
        quiet=True,
        **TRUSTED,
    )
