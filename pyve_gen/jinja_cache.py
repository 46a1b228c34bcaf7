"""Compile each template string once: the largest cost of a render after Copier's own start-up.

Copier renders every question's type, help, choices, default, ``when`` and validator with
``Environment.from_string``, and Jinja compiles each call from scratch: about 900 compiles of 300
distinct strings per render of this questionnaire, most of them plain text ("str", a choice label, a
help paragraph). :func:`compile_strings_once` makes the environment

- compile each distinct source once (a compiled template does not depend on the render context), and
  build its Template object once (Jinja's own cache shares Template objects the same way);
- build plain text (no Jinja syntax) from one compiled model template by swapping its text constant,
  instead of lexing, parsing, generating and byte-compiling it.

Extensions' ``preprocess`` still runs on every call, as Jinja would run it: Copier's ``{% yield %}``
resets its state there. Named templates (the template files) keep Jinja's own cache and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

from jinja2 import Environment, Template

_MODEL_TEXT = "pyve-plain-text-model"
# Quotes, a backslash, non-ASCII, inner and trailing newlines: what a help text can hold.
_PROBES = ('It\'s "quoted" \\ ünïcode,\n  two lines', 'It\'s "quoted" \\ ünïcode,\n  two lines\n')

Compile = Callable[..., "str | CodeType"]


def _swap_constant(code: CodeType, old: str, new: str) -> CodeType:
    """``code`` with the string constant ``old`` replaced by ``new``, in nested code objects too."""
    consts = tuple(
        new
        if type(const) is str and const == old
        else _swap_constant(const, old, new)
        if isinstance(const, CodeType)
        else const
        for const in code.co_consts
    )
    return code.replace(co_consts=consts)


def _renders_as(environment: Environment, code: CodeType) -> str:
    template = environment.template_class.from_code(environment, code, environment.make_globals(None), None)
    return template.render()


class _PlainText:
    """Code for plain-text sources, made from one compiled model; off if the model does not check out."""

    def __init__(self, environment: Environment, compile_uncached: Compile) -> None:
        self.environment = environment
        starts = (environment.block_start_string, environment.variable_start_string, environment.comment_start_string)
        self.starts = tuple(s for s in starts if s)
        self.model: CodeType | None = None
        prefixes = environment.line_statement_prefix or environment.line_comment_prefix
        probes = [text for text in _PROBES if self.is_plain(text)]
        if prefixes or environment.newline_sequence != "\n" or not probes:
            return
        model = compile_uncached(_MODEL_TEXT)
        if not isinstance(model, CodeType):
            return
        for text in probes:  # the swapped model must render exactly as Jinja's own compile does
            jinja_code = compile_uncached(text)
            if not isinstance(jinja_code, CodeType):
                return
            swapped = _renders_as(environment, _swap_constant(model, _MODEL_TEXT, text))
            if not swapped == _renders_as(environment, jinja_code) == text:
                return
        self.model = model

    def is_plain(self, text: str) -> bool:
        """True when Jinja would render ``text`` to itself: no tag start, no CR, no trailing newline to strip."""
        if not text or "\r" in text or any(start in text for start in self.starts):
            return False
        return self.environment.keep_trailing_newline or not text.endswith("\n")

    def code(self, source: str) -> CodeType | None:
        """Code rendering ``source`` if it is plain text, else None (then Jinja compiles it)."""
        if self.model is None or not self.is_plain(source):
            return None
        text = self.environment.preprocess(source)
        return _swap_constant(self.model, _MODEL_TEXT, text) if self.is_plain(text) else None


def compile_strings_once(environment: Environment) -> None:
    """Make ``environment.from_string`` compile each distinct source once (see the module doc)."""
    compile_uncached: Compile = environment.compile
    compiled: dict[str, str | CodeType] = {}
    plain: list[_PlainText] = []  # built on first use: the environment is still being set up now

    def compile_once(
        source: Any, name: str | None = None, filename: str | None = None, raw: bool = False, defer_init: bool = False
    ) -> str | CodeType:
        if not isinstance(source, str) or name is not None or filename is not None or raw or defer_init:
            return compile_uncached(source, name, filename, raw, defer_init)
        code = compiled.get(source)
        if code is not None:
            environment.preprocess(source)
            return code
        if not plain:
            plain.append(_PlainText(environment, compile_uncached))
        code = compiled[source] = plain[0].code(source) or compile_uncached(source)
        return code

    environment.compile = compile_once  # type: ignore[method-assign, assignment]

    from_string_uncached = environment.from_string
    templates: dict[str, Template] = {}

    def from_string_once(source: Any, globals: Any = None, template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return from_string_uncached(source, globals, template_class)
        template = templates.get(source)
        if template is None:  # compile_once runs the preprocess hooks
            template = templates[source] = from_string_uncached(source)
        else:
            environment.preprocess(source)
        return template

    environment.from_string = from_string_once  # type: ignore[method-assign]
