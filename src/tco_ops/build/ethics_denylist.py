"""Names and nicknames of arrested people and victims met in research, as hashes only.

Each entry is the first 16 hex digits of the SHA-256 of one word or one word pair after
`resolve.alias_key()` (lowercase, no accents, no punctuation), so this file never writes
a name. Add a hash whenever research meets a new person:

    python -c "import sys; from tco_ops.build.ethics import gram_hash; print(gram_hash(sys.argv[1]))" "First Last"

and add the single words that identify the person (a nickname, a rare surname) too.
This is a .py file, not a .txt, on purpose: the build's "up to date" check fingerprints the
package's Python files, so a new hash makes the next `tco-ops build` re-check every seed.
"""

DENIED = frozenset("""
    0c4e1b5c47de7b3f 17934bb5edf8e434 25a3f5bb8fd57195 25d952323282c4ff 2f22c6b571f4a53c
    315b1d34d2e0ad5f 4d9bfdaabcaf26c8 57af1c251ab1963c 62f70f74f6fa3b1c 69ff8042237aeef5
    8264a62c8e57a9a5 8eeccce4f02d15e2 98c8e97641fd47cd af176543af735753 d060fd6ee1ce5a67
    e1b50af483b70082 e9565487f8840096 fe14d0200848660d
""".split())
