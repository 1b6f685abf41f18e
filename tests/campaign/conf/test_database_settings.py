"""The portal's own PostgreSQL connections: settings the reports' plans depend on."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_price_random_reads_as_on_ssd_and_compile_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("settings of PostgreSQL's connections")
    with connection.cursor() as cursor:
        # Priced as on a spinning disk (4), the city dashboard hashes 100,000 units instead of
        # reading their activity in index order.
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
