"""What reading one row gives (a record or the reasons it was rejected), and counters for a
whole file.

Messages read "field: what (detail)": the text before " (" is the kind counted in summaries,
the detail names the values involved.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .record import LieuRecord


@dataclass(slots=True)
class RowOutcome:
    line: int  # CSV: physical line where the row starts (header = 1); JSON: 1-based index
    source_id: str  # the row's id, "" when it has none
    record: LieuRecord | None  # None when the row is rejected
    errors: list[str] = field(default_factory=list)  # why it was rejected
    repairs: list[str] = field(default_factory=list)  # what was changed to make it valid
    # Values that match nothing in the standard, set aside (never written, never dropped
    # silently): unknown enumeration values, unreadable hours, phones, e-mails, URLs.
    unknown_values: dict[str, list[str]] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.record is not None


def message(field_name: str, what: str, detail: str = "") -> str:
    return f"{field_name}: {what}" + (f" ({detail})" if detail else "")


def kind_of(text: str) -> str:
    """'telephone: format international (04… → +33…)' → 'telephone: format international'."""
    return text.split(" (", 1)[0]


class Notes:
    """Collects what happens to one row while its fields are cleaned."""

    def __init__(self):
        self.errors: list[str] = []
        self.repairs: list[str] = []
        self.unknown_values: dict[str, list[str]] = {}

    def repair(self, field_name: str, what: str, detail: str = ""):
        self.repairs.append(message(field_name, what, detail))

    def error(self, field_name: str, what: str, detail: str = ""):
        self.errors.append(message(field_name, what, detail))

    def unknown(self, field_name: str, value: str):
        values = self.unknown_values.setdefault(field_name, [])
        if value not in values:
            values.append(value)

    def add(self, other: "Notes"):
        """Append what `other` noted (notes worked out once for values shared by many rows)."""
        self.errors.extend(other.errors)
        self.repairs.extend(other.repairs)
        for field_name, values in other.unknown_values.items():
            for value in values:
                self.unknown(field_name, value)


@dataclass
class ReadSummary:
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    repaired_rows: int = 0
    rejections: Counter = field(default_factory=Counter)  # reason → rows
    repairs: Counter = field(default_factory=Counter)  # kind → repairs
    unknown_values: dict[str, Counter] = field(default_factory=dict)  # field → value → rows

    @classmethod
    def of(cls, outcomes: Iterable[RowOutcome]) -> "ReadSummary":
        summary = cls()
        for outcome in outcomes:
            summary.add(outcome)
        return summary

    def add(self, outcome: RowOutcome) -> RowOutcome:
        self.rows += 1
        if outcome.accepted:
            self.accepted += 1
        else:
            self.rejected += 1
            self.rejections.update({kind_of(error) for error in outcome.errors})
        if outcome.repairs and outcome.accepted:  # a rejected row's repairs are moot
            self.repaired_rows += 1
            self.repairs.update(kind_of(repair) for repair in outcome.repairs)
        for field_name, values in outcome.unknown_values.items():
            self.unknown_values.setdefault(field_name, Counter()).update(values)
        return outcome

    def lines(self) -> list[str]:
        """A report in French, for command output."""
        lines = [
            f"{self.rows} lignes : {self.accepted} acceptées, {self.rejected} rejetées, "
            f"{self.repaired_rows} réparées"
        ]
        for reason, count in self.rejections.most_common():
            lines.append(f"  rejet — {reason} : {count}")
        for kind, count in self.repairs.most_common():
            lines.append(f"  réparation — {kind} : {count}")
        for field_name, values in sorted(self.unknown_values.items()):
            shown = ", ".join(f"« {value} » ×{count}" for value, count in values.most_common(5))
            more = f" et {len(values) - 5} autres" if len(values) > 5 else ""
            lines.append(f"  valeurs inconnues — {field_name} : {shown}{more}")
        return lines
