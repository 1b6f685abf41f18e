"""Absentees become rows (name, reason, note, the make-up they attended) instead of free text.

The free text moves into the session's note on absence (a rename keeps every character, in the
history too); then each line that reads as names and a reason ("张三：病假", "李四（出差）") becomes
rows, with the words written kept in the row's note where they differ from the reason's label,
and only the lines that do not read so stay in the note. Nothing is lost either way.
"""

import re

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

# The reasons' labels as they were here: to_text writes them, from_free_text compares with them.
LABELS = {"business": "公差", "sick": "病假", "personal": "事假", "other": "其他"}
CHUNK = 2000

# Frozen copy of campaign.absences.from_free_text with SAID and FREE, as of 50fbe61 (2026-11-25).
# The old free text: a reason as units wrote it, and the reason it is. The words they wrote stay
# in the note whenever they differ from the label (always for "other", whose note is required).
SAID = {
    "公差": "business",
    "出差": "business",
    "因公": "business",
    "公出": "business",
    "病假": "sick",
    "生病": "sick",
    "病": "sick",
    "事假": "personal",
    "请假": "personal",
}
# "张三：病假", "张三 病假", "张三（出差）", "张三、李四：病假".
FREE = re.compile(
    r"^(?P<names>[\u4e00-\u9fff·]{2,5}(?:[、,，][\u4e00-\u9fff·]{2,5})*)\s*"
    r"(?:[：:]\s*(?P<said>[^（）()]{1,30})|\s+(?P<spaced>\S{1,30})|[（(](?P<braced>[^（）()]{1,30})[）)])$"
)
NOTE_MOST = 200


def from_free_text(text):
    """The old free text as (name, reason, note) rows and the lines it could not read, verbatim."""
    rows, kept, seen = [], [], set()
    for line in (text or "").splitlines():
        stripped = line.strip().rstrip("。；;，,")
        match = FREE.match(stripped)
        names = re.split(r"[、,，]", match["names"]) if match else []
        if not match or any(name in seen for name in names) or len(set(names)) < len(names):
            if line.strip():
                kept.append(line.rstrip())
            continue
        said = (match["said"] or match["spaced"] or match["braced"]).strip()
        reason = SAID.get(said, "other")
        note = "" if reason != "other" and LABELS[reason] == said else said
        for name in names:
            seen.add(name)
            rows.append((name, reason, note[:NOTE_MOST]))
    return rows, "\n".join(kept)


def to_rows(apps, schema_editor):
    StudySession = apps.get_model("campaign", "StudySession")
    Absentee = apps.get_model("campaign", "Absentee")
    written = StudySession.objects.exclude(absence_note="").only("pk", "absence_note")
    batch = []
    for session in written.iterator(chunk_size=CHUNK):
        rows, kept = from_free_text(session.absence_note)
        if not rows:
            continue
        Absentee.objects.bulk_create(
            Absentee(session_id=session.pk, name=name, reason=reason, note=note)
            for name, reason, note in rows
        )
        session.absence_note, session.absentee_count = kept, len(rows)
        batch.append(session)
        if len(batch) >= CHUNK:
            StudySession.objects.bulk_update(batch, ["absence_note", "absentee_count"])
            batch = []
    StudySession.objects.bulk_update(batch, ["absence_note", "absentee_count"])


def to_text(apps, schema_editor):
    StudySession = apps.get_model("campaign", "StudySession")
    Absentee = apps.get_model("campaign", "Absentee")
    lines: dict[int, list[str]] = {}
    for absentee in Absentee.objects.order_by("session", "pk").iterator(chunk_size=CHUNK):
        note = f"（{absentee.note}）" if absentee.note else ""
        lines.setdefault(absentee.session_id, []).append(
            f"{absentee.name}：{LABELS[absentee.reason]}{note}"
        )
    sessions = StudySession.objects.filter(pk__in=list(lines)).only("pk", "absence_note")
    for session in sessions.iterator(chunk_size=CHUNK):
        kept = [session.absence_note] if session.absence_note else []
        session.absence_note = "\n".join([*lines[session.pk], *kept])[:2000]
        session.save(update_fields=["absence_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0014_reminder_log"),
    ]

    operations = [
        migrations.RenameField(
            model_name="studysession", old_name="absentees", new_name="absence_note"
        ),
        migrations.RenameField(
            model_name="historicalstudysession", old_name="absentees", new_name="absence_note"
        ),
        migrations.AlterField(
            model_name="historicalstudysession",
            name="absence_note",
            field=models.TextField(
                blank=True,
                help_text="Name each absentee in the list of absentees; this is for anything else.",
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="other notes on absence",
            ),
        ),
        migrations.AlterField(
            model_name="studysession",
            name="absence_note",
            field=models.TextField(
                blank=True,
                help_text="Name each absentee in the list of absentees; this is for anything else.",
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="other notes on absence",
            ),
        ),
        migrations.AddField(
            model_name="studysession",
            name="absentee_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="studysession",
            name="made_up_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name="Absentee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="full name")),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("business", "Official business"),
                            ("sick", "Sick leave"),
                            ("personal", "Personal leave"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="reason",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Required when the reason is “other”.",
                        max_length=200,
                        verbose_name="note",
                    ),
                ),
                (
                    "made_up_in",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="made_up_absentees",
                        to="campaign.studysession",
                        verbose_name="make-up session",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="absentees",
                        to="campaign.studysession",
                        verbose_name="study session",
                    ),
                ),
            ],
            options={
                "verbose_name": "absentee",
                "verbose_name_plural": "absentees",
                "ordering": ["session", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("session", "name"), name="absentee_once_a_session"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("reason__in", ["business", "sick", "personal", "other"])
                        ),
                        name="absentee_reason_choice",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("reason", "other"), _negated=True),
                            models.Q(("note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="absentee_other_reason_said",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("made_up_in", models.F("session")), _negated=True),
                        name="absentee_made_up_later",
                    ),
                ],
            },
        ),
        migrations.RunPython(to_rows, to_text),
    ]
