"""Repositories in the shapes real ones have, for the adopt corpus (tests/test_adopt_corpus.py).

Each is written from what such a repository holds (learned from dylanaraps/neofetch,
fastapi/full-stack-fastapi-template, nlohmann/json, pallets projects), small enough to run here offline:
a lone bash tool at the top, a backend/ + frontend/ monorepo with docker compose, a header-only CMake
library with Meson and Bazel files, a README that opens with HTML and badges, a tests/test_<pkg>/
package, a __main__.py without main, a namespace package (pdm-backend's src/pdm/backend, poetry-core's
src/poetry/core) with urllib3's self-ignoring .gitignore and packaging's tests parametrized over a set, and
PyYAML's packages under lib/ (setup.py package_dir), renamed quill. ``OWN_TESTS`` is each one's own test
command, as its CI runs it.
"""

from __future__ import annotations

# A script that must never run under a generated test: it leaves a mark if it does.
TRAP = 'touch "$(dirname "$0")/../RAN-{name}"\n'

BASH_TOOL = {
    "neofetch": """#!/usr/bin/env bash
# vim: noai:ts=4:sw=4:expandtab
#
# Neofetch: A command-line system information tool written in bash 3.2+.
# https://github.com/dylanaraps/neofetch
version=7.1.0

get_os() {
    case $(uname) in
        Linux) os=Linux ;;
        Darwin) os=macOS ;;
        *) os=unknown ;;
    esac
}

main() {
    [[ $1 == --version ]] && { printf '%s\\n' "Neofetch $version"; return 0; }
    get_os
    printf 'OS: %s\\n' "$os"
}

main "$@"
""",
    "Makefile": """PREFIX ?= /usr
MANDIR ?= $(PREFIX)/share/man

all:
\t@echo Run \\'make install\\' to install Neofetch.

install:
\t@mkdir -p $(DESTDIR)$(PREFIX)/bin
\t@cp -p neofetch $(DESTDIR)$(PREFIX)/bin/neofetch
\t@chmod 755 $(DESTDIR)$(PREFIX)/bin/neofetch

uninstall:
\t@rm -rf $(DESTDIR)$(PREFIX)/bin/neofetch
""",
    "neofetch.1": '.TH NEOFETCH "1" "August 2020" "Neofetch 7.1.0" "User Commands"\n.SH NAME\nNeofetch\n',
    "README.md": """<h3 align="center"><img src="https://i.imgur.com/ZQI2EYz.png" alt="logo" height="100px"></h3>
<p align="center">A command-line system information tool written in bash 3.2+</p>

<p align="center">
<a href="./LICENSE.md"><img src="https://img.shields.io/badge/license-MIT-blue.svg"></a>
<a href="https://github.com/dylanaraps/neofetch/releases"><img src="https://img.shields.io/github/release/dylanaraps/neofetch.svg"></a>
</p>

<img src="https://i.imgur.com/GFmC5Ad.png" alt="neofetch" align="right" height="240px">

Neofetch is a command-line system information tool written in `bash 3.2+`. Neofetch displays information
about your operating system, software and hardware in an aesthetic and visually pleasing way.

### More: \\[[Dependencies](https://github.com/dylanaraps/neofetch/wiki/Dependencies)\\]
""",
    "LICENSE.md": "The MIT License (MIT)\n\nCopyright (c) 2015-2021 Dylan Araps\n\nPermission is hereby granted, free of charge, to any person\n",
    "CONTRIBUTING.md": "# Contributing\n\n- Use `bash` built-ins wherever possible.\n",
    ".github/workflows/main.yml": """name: neofetch
on: [push, pull_request]
jobs:
  build:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest, windows-latest]
    steps:
      - uses: actions/checkout@v4
      - name: Run neofetch
        run: ./neofetch
      - name: Run shellcheck
        run: shellcheck neofetch
""",
    ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: daily\n",
}

MONOREPO = {
    "README.md": "# Full Stack FastAPI Template\n\nA modern full-stack web application template: a FastAPI backend and a React frontend.\n",
    "LICENSE": "MIT License\n\nCopyright (c) 2019 Sebastián Ramírez\n\nPermission is hereby granted, free of charge, to any person\n",
    "release-notes.md": "# Release Notes\n\n## Latest Changes\n",
    ".env": "DOMAIN=localhost\nPROJECT_NAME=Full Stack FastAPI Project\nSECRET_KEY=changethis\nPOSTGRES_PASSWORD=changethis\n",
    ".gitignore": ".vscode\nnode_modules/\n/test-results/\n.env\nMakefile\n.copier-answers.yml\n",
    "docker-compose.yml": "services:\n  db:\n    image: postgres:17\n  backend:\n    build:\n      context: ./backend\n  frontend:\n    build:\n      context: ./frontend\n",
    "docker-compose.override.yml": "services:\n  backend:\n    ports:\n      - 8000:8000\n",
    "scripts/deploy.sh": "#! /usr/bin/env sh\n\n# Exit in case of error\nset -e\n"
    + TRAP.format(name="deploy")
    + "docker compose -f docker-compose.yml down -v --remove-orphans\n",
    "scripts/build-push.sh": "#! /usr/bin/env sh\n\nset -e\n"
    + TRAP.format(name="build-push")
    + "docker compose push\n",
    "scripts/test.sh": "#! /usr/bin/env sh\n\nset -e\nset -x\n" + TRAP.format(name="test") + "docker compose build\n",
    "backend/pyproject.toml": """[project]
name = "app"
version = "0.1.0"
description = ""
requires-python = ">=3.10,<4.0"
dependencies = [
    "fastapi[standard]<1.0.0,>=0.114.2",
    "pydantic-settings<3.0.0,>=2.2.1",
]

[dependency-groups]
dev = ["pytest<8.0.0,>=7.4.3", "mypy<2.0.0,>=1.8.0", "ruff<1.0.0,>=0.2.2"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.mypy]
strict = true
exclude = ["venv", ".venv", "alembic"]

[tool.ruff]
target-version = "py310"
""",
    "backend/Dockerfile": "FROM python:3.10\nWORKDIR /app/\n",
    "backend/app/__init__.py": "",
    "backend/app/main.py": "from app.core.config import settings\n\n\ndef title() -> str:\n    return settings.PROJECT_NAME\n",
    "backend/app/core/__init__.py": "",
    "backend/app/core/config.py": "class Settings:\n    PROJECT_NAME = 'Full Stack FastAPI Project'\n\n\nsettings = Settings()\n",
    "backend/app/backend_pre_start.py": "def init() -> None:\n    pass\n",
    "backend/tests/__init__.py": "",
    "backend/tests/test_main.py": "from app.main import title\n\n\ndef test_title() -> None:\n    assert title() == 'Full Stack FastAPI Project'\n",
    "backend/scripts/prestart.sh": "#! /usr/bin/env bash\n\nset -e\nset -x\n"
    + TRAP.format(name="prestart")
    + "alembic upgrade head\n",
    "backend/scripts/test.sh": "#!/usr/bin/env bash\n\nset -e\nset -x\n\ncoverage run -m pytest tests/ 2> coverage.log\n",  # never shfmt'd
    "frontend/package.json": '{\n  "name": "frontend",\n  "private": true,\n  "scripts": {"build": "tsc -p tsconfig.build.json && vite build"}\n}\n',
    "frontend/tsconfig.json": '{\n  "compilerOptions": {"target": "ES2020", "strict": true}\n}\n',
    "frontend/src/main.tsx": "import React from 'react'\n\nexport const App = () => null\n",
    "frontend/Dockerfile": "FROM node:20 AS build-stage\n",
    ".github/workflows/test-backend.yml": """name: Test Backend
on:
  push:
    branches: [master]
  pull_request:
jobs:
  test-backend:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: docker compose up -d db mailcatcher
      - run: uv run bash scripts/tests-start.sh "Coverage for ${{ github.sha }}"
        working-directory: backend
""",
    ".github/workflows/deploy-production.yml": """name: Deploy to Production
on:
  release:
    types: [published]
jobs:
  deploy:
    runs-on: [self-hosted, production]
    steps:
      - uses: actions/checkout@v4
      - run: docker compose -f docker-compose.yml build
""",
    ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: uv\n    directory: /backend\n    schedule:\n      interval: daily\n",
}

HEADER_ONLY_CPP = {
    "CMakeLists.txt": """cmake_minimum_required(VERSION 3.5...3.14)

project(nlohmann_json VERSION 3.11.3 LANGUAGES CXX)

set(NLOHMANN_JSON_TARGET_NAME ${PROJECT_NAME})
option(JSON_BuildTests "Build the unit tests when BUILD_TESTING is enabled." ON)

add_library(${NLOHMANN_JSON_TARGET_NAME} INTERFACE)
add_library(${PROJECT_NAME}::${NLOHMANN_JSON_TARGET_NAME} ALIAS ${NLOHMANN_JSON_TARGET_NAME})
target_compile_features(${NLOHMANN_JSON_TARGET_NAME} INTERFACE cxx_std_11)
target_include_directories(${NLOHMANN_JSON_TARGET_NAME} INTERFACE
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)

if (JSON_BuildTests)
    include(CTest)
    enable_testing()
    add_subdirectory(tests)
endif()
""",
    "include/nlohmann/json.hpp": "#pragma once\nnamespace nlohmann {\ninline int answer() { return 42; }\n}  // namespace nlohmann\n",
    "tests/CMakeLists.txt": """add_executable(test-unicode src/unit-unicode.cpp)
target_link_libraries(test-unicode PRIVATE nlohmann_json::nlohmann_json)
add_test(NAME test-unicode COMMAND test-unicode)
""",
    "tests/src/unit-unicode.cpp": "#include <nlohmann/json.hpp>\nint main() { return nlohmann::answer() == 42 ? 0 : 1; }\n",
    "meson.build": "project('nlohmann_json', 'cpp', version : '3.11.3', license : 'MIT')\n",
    "BUILD.bazel": 'cc_library(\n    name = "json",\n    hdrs = glob(["include/**/*.hpp"]),\n)\n',
    "MODULE.bazel": 'module(name = "nlohmann_json", version = "3.11.3")\n',
    "README.md": """[![JSON for Modern C++](docs/json.gif)](https://github.com/nlohmann/json/releases)

[![Build Status](https://ci.appveyor.com/api/projects/status/1acb366xfyg3qybk/branch/develop?svg=true)](https://ci.appveyor.com/project/nlohmann/json)
[![Coverage Status](https://coveralls.io/repos/github/nlohmann/json/badge.svg?branch=develop)](https://coveralls.io/github/nlohmann/json?branch=develop)

- [Design goals](#design-goals)
- [Sponsors](#sponsors)

## Design goals

There are myriads of JSON libraries out there, and each may even have its reason to exist. Our class had these design goals:

## Release versions

Please see the release notes.
""",
    "LICENSE.MIT": "MIT License\n\nCopyright (c) 2013-2022 Niels Lohmann\n\nPermission is hereby granted, free of charge, to any person\n",
    "ChangeLog.md": "# Changelog\nAll notable changes to this project will be documented in this file.\n",
    ".github/workflows/ubuntu.yml": """name: Ubuntu
on: [push, pull_request]
jobs:
  ci_test_gcc:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cmake -S . -B build -DJSON_CI=On
      - run: cmake --build build --target ci_test_gcc
""",
    ".github/workflows/windows.yml": """name: Windows
on: [push]
jobs:
  msvc:
    runs-on: windows-2022
    steps:
      - uses: actions/checkout@v4
""",
}

README_HTML_PACKAGE = {
    "pyproject.toml": """[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "fancy-table"
version = "1.4.0"
requires-python = ">=3.9"
classifiers = [
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.14",
]
""",
    "README.md": """<p align="center">
  <img src="https://raw.githubusercontent.com/example/fancy-table/main/logo.svg" alt="fancy-table" width="200">
</p>

[![PyPI](https://img.shields.io/pypi/v/fancy-table.svg)](https://pypi.org/project/fancy-table/)
[![CI](https://github.com/example/fancy-table/actions/workflows/ci.yml/badge.svg)](https://github.com/example/fancy-table/actions)

# fancy-table

**fancy-table** renders tables in the terminal. It is small, typed and fast.

## Installation
""",
    "src/fancy_table/__init__.py": '"""Tables in the terminal."""\n\n__version__ = "1.4.0"\n\n\ndef render(rows: list[list[str]]) -> str:\n    return "\\n".join(" | ".join(row) for row in rows)\n',
    "tests/test_render.py": "from fancy_table import render\n\n\ndef test_render() -> None:\n    assert render([['a', 'b']]) == 'a | b'\n",
    "HISTORY.md": "# History\n\n## 1.4.0\n",
    "COPYING": "MIT License\n\nCopyright (c) 2020 Fancy Folks\n\nPermission is hereby granted, free of charge, to any person\n",
}

TESTS_PACKAGE = {
    "setup.py": "from setuptools import setup\n\nsetup(name='tidy', version='0.3.0', packages=['tidy'], python_requires='>=3.10')\n",
    "tidy/__init__.py": '__version__ = "0.3.0"\n\n\ndef tidy(text: str) -> str:\n    return " ".join(text.split())\n',
    "tests/test_tidy/__init__.py": "",
    "tests/test_tidy/test_spaces.py": "from tidy import tidy\n\n\ndef test_spaces() -> None:\n    assert tidy(' a  b ') == 'a b'\n",
    "tox.ini": "[tox]\nenvlist = py3\n\n[testenv]\ndeps = pytest\ncommands = pytest -q tests\n\n[pytest]\naddopts = -ra\n",
    "README.rst": "tidy\n====\n\nTidy the spaces in a string.\n",
}

MAIN_WITHOUT_MAIN = {
    "setup.cfg": """[metadata]
name = runner
version = 2.0.0
description = Run a thing from the command line.

[options]
packages = runner
python_requires = >=3.10

[options.entry_points]
console_scripts =
    runner = runner.__main__:run

[tool:pytest]
testpaths = tests
""",
    "setup.py": "from setuptools import setup\n\nsetup()\n",
    "runner/__init__.py": '__version__ = "2.0.0"\n',
    "runner/__main__.py": 'import sys\n\n\ndef run() -> int:\n    print("ran")\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(run())\n',
    "tests/test_run.py": "from runner.__main__ import run\n\n\ndef test_run() -> None:\n    assert run() == 0\n",
    "README.md": "# runner\n\nRun a thing from the command line.\n",
    "CHANGES.rst": "Changes\n=======\n\n2.0.0\n-----\n",
}

NAMESPACE_PACKAGE = {
    "pyproject.toml": """[build-system]
requires = ["pdm-backend"]
build-backend = "pdm.backend"

[project]
name = "acme-widgets"
version = "1.2.0"
description = "Widgets in the acme namespace."
requires-python = ">=3.10"
license = {text = "MIT"}

[tool.pdm.build]
package-dir = "src"

[tool.pytest.ini_options]
testpaths = ["tests"]
""",
    # no src/acme/__init__.py: acme is a namespace other distributions share (as pdm.backend, poetry.core)
    "src/acme/widgets/__init__.py": '"""Widgets."""\n\nFIELDS = {"name", "size", "colour", "shape", "weight", "price", '
    '"stock", "maker", "model", "year", "grade", "finish"}\n\n\ndef has(field: str) -> bool:\n    return field in FIELDS\n',
    "src/acme/widgets/py.typed": "",
    # a set's order changes with the hash seed (packaging's tests/test_metadata.py does this)
    "tests/test_widgets.py": "import pytest\n\nfrom acme.widgets import FIELDS, has\n\n\n"
    '@pytest.mark.parametrize("field", FIELDS)\ndef test_has(field: str) -> None:\n    assert has(field)\n',
    # urllib3's: it ignores itself, so git never tracks it, yet it says what git ignores
    ".gitignore": ".*\n!/.github/\n*.py[co]\n*.egg-info\n/dist\n/build\n",
    "README.md": "# acme-widgets\n\nWidgets in the acme namespace.\n",
    "LICENSE": "MIT License\n\nCopyright (c) 2021 Acme Folks\n\nPermission is hereby granted, free of charge, to any person\n",
}

# PyYAML's layout (setup.py package_dir={'': 'lib'}, a private _yaml beside yaml) under another name: a package
# named yaml would be PyYAML itself, which the dev tools install, so its tests would pass without the project.
LIB_PACKAGE_DIR = {
    "setup.py": """import sys

from setuptools import setup

NAME = "PyQuill"
VERSION = "6.0.2"

if __name__ == "__main__":
    setup(
        name=NAME,
        version=VERSION,
        description="Quill parser and emitter for Python",
        package_dir={"": "lib"},
        packages=["quill", "_quill"],
        python_requires=">=3.8",
    )
""",
    "lib/quill/__init__.py": '__version__ = "6.0.2"\n\n\ndef dump(value: object) -> str:\n    return f"{value}\\n"\n',
    "lib/_quill/__init__.py": "# the C extension's shim\nfrom quill import dump  # noqa: F401\n",
    "tests/legacy_tests/conftest.py": "",
    "tests/legacy_tests/test_dump.py": "import quill\n\n\ndef test_dump() -> None:\n    assert quill.dump(1) == '1\\n'\n",
    "README.md": "PyQuill\n=======\n\nA full-featured Quill processing framework for Python\n",
    "CHANGES": "For a complete changelog, see:\n\n* https://github.com/example/pyquill/commits/\n",
    "LICENSE": "Copyright (c) 2017-2021 Ingy dot Net\nCopyright (c) 2006-2016 Kirill Simonov\n\nPermission is hereby granted, free of charge, to any person\n",
}

SHAPES: dict[str, dict[str, str]] = {
    "bash-tool": BASH_TOOL,
    "backend-frontend-monorepo": MONOREPO,
    "header-only-cmake": HEADER_ONLY_CPP,
    "readme-html-badges": README_HTML_PACKAGE,
    "tests-package": TESTS_PACKAGE,
    "main-without-main": MAIN_WITHOUT_MAIN,
    "namespace-package": NAMESPACE_PACKAGE,
    "lib-package-dir": LIB_PACKAGE_DIR,
}

# Each shape's own test command (what its CI or tox runs), run from the repository's top.
OWN_TESTS: dict[str, list[str]] = {
    "bash-tool": ["bash", "-c", "bash -n neofetch && ./neofetch --version && shellcheck neofetch"],
    "backend-frontend-monorepo": ["bash", "-c", "cd backend && {python} -m pytest -q -p no:cacheprovider tests"],
    "header-only-cmake": [
        "bash",
        "-c",
        'b="$(mktemp -d)" && cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Debug >/dev/null && cmake --build "$b" >/dev/null '
        '&& ctest --test-dir "$b" --output-on-failure >/dev/null; s=$?; rm -rf "$b"; exit $s',
    ],
    "readme-html-badges": ["bash", "-c", "PYTHONPATH=src {python} -m pytest -q -p no:cacheprovider"],
    "tests-package": ["bash", "-c", "{python} -m pytest -q -p no:cacheprovider tests"],
    "main-without-main": ["bash", "-c", "{python} -m pytest -q -p no:cacheprovider"],
    "namespace-package": ["bash", "-c", "PYTHONPATH=src {python} -m pytest -q -p no:cacheprovider"],
    "lib-package-dir": ["bash", "-c", "PYTHONPATH=lib {python} -m pytest -q -p no:cacheprovider tests"],
}

# pdm-backend's and click's way with their tools (a flit project here): ruff pinned by the pre-commit hook's rev
# (v0.5.6), vendored code left out by the config's top-level `exclude:`, pytest pinned in a compiled
# requirements/tests.txt; no codespell, and a test data file a spell checker would stop at. Its code passes the
# ruff it pins and not the template's (0.17's default rules add pyupgrade: UP006 on `List[str]`).
PINNED_TOOLS = {
    "pyproject.toml": """[build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "oldlint"
version = "1.0"
description = "Splits words, linted by the ruff it pins."
requires-python = ">=3.10"

[tool.ruff]
target-version = "py310"

[tool.ruff.lint]
extend-select = ["I"]
""",
    ".pre-commit-config.yaml": """exclude: ^src/oldlint/_vendor
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.5.6
    hooks:
      - id: ruff
        args: [--fix, --exit-non-zero-on-fix]
      - id: ruff-format
""",
    "requirements/tests.in": "pytest\n",
    "requirements/tests.txt": "# This file is autogenerated by pip-compile\niniconfig==2.0.0\n    # via pytest\npytest==8.3.3\n"
    "    # via -r requirements/tests.in\n",
    "src/oldlint/__init__.py": '''"""Splits words."""

from typing import List

__version__ = "1.0"


def words(text: str) -> List[str]:
    return text.split()
''',
    "src/oldlint/_vendor/__init__.py": "",
    "src/oldlint/_vendor/legacy.py": "import os, sys\n",  # someone else's code: E401 and F401 under any ruff
    "tests/test_oldlint.py": 'from oldlint import words\n\n\ndef test_words() -> None:\n    assert words("a b") == ["a", "b"]\n',
    "tests/data/sample.json": '{"text": "teh quick brown fox"}\n',
    ".github/workflows/ci.yml": """name: ci
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pipx run pre-commit run --all-files
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements/tests.txt -e . && pytest
""",
    "README.md": "# oldlint\n\nSplits words.\n",
    "LICENSE": "MIT License\n\nCopyright (c) 2024 Old Lint\n\nPermission is hereby granted, free of charge, to any person\n",
}
SHAPES["pinned-tools"] = PINNED_TOOLS
OWN_TESTS["pinned-tools"] = ["bash", "-c", "PYTHONPATH=src {python} -m pytest -q -p no:cacheprovider tests"]

# The commonest web app there is (a Heroku-style service): a package, a requirements.txt of pins, a Procfile, tests;
# no requirements.in, no pyproject.toml, no __version__. Its pins must reach the runtime lock.
REQUIREMENTS_APP = {
    "requirements.txt": "gunicorn==22.0.0\nJinja2==3.1.4\n",
    "Procfile": "web: gunicorn app.wsgi:application\n",
    "README.md": "# greeter\n\nA small web service that greets its callers.\n",
    "app/__init__.py": "",
    "app/wsgi.py": """from collections.abc import Callable, Iterable

from jinja2 import Template

PAGE = Template("Hello, {{ name }}!")


def application(environ: dict[str, str], start_response: Callable[..., object]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [PAGE.render(name=environ.get("QUERY_STRING") or "world").encode()]
""",
    "tests/test_wsgi.py": """from app.wsgi import application


def test_greets() -> None:
    assert application({"QUERY_STRING": "Ada"}, lambda *args: None) == [b"Hello, Ada!"]
""",
}
SHAPES["requirements-app"] = REQUIREMENTS_APP
OWN_TESTS["requirements-app"] = ["bash", "-c", "{python} -m pytest -q -p no:cacheprovider tests"]
