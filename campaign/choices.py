"""Fixed choice lists of the campaign, with their Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def one_of(field: str, choices: type[models.Choices]) -> models.Q:
    """A check constraint's condition: the field holds one of its choices (imports and scripts
    pass by the forms that offer only those)."""
    return models.Q(**{f"{field}__in": choices.values})


class District(models.IntegerChoices):
    """Shanghai's 16 districts in their official order, after the city level.

    Stored as integers so that ORDER BY district gives the official order in every list, report
    and export.
    """

    CITY = 0, _("City level")
    HUANGPU = 1, _("Huangpu")
    XUHUI = 2, _("Xuhui")
    CHANGNING = 3, _("Changning")
    JINGAN = 4, _("Jing'an")
    PUTUO = 5, _("Putuo")
    HONGKOU = 6, _("Hongkou")
    YANGPU = 7, _("Yangpu")
    MINHANG = 8, _("Minhang")
    BAOSHAN = 9, _("Baoshan")
    JIADING = 10, _("Jiading")
    PUDONG = 11, _("Pudong New Area")
    JINSHAN = 12, _("Jinshan")
    SONGJIANG = 13, _("Songjiang")
    QINGPU = 14, _("Qingpu")
    FENGXIAN = 15, _("Fengxian")
    CHONGMING = 16, _("Chongming")


# District names as written in Chinese, independent of the interface language. "区委" and "区局"
# follow the name's stem: 黄浦区委组织部, but 浦东新区区委组织部.
DISTRICT_NAMES = {
    District.HUANGPU: "黄浦区",
    District.XUHUI: "徐汇区",
    District.CHANGNING: "长宁区",
    District.JINGAN: "静安区",
    District.PUTUO: "普陀区",
    District.HONGKOU: "虹口区",
    District.YANGPU: "杨浦区",
    District.MINHANG: "闵行区",
    District.BAOSHAN: "宝山区",
    District.JIADING: "嘉定区",
    District.PUDONG: "浦东新区",
    District.JINSHAN: "金山区",
    District.SONGJIANG: "松江区",
    District.QINGPU: "青浦区",
    District.FENGXIAN: "奉贤区",
    District.CHONGMING: "崇明区",
}


class OrganisationKind(models.TextChoices):
    # Declared in the decision's order of bodies (组织部, 宣传部, 工会, 国资委): the 汇总表 lists
    # a district's units in this order.
    ISSUER = "issuer", _("Issuing body")
    DISTRICT_ORGANIZATION = "district_organization", _("District organization department")
    DISTRICT_PROPAGANDA = "district_propaganda", _("District propaganda department")
    DISTRICT_UNION = "district_union", _("District or industry union")
    UNION_BRANCH = "union_branch", _("Union branch")
    DISTRICT_SASAC = "district_sasac", _("District SASAC")
    SASAC_UNIT = "sasac_unit", _("SASAC enterprise party organisation")
    OTHER = "other", _("Other")


class SessionFormat(models.TextChoices):
    GROUP_STUDY = "group_study", _("Group study")
    PARTY_LECTURE = "party_lecture", _("Themed Party lecture")
    DISCUSSION = "discussion", _("Discussion")
    TALK = "talk", _("Lecture or report")
    VISIT = "visit", _("Study visit")
    ONLINE = "online", _("Online study")
    OTHER = "other", _("Other")


class ReflectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    FEATURED = "featured", _("Featured")
    RETURNED = "returned", _("Returned")


# The reflections a reviewer accepted: approved, and featured (approved and shown to the public).
APPROVED_STATUSES = (ReflectionStatus.APPROVED, ReflectionStatus.FEATURED)


class AbsenceReason(models.TextChoices):
    BUSINESS = "business", _("Official business")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    OTHER = "other", _("Other")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    SIGN_IN_SHEET = "sign_in_sheet", _("Sign-in sheet")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("checked, not confirmed")
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("nothing imported")


class ExemptionReason(models.TextChoices):
    """Why a unit in a campaign's scope is not called to take part in it."""

    MERGED = "merged", _("Merged into another unit")
    DISSOLVED = "dissolved", _("Dissolved")
    UNSTAFFED = "unstaffed", _("Not yet staffed")
    OTHER = "other", _("Other")
