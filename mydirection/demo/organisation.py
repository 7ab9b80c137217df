"""The demo's offices, teams and staff, planned before anything is written (no Django).

The calibrated demo mirrors the pilot: in the Hull office, ten case managers trained in
person-centred practice (all women; four senior case managers and six case managers; a mean
of 5.8 years in their role when the pilot began), two of whom worked only with women, and
twenty untrained case managers in the same office. A second office in Beverley (East Riding)
has its own team. The pilot's partner organisations (the Hull Time Bank, the life-coaching
social enterprise R-Evolution, a women's centre) each have a worker, and a volunteer helps
to run the small groups. The large data sets add offices of four teams each elsewhere in
England.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from mydirection.demo import names
from mydirection.demo.cohort import FEMALE, MALE
from mydirection.demo.names import Area

CASE_MANAGER = "case_manager"
SENIOR_CASE_MANAGER = "senior_case_manager"
CASE_HOLDING = (CASE_MANAGER, SENIOR_CASE_MANAGER)

# The personas, in the order the sign-in table lists them, with what each one shows.
PERSONAS: dict[str, str] = {
    "trained_case_manager": "Case manager trained in person-centred practice (pilot cohort)",
    "colleague": "Colleague in the same team",
    "senior_case_manager": "Senior case manager of that team",
    "excluded_officer": "Case manager excluded from one of the team's cases",
    "officer_elsewhere": "Case manager in another office (Beverley)",
    "programme_manager": "Programme manager",
    "data_protection_officer": "Data protection officer",
    "evaluator": "Evaluator",
    "administrator": "Administrator",
    "partner_worker": "Partner worker at the Hull Time Bank: its coordinator, and its referrals",
    # --- Volunteering: the Hull office's volunteer coordinator.
    "volunteer_coordinator": (
        "Volunteer coordinator in Hull: volunteers, sessions, peer mentors and Life Links circles"
    ),
    "volunteer": "Volunteer: their sessions, circles, hours and expenses (first names only)",
    # --- The Time Bank: a community member's sign-in (its pages only, nothing of probation).
    "community_member": "Time Bank member from the community (the Time Bank's pages only)",
}

# Years in role of the ten trained case managers when the pilot began: mean 5.8.
TRAINED_SENIOR_YEARS = (11.5, 10.0, 8.0, 7.0)
TRAINED_CASE_MANAGER_YEARS = (6.0, 5.0, 4.0, 3.0, 2.0, 1.5)

# Towns for the offices of the large data sets, with their postcode areas.
TOWNS: tuple[tuple[str, str], ...] = (
    ("Grimsby", "DN"), ("Scunthorpe", "DN"), ("Doncaster", "DN"), ("York", "YO"),
    ("Scarborough", "YO"), ("Leeds", "LS"), ("Bradford", "BD"), ("Wakefield", "WF"),
    ("Sheffield", "S"), ("Rotherham", "S"), ("Barnsley", "S"), ("Huddersfield", "HD"),
    ("Halifax", "HX"), ("Harrogate", "HG"), ("Middlesbrough", "TS"), ("Darlington", "DL"),
    ("Durham", "DH"), ("Sunderland", "SR"), ("Newcastle upon Tyne", "NE"), ("Carlisle", "CA"),
    ("Lancaster", "LA"), ("Preston", "PR"), ("Blackpool", "FY"), ("Blackburn", "BB"),
    ("Bolton", "BL"), ("Manchester", "M"), ("Oldham", "OL"), ("Stockport", "SK"),
    ("Wigan", "WN"), ("Warrington", "WA"), ("Liverpool", "L"), ("Chester", "CH"),
    ("Crewe", "CW"), ("Stoke-on-Trent", "ST"), ("Derby", "DE"), ("Nottingham", "NG"),
    ("Lincoln", "LN"), ("Leicester", "LE"), ("Northampton", "NN"), ("Peterborough", "PE"),
    ("Norwich", "NR"), ("Ipswich", "IP"), ("Cambridge", "CB"), ("Luton", "LU"),
    ("Milton Keynes", "MK"), ("Coventry", "CV"), ("Birmingham", "B"), ("Wolverhampton", "WV"),
    ("Worcester", "WR"), ("Shrewsbury", "SY"), ("Hereford", "HR"), ("Gloucester", "GL"),
    ("Bristol", "BS"), ("Bath", "BA"), ("Swindon", "SN"), ("Oxford", "OX"), ("Reading", "RG"),
    ("Southampton", "SO"), ("Portsmouth", "PO"), ("Brighton", "BN"), ("Canterbury", "CT"),
    ("Maidstone", "ME"), ("Guildford", "GU"), ("Exeter", "EX"), ("Plymouth", "PL"),
    ("Truro", "TR"), ("Taunton", "TA"), ("Bournemouth", "BH"), ("Salisbury", "SP"),
    ("Chelmsford", "CM"), ("Colchester", "CO"), ("Southend-on-Sea", "SS"), ("Watford", "WD"),
    ("St Albans", "AL"), ("Stevenage", "SG"),
)  # fmt: skip
OFFICE_SUFFIXES = ("", " North", " South", " East", " West", " Central")
TEAM_NAMES = ("Central", "East", "West", "North")
STAFF_PER_TEAM = 8  # a senior case manager and seven case managers


@dataclass
class OfficeSpec:
    name: str
    area: Area
    magistrates_court: str
    crown_court: str
    address: str = ""


@dataclass
class TeamSpec:
    office: int
    name: str


@dataclass
class PartnerSpec:
    """A partner organisation that runs interventions (``staff.Organisation``). Contact
    details are fictional: Ofcom's drama numbers and example.org."""

    name: str
    description: str
    phone: str
    email: str
    website: str


# The pilot's partners, in the order their workers are added.
TIME_BANK, LIFE_COACHING, WOMENS_CENTRE = "Hull Time Bank", "R-Evolution", "Hull Women's Hub"
PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        TIME_BANK,
        "A time bank: members share what they are good at and get help in return, an hour "
        "for an hour.",
        "01632 960801",
        "hello@timebank.example.org",
        "https://timebank.example.org",
    ),
    PartnerSpec(
        LIFE_COACHING,
        "A social enterprise offering life coaching and work experience in its workshops.",
        "01632 960802",
        "coaching@r-evolution.example.org",
        "https://r-evolution.example.org",
    ),
    PartnerSpec(
        WOMENS_CENTRE,
        "A women's centre: drop-ins, groups, counselling and advice, for women only.",
        "01632 960803",
        "info@womenshub.example.org",
        "https://womenshub.example.org",
    ),
)


@dataclass
class StaffSpec:
    role: str
    team: int | None
    gender: str
    job_title: str
    years_in_role: float
    trained: bool = False
    women_only: bool = False
    persona: str = ""
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    email: str = ""
    organisation: int | None = None  # a partner worker's employer (an index of ``partners``)
    # Named here, not drawn: adding them changes no one else's name or identifier.
    fixed: bool = False

    @property
    def holds_caseload(self) -> bool:
        return self.role in CASE_HOLDING

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Organisation:
    offices: list[OfficeSpec] = field(default_factory=list)
    teams: list[TeamSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)
    partners: list[PartnerSpec] = field(default_factory=list)

    def add_office(self, office: OfficeSpec) -> int:
        self.offices.append(office)
        return len(self.offices) - 1

    def add_team(self, office: int, name: str) -> int:
        self.teams.append(TeamSpec(office, name))
        return len(self.teams) - 1

    def add(self, spec: StaffSpec) -> int:
        self.staff.append(spec)
        return len(self.staff) - 1

    def persona(self, key: str) -> int:
        return next(i for i, s in enumerate(self.staff) if s.persona == key)

    def case_holders(self) -> list[int]:
        return [i for i, s in enumerate(self.staff) if s.holds_caseload]

    def team_members(self, team: int) -> list[int]:
        """The case holders of a team (looked up once the organisation is complete)."""
        return self._members.get(team, [])

    @cached_property
    def _members(self) -> dict[int, list[int]]:
        members: dict[int, list[int]] = {}
        for i, spec in enumerate(self.staff):
            if spec.team is not None and spec.holds_caseload:
                members.setdefault(spec.team, []).append(i)
        return members

    def team_of(self, staff: int) -> int:
        team = self.staff[staff].team
        if team is None:
            raise ValueError(f"{self.staff[staff].username or staff} is in no team")
        return team

    def office_of(self, staff: int) -> int:
        return self.teams[self.team_of(staff)].office

    def allocator(self, staff: int) -> int:
        """Who allocates this case manager's cases: their team's senior case manager, or for
        a senior case manager, another senior in the office (or themself)."""
        if staff not in self._allocators:
            self._allocators[staff] = self._find_allocator(staff)
        return self._allocators[staff]

    @cached_property
    def _allocators(self) -> dict[int, int]:
        return {}

    def _find_allocator(self, staff: int) -> int:
        team = self.team_of(staff)
        seniors = [i for i in self.team_members(team) if self.staff[i].role == SENIOR_CASE_MANAGER]
        others = [i for i in seniors if i != staff]
        if others:
            return others[0]
        office = self.teams[team].office
        elsewhere = [
            i
            for i, s in enumerate(self.staff)
            if s.role == SENIOR_CASE_MANAGER
            and i != staff
            and s.team is not None
            and self.teams[s.team].office == office
        ]
        return elsewhere[0] if elsewhere else staff


def _case_manager_title(rng: np.random.Generator) -> str:
    return "Probation officer" if rng.random() < 0.5 else "Probation services officer"


def calibrated_organisation(rng: np.random.Generator) -> Organisation:
    """Hull (the pilot office: four teams, ten trained and twenty untrained case managers)
    and Beverley (one team), plus the staff who hold no caseload."""
    org = Organisation()
    hull = org.add_office(
        OfficeSpec(
            "Hull",
            names.HULL,
            "Hull and Holderness Magistrates' Court",
            "Hull Crown Court",
        )
    )
    beverley = org.add_office(
        OfficeSpec(
            "Beverley",
            names.EAST_RIDING,
            "Hull and Holderness Magistrates' Court",
            "Hull Crown Court",
        )
    )
    central = org.add_team(hull, "Hull Central")
    east = org.add_team(hull, "Hull East")
    west = org.add_team(hull, "Hull West")
    north = org.add_team(hull, "Hull North")
    riding = org.add_team(beverley, "Beverley and Holderness")

    def untrained(team: int, role: str = CASE_MANAGER, persona: str = "") -> None:
        org.add(
            StaffSpec(
                role=role,
                team=team,
                gender=MALE if rng.random() < 0.4 else FEMALE,
                job_title="Senior case manager"
                if role == SENIOR_CASE_MANAGER
                else _case_manager_title(rng),
                years_in_role=round(float(rng.uniform(0.5, 16.0)), 1),
                persona=persona,
            )
        )

    seniors = iter(TRAINED_SENIOR_YEARS)
    case_managers = iter(TRAINED_CASE_MANAGER_YEARS)

    def trained(team: int, role: str, persona: str = "", women_only: bool = False) -> None:
        years = next(seniors) if role == SENIOR_CASE_MANAGER else next(case_managers)
        title = "Senior case manager" if role == SENIOR_CASE_MANAGER else _case_manager_title(rng)
        if women_only:
            title += ", women's caseload"
        org.add(
            StaffSpec(
                role=role,
                team=team,
                gender=FEMALE,
                job_title=title,
                years_in_role=years,
                trained=True,
                women_only=women_only,
                persona=persona,
            )
        )

    # Hull Central: the personas' team.
    trained(central, SENIOR_CASE_MANAGER, persona="senior_case_manager")
    trained(central, CASE_MANAGER, persona="trained_case_manager")
    trained(central, SENIOR_CASE_MANAGER)
    trained(central, CASE_MANAGER)
    untrained(central, persona="colleague")
    untrained(central, persona="excluded_officer")
    untrained(central)
    untrained(central)
    # Hull East: the rest of the trained case managers, two of them with women only.
    trained(east, SENIOR_CASE_MANAGER)
    trained(east, SENIOR_CASE_MANAGER)
    trained(east, CASE_MANAGER, women_only=True)
    trained(east, CASE_MANAGER, women_only=True)
    trained(east, CASE_MANAGER)
    trained(east, CASE_MANAGER)
    untrained(east)
    untrained(east)
    for team in (west, north):
        untrained(team, SENIOR_CASE_MANAGER)
        for _ in range(6):
            untrained(team)
    # Beverley.
    untrained(riding, SENIOR_CASE_MANAGER)
    untrained(riding, persona="officer_elsewhere")
    for _ in range(3):
        untrained(riding)

    for role, title, persona in (
        ("programme_manager", "MyDirection programme manager", "programme_manager"),
        ("data_protection_officer", "Data protection officer", "data_protection_officer"),
        ("evaluator", "Evaluation researcher", "evaluator"),
        ("administrator", "Systems administrator", "administrator"),
    ):
        org.add(
            StaffSpec(
                role=role,
                team=None,
                gender=MALE if rng.random() < 0.5 else FEMALE,
                job_title=title,
                years_in_role=round(float(rng.uniform(1.0, 12.0)), 1),
                persona=persona,
            )
        )
    add_partners(org)
    # --- Volunteering: Hull's volunteer coordinator, in the personas' team (a fixed name, last,
    # so that no one else's drawn name or identifier changes).
    org.add(
        StaffSpec(
            role="volunteer_coordinator",
            team=central,
            gender=FEMALE,
            job_title="Volunteer coordinator",
            years_in_role=4.0,
            persona="volunteer_coordinator",
            first_name="Nadia",
            last_name="Osei",
            fixed=True,
        )
    )
    return org


# The partners' workers and the volunteer, with fixed names: drawing theirs would change
# every other member of staff's name from the same seed.
PARTNER_WORKERS: tuple[tuple[str, str, str, str, str], ...] = (
    # (organisation, first name, last name, job title, persona)
    (TIME_BANK, "Janice", "Holloway", "Time Bank broker", "partner_worker"),
    (LIFE_COACHING, "Marcus", "Bell", "Life coach", ""),
    (WOMENS_CENTRE, "Shazia", "Rahman", "Support worker", ""),
)


def add_partners(org: Organisation) -> None:
    """The partner organisations, a worker for each, and a volunteer (no team: they work
    with the probation service, not in it)."""
    org.partners.extend(PARTNERS)
    index = {partner.name: i for i, partner in enumerate(org.partners)}
    for organisation, first, last, title, persona in PARTNER_WORKERS:
        org.add(
            StaffSpec(
                role="partner_worker",
                team=None,
                gender=FEMALE if first != "Marcus" else MALE,
                job_title=title,
                years_in_role=3.0,
                persona=persona,
                first_name=first,
                last_name=last,
                organisation=index[organisation],
                fixed=True,
            )
        )
    org.add(
        StaffSpec(
            role="volunteer",
            team=None,
            gender=MALE,
            job_title="Volunteer, small groups and peer mentoring",
            years_in_role=2.0,
            persona="volunteer",
            first_name="Dave",
            last_name="Ackroyd",
            fixed=True,
        )
    )
    # --- The Time Bank: a community member with an account (demo.time_bank makes her a
    # member of the Hull Time Bank).
    org.add(
        StaffSpec(
            role="time_bank_member",
            team=None,
            gender=FEMALE,
            job_title="",
            years_in_role=1.0,
            persona="community_member",
            first_name="Maggie",
            last_name="Brennan",
            fixed=True,
        )
    )


def scaled_organisation(rng: np.random.Generator, case_holders: int) -> Organisation:
    """The calibrated organisation plus offices elsewhere until there are at least
    ``case_holders`` case managers. In each added office the first team is trained."""
    org = calibrated_organisation(rng)
    needed = case_holders - len(org.case_holders())
    number = 0
    while needed > 0:
        town, postcode_area = TOWNS[number % len(TOWNS)]
        suffix = OFFICE_SUFFIXES[number // len(TOWNS) % len(OFFICE_SUFFIXES)]
        generation = number // (len(TOWNS) * len(OFFICE_SUFFIXES))
        name = f"{town}{suffix}" + (f" {generation + 1}" if generation else "")
        number += 1
        office = org.add_office(
            OfficeSpec(
                name,
                names.town_area(town, postcode_area),
                f"{town} Magistrates' Court",
                f"{town} Crown Court",
            )
        )
        # Whole teams, and only as many as are needed: the last office may be smaller.
        for t, team_name in enumerate(TEAM_NAMES):
            if needed <= 0:
                break
            team = org.add_team(office, f"{name} {team_name}")
            is_trained = t == 0
            for s in range(STAFF_PER_TEAM):
                role = SENIOR_CASE_MANAGER if s == 0 else CASE_MANAGER
                org.add(
                    StaffSpec(
                        role=role,
                        team=team,
                        gender=FEMALE if is_trained or rng.random() < 0.6 else MALE,
                        job_title="Senior case manager"
                        if role == SENIOR_CASE_MANAGER
                        else _case_manager_title(rng),
                        years_in_role=round(float(rng.uniform(0.5, 16.0)), 1),
                        trained=is_trained,
                    )
                )
                needed -= 1
    return org


def name_staff(rng: np.random.Generator, org: Organisation, taken: set[str]) -> None:
    """Give every member of staff a British name (unless they have one), a username and an
    example.org address, and every office an address in its area."""
    unnamed = [s for s in org.staff if not s.fixed]
    genders = np.array([s.gender for s in unnamed])
    firsts = names.first_names(rng, genders)
    lasts = names.last_names(rng, len(unnamed))
    for spec, first, last in zip(unnamed, firsts.tolist(), lasts.tolist(), strict=True):
        spec.first_name, spec.last_name = first, last
        spec.username = names.username(first, last, taken)
        spec.email = f"{spec.username}@example.org"
    for spec in org.staff:
        if spec.fixed:
            spec.username = names.username(spec.first_name, spec.last_name, taken)
            spec.email = f"{spec.username}@example.org"
    places = names.addresses(rng, [office.area for office in org.offices], len(org.offices))
    for office, address, postcode in zip(org.offices, places.address, places.postcode, strict=True):
        office.address = f"{address}\n{postcode}"


@dataclass(frozen=True)
class TrainingDay:
    course: str
    on: date


def working_day(day: date) -> date:
    """The day itself, or the Monday after a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def training_days(pilot_start: date, pilot_end: date, *, reporter: bool) -> list[TrainingDay]:
    """The courses a trained case manager completed before the pilot (person-centred
    practice, strengths-based working, the Three Conversations), the Action Learning Sets
    every six weeks during it and, for some, Community Reporting."""
    days = [
        TrainingDay("person_centred", working_day(pilot_start - timedelta(days=42))),
        TrainingDay("strengths_based", working_day(pilot_start - timedelta(days=28))),
        TrainingDay("three_conversations", working_day(pilot_start - timedelta(days=21))),
    ]
    day = pilot_start + timedelta(days=42)
    while day <= pilot_end:
        days.append(TrainingDay("action_learning", working_day(day)))
        day += timedelta(days=42)
    if reporter:
        days.append(
            TrainingDay("community_reporting", working_day(pilot_start + timedelta(days=60)))
        )
    return days
