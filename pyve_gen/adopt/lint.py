"""What `make lint` covers in an adopted repository: what the repository linted before, under its own configuration,
plus the template's own files.

The template's Makefile runs ruff over the whole tree and mypy as configured; in a repository that never ran ruff, or
never formatted with it, that judges its files by rules it never chose (and ruff formats Markdown too). Adopting writes
``.pyve/adopted.mk``, which the Makefile includes, to narrow each tool to what the repository itself ran:

- ``ruff check``: the whole tree where the repository configures ruff (its configuration decides what is checked and
  how), else only the Python files the template added;
- ``ruff format --check``: the whole tree's Python where the repository formats with ruff (a ``[tool.ruff.format]``
  table, a ``ruff-format`` hook, ``ruff format`` in its tox, nox, Makefile or CI), else only the template's files;
- ``ruff check --fix`` (``make format``): what ``ruff check`` reads where the repository lets ruff fix its code
  (``fix = true``, ``--fix`` on its hook or command), else only the template's files;
- mypy: run where the repository configures mypy, else not;
- a Python project one folder down (``backend/``) with its own ruff configuration: ``ruff check backend`` from the
  top judges its files under that configuration, as running ruff inside it did.

Where the repository runs ruff through pre-commit, the hook's scope is its scope: the config's and the hook's
``files`` and ``exclude`` (pdm-backend's ``exclude: ^src/pdm/backend/_vendor``), and vendored code (``[tool.vendoring]
destination``) is never theirs to lint. codespell runs as they run it (their hook's options, their scope), or, where
they never ran it, over the template's files only. The versions are theirs too: ``adopt_tools``
(:mod:`pyve_gen.model.tool_pins`) puts their ruff, mypy, pytest and codespell into the dev lock.

The template's own tooling (``.pyve/*.py``) is checked under ``.pyve/ruff.toml``, the template's settings, wherever
it lands: ruff takes the configuration closest to each file.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from pathlib import PurePosixPath

from pyve_gen.adopt import layout, tooling
from pyve_gen.adopt.evidence import cmake_files, ini, pyproject, section
from pyve_gen.project import Project

INCLUDE = ".pyve/adopted.mk"
TOOLING = ".pyve"
# where a repository says how it runs its tools
RUN_FILES = ("tox.ini", "noxfile.py", "Makefile", "justfile", "Justfile", "setup.cfg")


def _said(repo: Project, pattern: str) -> str:
    """The first file (run files, then CI workflows) whose text matches ``pattern``, or ""."""
    workflows = [f".github/workflows/{name}" for name in repo.workflows]
    for name in (*RUN_FILES, *workflows):
        text = repo.read(name) or ""
        if re.search(pattern, text):
            return name
    return ""


def ruff_formats(repo: Project) -> str:
    """Where the repository says it formats with ruff, or ""."""
    if section(pyproject(repo), "tool.ruff.format"):
        return "pyproject.toml: [tool.ruff.format]"
    for name in ("ruff.toml", ".ruff.toml"):
        if re.search(r"^\s*\[format\]", repo.read(name) or "", re.M):
            return f"{name}: [format]"
    if "ruff-format" in tooling.pre_commit_hooks(repo):
        return ".pre-commit-config.yaml: hook ruff-format"
    if found := _said(repo, r"\bruff\s+format\b"):
        return f"{found}: ruff format"
    return ""


def ruff_fixes(repo: Project) -> str:
    """Where the repository says it lets ruff fix its code (``fix = true``, ``--fix`` on its hook or its command), or
    "": `make format` runs `ruff check --fix` on their files only then."""
    if section(pyproject(repo), "tool.ruff").get("fix") is True:
        return "pyproject.toml: [tool.ruff] fix = true"
    for name in ("ruff.toml", ".ruff.toml"):
        if re.search(r"^\s*fix\s*=\s*true\b", repo.read(name) or "", re.M):
            return f"{name}: fix = true"
    for hook in ("ruff", "ruff-check"):
        if {"--fix", "--fix-only"} & set(tooling.hook_args(repo, hook)):
            return f".pre-commit-config.yaml: hook {hook} --fix"
    if found := _said(repo, r"\bruff\b[^\n]*\s--fix(-only)?\b"):
        return f"{found}: ruff --fix"
    return ""


def _quoted(paths: list[str]) -> str:
    return " ".join(shlex.quote(path).replace("$", "$$") for path in paths)


LITERAL = re.compile(r"^[\w./-]+$")


def regex_paths(pattern: str) -> list[tuple[str, bool]] | None:
    """The paths a pre-commit ``files``/``exclude`` expression names, each with whether it is whole (``$``), when
    it is an anchored prefix or an alternation of them (``^src/pdm/backend/_vendor``, ``(?x)^(docs/|setup\\.py)$``);
    None for any other expression (it cannot be said as ruff's or codespell's globs)."""
    text = pattern
    if text.startswith("(?x)"):
        text = re.sub(r"#[^\n]*|\s+", "", text[4:])
    text = text.strip()
    if not text.startswith("^"):
        return None
    text = text[1:]
    whole = text.endswith("$")
    text = text.removesuffix("$")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    found = []
    for part in text.split("|"):
        end = part.endswith("$")
        part = part.removesuffix("$").removesuffix(".*").replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")
        if not part or not LITERAL.match(part) or ".." in part.split("/"):
            return None
        found.append((part.rstrip("/"), (whole or end) and not part.endswith("/")))
    return found


def _globs(patterns: list[str]) -> tuple[list[str], list[str]]:
    """(globs of the paths ``patterns`` exclude, those that could not be read)."""
    globs: list[str] = []
    unread = []
    for pattern in patterns:
        paths = regex_paths(pattern)
        if paths is None:
            unread.append(pattern)
            continue
        globs += [path if whole else f"{path}*" for path, whole in paths]
    return globs, unread


def _hook_paths(repo: Project, hook_ids: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """(paths to run on, globs to leave out, what could not be read) for the tool pre-commit runs as ``hook_ids``,
    vendored code left out too."""
    files, exclude = tooling.hook_scope(repo, hook_ids)
    globs, unread = _globs(exclude)
    globs = [*(f"{folder}*" for folder in tooling.vendored(repo)), *globs]
    paths: list[str] = []
    for pattern in files:
        named = regex_paths(pattern)
        if named is None or not all(repo.exists(path) or (repo.root / path).is_dir() for path, _ in named):
            unread.append(pattern)
            paths = []
            break
        paths += [path for path, _ in named]
    return paths, globs, unread


def _excluding(globs: list[str]) -> str:
    return f"--force-exclude --extend-exclude {_quoted([','.join(globs)])} " if globs else ""


def shfmt_used(repo: Project) -> str:
    """Where the repository says it formats its shell scripts with shfmt, or ""."""
    if any("shfmt" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a shfmt hook"
    return f"{found}: shfmt" if (found := _said(repo, r"\bshfmt\b")) else ""


# shfmt's printer and parser options (what decides how it formats), each with whether it takes a value
SHFMT_OPTIONS = {
    "-i": True, "--indent": True, "-ln": True, "--language-dialect": True,
    "-bn": False, "--binary-next-line": False, "-ci": False, "--case-indent": False, "-sr": False,
    "--space-redirects": False, "-kp": False, "--keep-padding": False, "-fn": False, "--func-next-line": False,
    "-s": False, "--simplify": False, "-mn": False, "--minify": False, "-p": False, "--posix": False,
}  # fmt: skip


def _shfmt_options(args: list[str]) -> list[str]:
    """The formatting options among a shfmt command's arguments (``-i 4 -ci``; ``-d``, ``-w`` and files left out)."""
    kept: list[str] = []
    taking = False
    for arg in args:
        option = arg.split("=", 1)[0]
        if taking:
            kept.append(arg)
            taking = False
        elif option in SHFMT_OPTIONS:
            kept.append(arg)
            taking = SHFMT_OPTIONS[option] and "=" not in arg
    return kept[:-1] if taking else kept


def shfmt_flags(repo: Project) -> tuple[list[str], str]:
    """(the options their shfmt formats with, where read): their hook's args, else the first shfmt command of their
    run files or CI. With none, shfmt reads the EditorConfig: theirs if they had one; else shfmt's defaults, which
    ``-i 0`` (tabs) keeps once the template's .editorconfig (2 spaces for shell) is beside their scripts."""
    hook = next((hook for hook in tooling.pre_commit_hooks(repo) if "shfmt" in hook), "")
    if hook and (flags := _shfmt_options(tooling.hook_args(repo, hook))):
        return flags, f".pre-commit-config.yaml: hook {hook}"
    for name in (*RUN_FILES, *(f".github/workflows/{flow}" for flow in repo.workflows)):
        for command in re.findall(r"\bshfmt\b([^\n;&|]*)", repo.read(name) or ""):
            try:
                flags = _shfmt_options(shlex.split(command))
            except ValueError:
                continue
            if flags:
                return flags, name
    if repo.exists(".editorconfig"):
        return [], ".editorconfig"
    return ["-i", "0"], "shfmt's defaults (tabs)"


def shellcheck_used(repo: Project) -> str:
    """Where the repository says it runs shellcheck on its scripts, or ""."""
    if any("shellcheck" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a shellcheck hook"
    if repo.exists(".shellcheckrc"):
        return ".shellcheckrc"
    return f"{found}: shellcheck" if (found := _said(repo, r"\bshellcheck\b")) else ""


def shell_scripts(makefile: str, skeletons: Sequence[str], in_place: Sequence[str]) -> list[str]:
    """What ``make lint-shell`` reads where a shell component's scripts stay in place (a lone tool at the top): the
    rendered Makefile's ``SHELL_SCRIPTS`` with the held skeleton's scripts (under ``skeletons``) replaced by
    theirs."""
    found = re.search(r"^PYVE_SHELL_SCRIPTS :=(.*)$", makefile, re.M) or re.search(
        r"^SHELL_SCRIPTS :=(.*)$", makefile, re.M
    )
    listed = found.group(1).split() if found else []
    kept = [path for path in listed if not any(PurePosixPath(path).is_relative_to(root) for root in skeletons)]
    return [*kept, *(path for path in in_place if path not in kept)]


def _shell(
    repo: Project,
    their_shell: Sequence[str],
    in_place: Sequence[str] = (),
    scripts: Sequence[str] = (),
    skeletons: Sequence[str] | None = None,
) -> tuple[list[str], list[str]]:
    """shfmt's and shellcheck's scripts: the template's only, where the repository never ran the tool on its own
    (bash -n and zsh -n check every script's syntax still). ``their_shell``: their component folders;
    ``in_place``: their scripts outside a component folder (no skeleton), which ``scripts`` (make lint-shell's whole
    list, set here: the Makefile sets it after including this file, ``override`` keeps this) names in its place.
    ``skeletons``: the held skeletons' folders, where the Makefile lists the template's scripts apart
    (``PYVE_SHELL_SCRIPTS``): the list is then the template's, read when make runs, without those, plus theirs, so a
    component a later update adds is linted."""
    if not their_shell and not in_place:
        return [], []
    patterns = " ".join([*(f"{root}/%" for root in their_shell), *in_place]).replace("$", "$$")
    theirs = ", ".join([*their_shell, *in_place])
    # the template's own scripts left beside theirs (none where its only component's scripts are theirs, in place)
    ours = not in_place or any(
        path not in in_place and not any(PurePosixPath(path).is_relative_to(root) for root in their_shell)
        for path in scripts
    )
    lines: list[str] = []
    said: list[str] = []
    if in_place:
        if skeletons is None:
            lines.append(f"override SHELL_SCRIPTS := {_quoted(list(scripts))}")
        else:
            held = " ".join(f"{root}/%" for root in skeletons).replace("$", "$$")
            template = f"$(filter-out {held},$(PYVE_SHELL_SCRIPTS))" if held else "$(PYVE_SHELL_SCRIPTS)"
            lines.append(f"override SHELL_SCRIPTS = $(strip {template} {_quoted(list(in_place))})")
        said.append(
            f"shell: your scripts in place ({', '.join(in_place)}), not the template's skeleton: bash -n and zsh -n "
            "check their syntax"
        )
    for variable, tool, used, verb, never in (
        ("SHFMT_SCRIPTS", "shfmt", shfmt_used(repo), "format them", "format with shfmt"),
        ("SHELLCHECK_SCRIPTS", "shellcheck", shellcheck_used(repo), "check them", "run shellcheck"),
    ):
        if used and tool == "shfmt":
            # their scripts with their options, the template's with the template's (SHFMT_FLAGS)
            flags, where = shfmt_flags(repo)
            lines += [
                f"{variable} = $(filter-out {patterns},$(SHELL_SCRIPTS))",
                f"SHFMT_OWN_SCRIPTS = $(filter {patterns},$(SHELL_SCRIPTS))",
                f"SHFMT_OWN_FLAGS := {_quoted(flags)}",
            ]
            said.append(
                f"{tool}: your scripts too, as you {verb} ({used}), with your options ({' '.join(flags) or 'none'}: {where})"
            )
        elif used:
            said.append(f"{tool}: your scripts too, as you {verb} ({used})")
        else:
            lines.append(f"{variable} = $(filter-out {patterns},$(SHELL_SCRIPTS))")
            scope = "the template's scripts only" if ours else "no script here"
            said.append(f"{tool}: {scope}, not yours ({theirs}); you do not {never}")
    return lines, said


# codespell's options that choose what it reads and accepts (never those that rewrite files or change its output)
CODESPELL_OPTIONS = re.compile(
    r"^(--exclude-file|-x|--skip|-S|--ignore-words-list|-L|--ignore-words|-I|--ignore-regex|--ignore-multiline-regex"
    r"|--builtin|--dictionary|-D|--uri-ignore-words-list|--check-filenames|-f|--check-hidden|-H)(=.*)?$"
)
CODESPELL_TAKES_VALUE = {"-x", "-S", "-L", "-I", "-D"} | {
    "--exclude-file", "--skip", "--ignore-words-list", "--ignore-words", "--ignore-regex", "--ignore-multiline-regex",
    "--builtin", "--dictionary", "--uri-ignore-words-list",
}  # fmt: skip


def codespell_used(repo: Project) -> str:
    """Where the repository says it runs codespell, or ""."""
    if "codespell" in tooling.pre_commit_hooks(repo):
        return ".pre-commit-config.yaml: hook codespell"
    if section(pyproject(repo), "tool.codespell"):
        return "pyproject.toml: [tool.codespell]"
    if repo.exists(".codespellrc"):
        return ".codespellrc"
    cfg = ini(repo, "setup.cfg")
    if cfg is not None and cfg.has_section("codespell"):
        return "setup.cfg: [codespell]"
    return f"{found}: codespell" if (found := _said(repo, r"\bcodespell\b")) else ""


def _codespell_args(repo: Project) -> list[str]:
    """The options of their codespell hook that say what it reads (attrs' ``--exclude-file=tests/test_mypy.yml``)."""
    args = tooling.hook_args(repo, "codespell")
    kept: list[str] = []
    taking = False
    for arg in args:
        if taking:
            kept.append(arg)
            taking = False
        elif CODESPELL_OPTIONS.match(arg):
            kept.append(arg)
            taking = "=" not in arg and arg in CODESPELL_TAKES_VALUE
    return kept[:-1] if taking else kept


def _spelling(repo: Project, added: Sequence[str]) -> tuple[list[str], list[str]]:
    """codespell as the repository runs it (its hook's options, its hook's scope), or the template's files only."""
    if used := codespell_used(repo):
        _, globs, unread = _hook_paths(repo, ("codespell",))
        flags = [*_codespell_args(repo), *(["--skip", ",".join(f"./{glob}" for glob in globs)] if globs else [])]
        said = f"codespell: your files too, as you run it ({used}{'; ' + ' '.join(flags) if flags else ''})"
        if unread:
            said += f"; not read, so not applied: exclude {', '.join(unread)}"
        return ([f"CODESPELL_FLAGS := {_quoted(flags)}"] if flags else []), [said]
    ours = sorted(added)
    return (
        [f"CODESPELL_PATHS := {_quoted(ours)}"],
        ["codespell: the template's files only; you do not run codespell"],
    )


# C++ as clang-format reads it (headers included), and the translation units clang-tidy reads
CPP_FORMATTED = (".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".h", ".ipp", ".inl", ".tpp")
CPP_UNITS = (".cpp", ".cc", ".cxx", ".c++")
# folders of other projects' code, or of what a build writes: never theirs to lint
NOT_THEIRS = {"third_party", "thirdparty", "3rdparty", "external", "extern", "vendor", "build", "_deps", "node_modules"}


def _said_or_cmake(repo: Project, pattern: str) -> str:
    if found := _said(repo, pattern):
        return found
    return next((name for name in cmake_files(repo) if re.search(pattern, repo.read(name) or "")), "")


def _has_config(repo: Project, *names: str) -> bool:
    return any(PurePosixPath(name).name in names for name in repo.files)


def clang_format_used(repo: Project) -> str:
    """Where the repository says it formats its C++ with clang-format, or ""."""
    configs = [name for name in repo.files if PurePosixPath(name).name in {".clang-format", "_clang-format"}]
    if configs:
        return configs[0]
    if any("clang-format" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a clang-format hook"
    return f"{found}: clang-format" if (found := _said_or_cmake(repo, r"\bclang-format\b")) else ""


def clang_tidy_used(repo: Project) -> str:
    """Where the repository says it runs clang-tidy on its C++, or ""."""
    configs = [name for name in repo.files if PurePosixPath(name).name == ".clang-tidy"]
    if configs:
        return configs[0]
    if any("clang-tidy" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a clang-tidy hook"
    found = _said_or_cmake(repo, r"\bclang-tidy\b|\bCMAKE_CXX_CLANG_TIDY\b")
    return f"{found}: clang-tidy" if found else ""


def cpp_folders(repo: Project) -> list[str]:
    """The top-level folders (and files) that hold the repository's C++ (``include``, ``src``, ``tests``), as git
    lists it: vendored code and build output left out."""
    found = set()
    for name in repo.files:
        parts = PurePosixPath(name).parts
        if name.lower().endswith(CPP_FORMATTED) and not parts[0].startswith(".") and parts[0] not in NOT_THEIRS:
            found.add(parts[0])
    return sorted(found)


def _makefile_value(makefile: str, variable: str) -> str | None:
    """The value the rendered Makefile gives ``variable`` (``:=`` or ``?=``), or None where it has none."""
    found = re.search(rf"^{variable} [:?]=(.*)$", makefile, re.M)
    return found.group(1).strip() if found else None


def _coverage(repo: Project, added: Sequence[str], folders: list[str], makefile: str) -> tuple[list[str], list[str]]:
    """gcovr's filters and the build's instrumentation where the Makefile measures C++ coverage (production up):
    their C++ folders (not their tests'), plus the template's filters that match a C++ file it adds. The template's
    CMakeLists.txt instruments its targets (PYVE_COVERAGE); theirs never heard of it, so --coverage is given to
    their CMake build as CMAKE_<LANG>_FLAGS, after the template's own flags."""
    # the template's filters apart (a later component's are read when make runs), else the rendered ones
    template = _makefile_value(makefile, "PYVE_CPP_COVERAGE_FILTERS")
    filters = template if template is not None else _makefile_value(makefile, "CPP_COVERAGE_FILTERS")
    flags = _makefile_value(makefile, "CMAKE_FLAGS")
    if filters is None or flags is None:
        return [], []
    measured = [f for f in folders if (repo.root / f).is_dir() and f.lower() not in layout.NOT_PROGRAMS]
    ours = [f for f in re.findall(r"--filter '([^']*)'", filters) if any(re.match(f, path) for path in added)]
    regexes = [*(re.escape(folder) + "/" for folder in measured), *([] if template is not None else ours)]
    if not regexes and template is None:
        return [], []
    coverage = " ".join(f"-DCMAKE_{lang}_FLAGS=--coverage" for lang in ("C", "CXX", "EXE_LINKER", "SHARED_LINKER"))
    quoted = " ".join(f"--filter {shlex.quote(regex)}" for regex in regexes).replace("$", "$$")
    filtered = f"override CPP_COVERAGE_FILTERS := {quoted}"
    if template is not None:
        filtered = f"override CPP_COVERAGE_FILTERS = {quoted} $(PYVE_CPP_COVERAGE_FILTERS)".replace("=  ", "= ")
    lines = [filtered, f"CMAKE_FLAGS = {flags} {coverage}"]
    where = ", ".join(measured) or "none of yours"
    said = [
        f"gcovr: the coverage floor measures your C++ ({where}), not your tests, and the template's C++; your CMake "
        "build gets --coverage (CMAKE_CXX_FLAGS and the linker's)"
    ]
    return lines, said


def _cpp(repo: Project, added: Sequence[str], makefile: str = "") -> tuple[list[str], list[str]]:
    """clang-format's and clang-tidy's files where the repository's C++ is its own (no template skeleton for it): its
    C++ where it ran the tool before (under its .clang-format/.clang-tidy where it has them, else the template's),
    plus the template's C++. The Makefile sets these after including this file: ``override`` keeps these. Where the
    Makefile names its component folders apart (``cpp_sources``), the template's C++ is what is in those folders when
    make runs (theirs left out), so a component a later update adds is linted; else the files the template adds."""
    folders = cpp_folders(repo)
    if not folders:
        return [], []
    listed = f"$(shell git ls-files -- {_quoted(folders)})"
    where = ", ".join(folders)
    ours = sorted(path for path in added if path.lower().endswith(CPP_FORMATTED))
    # the template's own tests are left out of clang-tidy, as its Makefile does (gtest's macros)
    ours_tidy = [path for path in ours if path.endswith(CPP_UNITS) and "tests" not in PurePosixPath(path).parts[:-1]]
    template_dirs = _makefile_value(makefile, "CPP_DIRS")
    if template_dirs is not None and "cpp_sources =" in makefile:
        theirs = [root for root in template_dirs.split() if (repo.root / root).exists()]
        found = f"$(filter-out {_quoted(theirs)},$(wildcard $(CPP_DIRS)))" if theirs else "$(wildcard $(CPP_DIRS))"
        lines = [f"PYVE_CPP_DIRS = {found}"]
        ours_format, assign = "$(call cpp_sources,$(PYVE_CPP_DIRS))", "="
        ours_tidy_text = "$(call cpp_tidy_sources,$(PYVE_CPP_DIRS))"
    else:
        lines = [f"override CPP_DIRS := {_quoted(folders)}"]
        ours_format, ours_tidy_text, assign = _quoted(ours), _quoted(ours_tidy), ":="
    said = []
    if used := clang_format_used(repo):
        patterns = " ".join(f"%{ext}" for ext in CPP_FORMATTED)
        # /dev/null where git lists nothing (not a git checkout): clang-format given no file reads its standard input
        sources = f"$(sort $(filter {patterns},{listed}) {ours_format})"
        lines.append(f"override CPP_SOURCES {assign} $(or $(strip {sources}),/dev/null)")
        config = "your" if _has_config(repo, ".clang-format", "_clang-format") else "the template's"
        said.append(f"clang-format: your C++ too ({where}), as you format it ({used}), under {config} .clang-format")
    else:
        # clang-format given no file would read its standard input: /dev/null, an empty file, where there is none
        lines.append(f"override CPP_SOURCES {assign} $(or $(strip {ours_format}),/dev/null)")
        said.append(
            f"clang-format: the template's C++ only, not yours ({where}); you do not format with clang-format"
            if ours
            else f"clang-format: nothing of yours ({where}): you do not format with clang-format, and the template "
            "adds no C++ here (it is given /dev/null, an empty file)"
        )
    if used := clang_tidy_used(repo):
        patterns = " ".join(f"%{ext}" for ext in CPP_UNITS)
        lines.append(f"override CPP_TIDY_SOURCES {assign} $(filter {patterns},{listed}) {ours_tidy_text}".rstrip())
        config = "your" if _has_config(repo, ".clang-tidy") else "the template's"
        said.append(
            f"clang-tidy: your C++ too ({where}), where your CMake build compiles it, as you run it ({used}), "
            f"under {config} .clang-tidy"
        )
    else:
        lines.append(f"override CPP_TIDY_SOURCES {assign} {ours_tidy_text}".rstrip())
        said.append(
            f"clang-tidy: the template's C++ only, not yours ({where}); you do not run clang-tidy"
            if ours_tidy
            else f"clang-tidy: nothing of yours ({where}): you do not run clang-tidy, and the template adds no C++ here"
        )
    coverage_lines, coverage_said = _coverage(repo, added, folders, makefile)
    return lines + coverage_lines, said + coverage_said


def include(
    repo: Project,
    added_python: list[str],
    subprojects: Sequence[str] = (),
    their_shell: Sequence[str] = (),
    python: bool = True,
    added: Sequence[str] = (),
    cpp: bool = False,
    shell_in_place: Sequence[str] = (),
    shell_scripts: Sequence[str] = (),
    makefile: str = "",
    held: Sequence[str] = (),
    shell_skeletons: Sequence[str] | None = None,
    their_sql: Sequence[str] = (),
    their_ruby: Sequence[str] = (),
) -> tuple[str, list[str]]:
    """(the text of ``.pyve/adopted.mk``, what it decided, one line each) for the Python files the template adds and
    the Python projects one folder down (``backend/``: its own configuration judges its files, as before).

    Where the rendered ``makefile`` lists the template's Python apart (``PYVE_PYTHON_PATHS``), the template's files
    are that list as make reads it, without the paths that are theirs (or ``held``): a component a later update adds
    is linted too. Else (an older template, or no makefile) the Python files the template adds now."""
    tools = {clue.value: clue.source for clue in tooling.linters(repo)}
    own = sorted({TOOLING, *(path for path in added_python if not path.startswith(TOOLING + "/"))})
    below = [
        folder for folder in subprojects if "ruff" in {c.value for c in tooling.linters(Project(repo.root / folder))}
    ]
    ours, assign, template_python = _quoted(own), ":=", _makefile_value(makefile, "PYVE_PYTHON_PATHS")
    if template_python is not None or (makefile and not python):
        theirs = [
            path
            for path in (template_python or "").split()
            if path != TOOLING and ((repo.root / path).exists() or path in held)
        ]
        found = "$(wildcard $(PYVE_PYTHON_PATHS))"
        ours, assign = "$(PYVE_PYTHON_OURS)", "="
    lines, said = _shell(repo, their_shell, shell_in_place, shell_scripts, shell_skeletons)
    if ours == "$(PYVE_PYTHON_OURS)":
        lines.append(
            f"PYVE_PYTHON_OURS = $(filter-out {_quoted(theirs)},{found})" if theirs else f"PYVE_PYTHON_OURS = {found}"
        )
    if added:
        spelling, told = _spelling(repo, added)
        lines += spelling
        said += told
    if cpp:
        cpp_lines, cpp_said = _cpp(repo, added, makefile)
        lines += cpp_lines
        said += cpp_said
    for other_lines, other_said in (_sql(repo, their_sql), _ruby(repo, their_ruby)):
        lines += other_lines
        said += other_said
    if not python:
        if assign == "=":  # a Python component a later update adds: the template's Python only
            lines += [
                f"{variable} = {ours}" for variable in ("RUFF_CHECK_PATHS", "RUFF_FIX_PATHS", "RUFF_FORMAT_PATHS")
            ]
            said.append("ruff, once an update adds a Python component: the template's Python only")
        return _text(lines, said), said
    if "ruff" in tools:
        paths, globs, unread = _hook_paths(repo, ("ruff", "ruff-check"))
        where = " ".join([_quoted(paths), ours]) if paths else "."
        lines.append(f"RUFF_CHECK_PATHS {assign} {_excluding(globs)}{where}")
        scope = f"{', '.join(paths)} and the template's files" if paths else "the whole tree"
        said.append(
            f"ruff check: {scope}, under your configuration ({tools['ruff']})"
            + (f", leaving out {', '.join(globs)} as you do" if globs else "")
            + (f"; not read, so not applied: {', '.join(unread)}" if unread else "")
        )
    elif below:
        lines.append(f"RUFF_CHECK_PATHS {assign} {ours} {_quoted(below)}")
        said.append(
            f"ruff check: the template's files ({', '.join(own)}) and {', '.join(below)}, under "
            f"{', '.join(f'{folder}/' for folder in below)}'s own configuration"
        )
    else:
        lines.append(f"RUFF_CHECK_PATHS {assign} {ours}")
        said.append(f"ruff check: the template's files only ({', '.join(own)}); you configure no ruff")
    # make format: ruff's fixes rewrite their code only where they let ruff fix it before
    if "ruff" in tools and (fixes := ruff_fixes(repo)):
        lines.append("RUFF_FIX_PATHS = $(RUFF_CHECK_PATHS)")
        said.append(f"ruff check --fix (make format): what ruff check reads, as you fix with it ({fixes})")
    else:
        lines.append(f"RUFF_FIX_PATHS {assign} {ours}")
        said.append("ruff check --fix (make format): the template's files only; you do not fix with ruff")
    if formats := ruff_formats(repo):
        # Their Python files as git lists them (what their hook is handed), not `.`: ruff 0.17 formats Markdown too,
        # and `ruff format` of the ruff they pin may have no --extend-exclude (0.5.6 has not)
        paths, globs, _ = _hook_paths(repo, ("ruff-format",))
        spec = " ".join([*(paths or ["."]), *(f"':(exclude){glob}'" for glob in globs)])
        listed = f"$(filter %.py %.pyi,$(shell git ls-files -- {spec}))"
        lines.append(f"RUFF_FORMAT_PATHS {assign} --force-exclude {listed} {ours}")
        said.append(
            f"ruff format: your Python, as you format it ({formats}): the files git tracks"
            + (f", leaving out {', '.join(globs)} as you do" if globs else "")
        )
    else:
        lines.append(f"RUFF_FORMAT_PATHS {assign} {ours}")
        said.append(f"ruff format: the template's files only ({', '.join(own)}); you do not format with ruff")
    if "mypy" in tools:
        mypy_lines, mypy_said = _mypy(repo, tools["mypy"])
        lines += mypy_lines
        said.append(mypy_said)
    else:
        lines.append("MYPY_RUN :=")
        typed = [f for f in subprojects if "mypy" in {c.value for c in tooling.linters(Project(repo.root / f))}]
        said.append(
            f"mypy: yours, run from {', '.join(typed)}/ as before (make lint does not run it)"
            if typed
            else "mypy: not run; you configure no mypy"
        )
    others = sorted(set(tools) & {"black", "flake8", "pylint", "isort"})
    if others:
        said.append(f"{', '.join(others)}: yours, run as before (make lint does not run them)")
    return _text(lines, said), said


def mypy_files(repo: Project) -> str:
    """Where the repository's mypy configuration names the files it checks (``files``), or ""."""
    if section(pyproject(repo), "tool.mypy").get("files"):
        return "pyproject.toml: [tool.mypy] files"
    for name in ("mypy.ini", ".mypy.ini", "setup.cfg"):
        cfg = ini(repo, name)
        if cfg is not None and cfg.has_option("mypy", "files"):
            return f"{name}: [mypy] files"
    return ""


def _mypy(repo: Project, configured: str) -> tuple[list[str], str]:
    """mypy on what the repository's configuration names, else on the files its pre-commit hook is handed (as git
    lists them), else not at all: a bare `mypy` with neither has nothing to check and fails."""
    if files := mypy_files(repo):
        return ["MYPY_RUN := yes"], f"mypy: as you configure it ({configured}; {files})"
    if "mypy" in tooling.pre_commit_hooks(repo):
        paths, globs, unread = _hook_paths(repo, ("mypy",))
        if not unread:
            spec = " ".join([*(paths or ["."]), *(f"':(exclude){glob}'" for glob in globs)])
            return (
                ["MYPY_RUN := yes", f"MYPY_ARGS := $(filter %.py %.pyi,$(shell git ls-files -- {spec}))"],
                f"mypy: as your pre-commit hook runs it ({configured}): on {', '.join(paths) or 'the files git tracks'}"
                + (f", leaving out {', '.join(globs)}" if globs else ""),
            )
        return ["MYPY_RUN :="], f"mypy: yours, run as before (make lint does not run it): {', '.join(unread)} not read"
    return ["MYPY_RUN :="], f"mypy: yours, run as before (make lint does not run it): {configured} names no files"


def sqlfluff_used(repo: Project) -> str:
    """Where the repository says it runs sqlfluff on its SQL, or ""."""
    if repo.exists(".sqlfluff"):
        return ".sqlfluff"
    if section(pyproject(repo), "tool.sqlfluff"):
        return "pyproject.toml: [tool.sqlfluff]"
    if any("sqlfluff" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a sqlfluff hook"
    return f"{found}: sqlfluff" if (found := _said(repo, r"\bsqlfluff\b")) else ""


def _sql(repo: Project, their_sql: Sequence[str]) -> tuple[list[str], list[str]]:
    """sqlfluff (make lint's and make format's) on their SQL components' migrations and tests only where they ran it
    before; else on the template's SQL only."""
    if not their_sql:
        return [], []
    where = ", ".join(their_sql)
    if used := sqlfluff_used(repo):
        return [], [f"sqlfluff: your SQL too ({where}), as you run it ({used})"]
    patterns = " ".join(f"{root}/%" for root in their_sql).replace("$", "$$")
    return (
        [f"SQLFLUFF_PATHS = $(filter-out {patterns},$(SQL_MIGRATIONS) $(wildcard $(SQL_TESTS)))"],
        [f"sqlfluff: the template's SQL only, not yours ({where}); you do not run sqlfluff"],
    )


def rubocop_used(repo: Project, their_ruby: Sequence[str]) -> str:
    """Where the repository says it runs rubocop on its gems (a .rubocop.yml at the top or in a gem's folder, a hook,
    rubocop in its Gemfile, run files or CI), or ""."""
    for name in (".rubocop.yml", *(f"{root}/.rubocop.yml" for root in their_ruby)):
        if repo.exists(name):
            return name
    if any("rubocop" in hook for hook in tooling.pre_commit_hooks(repo)):
        return ".pre-commit-config.yaml: a rubocop hook"
    for name in ("Gemfile", *(f"{root}/Gemfile" for root in their_ruby)):
        if re.search(r"""^\s*gem\s+['"]rubocop""", repo.read(name) or "", re.M):
            return f"{name}: gem rubocop"
    return f"{found}: rubocop" if (found := _said(repo, r"\brubocop\b")) else ""


def _ruby(repo: Project, their_ruby: Sequence[str]) -> tuple[list[str], list[str]]:
    """rubocop (make lint's, and make format's --autocorrect) in their gem folders only where they ran it before."""
    if not their_ruby:
        return [], []
    where = ", ".join(their_ruby)
    if used := rubocop_used(repo, their_ruby):
        return [], [f"rubocop: your gems too ({where}), as you run it ({used})"]
    return (
        [f"RUBOCOP_DIRS = $(filter-out {_quoted(list(their_ruby))},$(RUBY_DIRS))"],
        [f"rubocop: the template's gems only, not yours ({where}); you do not run rubocop"],
    )


def _text(lines: list[str], said: list[str]) -> str:
    head = [
        "# Written by `pyve-gen adopt` (never by the template: updates leave it alone). The Makefile includes it, so",
        "# `make lint` covers what this repository linted before, under its own configuration, plus the template's",
        "# own files (.pyve/ under .pyve/ruff.toml). Edit it to widen what make lint covers.",
        *(f"#   {line}" for line in said),
    ]
    return "\n".join([*head, *lines]) + "\n"
