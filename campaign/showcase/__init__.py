"""The public face of the reflections: the showcase (`/reflections/`), its pages, and search over
the decision and the showcase (`/search/`). Only what `ReflectionQuerySet.showcased` allows."""
