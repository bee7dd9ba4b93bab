"""Write a workspace of 342 programmes of 100 measures each, for the scale benchmark.

Each programme is the bundled Westvoorne programme with another municipality's name (real
Dutch municipality names; the names that do not fit the list get a second programme for
2019-2020, so that some programmes share a municipality and show with their years), its
last measures left out to make 100, and a generated progress log of a few dozen entries.
The police partner varies, so that a query by ``--partner politie`` needs the aliases:

- every third programme keeps the id ``politie``;
- the next has ``politie-nl``, named "Nationale Politie", with the alias "Politie";
- the next has ``pol``, named "Politie basisteam <gemeente>", with the alias "politie";
- every tenth programme has no police partner at all.

Written under the output directory (default ``benchmarks/out/workspace``)::

    avp.toml                                  programmes = ["gemeenten/*/programma.yaml"]
    gemeenten/<slug>/programma.yaml           the programme (progress_log: voortgang.yaml)
    gemeenten/<slug>/voortgang.yaml           its log

Usage (from the repository root)::

    python benchmarks/generate_workspace.py
    cd benchmarks/out/workspace && avp list --partner politie

The output is reproducible: the random generator has a fixed seed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as base  # noqa: E402  (benchmarks/generate.py: the bundled data, the log format)

DEFAULT_OUT = HERE / "out" / "workspace"
PROGRAMMES = 342
MEASURES = 100
SEED = 20230101  # Voorne aan Zee: Westvoorne, Brielle and Hellevoetsluis merged

#: Real Dutch municipality names (as of 2023, and a few that merged since).
MUNICIPALITIES = """
Aa en Hunze, Aalsmeer, Aalten, Achtkarspelen, Alblasserdam, Albrandswaard, Alkmaar, Almelo,
Almere, Alphen aan den Rijn, Alphen-Chaam, Altena, Ameland, Amersfoort, Amstelveen, Amsterdam,
Apeldoorn, Arnhem, Assen, Asten, Baarle-Nassau, Baarn, Barendrecht, Barneveld, Beek,
Beekdaelen, Beesel, Berg en Dal, Bergeijk, Bergen (L), Bergen (NH), Bergen op Zoom, Berkelland,
Bernheze, Best, Beuningen, Beverwijk, Bladel, Blaricum, Bloemendaal, Bodegraven-Reeuwijk,
Boekel, Borger-Odoorn, Borne, Borsele, Boxtel, Breda, Brielle, Bronckhorst, Brummen, Brunssum,
Bunnik, Bunschoten, Buren, Capelle aan den IJssel, Castricum, Coevorden, Cranendonck,
Culemborg, Dalfsen, Dantumadiel, De Bilt, De Fryske Marren, De Ronde Venen, De Wolden, Delft,
Den Helder, Deurne, Deventer, Diemen, Dijk en Waard, Dinkelland, Doesburg, Doetinchem,
Dongen, Dordrecht, Drechterland, Drimmelen, Dronten, Druten, Duiven, Echt-Susteren,
Edam-Volendam, Ede, Eemnes, Eemsdelta, Eersel, Eijsden-Margraten, Eindhoven, Elburg, Emmen,
Enkhuizen, Enschede, Epe, Ermelo, Etten-Leur, Geertruidenberg, Geldrop-Mierlo, Gemert-Bakel,
Gennep, Gilze en Rijen, Goeree-Overflakkee, Goes, Goirle, Gooise Meren, Gorinchem, Gouda,
Groningen, Gulpen-Wittem, Haaksbergen, Haarlem, Haarlemmermeer, Halderberge, Hardenberg,
Harderwijk, Hardinxveld-Giessendam, Harlingen, Hattem, Heemskerk, Heemstede, Heerde,
Heerenveen, Heerlen, Heeze-Leende, Heiloo, Hellendoorn, Hellevoetsluis, Helmond,
Hendrik-Ido-Ambacht, Hengelo, Het Hogeland, Heumen, Heusden, Hillegom, Hilvarenbeek,
Hilversum, Hoeksche Waard, Hof van Twente, Hollands Kroon, Hoogeveen, Hoorn, Horst aan de
Maas, Houten, Huizen, Hulst, IJsselstein, Kaag en Braassem, Kampen, Kapelle, Katwijk,
Kerkrade, Koggenland, Krimpen aan den IJssel, Krimpenerwaard, Laarbeek, Land van Cuijk,
Landgraaf, Landsmeer, Lansingerland, Laren, Leeuwarden, Leiden, Leiderdorp,
Leidschendam-Voorburg, Lelystad, Leusden, Lingewaard, Lisse, Lochem, Loon op Zand, Lopik,
Losser, Maasdriel, Maasgouw, Maashorst, Maassluis, Maastricht, Medemblik, Meerssen, Meierijstad,
Meppel, Middelburg, Midden-Delfland, Midden-Drenthe, Midden-Groningen, Moerdijk, Molenlanden,
Montferland, Montfoort, Mook en Middelaar, Neder-Betuwe, Nederweert, Nieuwegein, Nieuwkoop,
Nijkerk, Nijmegen, Nissewaard, Noardeast-Fryslân, Noord-Beveland, Noordenveld, Noordoostpolder,
Noordwijk, Nuenen, Nunspeet, Oegstgeest, Oirschot, Oisterwijk, Oldambt, Oldebroek,
Oldenzaal, Olst-Wijhe, Ommen, Oost Gelre, Oosterhout, Ooststellingwerf, Oostzaan, Opmeer,
Opsterland, Oss, Oude IJsselstreek, Ouder-Amstel, Oudewater, Overbetuwe, Papendrecht,
Peel en Maas, Pekela, Pijnacker-Nootdorp, Purmerend, Putten, Raalte, Reimerswaal, Renkum,
Renswoude, Reusel-De Mierden, Rheden, Rhenen, Ridderkerk, Rijssen-Holten, Rijswijk,
Roerdalen, Roermond, Roosendaal, Rotterdam, Rozendaal, Rucphen, Schagen, Scherpenzeel,
Schiedam, Schiermonnikoog, Schouwen-Duiveland, 's-Hertogenbosch, Simpelveld, Sint-Michielsgestel,
Sittard-Geleen, Sliedrecht, Sluis, Smallingerland, Soest, Someren, Son en Breugel,
Stadskanaal, Staphorst, Stede Broec, Steenbergen, Steenwijkerland, Stein, Stichtse Vecht,
Súdwest-Fryslân, Terneuzen, Terschelling, Texel, Teylingen, Tholen, Tiel, Tilburg,
Tubbergen, Twenterand, Tynaarlo, Tytsjerksteradiel, Uitgeest, Uithoorn, Urk, Utrecht,
Utrechtse Heuvelrug, Vaals, Valkenburg aan de Geul, Valkenswaard, Veendam, Veenendaal, Veere,
Veldhoven, Velsen, Venlo, Venray, Vijfheerenlanden, Vlaardingen, Vlieland, Vlissingen,
Voerendaal, Voorschoten, Voorst, Vught, Waadhoeke, Waalre, Waalwijk, Waddinxveen, Wageningen,
Wassenaar, Waterland, Weert, West Betuwe, West Maas en Waal, Westerkwartier, Westerveld,
Westervoort, Westerwolde, Westland, Westvoorne, Weststellingwerf, Wierden, Wijchen,
Wijdemeren, Wijk bij Duurstede, Winterswijk, Woensdrecht, Woerden, Wormerland, Woudenberg,
Zaanstad, Zaltbommel, Zandvoort, Zeewolde, Zeist, Zevenaar, Zoetermeer, Zoeterwoude,
Zuidplas, Zundert, Zutphen, Zwartewaterland, Zwijndrecht, Zwolle
"""


def municipalities() -> list[str]:
    return [name.strip() for name in MUNICIPALITIES.replace("\n", " ").split(",") if name.strip()]


def slug(name: str, period: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") + f"-{period}"


def renamed(value: Any, old: str, new: str) -> Any:
    """Every text in ``value`` with ``old`` replaced by ``new``."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [renamed(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v, old, new) for k, v in value.items()}
    return value


def trimmed(fields: list[dict[str, Any]], measures: int) -> None:
    """Leave out the last measures (of themes with more than one) until ``measures`` remain."""
    count = sum(len(t["measures"]) for f in fields for t in f["themes"])
    for field in reversed(fields):
        for theme in reversed(field["themes"]):
            while count > measures and len(theme["measures"]) > 1:
                theme["measures"].pop()
                count -= 1
    if count != measures:
        raise SystemExit(f"the bundled programme has too few measures for {measures}")


def without_clashes(data: dict[str, Any], name: str) -> None:
    """The renamed municipality partner: no name or alias another partner has already
    (Rotterdam's programme names "gemeente Rotterdam" as a partner of its own)."""
    taken = {
        label.casefold()
        for p in data["partners"]
        if p["id"] != "gemeente"
        for label in (p["id"], p["name"], *p.get("aliases", []))
    }
    for partner in data["partners"]:
        if partner["id"] == "gemeente":
            if partner["name"].casefold() in taken:
                partner["name"] = f"Gemeentelijke organisatie {name}"
            partner["aliases"] = [
                a for a in partner.get("aliases", []) if a.casefold() not in taken
            ]


def police_variant(data: dict[str, Any], number: int, name: str) -> str | None:
    """Give the police partner another id, name and aliases (see the module); its id."""
    variant = number % 3
    if number % 10 == 9:
        data["partners"] = [p for p in data["partners"] if p["id"] != "politie"]
        new_id = None
    elif variant == 0:
        return "politie"
    else:
        new_id = "politie-nl" if variant == 1 else "pol"
        for partner in data["partners"]:
            if partner["id"] == "politie":
                partner["id"] = new_id
                if variant == 1:
                    partner["name"] = "Nationale Politie"
                    partner["aliases"] = ["Politie", "politie-eenheid Rotterdam"]
                else:
                    partner["name"] = f"Politie basisteam {name}"
                    partner["aliases"] = ["politie"]
    for field in data["fields"]:
        for theme in field["themes"]:
            for measure in theme["measures"]:
                partners = measure.get("partners") or []
                if "politie" in partners:
                    partners = [new_id if p == "politie" else p for p in partners]
                    measure["partners"] = [p for p in partners if p] or ["gemeente"]
    return new_id


def progress_log(ids: list[str], entries: int, start: dt.date, end: dt.date, rng: Any) -> str:
    """A log of ``entries`` entries within the period, in the documented format."""
    days = (end - start).days
    dates = sorted(rng.randrange(days + 1) for _ in range(entries))
    out = [base.PROGRESS_SCHEMA.replace("../../../", "../../../../../"), "entries:\n"]
    for offset in dates:
        status = rng.choices(base.STATUSES, base.STATUS_WEIGHTS)[0]
        note = f"{rng.choice(base.NOTE_ACTIONS)}."
        out.append(
            f"  - measure: {rng.choice(ids)}\n"
            f"    date: {start + dt.timedelta(days=offset)}\n"
            f"    status: {status}\n"
            f"    note: {base.scalar(note)}\n"
            f"    author: {base.scalar(rng.choice(base.AUTHORS))}\n"
        )
        if status in ("at_risk", "off_track"):
            out.append(f"    correction: {base.scalar(rng.choice(base.CORRECTIONS))}\n")
    return "".join(out)


def generate(out: Path, count: int, seed: int) -> list[Path]:
    _, bundled = base.load_bundled()
    trimmed(bundled["fields"], MEASURES)
    names = municipalities()
    rng = random.Random(seed)
    folder = out / "gemeenten"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        name = names[number % len(names)]
        earlier = number >= len(names)  # a second programme of the same municipality
        start, end = (
            (dt.date(2019, 1, 1), dt.date(2020, 12, 31))
            if earlier
            else (
                dt.date(2021, 1, 1),
                dt.date(2022, 12, 31),
            )
        )
        years = f"{start.year}-{end.year}"
        data = renamed(copy.deepcopy(bundled), "Westvoorne", name)
        data["programme"]["title"] = f"Actieprogramma Integraal Veiligheidsbeleid {name} {years}"
        data["programme"]["period"] = {"start": start, "end": end}
        data["programme"]["progress_log"] = "voortgang.yaml"
        if earlier:  # adopted before its period
            data["programme"]["adopted"]["date"] = dt.date(2019, 1, 15)
            data.pop("introduction", None)
        without_clashes(data, name)
        police_variant(data, number, name)
        target = folder / slug(name, years)
        target.mkdir(exist_ok=True)
        text = base.dump_programme(data).replace("../../../", "../../../../../")
        (target / "programma.yaml").write_text(text, encoding="utf-8")
        ids = base.measure_ids(data)
        log = progress_log(ids, rng.randrange(24, 49), start, end, rng)
        (target / "voortgang.yaml").write_text(log, encoding="utf-8")
        written.append(target / "programma.yaml")
    (out / "avp.toml").write_text(
        "# A workspace of generated programmes (benchmarks/generate_workspace.py)\n"
        'programmes = ["gemeenten/*/programma.yaml"]\n',
        encoding="utf-8",
    )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--count", type=int, default=PROGRAMMES, help="number of programmes")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = generate(args.out, args.count, args.seed)
    seconds = time.perf_counter() - started
    print(
        f"wrote {len(written)} programmes of {MEASURES} measures to {args.out} in {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
