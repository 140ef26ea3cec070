"""Which documents a search may return: one company and/or one period, applied inside both retrievers."""

from __future__ import annotations

from dataclasses import dataclass

from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters


@dataclass(frozen=True)
class Scope:
    """Restricts search to documents of `company` and/or `period`; an empty field matches every document."""

    company: str = ""
    period: str = ""

    def __bool__(self) -> bool:
        return bool(self.company or self.period)

    def admits(self, company: str, period: str) -> bool:
        return (not self.company or company == self.company) and (not self.period or period == self.period)

    def vector_filters(self) -> MetadataFilters | None:
        """The same restriction as Chroma metadata filters, so the vector search itself skips other documents."""
        conditions = [MetadataFilter(key=key, value=value) for key, value in self._fields() if value]
        return MetadataFilters(filters=conditions) if conditions else None

    def _fields(self) -> tuple[tuple[str, str], ...]:
        return (("company", self.company), ("period", self.period))
