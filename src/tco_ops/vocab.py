"""Controlled vocabularies: the one place each allowed value is listed.

The seed readers, the pandera models, the Table Schemas and the codebook all
take their enumerations from here.
"""

QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "at_most", "fewer_than")
# `span`: several days (YYYY-MM-DD/YYYY-MM-DD), coarser than a day, finer than a week.
DATE_PRECISIONS = ("day", "span", "week", "month", "year")
AGENCY_ROLES = ("lead", "support", "participant", "announced")  # tie-break order too
AGENCY_KINDS = (
    "police", "investigation", "immigration", "ministry", "diplomatic", "prosecution",
    "military", "intelligence", "judiciary", "prison", "government", "intergovernmental", "ngo", "other",
)
# The level of government a body belongs to; a field office has its agency's level.
AGENCY_LEVELS = ("national", "state", "local", "international")
# Derived: the agency's country against the operation's country.
PARTICIPATIONS = ("domestic", "foreign", "international")  # international: a body of no one country (Interpol)
LOCATION_KINDS = ("country", "region", "province", "district", "city", "site")  # coarse → fine
# What a place is to an operation. Only `site` places feed location_precision and maps.
LOCATION_ROLES = ("site", "area", "origin", "destination", "announced_at")
# Precision of an operation–place link (UCDP's where_prec in words), from the place's kind.
PLACE_PRECISIONS = ("exact", "district", "city", "province", "region", "country")  # fine → coarse
PLACE_PRECISION_OF_KIND = {"site": "exact", "district": "district", "city": "city", "province": "province",
                           "region": "region", "country": "country"}
ORGANIZATION_KINDS = ("gang", "faction", "cell")
ARREST_ROLES = ("leader", "co-founder", "second-in-command", "cell-leader", "member", "associate")
NATIONAL_CODE_SYSTEMS = ("ubigeo", "divipola", "ine-cl", "ine-es", "fips")
PUBLISHED_BASES = ("dateline", "byline", "url", "metadata")
OPERATION_KINDS = ("raid", "capture", "sweep", "indictment", "extradition", "prison_takeover",
                   "military_strike", "other")

# Outcomes: what was seized, and who was killed or injured.
SEIZURE_ITEMS = ("firearms", "ammunition", "explosives", "drugs", "cash", "vehicles", "phones", "other")
SEIZURE_UNITS = ("items", "rounds", "kg", "g", "doses")  # or, for cash, an ISO 4217 code
CURRENCY_PATTERN = r"^[A-Z]{3}$"
DRUGS = ("cocaine", "cocaine_base", "marijuana", "tusi", "synthetic", "heroin", "other")
CASUALTY_OUTCOMES = ("killed", "injured")
CASUALTY_SIDES = ("suspects", "officers", "bystanders")

# Figures reported for a whole operation (`arrested` is summed from arrest groups).
OPERATION_MEASURES = (
    "arrested", "personnel", "sites", "persons_targeted", "charged",
    "victims_rescued", "minors_rescued", "minors_in_network",
    "confirmed_members", "convicted", "extradited",
)
# Claim fields about one arrest group; the group's count is `arrested`.
ARREST_FIELDS = (
    "arrested", "arrested_affiliation", "arrested_nationality", "arrested_role", "arrested_location",
    "arrested_nationality_count",
)
OUTCOME_FIELDS = ("seized", *CASUALTY_OUTCOMES)  # counts published in their own tables
CLAIM_FIELDS = (
    "date", "announced", "name", "location", "agency", "target",
    *[m for m in OPERATION_MEASURES if m != "arrested"],
    *OUTCOME_FIELDS,
    *ARREST_FIELDS,
)
DATE_FIELDS = ("date", "announced")
# Fields whose value is a count (and so take a qualifier).
COUNT_FIELDS = (*OPERATION_MEASURES, *OUTCOME_FIELDS, "arrested_nationality_count")

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
# A search query may be in a language without an ISO 639-1 code (Papiamento, Curaçao): ISO 639-3 then.
QUERY_LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
ISO_3166_2_PATTERN = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"

# UN/LOCODE's user-assigned code for installations in international waters; used for
# actions at sea outside any state's territory (e.g. strikes on boats in the Caribbean).
NON_STATE_COUNTRY_CODES = ("XZ",)
