"""Bring the template's files into an existing repository as a reviewable change.

The template is rendered with Copier's public ``run_copy`` into a temporary folder, with the proposed
answers; then each rendered file is planned against the repository:

- ``add``: the repository has no such file; it is added;
- ``same``: the repository's file is already the template's;
- ``merge``: ``git merge-file`` of (yours, an empty base, the template's) writes both into your file
  between conflict markers for you to resolve;
- ``keep``: your file stays as it is and the template's version is written beside it, ``<file>.pyve-template``;
- ``yours``: a file the template renders once and never updates (``_skip_if_exists``): yours stays, nothing beside it;
- ``move``: another template's ``.copier-answers.yml`` moves aside (``.copier-answers.<name>.yml``) for Pyve's;
- ``hold``: the template's file would break, shadow or duplicate what the repository has (:mod:`.guard`):
  nothing is written, and the plan says why;
- ``skip``: the path cannot be written inside the repository (a parent is a file or leads outside).

An added file the repository's ``.gitignore`` would hide is staged with ``git add -f`` (``forced``), so the
suggested commit records it. Nothing outside the repository is written; nothing is committed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from pyve_gen import copier_calls, userfiles
from pyve_gen.adopt import guard, lint, needs, seed
from pyve_gen.lock_set import checker
from pyve_gen.project import ANSWERS_FILE, Project

TEMPLATE_SUFFIX = ".pyve-template"
Existing = Literal["merge", "keep"]


@dataclass(frozen=True)
class Step:
    path: str
    action: str  # add / same / merge / keep / yours / move / hold / skip
    detail: str = ""
    content: str | None = None  # written by adopt itself (not the template's render), e.g. the scripts' syntax check
    forced: bool = False  # the repository's .gitignore would hide it: staged with `git add -f`


@dataclass
class Rendered:
    folder: Path  # the temporary render
    answers: dict[str, Any]  # as Copier recorded them (_src_path, _commit, every asked question)
    skip_if_exists: list[str]
    not_asked: list[str] = field(default_factory=list)  # proposed answers this level does not ask
    held: dict[str, str] = field(default_factory=dict)  # files left out (adopt_held) -> why


def _run_copy(
    template: str, dest: Path, data: dict[str, Any], vcs_ref: str | None, user_defaults: dict[str, Any]
) -> Any:
    return copier_calls.render(template, dest, data, vcs_ref=vcs_ref, user_defaults=user_defaults)


@contextmanager
def render(
    template: str,
    data: dict[str, Any],
    vcs_ref: str | None,
    user_defaults: dict[str, Any] | None = None,
    root: Path | None = None,
) -> Iterator[Rendered]:
    """The template rendered with ``data`` in a temporary folder (removed afterwards).

    An answer to a question this answer set does not ask (Copier's ``when`` is false) would still change the
    render but not be recorded, so a later ``copier update`` would render differently: it is left out.
    With the repository ``root``, the files it must not get (:func:`guard.held`) are recorded in the answer
    ``adopt_held``, which copier.yml's ``_exclude`` reads: the render, and every later update, leaves them out.
    """
    with tempfile.TemporaryDirectory(prefix="pyve-adopt.") as tmp:
        dest = Path(tmp) / "render"
        worker = _run_copy(template, dest, data, vcs_ref, user_defaults or {})
        answers = _recorded(dest)
        not_asked = sorted(key for key in data if key not in answers)
        held = guard.held(root, dest, answers, _rendered_files(dest)) if root is not None else {}
        if HELD_KEY not in answers:  # an older template: its render keeps them; the plan alone leaves them out
            held = {
                path: f"{why} (this template version cannot record it: an update may add it)"
                for path, why in held.items()
            }
        if not_asked or (held and HELD_KEY in answers):
            shutil.rmtree(dest)
            data = {key: value for key, value in data.items() if key not in not_asked}
            if held and HELD_KEY in answers:
                data[HELD_KEY] = sorted({*held, *_as_paths(data.get(HELD_KEY))})
            worker = _run_copy(template, dest, data, vcs_ref, user_defaults or {})
            answers = _recorded(dest)
        given = {path: "left out (adopt_held)" for path in _as_paths(answers.get(HELD_KEY))}
        yield Rendered(dest, answers, list(worker.template.skip_if_exists), not_asked, {**given, **held})


HELD_KEY = "adopt_held"


def _as_paths(value: Any) -> list[str]:
    return [str(path) for path in value] if isinstance(value, list) else []


def _recorded(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / ANSWERS_FILE).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _skip_spec(patterns: list[str]) -> Any:
    import pathspec
    from packaging.version import Version

    kind = "gitignore" if Version(pathspec.__version__) >= Version("1.0.0") else "gitwildmatch"
    return pathspec.PathSpec.from_lines(kind, patterns)


def _rendered_files(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder).as_posix()) for path in folder.rglob("*") if path.is_file() or path.is_symlink()
    )


def _inside(root: Path, relpath: str) -> str:
    """Why ``relpath`` cannot be written inside ``root`` ("" when it can): a parent that is a file or a link out."""
    real_root = root.resolve()
    parent = root
    for part in Path(relpath).parts[:-1]:
        parent = parent / part
        if parent.is_symlink() and not parent.resolve().is_relative_to(real_root):
            return f"{parent.relative_to(root).as_posix()} links outside the repository"
        if parent.exists() and not parent.is_dir():
            return f"{parent.relative_to(root).as_posix()} is a file here"
        if os.path.lexists(parent / ".git"):
            return f"{parent.relative_to(root).as_posix()} is a git submodule or another repository"
    return ""


def _is_text(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return False
    return True


def foreign_answers_name(answers: dict[str, Any]) -> str:
    """Where another template's answers file moves: ``.copier-answers.<template name>.yml``."""
    source = str(answers.get("_src_path") or "other")
    name = source.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "other"
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in name).strip("-") or "other"
    return f".copier-answers.{safe}.yml"


def is_pyve_answers(answers: dict[str, Any]) -> bool:
    return "_src_path" in answers and "quality_level" in answers and "components" in answers


def plan(root: Path, rendered: Rendered, existing: Existing) -> list[Step]:
    """What applying the render would do to each file (nothing is written here)."""
    skip = _skip_spec(rendered.skip_if_exists)
    steps: list[Step] = []
    files = _rendered_files(rendered.folder)
    steps += [Step(relpath, "hold", why) for relpath, why in sorted(rendered.held.items())]
    for relpath in files:
        target, source = root / relpath, rendered.folder / relpath
        if relpath in rendered.held:
            continue
        if why := _inside(root, relpath):
            steps.append(Step(relpath, "skip", why))
        elif relpath == "pyproject.toml" and (why := guard.pyproject_reason(root, rendered.answers)):
            steps.append(Step(relpath, "keep", why + guard.BESIDE))
        elif relpath == ANSWERS_FILE and target.exists():
            moved = _moved_answers(target)
            if os.path.lexists(root / moved):
                raise ValueError(
                    f"{relpath} belongs to another template and {moved} exists already; move one of them first"
                )
            steps.append(Step(relpath, "move", f"the other template's answers go to {moved}"))
            steps.append(Step(relpath, "add", "Pyve's answers"))
        elif relpath == RUNTIME_INPUT and not os.path.lexists(target) and (pins := needs.runtime_pins(Project(root))):
            # their requirements.txt is the lock `./pyve.sh --lock` compiles from it: their pins, not an empty input
            text = source.read_text(encoding="utf-8") + "# your requirements.txt's requirements (pyve-gen adopt)\n"
            steps.append(Step(relpath, "add", RUNTIME_DETAIL, text + "".join(f"{pin}\n" for pin in pins)))
        elif not os.path.lexists(target):
            steps.append(Step(relpath, "add"))
        elif target.is_file() and not target.is_symlink() and target.read_bytes() == source.read_bytes():
            steps.append(Step(relpath, "same"))
        elif skip.match_file(relpath) and target.is_file():
            steps.append(Step(relpath, "yours", _relocked(target, relpath, rendered.folder, steps) or YOURS))
        elif (
            existing == "merge"
            and target.is_file()
            and not target.is_symlink()
            and _is_text(target)
            and _is_text(source)
        ):
            steps.append(Step(relpath, "merge", "both versions between conflict markers"))
        elif os.path.lexists(root / (relpath + TEMPLATE_SUFFIX)):
            steps.append(Step(relpath, "keep", f"{relpath}{TEMPLATE_SUFFIX} exists already and is left as it is"))
        else:
            steps.append(Step(relpath, "keep", f"the template's version beside it: {relpath}{TEMPLATE_SUFFIX}"))
    for relpath, text in guard.extra_files(root, rendered.answers).items():
        detail = EXTRA_DETAILS.get(relpath, "written by adopt")
        if relpath == seed.LOCK:  # which of their pins the locks before it override
            detail = seed.plan_detail(text, seed.earlier_pins(root, rendered.folder))
        steps.append(Step(relpath, "add", detail, text))
    steps += _lint_scope(root, rendered, steps)
    return _mark_ignored(root, steps)


YOURS = "the template renders it once and never updates it"


def _relocked(target: Path, relpath: str, folder: Path, steps: list[Step]) -> str:
    """Why a file of theirs at the path of one of the template's locks does not stay as it is: it is no lock (no
    hashes). Where the input planned for it asks for every line of it (an application's requirements.txt, carried
    into requirements.in), `./pyve.sh --lock` compiles the input over it; else (requests' requirements-dev.txt)
    ./pyve.sh stops before it would replace or install it, until it is moved."""
    source = relpath.removesuffix(".txt") + ".in"
    planned = next((step for step in steps if step.path == source), None)
    if not relpath.endswith(".txt") or planned is None:
        return ""
    theirs = target.read_text(encoding="utf-8", errors="replace")
    if "--hash" in theirs or "autogenerated by" in "".join(theirs.splitlines(keepends=True)[:5]):
        return ""
    wanted = planned.content if planned.content is not None else (folder / source).read_text(encoding="utf-8")
    if _requirement_lines(theirs) <= _requirement_lines(wanted):
        return f"yours is not a lock (no hashes): `./pyve.sh --lock` compiles {source}, which holds its lines, over it"
    read = "; what it installs for your tests is in requirements-adopted.in" if "-dev" in relpath else ""
    return (
        f"yours is not a lock (no hashes) and {source} does not ask for all it lists: ./pyve.sh --lock and --init stop"
        f" rather than replace it; move it (git mv {relpath} requirements/{relpath}) and point what installs it"
        f" there{read}"
    )


def _requirement_lines(text: str) -> set[str]:
    """A requirements file's lines as pyve.sh compares them (foreign_lines): no comments, no spaces, lowercase, and
    no options saying where packages are found (`--lock` uses pyve.sh's index)."""
    options = checker().LOCK_OPTIONS  # where packages are found: the lock check's list
    lines = (re.sub(r"\s#.*", "", line).strip() for line in text.splitlines() if not line.startswith("#"))
    return {re.sub(r"\s", "", line).lower() for line in lines if line and not line.startswith(options)}


def _lint_scope(root: Path, rendered: Rendered, steps: list[Step]) -> list[Step]:
    """``.pyve/adopted.mk`` where the template's Makefile lints Python: what `make lint` covers here (:mod:`.lint`)."""
    makefile = next((step for step in steps if step.path == "Makefile"), None)
    # also beside a Makefile of theirs (keep): the template's version includes it once they merge the two
    if makefile is None or makefile.action in {"hold", "skip"} or os.path.lexists(root / lint.INCLUDE):
        return []
    languages = {comp.language for comp in guard.components(rendered.answers)}
    shell = [c.root for c in guard.existing_components(root, rendered.answers) if c.language == "shell"]
    sql = [c.root for c in guard.existing_components(root, rendered.answers) if c.language == "sql"]
    ruby = [c.root for c in guard.existing_components(root, rendered.answers) if c.language == "ruby"]
    added = [step.path for step in steps if step.action == "add"]
    python = [path for path in added if path.endswith(".py")]
    subprojects = guard.subprojects(root, rendered.answers)
    # C++ of theirs (a component's folder, or built by their CMake elsewhere): make lint-cpp judges it as they did
    cpp = any(c.language == "cpp" for c in guard.existing_components(root, rendered.answers)) or bool(
        guard.cmake_built(root, rendered.answers)
    )
    # scripts of theirs outside a component folder (a lone tool at the top): make lint-shell reads them in place
    elsewhere = guard.scripts_elsewhere(root, rendered.answers)
    in_place = [script for _, scripts in elsewhere.values() for script in scripts]
    template_makefile = (rendered.folder / "Makefile").read_text(encoding="utf-8")
    scripts = lint.shell_scripts(template_makefile, list(elsewhere), in_place) if in_place else []
    text, said = lint.include(
        Project(root),
        python,
        subprojects,
        shell,
        python="python" in languages,
        added=added,
        cpp=cpp,
        shell_in_place=in_place,
        shell_scripts=scripts,
        makefile=template_makefile,
        held=list(rendered.held),
        shell_skeletons=list(elsewhere) if "PYVE_SHELL_SCRIPTS :=" in template_makefile else None,
        their_sql=sql,
        their_ruby=ruby,
    )
    if not said:
        return []
    return [Step(lint.INCLUDE, "add", "written by adopt: what make lint covers here: " + "; ".join(said), text)]


RUNTIME_INPUT = "requirements.in"
RUNTIME_DETAIL = (
    "your requirements.txt's requirements, at your versions: `./pyve.sh --lock` compiles them into requirements.txt,"
    " with hashes"
)
EXTRA_DETAILS = {
    guard.SYNTAX_TESTS: "written by adopt: a syntax check, your scripts are never run",
    guard.needs.INPUT: "written by adopt: what your tests and build need; `./pyve.sh --lock` locks it, --init installs it",
}


def _written(step: Step) -> str:
    """The file a step writes (the template's version beside yours for ``keep``), or ""."""
    if step.action == "add":
        return step.path
    if step.action == "keep" and not step.detail.endswith("is left as it is"):
        return step.path + TEMPLATE_SUFFIX
    return ""


def _mark_ignored(root: Path, steps: list[Step]) -> list[Step]:
    """Mark each written file the repository's .gitignore would hide (``forced``: staged with ``git add -f``)."""
    written = [path for step in steps if (path := _written(step))]
    if not written or not in_git(root):
        return steps
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin", "-z"],
        cwd=root,
        input="\0".join(written) + "\0",
        capture_output=True,
        text=True,
        check=False,
    )
    ignored = {name for name in result.stdout.split("\0") if name}
    return [
        Step(step.path, step.action, step.detail, step.content, True) if _written(step) in ignored else step
        for step in steps
    ]


def _moved_answers(target: Path) -> str:
    try:
        answers = userfiles.read_yaml(target, userfiles.ANSWERS_LIMIT)
    except ValueError:  # userfiles.UserFileError
        answers = None
    return foreign_answers_name(answers if isinstance(answers, dict) else {})


def _merge(target: Path, template_file: Path, relpath: str) -> None:
    with tempfile.TemporaryDirectory(prefix="pyve-merge.") as tmp:
        empty = Path(tmp) / "empty"
        empty.write_bytes(b"")
        result = subprocess.run(
            [
                "git",
                "merge-file",
                "-p",
                "-L",
                f"yours: {relpath}",
                "-L",
                "empty",
                "-L",
                f"pyve template: {relpath}",
                str(target),
                str(empty),
                str(template_file),
            ],
            capture_output=True,
            check=False,
        )
    if result.returncode < 0 or result.returncode > 127:
        raise OSError(f"git merge-file failed on {relpath}: {result.stderr.decode(errors='replace').strip()}")
    target.write_bytes(result.stdout)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target, follow_symlinks=True)
    shutil.copymode(source, target)


def apply(root: Path, rendered: Rendered, steps: list[Step]) -> list[Step]:
    """Carry out ``steps`` (planned by :func:`plan`, which refuses what cannot be done before anything is written)."""
    done: list[Step] = []
    for step in steps:
        target, source = root / step.path, rendered.folder / step.path
        if step.action == "move":
            moved = root / _moved_answers(target)
            target.rename(moved)
            done.append(
                Step(
                    step.path,
                    "move",
                    f"the other template's answers are now {moved.name}: copier update -a {moved.name}",
                )
            )
        elif step.action == "add" and step.content is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.content, encoding="utf-8")
            done.append(step)
        elif step.action == "add":
            _copy(source, target)
            done.append(step)
        elif step.action == "merge":
            _merge(target, source, step.path)
            done.append(step)
        elif step.action == "keep":
            beside = root / (step.path + TEMPLATE_SUFFIX)
            if not os.path.lexists(beside):
                _copy(source, beside)
            done.append(step)
        else:
            done.append(step)
    forced = [_written(step) for step in done if step.forced]
    if forced:
        result = git(root, "add", "-f", "--", *forced)
        if result.returncode != 0:
            raise OSError(f"git add -f failed: {result.stderr.strip()}")
    return done


# -- git ----------------------------------------------------------------------------------------------
def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "core.fsmonitor=false", *args], cwd=root, capture_output=True, text=True, check=False
    )


def in_git(root: Path) -> bool:
    """True when ``root`` is in a git working tree (at its top, or a subproject inside it)."""
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"
    except FileNotFoundError:  # no git at all
        return False


def ensure_clean(root: Path) -> None:
    if git(root, "status", "--porcelain").stdout.strip():
        raise ValueError(
            f"{root} has uncommitted changes; commit or stash them first, so the adoption is one reviewable change"
        )


def new_branch(root: Path, branch: str) -> None:
    result = git(root, "switch", "-c", branch)
    if result.returncode != 0:
        raise ValueError(f"cannot create branch {branch!r}: {result.stderr.strip()}")
