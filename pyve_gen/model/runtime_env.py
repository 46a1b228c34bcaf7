"""The environment variables a render's code reads: the ``config_vars`` answer plus the ones Pyve's
own code reads (logs.py: LOG_LEVEL, LOG_FORMAT; server.py: HOST, PORT). One list feeds
``.env.example``, each ``settings.py`` and the spec's Configuration section, so they cannot disagree."""

from __future__ import annotations

from typing import Any

LOOPBACK = "127.0.0.1"


def builtin_variables(log_level: str, log_format: str, serves: bool, port: int) -> list[dict[str, Any]]:
    """The variables the rendered logs.py (and server.py when ``serves``) read, with their defaults."""
    found: list[dict[str, Any]] = [
        {
            "name": "LOG_LEVEL",
            "description": "Logging threshold (DEBUG, INFO, WARNING, ERROR, CRITICAL)",
            "secret": False,
            "default": log_level or "INFO",
        },
        {
            "name": "LOG_FORMAT",
            "description": "Log line format: json (one object per line, for aggregators) or text",
            "secret": False,
            "default": log_format or "text",
        },
    ]
    if serves:
        found += [
            {
                "name": "HOST",
                "description": "Address the HTTP service listens on (the container image passes --host 0.0.0.0)",
                "secret": False,
                "default": LOOPBACK,
            },
            {
                "name": "PORT",
                "description": "TCP port of the HTTP service (platforms such as Heroku set it)",
                "secret": False,
                "default": str(port),
            },
        ]
    return found


def variables(
    config_vars: Any, log_level: str, log_format: str, runnable: bool, serves: bool, port: int
) -> list[dict[str, Any]]:
    """The ``config_vars`` answer (as written) then each variable the rendered code reads that it
    does not name; no Pyve variable when no Python component runs (no logs.py, no settings.py)."""
    answered = [dict(var) for var in config_vars or [] if isinstance(var, dict) and var.get("name")]
    if not runnable:
        return answered
    named = {str(var["name"]) for var in answered}
    extra = [var for var in builtin_variables(log_level, log_format, serves, port) if var["name"] not in named]
    return answered + extra
