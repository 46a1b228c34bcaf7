"""Facts the CI workflows are rendered from: action references, the job matrix, system packages.

Every third-party action a workflow uses is listed once here, with the commit its version tag
pointed to. The ``secure`` level pins by that commit (the tag stays as a comment for Dependabot
and for readers); lower levels use the major tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .levels import at_least
from .toolchains import system_packages


@dataclass(frozen=True)
class Action:
    repo: str
    version: str
    sha: str
    major_tag: bool = True  # the action publishes a moving major tag (v5); without one it is always pinned

    def ref(self, pin: bool) -> str:
        """The ``uses:`` value: ``repo@sha # vX.Y.Z`` when pinned, else ``repo@vX``."""
        if pin or not self.major_tag:
            return f"{self.repo}@{self.sha} # {self.version}"
        return f"{self.repo}@{self.version.split('.')[0]}"


ACTIONS: dict[str, Action] = {
    "checkout": Action("actions/checkout", "v5.0.0", "08c6903cd8c0fde910a37f88322edcfb5dd907a8"),
    "setup_python": Action("actions/setup-python", "v5.6.0", "a26af69be951a213d495a4c3e4e4022e16d87065"),
    "upload_artifact": Action("actions/upload-artifact", "v4.6.2", "ea165f8d65b6e75b540449e92b4886f43607fa02"),
    "download_artifact": Action("actions/download-artifact", "v4.3.0", "d3f86a106a0bac45b974a628896c90dbdf5c8093"),
    "upload_pages_artifact": Action(
        "actions/upload-pages-artifact", "v4.0.0", "7b1f4a764d45c48632c6b24a0339c27f5614fb0b"
    ),
    "deploy_pages": Action("actions/deploy-pages", "v4.0.5", "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e"),
    "sigstore": Action("sigstore/gh-action-sigstore-python", "v3.2.0", "a5caf349bc536fbef3668a10ed7f5cd309a4b53d"),
    "pypi_publish": Action("pypa/gh-action-pypi-publish", "v1.13.0", "ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e"),
    "zizmor": Action("zizmorcore/zizmor-action", "v0.1.1", "f52a838cfabf134edcbaa7c8b3677dde20045018"),
    "trivy": Action("aquasecurity/trivy-action", "v0.36.0", "ed142fd0673e97e23eac54620cfb913e5ce36c25", False),
    "cosign_installer": Action("sigstore/cosign-installer", "v3.9.2", "d58896d6a1865668819e1d91763c7751a165e159"),
}
# The Trivy release the image scan runs (trivy-action's `version` input).
TRIVY_VERSION = "v0.70.0"
# The zizmor release the `zizmor` job runs (the one Pyve's own tests lint the rendered workflows with).
ZIZMOR_VERSION = "1.32.0"


def ci_facts(level: str, languages: list[str], runners: list[str], versions: list[str]) -> dict[str, Any]:
    """What the workflow templates need: ``uses`` strings, the test matrix and install lists."""
    pin = at_least(level, "production")
    full_matrix = at_least(level, "production")
    apt, brew = system_packages(languages)
    return {
        "pinned": pin,
        "uses": {name: action.ref(pin) for name, action in ACTIONS.items()},
        "matrix_runners": runners if full_matrix else runners[:1],
        # Without Python code, one Python runs the tools (pyve.sh, sqlfluff): no job per Python version.
        "matrix_pythons": versions if full_matrix and "python" in languages else versions[:1],
        "lint_runner": "ubuntu-24.04",
        "zizmor_version": ZIZMOR_VERSION,
        "trivy_version": TRIVY_VERSION,
        "apt_packages": apt,
        "brew_packages": brew,
    }
