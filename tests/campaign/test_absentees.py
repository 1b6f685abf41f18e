"""Absentees and make-up sessions (补课): entered once on the session, with the make-up session
naming whom it makes up for; each session shows who has made up and who has not."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign.choices import AbsenceReason
from campaign.exchange.absentee_cells import format_absentees, parse_absentees
from campaign.models import Absentee, StudySession
from campaign.services import Absences, session_delete, session_save
from tests.campaign.entries import days_ago, post_session, session_form
from tests.factories import StudySessionFactory
from tests.forms import admin_form

SICK, BUSINESS, OTHER = AbsenceReason.SICK, AbsenceReason.BUSINESS, AbsenceReason.OTHER
# The migration that turned the old free text into rows: it carries its own reader of that text.
ABSENTEES_MIGRATION = importlib.import_module("campaign.migrations.0015_absentees")
ABSENT = [("张伟", SICK, ""), ("王芳", BUSINESS, ""), ("李娜", OTHER, "借调区委")]


def counts(session: StudySession) -> tuple[int, int]:
    session.refresh_from_db()
    return session.absentee_count, session.made_up_count


def missed_session(tree, absentees=ABSENT, **fields) -> StudySession:
    return StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(20),
        title="学习李斌同志事迹",
        absentees=absentees,
        **fields,
    )


def absentee(session: StudySession, name: str) -> Absentee:
    return session.absentees.get(name=name)


# --- The write path ---------------------------------------------------------------------------


def test_a_session_keeps_its_absentees_and_counts_them(tree):
    missed = missed_session(tree)

    assert [(a.name, a.reason, a.note) for a in missed.absentees.all()] == ABSENT
    assert counts(missed) == (3, 0)


def test_a_make_up_session_marks_whom_it_makes_up_for_and_the_missed_session_counts_them(tree):
    missed = missed_session(tree)
    makeup = StudySessionFactory(
        organisation=tree.unit,
        held_on=days_ago(5),
        made_up=[absentee(missed, "张伟"), absentee(missed, "王芳")],
    )

    assert counts(missed) == (3, 2)
    assert set(makeup.made_up_absentees.values_list("name", flat=True)) == {"张伟", "王芳"}
    assert absentee(missed, "李娜").made_up_in is None


def test_changing_the_missed_sessions_list_keeps_the_make_ups_of_names_still_on_it(tree):
    missed = missed_session(tree)
    makeup = StudySessionFactory(
        organisation=tree.unit, held_on=days_ago(5), made_up=[absentee(missed, "张伟")]
    )

    session_save(
        missed,
        points=missed.points.all(),
        by=tree.organiser,
        absences=Absences(absentees=[("张伟", BUSINESS, "外出培训"), ("赵磊", SICK, "")]),
    )

    assert absentee(missed, "张伟").made_up_in == makeup
    assert absentee(missed, "张伟").reason == BUSINESS
    assert set(missed.absentees.values_list("name", flat=True)) == {"张伟", "赵磊"}
    assert counts(missed) == (2, 1)


def test_deleting_a_make_up_session_counts_its_absentees_as_not_made_up_again(tree):
    missed = missed_session(tree)
    makeup = StudySessionFactory(
        organisation=tree.unit, held_on=days_ago(5), made_up=list(missed.absentees.all())
    )
    assert counts(missed) == (3, 3)

    session_delete(StudySession.objects.filter(pk=makeup.pk))

    assert counts(missed) == (3, 0)
    assert not Absentee.objects.filter(made_up_in__isnull=False).exists()


def test_a_make_up_session_takes_back_those_it_no_longer_names(tree):
    missed = missed_session(tree)
    makeup = StudySessionFactory(
        organisation=tree.unit, held_on=days_ago(5), made_up=list(missed.absentees.all())
    )

    session_save(
        makeup,
        points=makeup.points.all(),
        by=tree.organiser,
        absences=Absences(made_up=[absentee(missed, "李娜").pk]),
    )

    assert list(makeup.made_up_absentees.values_list("name", flat=True)) == ["李娜"]
    assert counts(missed) == (3, 1)


@pytest.mark.parametrize(
    "case",
    ["another unit", "held before the missed session", "made up already", "its own absentee"],
)
def test_a_make_up_that_breaks_the_rules_is_refused_and_nothing_is_saved(tree, case):
    missed = missed_session(tree)
    zhang = absentee(missed, "张伟")
    unit, held_on = tree.unit, days_ago(5)
    if case == "another unit":
        unit = tree.sibling
    elif case == "held before the missed session":
        held_on = days_ago(25)
    elif case == "made up already":
        StudySessionFactory(organisation=tree.unit, held_on=days_ago(10), made_up=[zhang])
    sessions = StudySession.objects.count()

    with pytest.raises(ValidationError) as refused:
        if case == "its own absentee":
            session_save(
                missed,
                points=missed.points.all(),
                by=tree.organiser,
                absences=Absences(made_up=[zhang.pk]),
            )
        else:
            StudySessionFactory(organisation=unit, held_on=held_on, made_up=[zhang])

    assert "张伟" in refused.value.message_dict["made_up"][0]
    assert StudySession.objects.count() == sessions
    zhang.refresh_from_db()
    assert zhang.made_up_in_id == (
        StudySession.objects.exclude(pk=missed.pk).values_list("pk", flat=True).first()
        if case == "made up already"
        else None
    )


def test_a_missed_session_cannot_move_after_the_make_up_that_named_its_absentees(tree):
    missed = missed_session(tree)
    StudySessionFactory(
        organisation=tree.unit, held_on=days_ago(10), made_up=[absentee(missed, "张伟")]
    )
    missed.held_on = days_ago(3)

    with pytest.raises(ValidationError) as refused:
        session_save(missed, points=missed.points.all(), by=tree.organiser)

    assert "张伟" in refused.value.message_dict["held_on"][0]
    assert StudySession.objects.get(pk=missed.pk).held_on == days_ago(20)


def test_the_same_name_twice_on_one_session_is_refused(tree):
    with pytest.raises(ValidationError) as refused:
        missed_session(
            tree,
            absentees=[
                ("张伟", SICK, ""),
                ("王芳", SICK, ""),
                ("张伟", BUSINESS, ""),
                ("王芳", SICK, ""),
            ],
        )
    # One rule, one message: the same words as on the session's form and in a file's cell.
    assert refused.value.messages == ["张伟、王芳 重复填写。"]
    assert not Absentee.objects.exists()


# --- The old free text ------------------------------------------------------------------------


def test_the_old_free_text_becomes_rows_and_keeps_what_it_cannot_read():
    rows, kept = ABSENTEES_MIGRATION.from_free_text(
        "张三：病假\r\n李四（出差）\n王五、赵六：事假\n另有2人值班\n\n钱七 借调"
    )

    assert rows == [
        ("张三", SICK, ""),
        ("李四", BUSINESS, "出差"),
        ("王五", AbsenceReason.PERSONAL, ""),
        ("赵六", AbsenceReason.PERSONAL, ""),
        ("钱七", OTHER, "借调"),
    ]
    assert kept == "另有2人值班"


def test_the_old_free_text_that_names_no_one_stays_as_it_was():
    text = "无\n全员参加。\nZhang San: sick"

    assert ABSENTEES_MIGRATION.from_free_text(text) == ([], text)


def test_an_other_reason_in_the_old_free_text_keeps_its_words_as_the_note():
    # Even the label's own word: a row with the reason "other" needs a note (a constraint).
    rows, kept = ABSENTEES_MIGRATION.from_free_text("张三：其他\n李四（借调）")

    assert rows == [("张三", OTHER, "其他"), ("李四", OTHER, "借调")]
    assert kept == ""


# --- The backend --------------------------------------------------------------------------------


def absentee_rows(*rows, initial=()) -> dict:
    """The absentees' inline as posted: `initial` rows already stored, then new `rows`."""
    data = {
        "absentees-TOTAL_FORMS": str(len(initial) + len(rows)),
        "absentees-INITIAL_FORMS": str(len(initial)),
    }
    for i, (stored, name, reason, note) in enumerate(
        [*((a, a.name, a.reason, a.note) for a in initial), *((None, *row) for row in rows)]
    ):
        data.update(
            {
                f"absentees-{i}-id": stored.pk if stored else "",
                f"absentees-{i}-session": stored.session_id if stored else "",
                f"absentees-{i}-name": name,
                f"absentees-{i}-reason": reason,
                f"absentees-{i}-note": note,
            }
        )
    return data


def test_an_organiser_enters_absentees_on_the_session_form(client_as, tree, point):
    client = client_as("organiser")

    response = post_session(
        client,
        session_form(tree.unit, **absentee_rows(("张伟", SICK, ""), ("李娜", OTHER, "借调"))),
    )

    assert response.status_code == 302
    session = StudySession.objects.get()
    assert [(a.name, a.reason, a.note) for a in session.absentees.all()] == [
        ("张伟", SICK, ""),
        ("李娜", OTHER, "借调"),
    ]
    assert counts(session) == (2, 0)
    assert session.history.count() == 1


def test_an_other_reason_without_a_note_or_a_name_twice_is_refused_on_the_form(
    client_as, tree, point
):
    client = client_as("organiser")

    no_note = post_session(client, session_form(tree.unit, **absentee_rows(("李娜", OTHER, ""))))
    twice = post_session(
        client,
        session_form(
            tree.unit,
            **absentee_rows(
                ("张伟", SICK, ""), ("王芳", SICK, ""), ("张伟", SICK, ""), ("王芳", OTHER, "借调")
            ),
        ),
    )

    assert no_note.status_code == twice.status_code == 200
    assert "请说明其他原因" in no_note.content.decode()
    assert "张伟、王芳 重复填写" in twice.content.decode()
    assert not StudySession.objects.exists()


def test_the_make_up_button_opens_a_form_with_the_absentees_who_have_not_made_up_chosen(
    client_as, tree, point
):
    missed = missed_session(tree)
    StudySessionFactory(
        organisation=tree.unit, held_on=days_ago(10), made_up=[absentee(missed, "王芳")]
    )
    client = client_as("organiser")

    page = client.get(reverse("admin:campaign_studysession_change", args=[missed.pk]))
    add = client.get(reverse("admin:campaign_studysession_add"), {"makeup_of": missed.pk})

    assert f"?makeup_of={missed.pk}" in page.content.decode()
    form = add.context["adminform"].form
    assert form.initial["title"] == "补课：学习李斌同志事迹"
    assert set(form.initial["made_up"]) == {
        absentee(missed, "张伟").pk,
        absentee(missed, "李娜").pk,
    }
    offered = {a.name for a in form.fields["made_up"].queryset}
    assert offered == {"张伟", "李娜"}  # 王芳 has made up already


def test_a_make_up_saved_from_the_form_shows_on_the_missed_session(client_as, tree, point):
    missed = missed_session(tree)
    client = client_as("organiser")
    zhang, li = absentee(missed, "张伟"), absentee(missed, "李娜")

    response = post_session(
        client,
        session_form(tree.unit, title="补课：学习李斌同志事迹", made_up=[zhang.pk, li.pk]),
    )

    assert response.status_code == 302
    assert counts(missed) == (3, 2)
    page = client.get(reverse("admin:campaign_studysession_change", args=[missed.pk])).content
    page = page.decode()
    assert page.count("已于") == 2
    assert page.count("未补课") == 1


def test_a_posted_absentee_of_another_unit_is_not_accepted(client_as, tree, point):
    theirs = StudySessionFactory(
        organisation=tree.other, held_on=days_ago(20), absentees=[("孙强", SICK, "")]
    )
    client = client_as("organiser")

    response = post_session(client, session_form(tree.unit, made_up=[absentee(theirs, "孙强").pk]))

    assert response.status_code == 200
    assert "made_up" in admin_form(response).errors
    assert counts(theirs) == (1, 0)
    assert StudySession.objects.count() == 1


def test_the_migration_turns_each_sessions_old_text_into_rows_and_can_turn_them_back(tree):
    typed = StudySessionFactory(organisation=tree.unit)
    text = "张三：病假\n李四（出差）\n另有2人值班"
    StudySession.objects.filter(pk=typed.pk).update(absence_note=text)
    untouched = StudySessionFactory(organisation=tree.unit, absence_note="无")

    ABSENTEES_MIGRATION.to_rows(apps, None)

    assert [(a.name, a.reason, a.note) for a in typed.absentees.all()] == [
        ("张三", SICK, ""),
        ("李四", BUSINESS, "出差"),
    ]
    typed.refresh_from_db()
    assert (typed.absence_note, typed.absentee_count) == ("另有2人值班", 2)
    untouched.refresh_from_db()
    assert (untouched.absence_note, untouched.absentee_count) == ("无", 0)

    Absentee.objects.filter(session=untouched).delete()
    ABSENTEES_MIGRATION.to_text(apps, None)

    typed.refresh_from_db()
    assert typed.absence_note == "张三：病假\n李四：公差（出差）\n另有2人值班"


def test_a_note_with_a_semicolon_reads_back_from_its_cell(tree):
    missed = missed_session(tree, absentees=[("李娜", OTHER, "借调；外出"), ("张伟", SICK, "")])
    cell = format_absentees(missed.absentees.all())

    assert cell == "李娜（其他：借调；外出）；张伟（病假）"
    assert parse_absentees(cell) == [("李娜", OTHER, "借调；外出"), ("张伟", SICK, "")]


def test_a_stored_absentee_goes_only_when_its_row_is_deleted(client_as, tree, point):
    missed = missed_session(tree)
    zhang, wang, li = (absentee(missed, name) for name in ("张伟", "王芳", "李娜"))
    form = session_form(tree.unit, title=missed.title, held_on=missed.held_on.isoformat())
    rows = absentee_rows(initial=[zhang, wang])  # 李娜's row not posted at all
    rows["absentees-1-DELETE"] = "on"

    response = post_session(client_as("organiser"), {**form, **rows}, session=missed)

    assert response.status_code == 302
    assert set(missed.absentees.values_list("pk", flat=True)) == {zhang.pk, li.pk}
    assert counts(missed) == (2, 0)
