"""The project's wiring: settings, environment readers, the root URLconf, wsgi/asgi, `/healthz`
and middleware. The one place that knows every app; the campaign itself lives beside it."""
