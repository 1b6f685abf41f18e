# Figures per decision and per learning point instead of a column per point (issue 18), in three
# steps: the new columns and tables (0016), the old point columns turned into rows (0017), the
# old columns and the sessions' point flags gone (0018). Each its own transaction: PostgreSQL
# builds indexes at the end of a migration and alters no table with writes pending on it.

import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0015_absentees"),
        ("documents", "0002_studied_points"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyPointFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "district",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "City level"),
                            (1, "Huangpu"),
                            (2, "Xuhui"),
                            (3, "Changning"),
                            (4, "Jing'an"),
                            (5, "Putuo"),
                            (6, "Hongkou"),
                            (7, "Yangpu"),
                            (8, "Minhang"),
                            (9, "Baoshan"),
                            (10, "Jiading"),
                            (11, "Pudong New Area"),
                            (12, "Jinshan"),
                            (13, "Songjiang"),
                            (14, "Qingpu"),
                            (15, "Fengxian"),
                            (16, "Chongming"),
                        ],
                        verbose_name="district",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issuer", "Issuing body"),
                            ("district_organization", "District organization department"),
                            ("district_propaganda", "District propaganda department"),
                            ("district_union", "District or industry union"),
                            ("union_branch", "Union branch"),
                            ("district_sasac", "District SASAC"),
                            ("sasac_unit", "SASAC enterprise party organisation"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("active", models.BooleanField(verbose_name="active")),
                ("sessions", models.PositiveIntegerField(default=0)),
                ("participants", models.PositiveIntegerField(default=0)),
                ("reflections", models.PositiveIntegerField(default=0)),
                ("day", models.DateField(verbose_name="day")),
            ],
            options={
                "verbose_name": "daily figures of a learning point",
                "verbose_name_plural": "daily figures of learning points",
            },
        ),
        migrations.CreateModel(
            name="MonthlyPointFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "district",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "City level"),
                            (1, "Huangpu"),
                            (2, "Xuhui"),
                            (3, "Changning"),
                            (4, "Jing'an"),
                            (5, "Putuo"),
                            (6, "Hongkou"),
                            (7, "Yangpu"),
                            (8, "Minhang"),
                            (9, "Baoshan"),
                            (10, "Jiading"),
                            (11, "Pudong New Area"),
                            (12, "Jinshan"),
                            (13, "Songjiang"),
                            (14, "Qingpu"),
                            (15, "Fengxian"),
                            (16, "Chongming"),
                        ],
                        verbose_name="district",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issuer", "Issuing body"),
                            ("district_organization", "District organization department"),
                            ("district_propaganda", "District propaganda department"),
                            ("district_union", "District or industry union"),
                            ("union_branch", "Union branch"),
                            ("district_sasac", "District SASAC"),
                            ("sasac_unit", "SASAC enterprise party organisation"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("active", models.BooleanField(verbose_name="active")),
                ("sessions", models.PositiveIntegerField(default=0)),
                ("participants", models.PositiveIntegerField(default=0)),
                ("reflections", models.PositiveIntegerField(default=0)),
                ("month", models.DateField(verbose_name="month")),
            ],
            options={
                "verbose_name": "monthly figures of a learning point",
                "verbose_name_plural": "monthly figures of learning points",
            },
        ),
        migrations.RemoveConstraint(model_name="dailyfigures", name="daily_figures_group"),
        migrations.RemoveConstraint(model_name="monthlyfigures", name="monthly_figures_group"),
        migrations.RemoveConstraint(model_name="unitactivity", name="unit_activity_era"),
        migrations.RemoveIndex(model_name="studysession", name="session_date_units"),
        migrations.AddField(
            model_name="dailyfigures",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="dailyfigures",
            name="reflections",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.document",
                verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="reflections",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="unitactivity",
            name="months",
            field=models.BigIntegerField(default=0, verbose_name="months"),
        ),
        migrations.AddField(
            model_name="unitactivity",
            name="point",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.AddField(
            model_name="dailypointfigures",
            name="point",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
        migrations.AddField(
            model_name="monthlypointfigures",
            name="point",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="documents.learningpoint",
                verbose_name="learning point",
            ),
        ),
    ]
