"""Turn a certificate and a wording macro into the macro's words, memoised by the values the macro read.

From one certificate to the next most fields say the same words (the issuer, the decision line, the signer); only
the name, the unit and the Số sổ change. A wording macro is plain Jinja: its words are a function of what it reads
from ``c``. So each call is handed a recorder standing in for ``c`` that notes every attribute the macro reads, in
order, with its value; a later certificate whose attributes have the same values — the very same object for a
decision or an award, an equal value for a string, a whole number or a date — gets the same words without running
the macro again. The notes form a tree (the attribute read first, then, for each value it had, the attribute read
next…), so a macro that reads ``c.award`` only when ``c.decision.form_is_title`` is false is memoised correctly.

Nothing is memoised from a call that used ``c`` as a whole (printed it, compared it, iterated it…) or that failed:
a failing call is made again with the real certificate, so that its error is exactly the one it always was. A macro
whose words differ for nearly every certificate (the Số sổ) stops being memoised after a few hundred calls.
(An object stands for its content because the model's objects are frozen: nothing changes them during a build.)

``memoised_macros`` gives each field this memo, or certificate_paths.PathMemo where the macro's source shows which
attribute paths its words depend on (then a certificate is looked up by those values, without a recorder).

Here too: ``CertificateView`` (the ``c`` of the templates) and ``certificate_environment``, the shared sandboxed
environment with a quicker attribute read for plain data and remembered pure filters.
"""

from __future__ import annotations

import dataclasses
import operator
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import Any

import jinja2

from ..core import model
from ..core.model import Certificate, Decision
from .certificate_paths import PathMemo, _key, macro_paths, plain
from .certificate_word_layout import WordFrame
from .environment import environment


@dataclass(frozen=True)
class CertificateView:
    """A certificate bound to its decision: the ``c`` of templates/giay-khen/loi-van.j2 and template.docx."""

    certificate_: Certificate
    decision: Decision
    texts: dict[str, str]  # field -> its words, from the macros (for the DOCX: the same words as the PDF)
    sizes: dict[str, int]  # field -> font size in half-points, as the PDF set it (for the DOCX)
    o: dict[str, WordFrame | None] = dataclasses.field(default_factory=dict)  # field -> its place in the DOCX

    def __getattr__(self, name: str):  # noqa: ANN204 - forwards to the certificate
        if name == "certificate_":  # not set yet (copy, pickle): no endless recursion
            raise AttributeError(name)
        return getattr(self.certificate_, name)

_TRIAL_CALLS = 256  # calls before a macro that rarely repeats its words stops being memoised
_MAX_LEAVES = 20_000


class _Recorder:
    """Stands for ``c`` during one call: forwards every attribute and notes (name, value)."""

    __slots__ = ("_view", "_reads", "_whole")

    def __init__(self, view: object) -> None:
        self._view = view
        self._reads: list[tuple[str, object]] = []
        self._whole = False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            self._whole = True  # a protocol probe (__html__…): the macro treats c as a value
        value = getattr(self._view, name)
        self._reads.append((name, value))
        return value


def _forward(function: Callable) -> Callable:
    """A special method of the recorder: marks the call as using ``c`` whole, then acts as the real ``c`` would."""

    def method(self: _Recorder, *args: object) -> object:
        self._whole = True
        return function(self._view, *args)

    return method


for _name, _function in {
    "__str__": str, "__repr__": repr, "__format__": format, "__hash__": hash, "__bool__": bool, "__len__": len,
    "__iter__": iter, "__reversed__": reversed, "__contains__": operator.contains, "__getitem__": operator.getitem,
    "__eq__": operator.eq, "__ne__": operator.ne, "__lt__": operator.lt, "__le__": operator.le,
    "__gt__": operator.gt, "__ge__": operator.ge,
}.items():
    setattr(_Recorder, _name, _forward(_function))


class _Node:
    """Either a leaf (``words``) or the attribute read next (``read``) with a child per value it had."""

    __slots__ = ("read", "children", "words", "value")

    def __init__(self, value: object = None) -> None:
        self.read: str | None = None
        self.children: dict[tuple, _Node] = {}
        self.words: str | None = None
        self.value = value  # keeps the object alive, so that its id is not given to another


class MemoisedMacro:
    """``words(view)``: the macro's words for this certificate, plain text without surrounding spaces."""

    def __init__(self, macro: Callable) -> None:
        self.macro = macro
        self.root = _Node()
        self.calls = 0
        self.hits = 0
        self.leaves = 0
        self.active = True

    def words(self, view: object, seen: dict[str, tuple] | None = None) -> str:
        """``seen``: the keys of the attributes read so far for this same ``view`` (shared by its macros)."""
        self.calls += 1
        if self.active:
            found = self._lookup(view, {} if seen is None else seen)
            if found is not None:
                self.hits += 1
                return found
            if self.calls >= _TRIAL_CALLS and (self.hits * 2 < self.calls or self.leaves > _MAX_LEAVES):
                self.active = False
                self.root = _Node()
            else:
                recorder = _Recorder(view)
                try:
                    text = self.macro(recorder)
                except Exception:  # noqa: BLE001 - the real call below raises the error the user must see
                    return plain(self.macro(view))
                words = plain(text)
                if not recorder._whole:
                    self._store(recorder._reads, words)
                return words
        return plain(self.macro(view))

    def decided_by_decision(self, decision: object) -> bool:
        """Whether this macro's words depend on nothing but ``decision``, as far as its memo has seen.

        A macro reads the same attribute first on every certificate (nothing differs before it reads); when that is
        ``decision`` and, for this decision, the macro read nothing more but ``decision`` again, every certificate
        of the decision gets the same words. (The memo's own reasoning.) A macro that reads nothing is constant.
        """
        if not self.active:
            return False
        node: _Node | None = self.root
        key = _key(decision)
        while node is not None and node.read is not None:
            if node.read != "decision":
                return False
            node = node.children.get(key)
        return node is not None and node.words is not None

    def _lookup(self, view: object, seen: dict[str, tuple]) -> str | None:
        node = self.root
        while (name := node.read) is not None:
            key = seen.get(name)
            if key is None:
                try:
                    key = seen[name] = _key(getattr(view, name))
                except AttributeError:
                    return None
            node = node.children.get(key)
            if node is None:
                return None
        return node.words

    def _store(self, reads: list[tuple[str, object]], words: str) -> None:
        node = self.root
        for name, value in reads:
            if node.words is not None or (node.read is not None and node.read != name):
                self._give_up()  # the same values led to another read: the macro is not a function of them
                return
            node.read = name
            key = _key(value)
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Node(value)
            node = child
        if node.read is not None or (node.words is not None and node.words != words):
            self._give_up()
            return
        if node.words is None:
            self.leaves += 1
        node.words = words

    def _give_up(self) -> None:
        self.active = False
        self.root = _Node()


def macros_words(macros: dict[str, MemoisedMacro], view: CertificateView, by_decision: dict[int, dict[str, str]],
                 failed: Callable[[str, Exception], Exception] | None = None) -> dict[str, str]:
    """The words of every macro for ``view``; ``by_decision`` remembers, per decision, the words of the macros that
    depend on nothing else (MemoisedMacro.decided_by_decision), so that those are not even looked up again.

    ``failed(field, error)`` turns a template's UndefinedError into the error to raise (else it is raised as it is).
    """
    decision = view.decision
    known = by_decision.get(id(decision))
    if known is None:
        known = by_decision[id(decision)] = {}
    texts = {}
    seen: dict[str, tuple] = {}  # what the macros read of this certificate, read once
    for field, macro in macros.items():
        words = known.get(field)
        if words is None:
            try:
                words = macro.words(view, seen)
            except jinja2.UndefinedError as exc:
                if failed is None:
                    raise
                raise failed(field, exc) from exc
            if macro.decided_by_decision(decision):
                known[field] = words
        texts[field] = words
    return texts


def memoised_macros(env: jinja2.Environment, template: str, wording: object,
                    fields: list[str]) -> dict[str, PathMemo | MemoisedMacro]:
    """A memo per field's macro of the module ``wording`` (``template`` compiled in ``env``): PathMemo where the
    macro's source allows it, else MemoisedMacro."""
    paths = macro_paths(env, template)
    memos: dict[str, PathMemo | MemoisedMacro] = {}
    for field in dict.fromkeys(fields):
        macro = getattr(wording, field)
        memos[field] = (PathMemo(macro, paths[field], env.getattr) if field in paths
                        else MemoisedMacro(macro))
    return memos


# Objects whose attributes the sandbox lets a template read as they are (plain data, no functions): reading them
# skips the sandbox's checks, which only matter for functions, types, frames and the like.
_PLAIN_TYPES = frozenset({CertificateView, _Recorder} | {
    kind for kind in vars(model).values() if isinstance(kind, type) and dataclasses.is_dataclass(kind)})
_METHOD_TYPES = (types.MethodType, types.BuiltinMethodType)


_PURE_FILTERS = ("danh_xung", "viet_hoa", "so_ky_hieu", "ngay", "ngay_ngan", "chu_thuong_dau", "tien", "bang_chu",
                 "hai_chu_so")


def _remembered(function: Callable) -> Callable:
    """``function`` answering repeated arguments from memory (str and Markup kept apart); unhashable ones pass."""
    remembered = lru_cache(maxsize=4096, typed=True)(function)

    @wraps(function)
    def filter_(*args: object) -> object:
        try:
            hash(args)
        except TypeError:
            return function(*args)
        return remembered(*args)

    return filter_


@cache
def certificate_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The shared sandboxed environment with a quicker attribute read for the certificate's plain data.

    An overlay with its own template cache, so that the templates it compiles call its ``getattr``; everything
    else (filters, escaping, the sandbox's refusals) is the shared environment's.
    """
    env = environment(template_dirs).overlay(cache_size=50)
    sandboxed = env.getattr
    # Filters that are plain functions of their words (a gender, a date, a number) answer a repeated value at
    # once; a copy of the table, so the shared environment keeps its own.
    env.filters = {name: _remembered(function) if name in _PURE_FILTERS else function
                   for name, function in env.filters.items()}

    def getattr_(obj: object, attribute: str) -> object:
        if type(obj) in _PLAIN_TYPES and not attribute.startswith("_"):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHOD_TYPES):  # str.format and the like: the sandbox wraps them
                    return value
        return sandboxed(obj, attribute)

    env.getattr = getattr_
    return env


# ---------------------------------------------------------------------------------------------------------
# The words set by a drawing worker
# ---------------------------------------------------------------------------------------------------------


class WithheldError(Exception):
    """A wording macro read what a drawing worker was not given (a decision's annex): the build process sets it."""


class _Withheld:
    """Stands for a decision's annex in a drawing worker: any use of it raises WithheldError.

    The annex holds a row per awardee, as long as the list itself: sent to every worker it would cost more than
    setting the words here. No wording macro of the project reads it; one that does has its words set by the build
    process, as they always were, and says the same.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple:
        return (_Withheld, ())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise WithheldError(name)

    def _refuse(self, *_: object) -> Any:
        raise WithheldError("annex")

    __str__ = __repr__ = __format__ = __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __html__ = _refuse
    __hash__ = None  # type: ignore[assignment] - unhashable, as an annex with its rows is not used as a key


@dataclass(frozen=True)
class Wording:
    """What a drawing worker needs to set the words of the certificates it draws: the templates folders, the name
    of the wording template, and the decisions (their annexes withheld)."""

    template_dirs: tuple[Path, ...]
    template: str
    decisions: tuple[Decision, ...]

    @classmethod
    def of(cls, template_dirs: tuple[Path, ...], template: str, decisions: list[Decision]) -> Wording:
        return cls(tuple(template_dirs), template,
                   tuple(dataclasses.replace(decision, annex=_Withheld()) for decision in decisions))

    def setter(self, fields: list[str]) -> Callable[[list[Certificate]], list[tuple[bool, tuple[str, ...]]]]:
        """A function from certificates to their rows: (draft, the words of each of ``fields``), as the build process
        sets them (certificates.Renderer). Any failure, a template's or a withheld annex's, is the caller's to
        handle: the build process then sets those words itself, and reports a template's error as it always did."""
        env = certificate_environment(self.template_dirs)
        macros = memoised_macros(env, self.template, env.get_template(self.template).module, fields)
        decisions = self.decisions
        by_decision: dict[int, dict[str, str]] = {}

        def rows(certificates: list[Certificate]) -> list[tuple[bool, tuple[str, ...]]]:
            found = []
            for certificate in certificates:
                decision = decisions[certificate.decision_index]
                texts = macros_words(macros, CertificateView(certificate, decision, {}, {}), by_decision)
                found.append((decision.ref.is_draft, tuple([texts[field] for field in fields])))
            return found

        return rows
