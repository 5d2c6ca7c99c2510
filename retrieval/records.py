"""Listing records (achievements, demands, events): validated, then turned into one document each.

A record is indexed as one chunk whose text names its fields in both languages (so that "氢能" finds an
English hydrogen record), and whose metadata carries the whole record as JSON so that the catalog can
answer "which upcoming events" or "how many in hydrogen" from the records themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .fields import MATURITY, city_key, city_label, field_key, field_label, maturity_for_trl
from .types import Document, Kind, Lang

__all__ = ["RECORD_MODELS", "Achievement", "Demand", "Event", "Record", "record_from_row"]

TransferMode = Literal["license", "sale", "joint_development", "equity"]
Maturity = Literal["lab", "pilot", "industrial"]
TRANSFER_LABELS = {
    "license": ("许可", "license"),
    "sale": ("转让", "sale"),
    "joint_development": ("合作开发", "joint development"),
    "equity": ("作价入股", "equity investment"),
}


def _split_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace("；", ";").split(";") if part.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


class _Base(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    lang: Lang
    title: str = Field(min_length=1)
    date: dt.date | None = None
    source: str = ""
    url: str = ""
    sample: bool = False

    @field_validator("url", "source", mode="before")
    @classmethod
    def _none_to_empty(cls, v: Any) -> Any:
        return "" if v is None else v

    @field_validator("date", mode="before")
    @classmethod
    def _blank_date(cls, v: Any) -> Any:
        return None if v == "" else v

    kind: Kind = "news"

    def labels(self) -> list[str]:
        return []

    def to_document(self, origin: str) -> Document:
        meta = self.model_dump(mode="json", exclude={"id", "lang", "title", "date", "source", "url", "kind"})
        return Document(
            id=self.id,
            kind=self.kind,
            title=self.title,
            lang=self.lang,
            text=self.index_text(),
            date=self.date,
            source=self.source,
            url=self.url,
            origin=origin,
            meta=meta,
        )

    def index_text(self) -> str:
        raise NotImplementedError


def _field_validator(v: Any) -> str:
    key = field_key(str(v)) if v else None
    if key is None:
        raise ValueError(f"unknown field {v!r}; use a canonical key from retrieval/fields.py")
    return key


def _both(label: tuple[str, str]) -> str:
    return f"{label[0]} / {label[1]}"


class Achievement(_Base):
    kind: Kind = "achievement"
    institution: str
    city: str = ""
    field: str
    summary: str = Field(min_length=1)
    trl: int = Field(ge=1, le=9)
    maturity: Maturity | None = None
    ip_status: str = ""
    transfer_modes: list[TransferMode] = []
    contact: str = ""

    _field = field_validator("field", mode="before")(classmethod(lambda cls, v: _field_validator(v)))

    @field_validator("transfer_modes", mode="before")
    @classmethod
    def _modes(cls, v: Any) -> list[str]:
        return _split_list(v)

    @field_validator("city", mode="before")
    @classmethod
    def _city(cls, v: Any) -> str:
        return city_key(v) or ""

    @model_validator(mode="after")
    def _maturity_from_trl(self) -> Achievement:
        expected = maturity_for_trl(self.trl)
        if self.maturity is None:
            object.__setattr__(self, "maturity", expected)
        elif self.maturity != expected:
            raise ValueError(
                f"maturity {self.maturity!r} does not fit TRL {self.trl} (expected {expected!r})"
            )
        return self

    def index_text(self) -> str:
        modes = "; ".join(_both(TRANSFER_LABELS[m]) for m in self.transfer_modes)
        parts = [
            self.title,
            f"{self.institution} ({city_label(self.city, 'zh')} {city_label(self.city, 'en')})"
            if self.city
            else self.institution,
            _both((field_label(self.field, "zh"), field_label(self.field, "en"))),
            self.summary,
            f"TRL {self.trl}, {_both(MATURITY[self.maturity or 'lab'])}",
        ]
        if self.ip_status:
            parts.append(self.ip_status)
        if modes:
            parts.append(modes)
        return "\n".join(parts)


class Demand(_Base):
    kind: Kind = "demand"
    enterprise: str
    city: str = ""
    field: str
    description: str = Field(min_length=1)
    required_maturity: Maturity | None = None
    budget: str = ""
    deadline: dt.date | None = None
    contact: str = ""

    _field = field_validator("field", mode="before")(classmethod(lambda cls, v: _field_validator(v)))

    @field_validator("city", mode="before")
    @classmethod
    def _city(cls, v: Any) -> str:
        return city_key(v) or ""

    @field_validator("deadline", "required_maturity", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return None if v == "" else v

    def index_text(self) -> str:
        parts = [
            self.title,
            f"{self.enterprise} ({city_label(self.city, 'zh')} {city_label(self.city, 'en')})",
            _both((field_label(self.field, "zh"), field_label(self.field, "en"))),
            self.description,
        ]
        if self.budget:
            parts.append(self.budget)
        return "\n".join(parts)


class Event(_Base):
    kind: Kind = "event"
    start_date: dt.date
    end_date: dt.date | None = None
    city: str = ""
    venue: str = ""
    organizers: list[str] = []
    topics: list[str] = []
    fields: list[str] = []
    registration: str = ""
    summary: str = ""

    @field_validator("organizers", "topics", mode="before")
    @classmethod
    def _lists(cls, v: Any) -> list[str]:
        return _split_list(v)

    @field_validator("fields", mode="before")
    @classmethod
    def _fields(cls, v: Any) -> list[str]:
        return [_field_validator(item) for item in _split_list(v)]

    @field_validator("city", mode="before")
    @classmethod
    def _city(cls, v: Any) -> str:
        return city_key(v) or ""

    @field_validator("end_date", mode="before")
    @classmethod
    def _blank_end(cls, v: Any) -> Any:
        return None if v == "" else v

    @model_validator(mode="after")
    def _dates(self) -> Event:
        if self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.date is None:
            object.__setattr__(self, "date", self.start_date)
        return self

    def index_text(self) -> str:
        labels = "; ".join(_both((field_label(f, "zh"), field_label(f, "en"))) for f in self.fields)
        parts = [
            self.title,
            f"{self.start_date.isoformat()} {city_label(self.city, 'zh')} {city_label(self.city, 'en')} "
            f"{self.venue}",
            self.summary,
            "; ".join(self.topics),
            labels,
        ]
        return "\n".join(p for p in parts if p.strip())


Record = Achievement | Demand | Event
RECORD_MODELS: dict[str, type[_Base]] = {"achievement": Achievement, "demand": Demand, "event": Event}


def record_from_row(kind: str, row: dict[str, Any]) -> Record:
    """Validate one row; raises ValueError with a readable message naming the bad columns."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise ValueError(f"unknown record kind {kind!r}; expected one of {sorted(RECORD_MODELS)}")
    # A blank cell means "not given": the field's default applies (spreadsheets have no null).
    clean = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
    clean = {k: v for k, v in clean.items() if v != "" and v is not None}
    try:
        return model.model_validate(clean)  # type: ignore[return-value]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'row'}: {err['msg']}" for err in exc.errors()
        )
        raise ValueError(problems) from None
