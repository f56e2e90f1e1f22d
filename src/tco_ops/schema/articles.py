import pandera.pandas as pa
from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import Model, TableSpec


class Articles(Model):
    """One row per source article."""

    article_id: Series[f.STRING] = f.article_id(key=True)
    url: Series[f.STRING] = f.text("Canonical URL of the page at the original outlet.", pattern=r"^https?://\S+$")
    title: Series[f.STRING] = f.text("Headline as printed, where recorded.", nullable=True)
    publisher: Series[f.STRING] = f.text("Outlet that published the page.")
    wire: Series[f.STRING] = f.text("Wire service the page relays (AFP, AP, EFE…), if any.", nullable=True)
    published_date: Series[f.DATE] = pa.Field(nullable=True, description=(
        "Publication date; the first day of the period when only the month or year is known."))
    published_precision: Series[f.STRING] = f.enum(
        ("day", "month", "year"), "Precision of published_date.", nullable=True)
    published_basis: Series[f.STRING] = f.enum(
        vocab.PUBLISHED_BASES, "Where the publication date was read: dateline, byline, url or metadata.", nullable=True)
    language: Series[f.STRING] = f.text("ISO 639-1 language code of the article.", pattern=vocab.LANGUAGE_PATTERN)
    byline: Series[f.STRING] = f.text("Journalist(s) credited, where recorded.", nullable=True)
    archived: Series[f.BOOL] = f.flag("True when the repository archives the article's text (seeds/articles/).")
    rights: Series[f.STRING] = f.text("Rights statement for archived text.", nullable=True)
    text_sha256: Series[f.STRING] = f.text(
        "SHA-256 of the archived text (UTF-8, NFC); null when not archived.", nullable=True, pattern=vocab.SHA256_PATTERN)
    n_chars: Series[f.INT] = pa.Field(ge=0, nullable=True, description=(
        "Length of the archived text in Unicode code points; quote offsets index into it."))
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="articles",
    model=Articles,
    title="Source articles",
    description=(
        "One row per source article: where it was published, when, in what language, and whether "
        "its text is archived. Only the project's seed article is archived; other sources are cited "
        "by URL and their claims recorded without quotes."),
    primary_key=("article_id",),
)
