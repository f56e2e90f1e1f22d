"""Controlled vocabularies: the one place each allowed value is listed.

The seed readers, the pandera models, the Table Schemas and the codebook all
take their enumerations from here.
"""

QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "at_most", "fewer_than")
DATE_PRECISIONS = ("day", "week", "month", "year")
AGENCY_ROLES = ("lead", "support", "participant", "announced")  # tie-break order too
AGENCY_KINDS = (
    "police", "investigation", "immigration", "ministry", "diplomatic", "prosecution",
    "military", "intelligence", "judiciary", "prison", "government", "other",
)
LOCATION_KINDS = ("country", "region", "province", "district", "city", "site")  # coarse → fine
ORGANIZATION_KINDS = ("gang", "faction", "cell")
ARREST_ROLES = ("leader", "co-founder", "second-in-command", "cell-leader", "member", "associate")
NATIONAL_CODE_SYSTEMS = ("ubigeo", "divipola", "ine-cl", "ine-es", "fips")
PUBLISHED_BASES = ("dateline", "byline", "url", "metadata")

# Figures reported for a whole operation (`arrested` is summed from arrest groups).
OPERATION_MEASURES = (
    "arrested", "personnel", "sites", "persons_targeted", "charged",
    "victims_rescued", "minors_rescued", "minors_in_network",
)
# Claim fields about one arrest group; the group's count is `arrested`.
ARREST_FIELDS = (
    "arrested", "arrested_affiliation", "arrested_nationality", "arrested_role", "arrested_location",
)
CLAIM_FIELDS = (
    "date", "name", "location", "agency", "target",
    *[m for m in OPERATION_MEASURES if m != "arrested"],
    *ARREST_FIELDS,
)
COUNT_FIELDS = tuple(m for m in OPERATION_MEASURES)  # fields whose value is a count

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
ISO_3166_2_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
