"""The rule record and the registry of every extraction rule, stage by stage.

Every decision the extractor takes is made by a named rule (Duckling's habit): a candidate rule
reads an amount around a currency marker, a veto rejects a candidate, a compose rule joins parts
(cents, ranges, hedges), a gloss rule links a conversion, a per rule says what an amount is priced
per, a carry rule shares a unit along a run of prices, a role rule marks a wage, a rung of the
currency ladder decides an ambiguous currency, and a when rule dates an amount ("in 2002").
Each rule has

* a stable id ``<stage>.<name>`` ("veto.won-verb", "per.rate-base", "rung.rate-band");
* a docstring: one summary line and an ``Example:`` of what it decides;
* the data keys it reads: the word lists and tables under ``[<stage>.<name>]`` in each language's
  ``moneyx/data/lexicon/<lang>.toml``; an empty list switches the rule off for that language;
* a small function that returns a result, or None when the rule does not apply.

A stage runs its registry in order; the ids of the rules that fired are recorded in
``Mention.trace`` and vetoes in ``moneyx.explain``. ``docs/rules.md`` and the README's rule tables
are generated from here (``python -m moneyx.rules``). This module knows no stage: the stage modules
(``moneyx.extract.*``, ``moneyx.resolve.*``) register their rules when imported.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from moneyx.errors import DataError
from moneyx.lexicon import lexicon

__all__ = [
    "KINDS",
    "STAGES",
    "DataKind",
    "Registry",
    "Rule",
    "RuleData",
    "all_rules",
    "ladder_markdown",
    "note_fired",
    "registry",
    "rule_data",
    "rule_table",
    "rules_markdown",
]

RuleData = Mapping[str, Any]
"""The typed data of one rule in one language: key -> frozenset, tuple, mapping or bool."""

DataKind = Literal["words", "phrases", "map", "flag"]
"""How a rule's data key is read from TOML.

* ``words``: a list of words, matched case-insensitively as whole words (kept as a lower-case set);
* ``phrases``: a list of surfaces or phrases, order kept (for patterns: longest wins anyway);
* ``map``: a table of string keys to string values (a word and its label);
* ``flag``: a boolean.
"""
KINDS: tuple[DataKind, ...] = ("words", "phrases", "map", "flag")  # not-lexicon: data kinds

# The stages in the order the pipeline runs them, with what a rule of the stage returns.
STAGES: Mapping[str, str] = {  # not-lexicon: stage names
    "candidate": "reads a number beside a currency marker",
    "veto": "rejects a candidate: returns the reason, or None to let it pass",
    "compose": "joins or extends amounts: cents, ranges, elliptical figures, hedges and bounds",
    "gloss": "links a conversion to the amount it restates",
    "per": "says what an amount is priced per: returns the unit label, or None",
    "role": "marks an amount's role (a wage)",
    "carry": "shares a unit between amounts (a change and its level, a run of prices)",
    "context": "reads the setting of a text: sentence ends, datelines, cue scopes",
    "rung": "a rung of the currency ladder: returns a decision, or None to go down a rung",
    "when": "dates an amount: reads time phrases near it, gives each to the amounts it governs",
}

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule.

    Attributes:
        id: ``<stage>.<name>``, stable across releases (traces and corpus files cite it).
        stage: The stage it belongs to (a key of ``STAGES``).
        summary: The first line of its docstring.
        doc: The rest of the docstring (how it decides, and its limits).
        example: What its ``Example:`` section shows it deciding.
        reads: The data keys it reads under ``[<stage>.<name>]``, with how each is read.
        fn: The function that applies it.
        switch: The data key whose emptiness switches the rule off for a language (None when
            the rule's data only lists exceptions).
        forms: The candidate forms ("prefix", "suffix") a veto looks at; empty for all.
        kinds: The surface kinds ("name", "code", "symbol", ...) a veto looks at; empty for all.

    """

    id: str
    stage: str
    summary: str
    doc: str
    example: str
    reads: Mapping[str, DataKind]
    fn: Callable[..., Any]
    switch: str | None = None
    forms: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The part of the id after the stage ("won-verb")."""
        return self.id.split(".", 1)[1]


def _split_doc(fn: Callable[..., Any], rule_id: str) -> tuple[str, str, str]:
    doc = inspect.getdoc(fn)
    if not doc:
        raise TypeError(f"rule {rule_id} has no docstring")
    lines = doc.splitlines()
    summary = lines[0].strip()
    body: list[str] = []
    example: list[str] = []
    target = body
    for line in lines[1:]:
        if line.strip() == "Example:" or line.strip() == "Examples:":
            target = example
            continue
        target.append(line)
    if not example:
        raise TypeError(f"rule {rule_id} has no Example: section in its docstring")
    return summary, "\n".join(body).strip(), "\n".join(x.strip() for x in example).strip()


class Registry:
    """The ordered rules of one stage."""

    def __init__(self, stage: str) -> None:
        if stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}")
        self.stage = stage
        self._rules: dict[str, Rule] = {}

    def rule(
        self,
        name: str,
        switch: str | None = None,
        forms: tuple[str, ...] = (),
        kinds: tuple[str, ...] = (),
        **reads: DataKind,
    ) -> Callable[[F], F]:
        """Register the decorated function as rule ``<stage>.<name>`` reading ``reads``.

        Rules run in the order they are registered. ``switch`` names the data key whose
        emptiness switches the rule off for a language.
        """
        rule_id = f"{self.stage}.{name}"

        def deco(fn: F) -> F:
            if rule_id in self._rules:
                raise ValueError(f"rule {rule_id} registered twice")
            if switch is not None and switch not in reads:
                raise ValueError(f"rule {rule_id}: switch {switch!r} is not a key it reads")
            for key, kind in reads.items():
                if kind not in KINDS:
                    raise ValueError(f"rule {rule_id}: data key {key!r} has unknown kind {kind!r}")
            summary, doc, example = _split_doc(fn, rule_id)
            self._rules[rule_id] = Rule(
                id=rule_id,
                stage=self.stage,
                summary=summary,
                doc=doc,
                example=example,
                reads=dict(reads),
                fn=fn,
                switch=switch,
                forms=forms,
                kinds=kinds,
            )
            return fn

        return deco

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids in order."""
        return tuple(self._rules)


_REGISTRIES: dict[str, Registry] = {}

# the document-level rules that acted during the ``explain`` call running in this context
FIRED: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "moneyx_fired", default=None
)


def note_fired(rule_id: str) -> None:
    """Record that a document-level rule (a context rule) acted, for a running ``explain``."""
    sink = FIRED.get()
    if sink is not None:
        sink.add(rule_id)


def registry(stage: str) -> Registry:
    """Return the registry of ``stage`` (created on first use).

    Example:
        >>> registry("veto").stage
        'veto'

    """
    reg = _REGISTRIES.get(stage)
    if reg is None:
        reg = _REGISTRIES[stage] = Registry(stage)
    return reg


def all_rules() -> tuple[Rule, ...]:
    """Every rule of every stage, in pipeline order (imports the stage modules).

    Example:
        >>> ids = [r.id for r in all_rules()]
        >>> "veto.won-verb" in ids and "rung.explicit" in ids
        True

    """
    import moneyx.extract  # noqa: F401, PLC0415 - registers the extraction rules
    import moneyx.resolve  # noqa: F401, PLC0415 - registers the context rules and the ladder

    return tuple(r for stage in STAGES for r in registry(stage))


def data_schema() -> dict[str, Mapping[str, DataKind]]:
    """Map each rule id that reads data to its keys and their kinds."""
    return {r.id: r.reads for r in all_rules() if r.reads}


def _typed(path: str, where: str, kind: DataKind, value: object) -> object:
    if kind == "flag":
        if not isinstance(value, bool):
            raise DataError(path, where, "expected true or false")
        return value
    if kind == "map":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k for k, v in value.items()
        ):
            raise DataError(path, where, "expected a table of strings")
        return MappingProxyType({k.lower(): v for k, v in value.items()})
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(path, where, "expected a list of non-empty strings")
    if kind == "words":
        return frozenset(v.lower() for v in value)
    return tuple(value)


_EMPTY: dict[DataKind, object] = {  # not-lexicon: data kinds
    "words": frozenset(),
    "phrases": (),
    "map": MappingProxyType({}),
    "flag": False,
}


@functools.cache
def rule_data(lang: str) -> Mapping[str, RuleData]:
    """Check the rule tables of ``lang``'s lexicon against the registry and type them (cached).

    A key a language leaves out reads as empty (the rule is off for that language).

    Returns:
        rule id -> key -> value (a lower-case frozenset for ``words``, a tuple for ``phrases``,
        a read-only mapping for ``map``, a bool for ``flag``).

    Raises:
        DataError: A table names no registered rule, or a key the rule does not read, or a value
            of the wrong kind.

    Example:
        >>> "the" in rule_data("en")["veto.won-verb"]["next"]
        True

    """
    lex = lexicon(lang)
    path = f"moneyx/data/lexicon/{lang}.toml"
    rules = {r.id: r for r in all_rules()}
    for rule_id, table in lex.rules.items():
        rule = rules.get(rule_id)
        if rule is None:
            raise DataError(path, rule_id, "no rule of that id reads this table")
        unread = set(table) - set(rule.reads)
        if unread:
            raise DataError(path, rule_id, f"keys no rule reads: {sorted(unread)}")
    out: dict[str, RuleData] = {}
    for rule in rules.values():
        table = lex.rules.get(rule.id, {})
        out[rule.id] = MappingProxyType(
            {
                key: _typed(path, f"{rule.id}.{key}", kind, table[key])
                if key in table
                else _EMPTY[kind]
                for key, kind in rule.reads.items()
            }
        )
    return MappingProxyType(out)


def rule_table(stage: str | None = None) -> str:
    """Render the rules (of one stage, or all) as a Markdown table: id, what it does, example.

    Example:
        >>> rule_table("rung").splitlines()[0]
        '| id | what it decides | example |'

    """
    rows = ["| id | what it decides | example |", "|---|---|---|"]
    for r in all_rules():
        if stage is not None and r.stage != stage:
            continue
        example = " ".join(r.example.split()).replace("|", "\\|")
        summary = r.summary.replace("|", "\\|")
        rows.append(f"| `{r.id}` | {summary} | {example} |")
    return "\n".join(rows)


def ladder_markdown() -> str:
    """Render the currency ladder as a numbered Markdown list (the README's, generated).

    Example:
        >>> ladder_markdown().splitlines()[0].startswith("1. `rung.explicit`")
        True

    """
    lines = []
    for n, r in enumerate((r for r in all_rules() if r.stage == "rung"), 1):
        example = " ".join(r.example.split())
        lines.append(f"{n}. `{r.id}`: {r.summary} E.g. {example}")
    return "\n".join(lines)


def rules_markdown() -> str:
    """Render every stage's rules as Markdown tables (``docs/rules.md``, generated)."""
    parts = [
        "# The rules of the extractor",
        "",
        "Generated from the rule registry (`moneyx/rules.py`) by `python scripts/gen_rule_docs.py`;"
        " `tests/test_rule_docs.py` keeps this file and the README's lists equal to the code. "
        "Each rule reads the data under `[<stage>.<name>]` in `moneyx/data/lexicon/<lang>.toml`; "
        "`moneyx rules --lang ko` says which are off for a language, `moneyx explain TEXT` which "
        "fired on a text, and `extract_amounts(text, disable=[...])` switches rules off.",
        "",
    ]
    for stage, what in STAGES.items():
        if not any(r.stage == stage for r in all_rules()):
            continue
        parts += [f"## {stage}: {what}", "", rule_table(stage), ""]
    return "\n".join(parts)


def _main() -> None:
    """Print the generated rule documentation (``python -m moneyx.rules``)."""
    # run as a script this module is ``__main__``; the stage modules register their rules in
    # the imported ``moneyx.rules``, so read the registry there
    from moneyx import rules  # noqa: PLC0415

    print(rules.rules_markdown())


if __name__ == "__main__":
    _main()
