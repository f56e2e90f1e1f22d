"""Input limits: generous for real curation, small enough that no seed can exhaust memory."""

MAX_SEED_FILE_BYTES = 2 * 1024 * 1024  # an article or YAML file
MAX_QUOTE_CHARS = 2_000
MAX_TEXT_FIELD_CHARS = 10_000
MAX_SEED_FILES = 200_000
MAX_NAME_CHARS = 200  # a name, acronym or alias of a reference entry, or an operation's name
