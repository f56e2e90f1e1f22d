"""Column definitions shared by several tables, each written once.

A table model names its columns with these factories, so a column such as
`operation_id` has one description and one constraint wherever it appears.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pyarrow

from .. import vocab

# pandas dtypes of the published tables (the loader produces exactly these).
STRING = pd.StringDtype()
INT = pd.Int64Dtype()
BOOL = pd.BooleanDtype()
FLOAT = pd.Float64Dtype()
DATE = pd.ArrowDtype(pyarrow.date32())


def slug(description: str, *, nullable: bool = False, unique: bool = False, title: str | None = None):
    return pa.Field(str_matches=vocab.SLUG_PATTERN, nullable=nullable, unique=unique,
                    description=description, title=title)


def text(description: str, *, nullable: bool = False, title: str | None = None, pattern: str | None = None):
    kwargs = {"str_matches": pattern} if pattern else {}
    return pa.Field(nullable=nullable, description=description, title=title, **kwargs)


def enum(values: tuple[str, ...], description: str, *, nullable: bool = False):
    return pa.Field(isin=list(values), nullable=nullable, description=description)


def count(description: str, *, nullable: bool = True):
    return pa.Field(ge=0, nullable=nullable, description=description)


def flag(description: str, *, nullable: bool = False):
    return pa.Field(nullable=nullable, description=description)


def country_code(description: str = "ISO 3166-1 alpha-2 country code.", *, nullable: bool = False):
    return pa.Field(str_matches=vocab.COUNTRY_PATTERN, nullable=nullable, description=description)


def wikidata_id():
    return pa.Field(str_matches=vocab.WIKIDATA_PATTERN, nullable=True,
                    description="Wikidata item id (Q-number), where known.")


def note():
    return pa.Field(nullable=True, description="Curator's note, in our own words.")


def operation_id(*, key: bool = False):
    return slug("Operation id: a lowercase slug chosen once and never changed."
                if key else "The operation (→ operations.operation_id).", unique=key)


def article_id(*, key: bool = False):
    return slug("Article id: `<outlet>-<outlet's own id or slug>`, chosen once."
                if key else "The source article (→ articles.article_id).", unique=key)


def n_sources(what: str):
    return pa.Field(ge=1, description=f"Number of source articles that claim {what}.")
