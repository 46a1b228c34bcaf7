"""The promise check: what a rendered spec names (files, make targets, CI jobs, tools) exists in the render.

``claims(project)`` reads ``docs/specs/codebase_spec.md`` and the docs it names, and turns each checkable
statement into a :class:`Claim`; ``broken(project)`` returns the claims the render does not keep, plus
the gates of the spec's table that have no file, target or job behind them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from env_reads import code_reads, env_example_names

from pyve_gen.model import gates

SPEC = "docs/specs/codebase_spec.md"
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^\s*(```|~~~)")
PATHLIKE = re.compile(r"^[\w.@-]*[\w@-][\w.@*-]*(/[\w.@*-]+)*/?$")
SUFFIXES = {
    ".md",
    ".txt",
    ".in",
    ".toml",
    ".yml",
    ".yaml",
    ".json",
    ".cfg",
    ".sh",
    ".py",
    ".tf",
    ".hcl",
    ".example",
    ".baseline",
    ".lock",
    ".rb",
    ".cpp",
    ".hpp",
    ".sql",
    ".bats",
}
BARE_FILES = {"Makefile", "Containerfile", "Dockerfile", "Procfile", "LICENSE", "CODEOWNERS", "Gemfile"}
# Paths a command creates when it runs, not files of the render: the command that must say it makes them.
CREATED_BY = {
    ".env": "pyve.sh",
    ".venv": "pyve.sh",
    ".envrc": "pyve.sh",
    "dist": "Makefile",
    "build": "Makefile",
    "site": "mkdocs.yml",  # site_dir: what `make docs` builds
}
# Tools a spec may name, and where the render must have them: a Python package in a hashed lock, or a
# command the Makefile (or the pre-commit config) runs.
PYTHON_TOOLS = {
    "pip-audit": "pip-audit",
    "bandit": "bandit",
    "ruff": "ruff",
    "mypy": "mypy",
    "pytest": "pytest",
    "pip-compile": "pip-tools",
    "sqlfluff": "sqlfluff",
    "detect-secrets": "detect-secrets",
    "CycloneDX": "cyclonedx-bom",
    "pre-commit": "pre-commit",
}
SYSTEM_TOOLS = (
    "shellcheck",
    "shfmt",
    "bats",
    "clang-format",
    "clang-tidy",
    "rubocop",
    "rspec",
    "gitleaks",
    "zsh -n",
    "bash -n",
)
# "such as `x`", "e.g. `x`": an example of a kind of file, not a promise that this render has it.
EXAMPLE = re.compile(r"(such as|e\.g\.,?)\s*$")
JOB_PHRASES = (re.compile(r"CI job `([\w-]+)`"), re.compile(r"the `([\w-]+)` job"))
# "shellcheck- and shfmt-clean", "ruff-clean": a tool the render must run.
CLEAN_PHRASE = re.compile(r"(?<![\w-])([\w-]+?)-(?: and ([\w-]+?)-)?clean\b")
# "resources tagged project=acme": the infrastructure code sets that tag.
TAG_PHRASE = re.compile(r"resources tagged ([\w.-]+)=")
# "`.env.example` lists every variable the code reads" (and the spec's Key variables).
ENV_PHRASE = re.compile(r"`\.env\.example` lists (?:every|each|them)")


@dataclass(frozen=True)
class Claim:
    doc: str
    line: int
    kind: str  # file | created | make | job | tool | pyve-flag | toml-table | tag | env
    subject: str

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.kind} {self.subject!r}"


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """Lines outside fenced code blocks (a fence shows an example, not a promise of the render)."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def _is_path(token: str) -> bool:
    if " " in token or "<" in token or "…" in token or not PATHLIKE.match(token):
        return False
    name = token.rstrip("/").rsplit("/", 1)[-1]
    return "/" in token or name in BARE_FILES or Path(name).suffix in SUFFIXES or name in CREATED_BY


def _span_claims(doc: str, number: int, line: str, token: str) -> list[Claim]:
    words = token.split()
    if words and words[0] == "make":
        return [Claim(doc, number, "make", word) for word in words[1:] if "=" not in word and not word.startswith("-")]
    if words and words[0] in ("./pyve.sh", "pyve"):
        return [Claim(doc, number, "pyve-flag", word) for word in words[1:] if re.fullmatch(r"--[a-z-]+", word)]
    if re.fullmatch(r"--[a-z-]+", token) and "pyve.sh" in line:
        return [Claim(doc, number, "pyve-flag", token)]
    if table := re.fullmatch(r"\[((?:tool|project|build-system)[\w.*-]*)\].*", token):
        return [Claim(doc, number, "toml-table", table.group(1))]
    if token in SYSTEM_TOOLS:
        return [Claim(doc, number, "tool", token)]
    if _is_path(token):
        top = token.split("/", 1)[0].rstrip("/")
        return [Claim(doc, number, "created" if top in CREATED_BY else "file", token)]
    return []


def doc_claims(project: Path, doc: str, tools: bool) -> list[Claim]:
    """The claims of one rendered document (tools too when ``tools``: the spec and its operations docs)."""
    found: list[Claim] = []
    previous = ""
    for number, line in _prose_lines((project / doc).read_text(encoding="utf-8")):
        for span in CODE_SPAN.finditer(line):
            if not EXAMPLE.search(previous + " " + line[: span.start()]):
                found += _span_claims(doc, number, line, span.group(1).strip())
        for phrase in JOB_PHRASES:
            found += [Claim(doc, number, "job", job) for job in phrase.findall(line)]
        if line.startswith("- **Pipelines:**") and "none" not in line:
            jobs = line.split(":**", 1)[1].split("|")
            found += [Claim(doc, number, "job", job.strip().strip("`")) for job in jobs]
        plain = CODE_SPAN.sub(lambda m: m.group(1), line)
        found += [Claim(doc, number, "tag", key) for key in TAG_PHRASE.findall(plain)]
        if ENV_PHRASE.search(line):
            found.append(Claim(doc, number, "env", ".env.example"))
        if tools:
            for name in [*PYTHON_TOOLS, *SYSTEM_TOOLS]:
                if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", plain):
                    found.append(Claim(doc, number, "tool", name))
            for match in CLEAN_PHRASE.finditer(plain):
                found += [Claim(doc, number, "tool", name) for name in match.groups() if name]
        previous = line
    return list(dict.fromkeys(found))


def linked_docs(project: Path) -> list[str]:
    """The spec and every rendered Markdown document under docs/ it names."""
    text = (project / SPEC).read_text(encoding="utf-8")
    named = sorted({token for token in CODE_SPAN.findall(text) if token.startswith("docs/") and token.endswith(".md")})
    return [SPEC, *named]


def claims(project: Path) -> list[Claim]:
    found: list[Claim] = []
    for doc in linked_docs(project):
        if (project / doc).is_file():
            tools = doc == SPEC or doc.startswith("docs/operations/")
            found += doc_claims(project, doc, tools)
    return found


# --- what the render has ---------------------------------------------------------------------------


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def make_targets(project: Path) -> set[str]:
    return set(re.findall(r"^([\w-]+):(?!=)", _read(project / "Makefile"), re.M))


def workflow_jobs(project: Path) -> set[str]:
    folder = project / ".github" / "workflows"
    jobs: set[str] = set()
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        jobs |= set((yaml.load(_read(path), Loader=yaml.BaseLoader) or {}).get("jobs", {}))
    return jobs


def locked_packages(project: Path) -> set[str]:
    names: set[str] = set()
    for lock in [*project.glob("requirements*.txt"), project / "constraints.txt"]:
        names |= {name.lower() for name in re.findall(r"^([A-Za-z0-9][\w.-]*)==", _read(lock), re.M)}
    return names


def _exists(project: Path, path: str) -> bool:
    if "*" in path:
        return any(project.glob(path))
    target = project / path.rstrip("/")
    return target.is_dir() if path.endswith("/") else target.exists()


def keeps(project: Path, claim: Claim) -> bool:
    """True when the render has what ``claim`` names."""
    subject = claim.subject
    if claim.kind == "file":
        return _exists(project, subject)
    if claim.kind == "created":
        top = subject.split("/", 1)[0].rstrip("/")
        return top in _read(project / CREATED_BY[top])
    if claim.kind == "make":
        return subject in make_targets(project)
    if claim.kind == "job":
        return subject in workflow_jobs(project)
    if claim.kind == "pyve-flag":
        return bool(re.search(rf"(?<![\w-]){re.escape(subject)}(?![\w-])", _read(project / "pyve.sh")))
    if claim.kind == "toml-table":
        pattern = re.escape(subject).replace(r"\*", r"[\w.-]+")
        return bool(re.search(rf"^\[{pattern}\]", _read(project / "pyproject.toml"), re.M))
    if claim.kind == "tool":
        if subject in PYTHON_TOOLS:
            package = PYTHON_TOOLS[subject]
            if subject == "pre-commit":  # the hooks: the config, its tools pinned from the dev lock
                return (project / ".pre-commit-config.yaml").is_file()
            return package in locked_packages(project)
        return subject in _read(project / "Makefile") or subject in _read(project / ".pre-commit-config.yaml")
    if claim.kind == "tag":
        # `project = var.project` (Terraform), `project: …` (Pulumi), `- Key: project` (CloudFormation)
        key = re.escape(subject)
        assignment = re.compile(rf"^\s*(\"?{key}\"?\s*[:=]|- Key:\s*\"?{key}\"?\s*$)", re.M)
        infra = project / "infra"
        return infra.is_dir() and any(assignment.search(_read(p)) for p in infra.rglob("*") if p.is_file())
    if claim.kind == "env":
        return not env_problems(project)
    raise ValueError(f"unknown claim kind {claim.kind}")


KEY_VARIABLE = re.compile(r"^  - `([A-Z][A-Z0-9_]*)`", re.M)


def env_problems(project: Path) -> list[str]:
    """``.env.example`` lists every variable the code reads, and the spec's Key variables are those."""
    listed = env_example_names(project)
    problems = [
        f"{path} reads {name}, which .env.example does not list"
        for path, (names, _) in code_reads(project).items()
        for name in sorted(names - listed)
    ]
    problems += [
        f"{path} reads a variable named at run time: {read}"
        for path, (_, reads) in code_reads(project).items()
        for read in reads
    ]
    spec = _read(project / SPEC).split("- **Key variables:**", 1)
    if len(spec) == 2:
        keys = KEY_VARIABLE.findall(spec[1].split("\n\n", 1)[0])
        if set(keys) != listed:
            problems.append(f"the spec's Key variables {sorted(keys)} are not .env.example's {sorted(listed)}")
    return problems


GATE_ROW = re.compile(r"^\| .+ \(`([\w-]+)`\) \| .* \| (.+) \|$")


def gate_problems(project: Path) -> list[str]:
    """Each gate of the spec's table has its evidence in the render: a file, a make target or a CI job."""
    by_id = {gate.id: gate for gate in gates.GATES}
    problems: list[str] = []
    for line in _read(project / SPEC).splitlines():
        row = GATE_ROW.match(line)
        if not row:
            continue
        gate, enforced = by_id[row.group(1)], row.group(2)
        evidence = gate.evidence.split(", ")
        for item in evidence:
            if item.startswith("make "):
                ok = item.split()[1] in make_targets(project)
            else:
                ok = _exists(project, item)
            if not ok:
                problems.append(f"gate {gate.id}: its evidence {item!r} is not in the render")
        if "CI job" in enforced and gate.ci_job not in workflow_jobs(project):
            problems.append(f"gate {gate.id}: the spec says CI job {gate.ci_job!r}, no workflow has it")
    return problems


def broken(project: Path) -> tuple[int, list[str]]:
    """(number of claims checked, the broken ones and the gate problems)."""
    _read.cache_clear()
    found = claims(project)
    return len(found), [str(claim) for claim in found if not keeps(project, claim)] + gate_problems(project)
