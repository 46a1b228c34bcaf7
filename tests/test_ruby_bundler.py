"""Ruby's first week with Bundler: the committed Gemfile.lock is what `make` and CI install.

rubygems.org is unreachable here: Bundler fetches from a local stand-in built from Debian's gems
(tests/gem_standin.py), through its documented mirror setting. Everything else is the real thing:
`make lint test` (frozen `bundle install`, `bundle exec rubocop`, `bundle exec rspec`), a gem added
the documented way (gemspec, then `bundle install`), and the rendered CI jobs' run steps replayed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_replay import load, replay_job, replayable_jobs
from conftest import render_project
from gem_standin import bundler_env
from journey_support import Case, Journal

COMPONENT = "ruby/greeter"
ANSWERS = {
    "components": [{"name": "greeter", "kind": "cli", "language": "ruby"}],
    "os_targets": ["linux", "macos"],
    "cpu_archs": ["x86_64", "arm64"],
}
PRIMES = """# frozen_string_literal: true

require 'prime'

# Numbers for greeter, from the prime gem.
module Greeter
  # The first +count+ prime numbers, from the prime gem.
  def self.primes(count)
    Prime.first(count)
  end
end
"""
PRIMES_SPEC = """# frozen_string_literal: true

require 'greeter/primes'

RSpec.describe Greeter do
  it 'lists the first primes' do
    expect(described_class.primes(4)).to eq([2, 3, 5, 7])
  end
end
"""


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **bundler_env()}
    command = ["make", "--no-print-directory", *args, "STRICT=1", f"PYTHON={sys.executable}"]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def add_the_prime_gem(gem: Path) -> None:
    """The documented way: a range in the gemspec, the code that requires it, and its spec."""
    gemspec = gem / "greeter.gemspec"
    text = gemspec.read_text()
    gemspec.write_text(
        text.replace("  spec.require_paths", "  spec.add_dependency 'prime', '~> 0.1'\n  spec.require_paths")
    )
    (gem / "lib/greeter/primes.rb").write_text(PRIMES)
    (gem / "spec/primes_spec.rb").write_text(PRIMES_SPEC)


@pytest.fixture(scope="module")
def project(template_src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("bundle") is None and not os.environ.get("CI"):
        pytest.skip("Bundler is not installed (scripts/setup.sh installs ruby-bundler)")
    return render_project(template_src, tmp_path_factory.mktemp("ruby-bundler") / "project", ANSWERS)


def test_the_lock_lists_every_target_platform_and_the_ci_matrix_follows_os_targets(project: Path) -> None:
    lock = (project / COMPONENT / "Gemfile.lock").read_text()
    platforms = lock.split("PLATFORMS\n", 1)[1].split("\n\n", 1)[0].split()
    assert platforms == ["aarch64-linux", "arm64-darwin", "ruby", "x86_64-darwin", "x86_64-linux"]
    assert "    greeter (0.0.1)\n" in lock and "  greeter!\n" in lock
    assert (project / COMPONENT / ".bundle/config").read_text().count('BUNDLE_PATH: "vendor/bundle"') == 1
    assert "vendor/bundle/" in (project / ".gitignore").read_text().splitlines()


def test_make_installs_the_lock_and_a_gem_added_the_documented_way_works(project: Path) -> None:
    gem = project / COMPONENT
    first = make(project, "lint", "test")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "examples, 0 failures" in first.stdout
    installed = sorted(path.name for path in gem.glob("vendor/bundle/ruby/*/gems/*"))
    assert "rspec-core-3.12.0" in installed and "rubocop-1.39.0" in installed, installed

    add_the_prime_gem(gem)
    # Before `bundle install`, the lock is stale: the frozen install of `make` fails as CI's would.
    stale = make(project, "test-ruby")
    assert stale.returncode != 0, stale.stdout
    assert "The gemspecs for path gems changed" in stale.stderr, stale.stdout + stale.stderr
    # Without the lock, the gem does not load under Bundler (the LoadError CI used to hit).
    env = {**os.environ, **bundler_env()}
    load_error = subprocess.run(
        ["bundle", "exec", "ruby", "-e", "require 'prime'"], cwd=gem, env=env, capture_output=True, text=True
    )
    assert load_error.returncode != 0

    relock = subprocess.run(["bundle", "install"], cwd=gem, env=env, capture_output=True, text=True, timeout=300)
    assert relock.returncode == 0, relock.stdout + relock.stderr
    lock = (gem / "Gemfile.lock").read_text()
    assert "    prime (0.1.2)\n" in lock and "      prime (~> 0.1)\n" in lock, lock
    after = make(project, "lint", "test")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "lists the first primes" in after.stdout


@pytest.mark.slow
def test_the_ci_jobs_run_steps_replayed_install_the_same_lock(project: Path, tmp_path: Path) -> None:
    """The rendered ci.yml's lint and test jobs, each in a fresh clone and HOME, as a runner does.

    `sudo` is the identity here (the suite runs as root); apt-get installs from Debian's mirror.
    """
    source = shutil.copytree(project, tmp_path / "source", ignore=shutil.ignore_patterns("vendor", ".venv"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=source, check=True)
    subprocess.run([*git, "add", "-A"], cwd=source, check=True)
    subprocess.run([*git, "commit", "-qm", "render"], cwd=source, check=True)
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (shim / "sudo").chmod(0o755)
    env = {**os.environ, **bundler_env(), "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    python_bin = Path(sys.base_prefix) / "bin"
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    journal = Journal(Case("ruby", minor, False), tmp_path)
    workflow = load(source / ".github/workflows/ci.yml")
    replayed = []
    for job_id, job in replayable_jobs(workflow):
        if job_id not in ("lint", "test"):
            continue
        run = replay_job(journal, "ci.yml", job_id, job, source, tmp_path, env, python_bin, minor)
        assert run is not None, f"ci.yml/{job_id}: no Linux runner with Python {minor}"
        replayed.append(job_id)
    assert replayed == ["lint", "test"]
    ran = [str(step["step"]) for step in journal.steps]
    assert any(step.endswith(": make lint STRICT=1") for step in ran), ran
    assert any(step.endswith(": make test") for step in ran), ran
