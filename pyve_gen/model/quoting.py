"""Quoting for every file kind a rendered value can land in."""

from __future__ import annotations

import keyword
import re
import shlex
import unicodedata


def shell_quote(value: object) -> str:
    """A POSIX-shell word that expands to exactly ``value``.

    Backslashes stay outside the single quotes (``'Acme'\\``): shellcheck reads a backslash right before
    a closing quote as a mistaken escape (SC1003), and the project's own ``make lint`` runs shellcheck.
    """
    text = str(value)
    if "\\" not in text:
        return shlex.quote(text)
    return "\\\\".join(shlex.quote(part) if part else "" for part in text.split("\\"))


def yaml_str(value: object) -> str:
    """A double-quoted YAML scalar, read back as the same string by YAML 1.1 and 1.2 parsers.

    Characters YAML does not allow raw in a stream, or reads as line breaks (C0/C1 controls, DEL,
    U+2028/U+2029, U+FEFF, U+FFFE/U+FFFF) are written as escapes; the rest of Unicode stays readable.
    """
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in {0x2028, 0x2029, 0xFEFF} or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}")
        elif code in {0xFFFE, 0xFFFF}:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_str(value: object) -> str:
    """A TOML basic string."""
    text = str(value)
    out = []
    for char in text:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_MD_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~])")


def md_text(value: object) -> str:
    """Inline Markdown text that shows ``value`` literally (one line, specials escaped)."""
    one_line = " ".join(str(value).split())
    return _MD_SPECIALS.sub(r"\\\1", one_line)


def md_code(value: object) -> str:
    """An inline code span holding ``value`` literally, whatever backticks it contains."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def env_value(value: object) -> str:
    """A value for a ``.env`` line, read the same by shells (``set -a; . .env``), docker compose,
    direnv's ``dotenv`` and python-dotenv.

    Single quotes (literal everywhere) unless the text holds ``'`` or ``\\`` (python-dotenv unescapes those
    inside single quotes); then double quotes with ``\\`` and ``"`` escaped, which needs a text without
    ``$`` and backquotes (validation rejects a default holding both kinds).
    """
    text = str(value)
    if text and re.fullmatch(r"[A-Za-z0-9_./:@%+,-]+", text):
        return text
    if "'" not in text and "\\" not in text:
        return "'" + text + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment_text(value: object) -> str:
    """One line of text safe after a ``#`` comment marker (no newlines)."""
    return " ".join(str(value).split())


def slugify(value: object) -> str:
    """``"Acme Billing!"`` -> ``"acme-billing"``; ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = re.sub(r"^[0-9-]+", "", slug)
    return slug or "project"


def identifier(value: object) -> str:
    """A Python identifier from a slug: ``"acme-billing"`` -> ``"acme_billing"``."""
    return slugify(value).replace("-", "_")


def ruby_str(value: object) -> str:
    """A Ruby string literal for ``value``, in the quote style RuboCop's Style/StringLiterals accepts.

    Single quotes unless the text holds one; then double quotes, with ``#`` escaped where it would
    start an interpolation (``#{``, ``#@``, ``#$``).
    """
    text = " ".join(str(value).split())
    if "'" not in text:
        return "'" + text.replace("\\", "\\\\") + "'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"#(?=[{@$])", r"\\#", escaped)
    return f'"{escaped}"'


def python_str(value: object) -> str:
    """A Python string literal holding ``value``, quoted the way ``ruff format`` keeps it.

    Double quotes unless the text holds more double than single quotes (ruff's preference).
    """
    text = str(value)
    quote = "'" if text.count('"') > text.count("'") else '"'
    escapes = {"\\": "\\\\", quote: "\\" + quote, "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


def python_attr(value: object) -> str:
    """A Python attribute name for an environment variable name: ``API_URL`` -> ``api_url``; keywords get ``_``."""
    name = re.sub(r"[^a-z0-9_]", "_", str(value).lower())
    if not name or name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) else name
