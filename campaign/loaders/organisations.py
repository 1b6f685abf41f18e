"""The organisations the decision names: its four issuing bodies and, in each of the 16
districts, the four bodies it was sent to (此件发至各区党委组织部、各区党委宣传部、各区局（产业）工会、
各区国资委). `load_organisations` writes them idempotently, keyed on their codes."""

from dataclasses import dataclass

from django.db import transaction

from campaign.choices import DISTRICT_NAMES, District, OrganisationKind
from campaign.models import Organisation
from campaign.services import organisation_save

# Short codes for the districts, used in organisation codes (HP-ZZB: 黄浦区委组织部).
DISTRICT_CODES = {
    District.HUANGPU: "HP",
    District.XUHUI: "XH",
    District.CHANGNING: "CN",
    District.JINGAN: "JA",
    District.PUTUO: "PT",
    District.HONGKOU: "HK",
    District.YANGPU: "YP",
    District.MINHANG: "MH",
    District.BAOSHAN: "BS",
    District.JIADING: "JD",
    District.PUDONG: "PD",
    District.JINSHAN: "JS",
    District.SONGJIANG: "SJ",
    District.QINGPU: "QP",
    District.FENGXIAN: "FX",
    District.CHONGMING: "CM",
}


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    kind: str


# The four issuing bodies, as the decision's head names them; each district body sits under one.
ISSUERS = [
    Body("SH-ZZB", "中共上海市委组织部", OrganisationKind.ISSUER),
    Body("SH-XCB", "中共上海市委宣传部", OrganisationKind.ISSUER),
    Body("SH-ZGH", "上海市总工会", OrganisationKind.ISSUER),
    Body("SH-GZW", "中共上海市国有资产监督管理委员会委员会", OrganisationKind.ISSUER),
]

# (code suffix, name pattern, kind, code of the issuing body above it)
DISTRICT_BODIES = [
    ("ZZB", "{stem}区委组织部", OrganisationKind.DISTRICT_ORGANIZATION, "SH-ZZB"),
    ("XCB", "{stem}区委宣传部", OrganisationKind.DISTRICT_PROPAGANDA, "SH-XCB"),
    ("GH", "{stem}区局（产业）工会", OrganisationKind.DISTRICT_UNION, "SH-ZGH"),
    ("GZW", "{name}国资委", OrganisationKind.DISTRICT_SASAC, "SH-GZW"),
]


def district_stem(district: int) -> str:
    """黄浦 for 黄浦区; 浦东新区 stays whole."""
    name = DISTRICT_NAMES[district]
    return name if name.endswith("新区") else name.removesuffix("区")


def district_body_code(district: int, suffix: str) -> str:
    return f"{DISTRICT_CODES[district]}-{suffix}"


@transaction.atomic
def load_organisations() -> int:
    """Create the 4 issuing bodies and 64 district bodies that are missing; return how many."""
    existing = set(Organisation.objects.values_list("code", flat=True))
    created = 0
    parents = {}
    for body in ISSUERS:
        parents[body.code] = Organisation.objects.filter(code=body.code).first()
        if parents[body.code] is None:
            parents[body.code] = organisation_save(
                Organisation(
                    code=body.code, name=body.name, kind=body.kind, district=District.CITY
                ),
                by=None,
            )
            created += 1
    for district, name in DISTRICT_NAMES.items():
        for suffix, pattern, kind, parent_code in DISTRICT_BODIES:
            code = district_body_code(district, suffix)
            if code in existing:
                continue
            organisation = Organisation(
                code=code,
                name=pattern.format(stem=district_stem(district), name=name),
                kind=kind,
                district=district,
                parent=parents[parent_code],
            )
            organisation_save(organisation, by=None)
            created += 1
    return created
