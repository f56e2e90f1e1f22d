"""A synthetic seeds/ folder of N realistic articles, for benchmarks (never written into seeds/).

    python benchmarks/synth.py N DIR [--seed 0]

Writes DIR/seeds/ (and a pyproject.toml marker so DIR is a checkout root):
archived English and Spanish articles built from templates, claims whose quotes
really occur in the text, a realistic share of conflicting figures and dates
between sources of the same operation, curator decisions for some conflicts,
and reference files that grow with N. The same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

SOURCES_PER_OPERATION = 4  # articles reporting the same operation, on average
COUNTRIES = {  # code → (name, capital latitude, longitude)
    "PE": ("Perú", -12.05, -77.04), "CL": ("Chile", -33.45, -70.66), "CO": ("Colombia", 4.71, -74.07),
    "VE": ("Venezuela", 10.48, -66.90), "ES": ("España", 40.42, -3.70), "US": ("United States", 38.9, -77.04),
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
FILLER_EN = [
    "Prosecutors said the investigation had lasted several months and relied on intercepted calls.",
    "The suspects are accused of extortion, trafficking in persons and illegal possession of weapons.",
    "Officials described the network as one of the most violent cells operating in the area.",
    "Neighbours told reporters that the raids began before dawn and lasted several hours.",
    "The authorities said further arrests were expected as the case moves forward.",
    "Seized phones and ledgers will be examined by forensic experts in the coming weeks.",
    "A judge is expected to rule on pretrial detention for those held later this week.",
    "The ministry thanked the officers involved and the partner agencies for their cooperation.",
]
FILLER_ES = [
    "La fiscalía indicó que la investigación duró varios meses y se basó en escuchas telefónicas.",
    "A los detenidos se les imputan los delitos de extorsión, trata de personas y tenencia ilegal de armas.",
    "Las autoridades describieron a la red como una de las células más violentas de la zona.",
    "Vecinos relataron que los allanamientos comenzaron antes del amanecer y duraron varias horas.",
    "Según las autoridades, se esperan nuevas detenciones a medida que avance el caso.",
    "Los teléfonos y cuadernos incautados serán examinados por peritos en las próximas semanas.",
    "Un juez deberá pronunciarse sobre la prisión preventiva de los detenidos esta semana.",
    "El ministerio agradeció a los agentes y a las agencias aliadas por su cooperación.",
]


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Since model 0.2 every place below a country names the ISO 3166-2 subdivision that contains it
# (checked with pycountry): each synthetic city is placed in one real first-level subdivision.
SUBDIVISION = {"PE": "PE-LIM", "CL": "CL-TA", "CO": "CO-DC", "VE": "VE-A", "ES": "ES-M", "US": "US-TX",
               "EC": "EC-P", "AR": "AR-C", "BR": "BR-SP", "BO": "BO-L", "PA": "PA-8", "MX": "MX-CMX"}


class Corpus:
    def __init__(self, n: int, seed: int):
        self.n, self.rng = n, random.Random(seed)
        self.n_ops = max(1, n // SOURCES_PER_OPERATION)
        n_cities = max(6, n // 20)
        n_units = max(4, n // 50)
        n_factions = max(2, n // 200)
        countries = list(COUNTRIES)
        self.cities = []
        for i in range(n_cities):
            cc = countries[i % len(countries)]
            _, lat, lon = COUNTRIES[cc]
            self.cities.append({"id": f"{cc.lower()}-ciudad-{i:05d}", "name": f"Ciudad {i:05d}", "country": cc,
                                "lat": round(lat + self.rng.uniform(-3, 3), 4),
                                "lon": round(lon + self.rng.uniform(-3, 3), 4)})
        self.agencies = []
        for i in range(n_units):
            cc = countries[i % len(countries)]
            self.agencies.append({"id": f"{cc.lower()}-unidad-{i:04d}", "name": f"Unidad Especial {i:04d}",
                                  "acronym": f"UE{i:04d}", "country": cc})
        self.factions = [{"id": f"faccion-{i:04d}", "name": f"Los Sintéticos {i:04d}"} for i in range(n_factions)]

    # -- reference -----------------------------------------------------------
    def reference(self) -> dict[str, str]:
        loc = []
        for cc, (name, lat, lon) in COUNTRIES.items():
            loc.append(f"- id: {cc.lower()}\n  name: {name}\n  kind: country\n  country: {cc}\n"
                       f"  latitude: {lat}\n  longitude: {lon}\n")
        for c in self.cities:
            loc.append(f"- id: {c['id']}\n  name: {c['name']}\n  kind: city\n  parent: {c['country'].lower()}\n"
                       f"  country: {c['country']}\n  iso_3166_2: {SUBDIVISION[c['country']]}\n"
                       f"  latitude: {c['lat']}\n  longitude: {c['lon']}\n")
        ag = [f"- id: {a['id']}\n  name: {a['name']}\n  acronym: {a['acronym']}\n  country: {a['country']}\n"
              "  kind: police\n  level: national\n" for a in self.agencies]
        org = ["- id: tren-de-aragua\n  name: Tren de Aragua\n  kind: gang\n  country: VE\n"
               "  aliases: [TdA]\n"]
        org += [f"- id: {f['id']}\n  name: {f['name']}\n  kind: faction\n  parent: tren-de-aragua\n  country: VE\n"
                for f in self.factions]
        return {"locations.yaml": "".join(loc), "agencies.yaml": "".join(ag), "organizations.yaml": "".join(org)}

    # -- operations ----------------------------------------------------------
    def operation(self, k: int) -> dict:
        rng = random.Random(self.rng.random() + k)  # per-operation stream: independent of article order
        city = self.cities[k % len(self.cities)]
        agencies = [a for a in self.agencies if a["country"] == city["country"]] or self.agencies
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 1400))
        return {"id": f"op-{k:06d}", "city": city, "date": day, "agency": rng.choice(agencies),
                "support": rng.choice(self.agencies), "faction": rng.choice(self.factions),
                "arrested": rng.randrange(2, 60), "personnel": rng.randrange(50, 900),
                "sites": rng.randrange(2, 40), "rescued": rng.randrange(0, 120)}

    def article(self, i: int, op: dict) -> tuple[str, str, str]:
        """(article_id, article file, claims file) for the i-th article about `op`."""
        rng = random.Random(i * 7919 + 17)
        es = rng.random() < 0.6  # most reporting on Tren de Aragua is in Spanish
        arrested = max(1, op["arrested"] + (rng.choice([-3, -2, -1, 1, 2]) if rng.random() < 0.2 else 0))
        day = op["date"] + (dt.timedelta(days=rng.choice([-1, 1])) if rng.random() < 0.05 else dt.timedelta(0))
        published = op["date"] + dt.timedelta(days=rng.randrange(1, 4))
        city, agency, support, faction = op["city"], op["agency"], op["support"], op["faction"]
        if es:
            lead = (f"La {agency['name']} capturó a {arrested} presuntos integrantes de {faction['name']}, "
                    f"una facción del Tren de Aragua, en {city['name']} el {WEEKDAYS_ES[day.weekday()]} "
                    f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}.")
            figures = (f"Más de {op['personnel']} agentes participaron en el allanamiento de {op['sites']} inmuebles, "
                       f"con apoyo de la {support['name']}.")
            rescue = f"Además, fueron rescatadas {op['rescued']} víctimas de explotación." if op["rescued"] else ""
            q = {"arrested": f"capturó a {arrested} presuntos integrantes",
                 "date": f"{WEEKDAYS_ES[day.weekday()]} {day.day} de {MONTHS_ES[day.month - 1]} de {day.year}",
                 "personnel": f"Más de {op['personnel']} agentes", "sites": f"{op['sites']} inmuebles",
                 "rescued": f"rescatadas {op['rescued']} víctimas", "support": f"con apoyo de la {support['name']}"}
            filler, lang = FILLER_ES, "es"
        else:
            lead = (f"The {agency['name']} arrested {arrested} suspected members of {faction['name']}, "
                    f"a Tren de Aragua faction, in {city['name']} on {WEEKDAYS_EN[day.weekday()]} "
                    f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}.")
            figures = (f"More than {op['personnel']} officers took part in raids on {op['sites']} properties, "
                       f"supported by the {support['name']}.")
            rescue = f"Police also rescued {op['rescued']} victims of exploitation." if op["rescued"] else ""
            q = {"arrested": f"arrested {arrested} suspected members",
                 "date": f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}",
                 "personnel": f"More than {op['personnel']} officers", "sites": f"{op['sites']} properties",
                 "rescued": f"rescued {op['rescued']} victims", "support": f"supported by the {support['name']}"}
            filler, lang = FILLER_EN, "en"
        paras = [lead, figures] + ([rescue] if rescue else []) + rng.sample(filler, 4)
        text = "\n\n".join(paras) + "\n"
        article_id = f"synth-{i:06d}"
        front = (f"---\nurl: https://news.example.org/{lang}/{article_id}\npublisher: Synthetic Daily {i % 97:02d}\n"
                 f"published: {published.isoformat()}\nlanguage: {lang}\narchived: true\n"
                 f"rights: synthetic text generated by benchmarks/synth.py\n---\n")
        claims = [
            ("date", day.isoformat(), None, q["date"], None),
            ("location", city["id"], None, city["name"], None),
            ("agency", agency["id"], None, agency["name"], "lead"),
            ("agency", support["id"], None, q["support"], "support"),
            ("target", faction["id"], None, faction["name"], None),
            ("arrested", arrested, "exact", q["arrested"], None),
            ("arrested_affiliation", faction["id"], None, q["arrested"], None),
            ("personnel", op["personnel"], "more_than", q["personnel"], None),
            ("sites", op["sites"], "exact", q["sites"], None),
        ]
        if op["rescued"]:
            claims.append(("victims_rescued", op["rescued"], "exact", q["rescued"], None))
        lines = [f"operation: {op['id']}", "claims:"]
        for fld, value, qual, quote, role in claims:
            line = f"  - field: {fld}\n    value: {_yaml_str(str(value)) if fld in ('date',) else value}\n"
            if qual:
                line += f"    qualifier: {qual}\n"
            if role:
                line += f"    role: {role}\n"
            if fld.startswith("arrested"):
                line += "    group: main\n"
            if text.count(quote) > 1:
                line += "    occurrence: 1\n"
            line += f"    quote: {_yaml_str(quote)}\n"
            lines.append(line.rstrip("\n"))
        return article_id, front + text, "\n".join(lines) + "\n"


def write(n: int, dest: Path, seed: int = 0) -> Path:
    """Write DIR/seeds for N articles; return DIR. Refuses to write into a real seeds/ folder."""
    dest = Path(dest)
    if (dest / "seeds" / "articles" / "andina-en-1018187.md").exists():
        raise SystemExit(f"{dest} holds the real seeds; give an empty folder")
    shutil.rmtree(dest / "seeds", ignore_errors=True)
    corpus = Corpus(n, seed)
    for sub in ("articles", "claims", "operations", "reference"):
        (dest / "seeds" / sub).mkdir(parents=True, exist_ok=True)
    for name, text in corpus.reference().items():
        (dest / "seeds" / "reference" / name).write_text(text, encoding="utf-8")
    ops = [corpus.operation(k) for k in range(corpus.n_ops)]
    for op in ops:
        (dest / "seeds" / "operations" / f"{op['id']}.yaml").write_text(
            f"kind: raid\nsummary: Synthetic operation in {op['city']['name']}.\n", encoding="utf-8")
    for i in range(n):
        article_id, article, claims = corpus.article(i, ops[i % len(ops)])
        (dest / "seeds" / "articles" / f"{article_id}.md").write_text(article, encoding="utf-8")
        (dest / "seeds" / "claims" / f"{article_id}.yaml").write_text(claims, encoding="utf-8")
    (dest / "pyproject.toml").write_text("# synthetic checkout for benchmarks\n", encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    for name in ("CITATION.cff", "CHANGELOG.md"):  # `tco-ops validate` checks the version in them
        shutil.copy(repo / name, dest / name)
    return dest


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dest")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write(args.n, Path(args.dest), args.seed))


if __name__ == "__main__":
    main()
