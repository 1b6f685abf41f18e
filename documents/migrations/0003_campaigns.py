# Issue 18: a campaign is data. The schema that makes room for many decisions; 0004 makes the
# decision already loaded the first campaign and 0005 then requires every point and fact to name
# its document.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_studied_points'),
    ]

    operations = [
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='Its address: /c/<slug>/.', unique=True, verbose_name='slug')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                ('opens_on', models.DateField(verbose_name='opens on')),
                ('closes_on', models.DateField(blank=True, help_text='Empty: open-ended.', null=True, verbose_name='closes on')),
                ('is_sample', models.BooleanField(default=False, help_text='Made up for the demo: always shown marked as a sample, never as a real document.', verbose_name='sample')),
                ('honours', models.CharField(blank=True, help_text='As the decision names them (e.g. 李斌同志); empty when it has no profile.', max_length=50, verbose_name='person honoured')),
                ('document', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='campaign', to='documents.document', verbose_name='decision')),
            ],
            options={
                'verbose_name': 'campaign',
                'verbose_name_plural': 'campaigns',
                'ordering': ['-opens_on', 'slug'],
                'constraints': [models.CheckConstraint(condition=models.Q(('closes_on__isnull', True), ('closes_on__gte', models.F('opens_on')), _connector='OR'), name='campaign_closes_after_it_opens')],
            },
        ),
        migrations.AddField(
            model_name='learningpoint',
            name='document',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='points', to='documents.document', verbose_name='document'),
        ),
        migrations.AddField(
            model_name='profilefact',
            name='document',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='profile_facts', to='documents.document', verbose_name='document'),
        ),
        migrations.RemoveConstraint(
            model_name='learningpoint',
            name='learning_point_number_1_to_4',
        ),
        migrations.AlterField(
            model_name='learningpoint',
            name='number',
            field=models.PositiveSmallIntegerField(verbose_name='number'),
        ),
        migrations.RemoveConstraint(
            model_name='profilefact',
            name='unique_profile_fact_position',
        ),
        migrations.AlterModelOptions(
            name='learningpoint',
            options={'ordering': ['document', 'number'], 'verbose_name': 'learning point', 'verbose_name_plural': 'learning points'},
        ),
        migrations.AlterModelOptions(
            name='profilefact',
            options={'ordering': ['document', 'position'], 'verbose_name': 'profile fact', 'verbose_name_plural': 'profile facts'},
        ),
    ]
