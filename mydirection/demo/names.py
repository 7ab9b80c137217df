"""Names, addresses and contact details for the demo, all fictional.

Names come from Faker's British (``en_GB``) lists, sampled with the demo's seeded numpy
generator rather than through Faker's own calls (about 30 microseconds a call: tens of seconds
for 250,000 people, and a second seed to keep in step). Phone numbers are in Ofcom's range
reserved for drama (07700 900000 to 07700 900999), e-mail addresses at example.com and
example.org (reserved by RFC 2606), and postcodes plausible for Hull and the East Riding.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from faker.providers.person.en_GB import Provider as BritishNames

from mydirection.demo.cohort import FEMALE, MALE

StrArray = npt.NDArray[np.str_]


@dataclass(frozen=True)
class NamePools:
    male: StrArray
    female: StrArray
    last: StrArray
    last_weights: npt.NDArray[np.float64]


@cache
def pools() -> NamePools:
    last_names = BritishNames.last_names
    weights = np.array(list(last_names.values()), dtype=np.float64)
    return NamePools(
        male=np.array(sorted(set(BritishNames.first_names_male))),
        female=np.array(sorted(set(BritishNames.first_names_female))),
        last=np.array(list(last_names.keys())),
        last_weights=weights / weights.sum(),
    )


def first_names(rng: np.random.Generator, genders: Sequence[str] | StrArray) -> StrArray:
    """A first name for each person, from the list for their gender (either for others)."""
    names = pools()
    gender = np.asarray(genders)
    n = len(gender)
    male_pick = names.male[rng.integers(0, len(names.male), size=n)]
    female_pick = names.female[rng.integers(0, len(names.female), size=n)]
    either = rng.random(n) < 0.5
    chosen = np.where(gender == MALE, male_pick, female_pick)
    other = (gender != MALE) & (gender != FEMALE)
    chosen[other] = np.where(either[other], male_pick[other], female_pick[other])
    return chosen


def last_names(rng: np.random.Generator, n: int) -> StrArray:
    names = pools()
    return names.last[rng.choice(len(names.last), size=n, p=names.last_weights)]


# Familiar short forms people often prefer to be called by.
SHORT_FORMS = {
    "Alexander": "Alex",
    "Andrew": "Andy",
    "Anthony": "Tony",
    "Benjamin": "Ben",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "David": "Dave",
    "Edward": "Ed",
    "Elizabeth": "Liz",
    "Gregory": "Greg",
    "Jennifer": "Jen",
    "Jonathan": "Jon",
    "Joseph": "Joe",
    "Joshua": "Josh",
    "Katherine": "Kate",
    "Kimberley": "Kim",
    "Matthew": "Matt",
    "Michael": "Mike",
    "Nicholas": "Nick",
    "Rebecca": "Becky",
    "Richard": "Rich",
    "Robert": "Rob",
    "Samantha": "Sam",
    "Stephen": "Steve",
    "Steven": "Steve",
    "Thomas": "Tom",
    "Victoria": "Vicky",
    "William": "Will",
}


def preferred_names(rng: np.random.Generator, firsts: StrArray) -> list[str]:
    """Some people are known by a short form of their first name."""
    take = rng.random(len(firsts)) < 0.5
    return [
        SHORT_FORMS[name] if wants and name in SHORT_FORMS else ""
        for name, wants in zip(firsts.tolist(), take.tolist(), strict=True)
    ]


def pronouns(rng: np.random.Generator, genders: StrArray) -> list[str]:
    """Recorded for about a third of people (and always for non-binary people)."""
    recorded = rng.random(len(genders)) < 0.35
    out: list[str] = []
    for gender, has in zip(genders.tolist(), recorded.tolist(), strict=True):
        if gender == "non_binary":
            out.append("they/them")
        elif not has:
            out.append("")
        else:
            out.append("he/him" if gender == MALE else "she/her")
    return out


# Places ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Where an office's people live: postcode districts, each with its post town and an
    optional locality line."""

    name: str
    districts: tuple[tuple[str, str, str], ...]  # (district, locality, post town)


HULL = Area(
    "Hull",
    (
        ("HU1", "City Centre", "Hull"),
        ("HU2", "", "Hull"),
        ("HU3", "", "Hull"),
        ("HU3", "", "Hull"),
        ("HU4", "Anlaby Park", "Hull"),
        ("HU5", "Newland Park", "Hull"),
        ("HU5", "", "Hull"),
        ("HU6", "Orchard Park", "Hull"),
        ("HU7", "Bransholme", "Hull"),
        ("HU7", "", "Hull"),
        ("HU8", "Sutton-on-Hull", "Hull"),
        ("HU8", "", "Hull"),
        ("HU9", "Marfleet", "Hull"),
        ("HU9", "", "Hull"),
        ("HU10", "Anlaby", "Hull"),
    ),
)

EAST_RIDING = Area(
    "East Riding",
    (
        ("HU17", "", "Beverley"),
        ("HU17", "", "Beverley"),
        ("HU17", "Woodmansey", "Beverley"),
        ("HU18", "", "Hornsea"),
        ("HU19", "", "Withernsea"),
        ("HU12", "Hedon", "Hull"),
        ("HU11", "Bilton", "Hull"),
        ("HU13", "", "Hessle"),
        ("HU16", "", "Cottingham"),
        ("HU15", "", "Brough"),
        ("YO25", "", "Driffield"),
        ("YO15", "", "Bridlington"),
        ("YO16", "", "Bridlington"),
        ("DN14", "", "Goole"),
    ),
)


def town_area(town: str, postcode_area: str) -> Area:
    """A generic area for an office in the large data sets."""
    return Area(town, tuple((f"{postcode_area}{d}", "", town) for d in range(1, 13)))


# Letters a postcode's unit may use (Royal Mail leaves out C, I, K, M, O and V).
UNIT_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))

STREET_ROOTS = (
    "Church", "Park", "Victoria", "Station", "Mill", "Queen's", "King's", "Albert", "Grange",
    "Manor", "Orchard", "Chapel", "Springfield", "Westfield", "Highfield", "Beech", "Elm",
    "Oak", "Willow", "Holly", "Meadow", "Brook", "Priory", "Abbey", "Newland", "Harbour",
    "Marina", "Wold", "Beverley", "Holderness", "Anlaby", "Cottingham", "Hessle", "Sutton",
    "Greenwood", "Clarendon", "Wellington", "Nelson", "Trinity", "Minster",
)  # fmt: skip
STREET_KINDS = (
    "Road", "Street", "Avenue", "Close", "Lane", "Grove", "Crescent", "Terrace", "Drive",
    "Way", "Gardens", "Walk", "Court", "Place", "View",
)  # fmt: skip


def postcodes(rng: np.random.Generator, districts: StrArray) -> list[str]:
    sector = rng.integers(1, 10, size=len(districts))
    units = UNIT_LETTERS[rng.integers(0, len(UNIT_LETTERS), size=(len(districts), 2))]
    return [
        f"{district} {s}{u[0]}{u[1]}"
        for district, s, u in zip(districts.tolist(), sector.tolist(), units, strict=True)
    ]


@dataclass
class Addresses:
    address: list[str]
    postcode: list[str]


def addresses(rng: np.random.Generator, areas: Sequence[Area], n: int) -> Addresses:
    """``n`` fictional addresses, person ``i`` in ``areas[i]``: number, street, locality and
    post town (the postcode is kept apart, as the model does)."""
    names = pools()
    street_last = names.last[rng.choice(len(names.last), size=n, p=names.last_weights)]
    street_root = np.array(STREET_ROOTS)[rng.integers(0, len(STREET_ROOTS), size=n)]
    kind = np.array(STREET_KINDS)[rng.integers(0, len(STREET_KINDS), size=n)]
    use_root = rng.random(n) < 0.5
    number = rng.integers(1, 180, size=n)
    flat = rng.random(n) < 0.15
    flat_number = rng.integers(1, 24, size=n)
    pick = rng.random(n)
    lines: list[str] = []
    districts: list[str] = []
    for i in range(n):
        area = areas[i]
        district, locality, town = area.districts[int(pick[i] * len(area.districts))]
        street = f"{street_root[i] if use_root[i] else street_last[i]} {kind[i]}"
        first = f"{number[i]} {street}"
        if flat[i]:
            first = f"Flat {flat_number[i]}, {first}"
        lines.append("\n".join(part for part in (first, locality, town) if part))
        districts.append(district)
    return Addresses(address=lines, postcode=postcodes(rng, np.array(districts)))


def phone_numbers(rng: np.random.Generator, n: int, share: float = 0.9) -> list[str]:
    """Mobile numbers from Ofcom's drama range; blank for those without a phone."""
    numbers = rng.integers(900000, 901000, size=n)
    has = rng.random(n) < share
    return [
        f"07700 {number}" if ok else ""
        for number, ok in zip(numbers.tolist(), has.tolist(), strict=True)
    ]


def ascii_slug(text: str) -> str:
    """Lower-case letters only: "O'Brien-Smith" gives "obriensmith"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def email_addresses(
    rng: np.random.Generator,
    firsts: Iterable[str],
    lasts: Iterable[str],
    share: float = 0.55,
) -> list[str]:
    """Addresses at the reserved example domains; blank for those without one."""
    pairs = list(zip(firsts, lasts, strict=True))
    n = len(pairs)
    has = rng.random(n) < share
    number = rng.integers(1, 100, size=n)
    with_number = rng.random(n) < 0.6
    domain = np.where(rng.random(n) < 0.5, "example.com", "example.org")
    out: list[str] = []
    for i, (first, last) in enumerate(pairs):
        if not has[i]:
            out.append("")
            continue
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        if with_number[i]:
            local += str(number[i])
        out.append(f"{local}@{domain[i]}")
    return out


def case_references(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct case reference numbers: one capital letter and six digits, like X123456."""
    codes = rng.choice(26 * 1_000_000, size=n, replace=False)
    return [f"{chr(65 + int(code) // 1_000_000)}{int(code) % 1_000_000:06d}" for code in codes]


def username(first: str, last: str, taken: set[str]) -> str:
    """``first.last``, with a number when that is taken; adds the result to ``taken``."""
    base = f"{ascii_slug(first)}.{ascii_slug(last)}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    taken.add(candidate)
    return candidate
