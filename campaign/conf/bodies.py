"""Request bodies that arrive whole and in time, or not at all.

- When a client goes away half-way through an upload, the server's input stream simply ends
  early: Django's form parser then sees a shorter body, drops the unfinished file and would save
  the rest of the form (a session without its photo). Here the stream raises instead when it ends
  before the Content-Length the client announced, so Django refuses the request (its CSRF check,
  which reads the form first, answers 403 to a client that is no longer there): nothing is saved.
- A client that stops sending in the middle of its body (a stalled phone, or an attacker) would
  hold a gunicorn thread for as long as it likes. Under gunicorn a body that sends nothing for
  `REQUEST_BODY_TIMEOUT` seconds is cut off the same way, freeing the thread. A slow upload that
  keeps sending is not affected: the limit is on silence, not on the whole upload.
"""

from django.conf import settings
from django.http import UnreadablePostError


class CompleteBody:
    """A request body that must deliver `length` bytes."""

    def __init__(self, stream, length: int):
        self.stream = stream
        self.left = length

    def read(self, size: int = -1) -> bytes:
        return self._take(self.stream.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._take(self.stream.readline, size)

    def _take(self, read, size) -> bytes:
        wanted = self.left if size is None or size < 0 else min(size, self.left)
        data = read(wanted) if wanted else b""
        self.left -= len(data)
        if wanted and not data:
            raise UnreadablePostError(f"the request body ended {self.left} bytes early")
        return data


def complete_bodies(application):
    """The WSGI application, given only request bodies that arrive whole."""

    def wrapped(environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0:
            environ["wsgi.input"] = CompleteBody(environ["wsgi.input"], length)
            client = environ.get("gunicorn.socket")  # gunicorn resets it for the next request
            if client is not None:
                client.settimeout(settings.REQUEST_BODY_TIMEOUT)
        return application(environ, start_response)

    return wrapped
