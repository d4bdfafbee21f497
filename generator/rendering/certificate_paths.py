"""Turn a wording macro's source into the attribute paths its words depend on, and memoise its words by their values.

A wording macro (templates/giay-khen/loi-van.j2) reads its certificate ``c`` through chains of attributes:
``c.award.name``, ``c.decision.ref.signed_on``. When every use of ``c`` in the macro's source is such a chain, the
macro's words are a function of the values at the chains' ends, its *paths* (``award.name``): the objects on the way
(``c.award``) are only read from, never printed, compared or handed to a filter. ``macro_paths`` finds these paths
in the template's syntax tree, and refuses (None) a macro that uses ``c`` otherwise — whole, by item, rebound,
handed on to another macro or an included template — or that defines macros or blocks of its own.

``PathMemo`` then answers a certificate whose paths hold the same values as an earlier one's without running the
macro: a string, a whole number or a date by value; any other object (a decision's ``ref``) by identity, kept alive
by the memo so that its identity is never another's. The value at a path is read exactly as the macro reads it (the
environment's ``getattr``, sandbox included); a path that cannot be read (an undefined attribute, a withheld annex)
makes the macro run as it always did, so that it fails or not as it always did. A macro that depends on the decision
alone (every path starts with ``decision``) says the same on every certificate of a decision
(``decided_by_decision``). Compared with certificate_texts.MemoisedMacro, which learns what a macro reads while it
runs, a certificate costs a look-up of its paths, and values reached through ``c.award`` count, not the award.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes

# Nodes after which ``c`` could be reached another way than through the attribute chains seen in the source: an
# included or imported template sees the macro's variables, a block or an inner macro has a scope of its own.
_OPAQUE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Block, nodes.Macro, nodes.CallBlock,
           nodes.FilterBlock, nodes.Scope, nodes.ScopedEvalContextModifier, nodes.EvalContextModifier,
           nodes.ContextReference, nodes.DerivedContextReference, nodes.InternalName)
# Values that print the same whenever they are equal (floats: 0.0 == -0.0; datetimes: equal across time zones).
_EQUAL_TYPES = frozenset({str, int, bool, type(None), date, markupsafe.Markup})
_TRIAL_CALLS = 256  # calls before a macro whose words rarely repeat stops being memoised
_MAX_ENTRIES = 20_000


def macro_paths(env: jinja2.Environment, template: str) -> dict[str, tuple[str, ...]]:
    """The macros of ``template`` whose words are a function of attribute paths of their one parameter: name ->
    paths in the order they first appear. Macros not listed must be memoised otherwise (or not at all)."""
    try:
        source, filename, _ = env.loader.get_source(env, template)
        tree = env.parse(source, template, filename)
    except (jinja2.TemplateError, OSError, AttributeError):
        return {}
    if any(isinstance(node, nodes.Extends) for node in tree.body):
        return {}
    defined: dict[str, list[nodes.Macro]] = {}
    for node in tree.find_all(nodes.Macro):
        defined.setdefault(node.name, []).append(node)
    found = {}
    for name, macros in defined.items():
        paths = _paths(macros[0]) if len(macros) == 1 else None
        if paths is not None:
            found[name] = paths
    return found


def _paths(macro: nodes.Macro) -> tuple[str, ...] | None:
    """The paths of the macro's parameter its body reads, or None when it uses the parameter any other way."""
    if len(macro.args) != 1 or macro.defaults:
        return None
    parameter = macro.args[0].name
    paths: dict[str, None] = {}
    for node, parents in _walk(macro.body, ()):
        if isinstance(node, _OPAQUE):
            return None
        if not isinstance(node, nodes.Name) or node.name != parameter:
            continue
        if node.ctx != "load":
            return None  # rebound: {% set c = … %}, {% for c in … %}
        chain = []
        for parent, child in zip(reversed(parents), (node, *reversed(parents)), strict=False):
            if not (isinstance(parent, nodes.Getattr) and parent.node is child):
                break
            chain.append(parent.attr)
        if not chain:
            return None  # the certificate itself printed, compared, indexed or handed on
        paths[".".join(chain)] = None
    return tuple(paths)


def _walk(children: list[nodes.Node], parents: tuple[nodes.Node, ...]) -> Iterator[tuple[nodes.Node, tuple]]:
    """Every node under ``children`` with the nodes above it, outermost first."""
    for node in children:
        yield node, parents
        yield from _walk(list(node.iter_child_nodes()), (*parents, node))


def _key(value: object) -> tuple:
    kind = type(value)
    return (kind, value) if kind in _EQUAL_TYPES else (kind, id(value))


def plain(text: object) -> str:
    """A macro's output as plain text: wording macros give text; should an office's template escape it, undo that."""
    if isinstance(text, markupsafe.Markup) and "&" in text:  # without "&" there is no entity to undo
        return text.unescape().strip()
    return str(text).strip()


def direct_call(macro: Callable) -> Callable[[object], object]:
    """``macro(view)`` without what Jinja's Macro.__call__ does for keyword, default, caller and extra arguments,
    when the macro has none of them (a wording macro: one parameter); the same value, Markup included."""
    func = getattr(macro, "_func", None)
    environment = getattr(macro, "_environment", None)
    autoescape = getattr(macro, "_default_autoescape", None)
    plain_macro = (type(macro) is jinja2.runtime.Macro and func is not None and len(macro.arguments) == 1
                   and not (macro.catch_kwargs or macro.catch_varargs or macro.caller)
                   and environment is not None and not environment.is_async and isinstance(autoescape, bool))
    if not plain_macro:
        return macro
    if autoescape:
        return lambda view: markupsafe.Markup(func(view))
    return func


_UNREADABLE = object()  # a path whose value cannot be read the way the macro reads it


def _under_decision(path: str) -> bool:
    return path == "decision" or path.startswith("decision.")


class PathMemo:
    """``words(view, seen)``: the macro's words for this certificate (see the module docstring); the same interface as
    MemoisedMacro. ``seen`` (one per certificate, shared by its macros) keeps the values read at each path.

    The paths under ``decision`` hold the same values on every certificate of a decision: they are read once per
    decision, and the decision's part of the key is remembered for it.
    """

    def __init__(self, macro: Callable, paths: tuple[str, ...], getattr_: Callable[[Any, str], Any]) -> None:
        self.macro = macro
        self.call = direct_call(macro)
        self.paths = paths
        self.getattr = getattr_
        self.by_decision = all(_under_decision(path) for path in paths)
        self.decision_paths = tuple(path for path in paths if _under_decision(path))
        self.own_paths = tuple(path for path in paths if not _under_decision(path))
        # Each path and every path on its way, split into the path before the last attribute, and that attribute.
        self.split = {}
        for path in paths:
            parts = path.split(".")
            for end in range(1, len(parts) + 1):
                self.split[".".join(parts[:end])] = (".".join(parts[:end - 1]), parts[end - 1])
        self.memo: dict[tuple, tuple[str, tuple]] = {}  # key -> (words, the values, kept alive)
        self.per_decision: dict[int, tuple] = {}  # id(decision) -> (decision, its part of the key, the values)
        self.calls = 0
        self.hits = 0
        self.active = True

    def words(self, view: object, seen: dict | None = None) -> str:
        self.calls += 1
        if not self.active:
            return plain(self.call(view))
        # The values read at each path, shared by the macros of one certificate (a key of their own in ``seen``).
        seen = {} if seen is None else seen.setdefault(PathMemo, {})
        key = self._key(view, seen)
        if key is None:  # a path that cannot be read: the macro reads it and fails, or not, as it always did
            return plain(self.call(view))
        found = self.memo.get(key[0])
        if found is not None:
            self.hits += 1
            return found[0]
        words = plain(self.call(view))
        if self.calls >= _TRIAL_CALLS and (self.hits * 2 < self.calls or len(self.memo) >= _MAX_ENTRIES):
            self.active = False  # its words differ on nearly every certificate (the Số sổ): no memo to keep
            self.memo = {}
        else:
            self.memo[key[0]] = (words, key[1])
        return words

    def decided_by_decision(self, decision: object) -> bool:
        """Whether this macro says the same on every certificate of ``decision``: it reads nothing else."""
        return self.active and self.by_decision

    def _key(self, view: object, seen: dict) -> tuple[tuple, tuple] | None:
        """The key of this certificate's values, and the values the key holds by identity (to keep them alive)."""
        parts: list = []
        values: list = []
        if self.decision_paths:
            decision = self._read(view, "decision", seen)
            if decision is _UNREADABLE:
                return None
            known = self.per_decision.get(id(decision))
            if known is None:
                read = [self._read(view, path, seen) for path in self.decision_paths]
                part = None if _UNREADABLE in read else tuple([_key(value) for value in read])
                known = self.per_decision[id(decision)] = (decision, part, read)
            if known[1] is None:
                return None
            parts.append(known[1])
        for path in self.own_paths:
            value = self._read(view, path, seen)
            if value is _UNREADABLE:
                return None
            parts.append(_key(value))
            values.append(value)
        return tuple(parts), tuple(values)

    def _read(self, view: object, path: str, seen: dict) -> object:
        """The value at ``path`` as the macro reads it (_UNREADABLE when it cannot be read), noted in ``seen``."""
        value = seen.get(path, _UNREADABLE)
        if value is not _UNREADABLE or path in seen:
            return value
        head, attribute = self.split[path]
        base = self._read(view, head, seen) if head else view
        if base is not _UNREADABLE:
            try:
                value = self.getattr(base, attribute)
            except Exception:  # noqa: BLE001 - the macro itself then runs into it, as it always did
                value = _UNREADABLE
            if isinstance(value, jinja2.Undefined):
                value = _UNREADABLE  # printed empty, or failing: the macro decides, as it always did
        seen[path] = value
        return value
