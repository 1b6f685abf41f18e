# Issue 18: every learning point and profile fact names its document (0004 filled them in);
# a point's number is unique within its document, from 1 to 12, and so is a fact's position.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_first_campaign'),
    ]

    operations = [
        migrations.AlterField(
            model_name='learningpoint',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='points', to='documents.document', verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='profilefact',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='profile_facts', to='documents.document', verbose_name='document'),
        ),
        migrations.AddConstraint(
            model_name='learningpoint',
            constraint=models.UniqueConstraint(fields=('document', 'number'), name='unique_point_number_per_document'),
        ),
        migrations.AddConstraint(
            model_name='learningpoint',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1), ('number__lte', 12)), name='learning_point_number_1_to_12'),
        ),
        migrations.AddConstraint(
            model_name='profilefact',
            constraint=models.UniqueConstraint(fields=('document', 'position'), name='unique_profile_fact_position_per_document'),
        ),
    ]
