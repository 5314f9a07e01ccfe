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

import re
from typing import TYPE_CHECKING, Any

from habitatkg._results import EntityList
from habitatkg._sparql import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from habitatkg._results import QueryResult

__all__ = ["CompetencyQuestions", "snake_case"]

_HK = PREFIXES["hk"]
_PRINCIPLE_SCHEMES = {
    "guiding": f"{_HK}GuidingPrinciples",
    "founding": f"{_HK}FoundingPrinciples",
    "liaison": f"{_HK}SocialLiaisonValues",
}


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


class CompetencyQuestions:
    """Mixin: the nine competency questions and the ordered concept lists.

    Relies on ``query``, ``resolve`` and ``entities`` of :class:`~habitatkg.KnowledgeGraph`.
    """

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

    def _node(self, value: object, kind: str, what: str) -> str | None:
        return None if value is None else self.resolve(value, kind=f"{_HK}{kind}", what=what)

    def _frame(
        self, name: str, *, rename: dict[str, str] | None = None, **bindings: Any
    ) -> pd.DataFrame:
        frame = self.query(name, **bindings).to_dataframe()
        frame.columns = [snake_case(c) for c in frame.columns]
        return frame.rename(columns=rename or {})

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
    ) -> pd.DataFrame:
        """Question 1: which partners support a capability in a school (locality, year)?

        The sources do not link partners to schools and capabilities, so on the curated data
        alone the answer is empty; load the illustrative data or your own records.

        Args:
            capability: The capability (``None``: any).
            school: Only this school.
            locality: Only schools in this place (locality, municipality or state).
            year: Only activities of this year.

        Returns:
            One row per partner, capability, school and activity: ``partner``,
            ``partner_label``, ``capability``, ``capability_label``, ``school``,
            ``school_label``, ``activity``, ``activity_label``, ``year``, ``illustrative``.

        Example:
            >>> import habitatkg as hk
            >>> hk.load().partners_supporting("Collaborative work", school="Amado Nervo").empty
            True
        """
        return self._frame(
            "partners_supporting",
            rename={"activity_year": "year"},
            capability=self._node(capability, "Capability", "capability"),
            school=self._node(school, "School", "school"),
            locality=self._node(locality, "Place", "place"),
            year=year,
        )

    def reach(
        self, locality: object = None, year: int | None = None, *, totals: bool = False
    ) -> pd.DataFrame:
        """Question 2: schools, levels, students and staff reached, per municipality.

        Args:
            locality: Only schools in this place (municipality, borough, locality or state).
            year: Only figures whose period includes this year (``2022`` matches the
                2021-2022 school year).
            totals: Return one row per municipality (``schools``: the participating
                schools; ``schools_being_created``: new schools under construction, counted
                apart as Table 4 does; ``students``, ``staff``) plus a ``Total`` row, instead
                of one row per school.

        Returns:
            One row per school: ``school``, ``school_label``, ``locality``,
            ``locality_label`` (the municipality or borough), ``level``, ``level_label``,
            ``students``, ``staff``, ``period`` (the school year of the figures).

        Example:
            >>> import habitatkg as hk
            >>> r = hk.load().reach("Ecatepec")
            >>> len(r), int(r.students.sum()), int(r.staff.sum())
            (5, 3163, 254)
        """
        frame = self._frame(
            "reach",
            rename={"municipality": "locality", "municipality_label": "locality_label"},
            locality=self._node(locality, "Place", "place"),
            year=year,
        )
        if not totals:
            return frame
        # Table 4 counts 13 participating schools and, apart, two new schools being built:
        # the totals count them apart too (issue 14), never as 15 schools.
        being_created = {
            str(row[0])
            for row in self.query(
                "SELECT ?s WHERE { ?s a hk:School ; hk:workKind hk:NewConstruction ;"
                " hk:status hk:InProgress }"
            ).rows
        }
        return _totals(frame, being_created)

    def sdg_targets(self, guideline: object = None) -> pd.DataFrame:
        """Question 3: the SDG targets each strategic guideline serves, and its indicators.

        Args:
            guideline: Only this guideline (IRI, Entity, label, or its number as ``int``).

        Returns:
            One row per guideline and target, in the guidelines' order: ``guideline``,
            ``guideline_label``, ``guideline_order``, ``target``, ``target_notation``,
            ``target_label``, ``indicators`` (a list of the guideline's indicator labels).
        """
        frame = self._frame("guideline_targets", guideline=self._guideline(guideline))
        frame["indicators"] = [
            sorted(str(v).split(" | ")) if v else [] for v in frame["indicators"]
        ]
        return frame

    def indicators(self, guideline: object = None) -> pd.DataFrame:
        """The development indicators Table 3 lists per strategic guideline (part of question 3).

        Args:
            guideline: Only this guideline.

        Returns:
            ``guideline``, ``guideline_label``, ``guideline_order``, ``indicator``,
            ``indicator_label``.
        """
        return self._frame("guideline_indicators", guideline=self._guideline(guideline))

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

    def activities(self, capability: object = None, *, target_group: object = None) -> pd.DataFrame:
        """Question 4: projects and activities addressing a capability, and their target groups.

        Args:
            capability: The capability (``None``: all).
            target_group: Only activities aimed at this group (an ``hk:CommunityRole``;
                narrower roles count: mothers are parents).

        Returns:
            ``capability``, ``capability_label``, ``activity``, ``activity_label``,
            ``activity_kind``, ``activity_kind_label``, ``group``, ``group_label``,
            ``school``, ``school_label``, ``illustrative``.
        """
        return self._frame(
            "activities_by_capability",
            capability=self._node(capability, "Capability", "capability"),
            targetGroup=self._node(target_group, "CommunityRole", "target group"),
        )

    def coverage_gaps(self, school: object = None) -> pd.DataFrame:
        """Question 5: capabilities that no partner supports in a school.

        Args:
            school: Only this school (``None``: every school).

        Returns:
            ``school``, ``school_label``, ``capability``, ``capability_label``,
            ``capability_order``.
        """
        return self._frame("coverage_gaps", school=self._node(school, "School", "school"))

    def partner_ranking(self) -> pd.DataFrame:
        """Question 6: organizations ranked by the number of schools their activities reach.

        Returns:
            ``organization``, ``organization_label``, ``schools``, ``activities``,
            ``capabilities``, most schools first. See :meth:`to_networkx` for the network.
        """
        return self._frame("partner_network")

    def phase_activities(self, phase: object = None) -> pd.DataFrame:
        """Question 7: the phases in order, the phase after each, and the activities in each.

        Args:
            phase: Only this phase.

        Returns:
            ``phase_order``, ``phase``, ``phase_label``, ``next_phase``, ``next_phase_label``,
            ``activity``, ``activity_label``.
        """
        return self._frame(
            "phase_order", phase=self._node(phase, "MethodologyPhase", "methodology phase")
        )

    def common_ground(self) -> pd.DataFrame:
        """Question 9: what the Social Model and the Learning City of Huejotzingo share.

        Returns:
            One row per item linked to both initiatives (directly or through their parts):
            ``aspect`` (``"SDG goal"``, ``"SDG target"``, ``"kind of actor"``,
            ``"target group"``, ``"kind of programme"``), ``item``, ``item_label``.
        """
        return self._frame("common_ground")


def _totals(frame: pd.DataFrame, being_created: set[str] = frozenset()) -> pd.DataFrame:  # type: ignore[assignment]
    import pandas as pd

    columns = [
        "locality",
        "locality_label",
        "schools",
        "schools_being_created",
        "students",
        "staff",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.assign(
        participating=frame["school"].where(~frame["school"].isin(being_created)),
        new=frame["school"].where(frame["school"].isin(being_created)),
    )
    grouped = (
        frame.groupby(["locality", "locality_label"], dropna=False, sort=False)
        .agg(
            schools=("participating", "nunique"),
            schools_being_created=("new", "nunique"),
            students=("students", "sum"),
            staff=("staff", "sum"),
        )
        .reset_index()
    )
    total = pd.DataFrame(
        [
            {
                "locality": None,
                "locality_label": "Total",
                "schools": frame["participating"].nunique(),
                "schools_being_created": frame["new"].nunique(),
                "students": grouped["students"].sum(),
                "staff": grouped["staff"].sum(),
            }
        ]
    )
    return pd.concat([grouped, total], ignore_index=True)[columns]
