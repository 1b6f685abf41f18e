"""Two clicks that reach the server at the same moment, each in a browser (a client and a
database connection) of its own, signed in as the same user."""

import threading

from django.db import connection
from django.test import Client


def at_the_same_moment(user, click, times: int = 2) -> list[int]:
    """Run `click(client)` from `times` threads released together; their answers' statuses."""
    together = threading.Barrier(times)
    answers = []

    def one():
        client = Client()
        client.force_login(user)
        together.wait()
        answers.append(click(client).status_code)
        connection.close()

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
