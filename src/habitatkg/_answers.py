"""The competency questions as Python methods of :class:`~habitatkg.KnowledgeGraph`.

Each method runs the packaged SPARQL file of its question (``queries/<name>.rq``, the same
text the ``%%sparql`` magic and ``habitatkg query`` use), with the arguments bound as values,
and returns entities in the sources' order or a pandas DataFrame with snake_case columns.
Arguments naming a node accept an IRI, an :class:`~habitatkg.Entity` or a label.

Example:
    >>> import habitatkg as hk
    >>> kg = hk.load()
    >>> third = "Accompaniment for the transformation of education communities"
    >>> list(kg.sdg_targets(third).target_notation)
    ['4.1', '4.7', '4.c', '17.17']
"""

from __future__ import annotations

import functools
import operator
import re
import warnings
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from habitatkg._lang import message, resolve_lang
from habitatkg._results import _INTEGER_TYPES, EntityList, python_value
from habitatkg._sparql import PREFIXES
from habitatkg._store import no_gc

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from habitatkg._resolve import LabelIndex
    from habitatkg._results import QueryResult
    from habitatkg._store import GraphStore

__all__ = ["AnswerNote", "CompetencyQuestions", "query_text_in", "snake_case"]

_HK = PREFIXES["hk"]
_PRINCIPLE_SCHEMES = {
    "guiding": f"{_HK}GuidingPrinciples",
    "founding": f"{_HK}FoundingPrinciples",
    "liaison": f"{_HK}SocialLiaisonValues",
}
_ENGLISH_FILTER = re.compile(r'(LANGMATCHES\(LANG\(\?\w+\),\s*)"en"\)')
_TEXTS: dict[tuple[str, str], str] = {}
_EMPTY: dict[tuple[str, ...], Any] = {}
_TEXT_TYPES = {
    f"{PREFIXES['xsd']}string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
}
_NONE = type(None)
_IRI_KIND = {ox.NamedNode}
_LITERAL_KIND = {ox.Literal}
_VALUE = operator.attrgetter("value")
_DATATYPE = operator.attrgetter("datatype")
_NO_PARTNER_LINKS = "ASK { ?activity hk:hasPartner ?partner ; hk:atSchool ?school }"
_NO_NETWORK_LINKS = "ASK { ?activity hk:hasPartner|hk:organizedBy ?org ; hk:atSchool ?school }"


class AnswerNote(UserWarning):
    """Why an answer is empty (or smaller than it looks): the data lacks the links it needs.

    The same text is in the DataFrame's ``attrs["note"]``; the CLI prints it as ``note: ...``.
    """


def snake_case(name: str) -> str:
    """``schoolLabel`` -> ``school_label``.

    Args:
        name: A camelCase SPARQL variable name.

    Returns:
        The snake_case column name.

    Example:
        >>> snake_case("targetNotation")
        'target_notation'
    """
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def query_text_in(name: str, lang: str, read: Any) -> str:
    """A packaged query's text asking for labels in ``lang`` (cached per name and language).

    The packaged files ask for English labels (``LANGMATCHES(LANG(?x), "en")``); Spanish
    asks the same with ``"es"``. The language is one of a fixed list, never user text.

    Args:
        name: The query's name.
        lang: ``"en"`` or ``"es"``.
        read: Name to the file's text (``KnowledgeGraph.query_text``).

    Returns:
        The SPARQL text.

    Example:
        >>> text = query_text_in("doc-only", "es", lambda n: 'FILTER(LANGMATCHES(LANG(?l), "en"))')
        >>> text
        'FILTER(LANGMATCHES(LANG(?l), "es"))'
    """
    key = (name, lang)
    text = _TEXTS.get(key)
    if text is None:
        text = read(name)
        if lang != "en":
            text = _ENGLISH_FILTER.sub(rf'\1"{lang}")', text)
        _TEXTS[key] = text
    return text


def _column(terms: tuple[Any, ...]) -> Any:
    """One column of RDF terms as Python values; whole-number columns as integers.

    The same values as :func:`~habitatkg._results.python_value` cell by cell, read with C-level
    passes (``map``) wherever the column is all IRIs, all text or all integers.
    """
    import pandas as pd

    kinds = set(map(type, terms))
    missing = _NONE in kinds
    kinds.discard(_NONE)
    if not kinds or kinds == _IRI_KIND:
        return _values(terms, missing)
    if kinds == _LITERAL_KIND:
        present = [t for t in terms if t is not None] if missing else terms
        datatypes = {d.value for d in set(map(_DATATYPE, present))}
        if datatypes <= _TEXT_TYPES:
            return _values(terms, missing)
        if datatypes <= _INTEGER_TYPES:
            try:
                numbers = list(map(int, map(_VALUE, present)))
            except ValueError:  # an ill-typed literal: python_value keeps its text
                pass
            else:
                if not missing:
                    return numbers
                found = iter(numbers)
                return pd.array([None if t is None else next(found) for t in terms], dtype="Int64")
    values = [python_value(t) for t in terms]
    present_values = [v for v in values if v is not None]
    if present_values and None in values and all(type(v) is int for v in present_values):
        return pd.array(values, dtype="Int64")
    return values


@functools.lru_cache(maxsize=256)
def _layout(
    variables: tuple[str, ...], rename: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A question's columns: ``(final order, IRI columns, names in the query's order)``.

    Names are snake_case (then renamed); IRI columns (those with a ``_label`` column) go last.
    """
    renames = dict(rename)
    names = tuple(renames.get(snake_case(v), snake_case(v)) for v in variables)
    iris = tuple(n for n in names if f"{n}_label" in names)
    order = tuple(n for n in names if n not in iris) + iris
    return order, iris, names


def _values(terms: tuple[Any, ...], missing: bool) -> list[Any]:
    """The ``value`` of each term (``None`` stays ``None``)."""
    if not missing:
        return list(map(_VALUE, terms))
    return [None if t is None else t.value for t in terms]


class CompetencyQuestions:
    """Mixin: the nine competency questions and the ordered concept lists.

    Relies on ``query``, ``resolve``, ``entities`` and the label index of
    :class:`~habitatkg.KnowledgeGraph`.
    """

    _index: LabelIndex
    _store: GraphStore

    # provided by KnowledgeGraph
    def query(
        self, sparql: str, /, *, allow_service: bool | None = None, **bindings: Any
    ) -> QueryResult:  # pragma: no cover
        raise NotImplementedError

    def resolve(
        self, value: object, *, kind: str | None = None, what: str | None = None
    ) -> str:  # pragma: no cover
        raise NotImplementedError

    def entities(self, iris: Any) -> EntityList:  # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def query_text(name_or_sparql: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def _node(self, value: object, kind: str, what: str) -> str | None:
        if value is None:
            return None
        key = (value, kind) if isinstance(value, str) else None
        cache = self._index.memo
        if key is not None and ("resolve", key) in cache:
            return str(cache["resolve", key])
        iri = self.resolve(value, kind=f"{_HK}{kind}", what=what)
        if key is not None:
            self._index.remember(("resolve", key), iri)
        return iri

    def _frame(
        self,
        name: str,
        *,
        lang: str = "en",
        rename: dict[str, str] | None = None,
        **bindings: Any,
    ) -> pd.DataFrame:
        """Run a packaged question and build its DataFrame in one go.

        Column names are snake_case; each ``x_label`` column missing a label in ``lang`` falls
        back to the node's label in another language; IRI columns (those with a ``_label``
        column) come after the labels and values; integer columns stay integers.
        """
        # no collection while the rows live: they are freed before the collector resumes
        with no_gc():
            return self._build_frame(name, lang, rename, bindings)

    def _build_frame(
        self, name: str, lang: str, rename: dict[str, str] | None, bindings: dict[str, Any]
    ) -> pd.DataFrame:
        import pandas as pd

        raw = self._run_packaged(query_text_in(name, lang, self.query_text), bindings)
        order, iris, names = _layout(raw.variables, tuple((rename or {}).items()))
        if not raw.rows:
            empty = _EMPTY.get(order)
            if empty is None:
                empty = _EMPTY[order] = pd.DataFrame(columns=list(order), dtype=object)
            return empty.copy()
        columns = dict(zip(names, (_column(c) for c in zip(*raw.rows, strict=True)), strict=True))
        labels: dict[str, str] | None = None
        for column in iris:
            shown = columns[f"{column}_label"]
            if isinstance(shown, list) and None in shown:
                labels = labels if labels is not None else self._index.labels(lang)
                columns[f"{column}_label"] = [
                    labels.get(iri) if label is None and iri is not None else label
                    for label, iri in zip(shown, columns[column], strict=True)
                ]
        return pd.DataFrame({n: columns[n] for n in order}, copy=False)

    def _run_packaged(self, text: str, bindings: dict[str, Any]) -> Any:
        """Run a packaged question's text in the store, values bound by the store's mechanism.

        The checks :meth:`~habitatkg.KnowledgeGraph.query` makes on text a user wrote (an
        update, ``SERVICE``, unknown prefixes or terms, labels to resolve) hold by
        construction for the packaged queries (tests/test_queries.py checks them), and every
        value here is already an IRI or a number, so the question goes straight to the engine.
        """
        from habitatkg._errors import QueryError
        from habitatkg._sparql import to_term

        terms = {
            k: to_term(f"<{v}>" if isinstance(v, str) else v)
            for k, v in bindings.items()
            if v is not None
        }
        try:
            return self._store.query(text, terms)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise QueryError(f"the packaged question failed: {exc}") from exc

    def _ask_once(self, key: str, sparql: str) -> bool:
        found = self._index.memo.get(("ask", key))
        if found is None:
            found = bool(self.query(sparql).boolean)
            self._index.remember(("ask", key), found)
        return bool(found)

    @staticmethod
    def _note(frame: pd.DataFrame, text: str) -> pd.DataFrame:
        frame.attrs["note"] = text
        warnings.warn(text, AnswerNote, stacklevel=3)
        return frame

    # ------------------------------------------------------------------ ordered concept lists

    def _scheme(self, name: str, **bindings: Any) -> EntityList:
        return self.entities(row[0] for row in self.query(name, **bindings).rows)

    def capabilities(self) -> EntityList:
        """The five capabilities, in the report's order (chapter II.C.1).

        Returns:
            Entities.

        Example:
            >>> import habitatkg as hk
            >>> hk.load().capabilities()[2].label
            'Collaborative work'
        """
        return self._scheme("capabilities")

    def guidelines(self) -> EntityList:
        """The five strategic guidelines, in their numbered order (Tables 2 and 3).

        Returns:
            Entities.
        """
        return self._scheme("guidelines")

    def principles(self, kind: str = "guiding") -> EntityList:
        """Principles in the report's order.

        Args:
            kind: ``"guiding"`` (the four of Table 2), ``"founding"`` (chapter I.B),
                ``"liaison"`` (the Social Liaison Policy values, chapter II.A.1) or ``"all"``.

        Returns:
            Entities.

        Raises:
            ValueError: Unknown kind.
        """
        if kind == "all":
            return EntityList([item for k in _PRINCIPLE_SCHEMES for item in self.principles(k)])
        if kind not in _PRINCIPLE_SCHEMES:
            raise ValueError(
                f"kind must be one of {', '.join([*_PRINCIPLE_SCHEMES, 'all'])}, not {kind!r}"
            )
        return self._scheme("principles", scheme=f"<{_PRINCIPLE_SCHEMES[kind]}>")

    def phases(self) -> EntityList:
        """The five phases of *Descubrimiento y movimiento*, in order (a cycle).

        Returns:
            Entities.

        Example:
            >>> import habitatkg as hk
            >>> [p.label for p in hk.load().phases()][0]
            'Identify'
        """
        seen: dict[str, None] = {}
        for row in self.query("phase_order").rows:
            seen.setdefault(row[1], None)
        return self.entities(seen)

    # ------------------------------------------------------------------ the questions

    def partners_supporting(
        self,
        capability: object = None,
        school: object = None,
        locality: object = None,
        year: int | None = None,
        *,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Question 1: which partners support a capability in a school (locality, year)?

        The sources do not link partners to schools and capabilities, so on the curated data
        alone the answer is empty (an :class:`AnswerNote` says so); load the illustrative data
        or your own records.

        Args:
            capability: The capability (``None``: any).
            school: Only this school.
            locality: Only schools in this place (locality, municipality or state).
            year: Only activities of this year.
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            One row per partner, capability, school and activity: ``partner_label``,
            ``capability_label``, ``school_label``, ``activity_label``, ``year``,
            ``illustrative``, ``record`` (for records imported from a spreadsheet: the
            workbook, sheet and row they come from), then the IRIs ``partner``,
            ``capability``, ``school``, ``activity``.

        Example:
            >>> import habitatkg as hk, warnings
            >>> with warnings.catch_warnings(record=True) as caught:
            ...     warnings.simplefilter("always")
            ...     hk.load().partners_supporting("Collaborative work", school="Amado Nervo").empty
            True
            >>> "the curated sources do not say which partner works" in str(caught[0].message)
            True
        """
        language = resolve_lang(lang)
        frame = self._frame(
            "partners_supporting",
            lang=language,
            rename={"activity_year": "year"},
            capability=self._node(capability, "Capability", "capability"),
            school=self._node(school, "School", "school"),
            locality=self._node(locality, "Place", "place"),
            year=_year(year),
        )
        if frame.empty and not self._ask_once("partner-links", _NO_PARTNER_LINKS):
            return self._note(frame, message("no_partner_links", language))
        return frame

    def reach(
        self,
        locality: object = None,
        year: int | None = None,
        *,
        totals: bool = False,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Question 2: schools, levels, students and staff reached, per municipality.

        Schools without figures (the two new schools in Kanasín have none) are listed with
        empty students and staff; with ``year`` they are left out, and an
        :class:`AnswerNote` names them (so ``reach(year=2022, totals=True)`` counts 13 of
        the 15 schools and says why).

        Args:
            locality: Only schools in this place (municipality, borough, locality or state).
            year: Only figures whose period includes this year (``2022`` matches the
                2021-2022 school year).
            totals: Return one row per municipality (``schools``: the participating
                schools; ``schools_being_created``: new schools under construction, counted
                apart as Table 4 does; ``students``, ``staff``) plus a ``Total`` row, instead
                of one row per school.
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            One row per school: ``locality_label`` (the municipality or borough),
            ``school_label``, ``level_label``, ``students``, ``staff``, ``period`` (the
            school year of the figures), then the IRIs ``locality``, ``school``, ``level``.

        Example:
            >>> import habitatkg as hk
            >>> r = hk.load().reach("Ecatepec")
            >>> len(r), int(r.students.sum()), int(r.staff.sum())
            (5, 3163, 254)
        """
        language = resolve_lang(lang)
        place = self._node(locality, "Place", "place")
        frame = self._frame(
            "reach",
            lang=language,
            rename={"municipality": "locality", "municipality_label": "locality_label"},
            locality=place,
            year=_year(year),
        )
        note = None
        if year is not None:
            every = self._frame("reach", lang=language, locality=place)
            missing = every[~every["school"].isin(frame["school"])]
            if not missing.empty:
                note = message(
                    "reach_year",
                    language,
                    missing=missing["school"].nunique(),
                    schools=every["school"].nunique(),
                    year=year,
                    names="; ".join(dict.fromkeys(missing["school_label"].astype(str))),
                )
        elif totals and not frame.empty and frame["students"].isna().any():
            unknown = frame[frame["students"].isna()]
            note = message(
                "reach_unknown", language, names="; ".join(unknown["school_label"].astype(str))
            )
        if totals:
            # Table 4 counts 13 participating schools and, apart, two new schools being
            # built: the totals count them apart too (issue 14), never as 15 schools.
            being_created = {
                str(row[0])
                for row in self.query(
                    "SELECT ?s WHERE { ?s a hk:School ; hk:workKind hk:NewConstruction ;"
                    " hk:status hk:InProgress }"
                ).rows
            }
            frame = _totals(frame, message("total", language), being_created=being_created)
        return self._note(frame, note) if note else frame

    def sdg_targets(self, guideline: object = None, *, lang: str | None = None) -> pd.DataFrame:
        """Question 3: the SDG targets each strategic guideline serves, and its indicators.

        Args:
            guideline: Only this guideline (IRI, Entity, label, or its number as ``int``).
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            One row per guideline and target, in the guidelines' order:
            ``guideline_label``, ``guideline_order``, ``target_notation``, ``target_label``,
            ``indicators`` (a list of the guideline's indicator labels), then the IRIs
            ``guideline`` and ``target``.
        """
        frame = self._frame(
            "guideline_targets", lang=resolve_lang(lang), guideline=self._guideline(guideline)
        )
        frame["indicators"] = [
            sorted(str(v).split(" | ")) if isinstance(v, str) and v else []
            for v in frame["indicators"]
        ]
        return frame

    def indicators(self, guideline: object = None, *, lang: str | None = None) -> pd.DataFrame:
        """The development indicators Table 3 lists per strategic guideline (part of question 3).

        Args:
            guideline: Only this guideline.
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            ``guideline_label``, ``guideline_order``, ``indicator_label``, then the IRIs
            ``guideline`` and ``indicator``.
        """
        return self._frame(
            "guideline_indicators", lang=resolve_lang(lang), guideline=self._guideline(guideline)
        )

    def _guideline(self, guideline: object) -> str | None:
        if isinstance(guideline, int) and not isinstance(guideline, bool):
            rows = self.query(
                "SELECT ?g WHERE { ?g a hk:StrategicGuideline ; hk:order ?n }", n=guideline
            ).rows
            if not rows:
                from habitatkg._errors import EntityNotFoundError

                raise EntityNotFoundError(
                    f"there is no strategic guideline number {guideline}", candidates=()
                )
            return str(rows[0][0])
        return self._node(guideline, "StrategicGuideline", "strategic guideline")

    def activities(
        self,
        capability: object = None,
        *,
        target_group: object = None,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Question 4: projects and activities addressing a capability, and their target groups.

        Args:
            capability: The capability (``None``: all).
            target_group: Only activities aimed at this group (an ``hk:CommunityRole``;
                narrower roles count: mothers are parents).
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            ``capability_label``, ``activity_label``, ``activity_kind_label``,
            ``group_label``, ``school_label``, ``illustrative``, then the IRIs
            ``capability``, ``activity``, ``activity_kind``, ``group``, ``school``.
        """
        return self._frame(
            "activities_by_capability",
            lang=resolve_lang(lang),
            capability=self._node(capability, "Capability", "capability"),
            targetGroup=self._node(target_group, "CommunityRole", "target group"),
        )

    def coverage_gaps(self, school: object = None, *, lang: str | None = None) -> pd.DataFrame:
        """Question 5: capabilities that no partner supports in a school.

        When the data links no partner to any school (the curated data alone), every
        capability is a "gap" in every school; an :class:`AnswerNote` says that this shows
        missing records, not measured gaps.

        Args:
            school: Only this school (``None``: every school).
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            ``school_label``, ``capability_label``, ``capability_order``, then the IRIs
            ``school`` and ``capability``.
        """
        language = resolve_lang(lang)
        frame = self._frame(
            "coverage_gaps", lang=language, school=self._node(school, "School", "school")
        )
        if not frame.empty and not self._ask_once("partner-links", _NO_PARTNER_LINKS):
            return self._note(frame, message("gaps_without_links", language))
        return frame

    def partner_ranking(self, *, lang: str | None = None) -> pd.DataFrame:
        """Question 6: organizations ranked by the number of schools their activities reach.

        Args:
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            ``organization_label``, ``schools``, ``activities``, ``capabilities``, then the
            IRI ``organization``; most schools first. Empty, with an :class:`AnswerNote`,
            when the data links no organization to a school. See :meth:`to_networkx`.
        """
        language = resolve_lang(lang)
        frame = self._frame("partner_network", lang=language)
        if frame.empty and not self._ask_once("network-links", _NO_NETWORK_LINKS):
            return self._note(frame, message("empty_network", language))
        return frame

    def phase_activities(self, phase: object = None, *, lang: str | None = None) -> pd.DataFrame:
        """Question 7: the phases in order, the phase after each, and the activities in each.

        Args:
            phase: Only this phase.
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            ``phase_order``, ``phase_label``, ``next_phase_label``, ``activity_label``, then
            the IRIs ``phase``, ``next_phase``, ``activity``.
        """
        return self._frame(
            "phase_order",
            lang=resolve_lang(lang),
            phase=self._node(phase, "MethodologyPhase", "methodology phase"),
        )

    def common_ground(self, *, lang: str | None = None) -> pd.DataFrame:
        """Question 9: what the Social Model and the Learning City of Huejotzingo share.

        Args:
            lang: Labels in ``"en"`` or ``"es"`` (default: from the environment).

        Returns:
            One row per item linked to both initiatives (directly or through their parts):
            ``aspect`` (``"SDG goal"``, ``"SDG target"``, ``"kind of actor"``,
            ``"target group"``, ``"kind of programme"``), ``item_label``, then the IRI
            ``item``.
        """
        return self._frame("common_ground", lang=resolve_lang(lang))


def _year(year: object) -> int | None:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be a whole number such as 2022, not {year!r}")
    return year


def _totals(
    frame: pd.DataFrame,
    total_label: str = "Total",
    *,
    being_created: frozenset[str] | set[str] = frozenset(),
) -> pd.DataFrame:
    import pandas as pd

    columns = [
        "locality_label",
        "schools",
        "schools_being_created",
        "students",
        "staff",
        "locality",
    ]
    if frame.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    new = frame["school"].isin(being_created)
    frame = frame.assign(participating=frame["school"].where(~new), new=frame["school"].where(new))
    grouped = (
        frame.groupby(["locality", "locality_label"], dropna=False, sort=False)
        .agg(
            schools=("participating", "nunique"),
            schools_being_created=("new", "nunique"),
            students=("students", lambda s: s.sum(min_count=1)),
            staff=("staff", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )
    total = pd.DataFrame(
        [
            {
                "locality": None,
                "locality_label": total_label,
                "schools": frame["participating"].nunique(),
                "schools_being_created": frame["new"].nunique(),
                "students": grouped["students"].sum(),
                "staff": grouped["staff"].sum(),
            }
        ]
    )
    result = pd.concat([grouped, total], ignore_index=True)[columns]
    for column in ("schools", "schools_being_created", "students", "staff"):
        result[column] = result[column].astype("Int64")
    return result
