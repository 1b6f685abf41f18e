"""The public face of the reflections: each campaign's showcase (`/c/<slug>/reflections/`, the
first campaign's also at `/reflections/`), a reflection's page, and search across the published
campaigns (`/search/`). Only what `ReflectionQuerySet.showcased` allows."""
