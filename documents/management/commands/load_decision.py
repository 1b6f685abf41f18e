"""`manage.py load_decision [folder]`: a campaign, its decision, points and profile, written
idempotently; with no folder, the first campaign's (documents/data/). `--propose <text file>`
prints the points a campaign.json could name, read from the text's bold headings (一是, 二是, …),
and loads nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.loader import (
    DATA_DIR,
    DecisionFormatError,
    load_decision,
    parse_decision,
    propose_points,
)


class Command(BaseCommand):
    help = (
        "Load (or update) a campaign from a folder of data files (campaign.json, the decision's "
        "text, optionally a profile); by default the Li Bin 2019 campaign. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", type=Path, default=DATA_DIR, help="default: documents/data/"
        )
        parser.add_argument(
            "--propose",
            metavar="TEXT_FILE",
            help="print the points a campaign.json could name for the decision in TEXT_FILE; "
            "load nothing",
        )

    def handle(self, *args, folder: Path, propose: str | None, **options):
        try:
            if propose:
                self._propose(Path(propose))
                return
            changed = load_decision(folder)
        except DecisionFormatError as error:
            raise CommandError(f"{propose or folder}: {error} Nothing was loaded.") from error
        summary = ", ".join(f"{name} {count}" for name, count in changed.items())
        if any(changed.values()):
            self.stdout.write(self.style.SUCCESS(f"Campaign loaded; rows written: {summary}."))
        else:
            self.stdout.write("Campaign already up to date; nothing written.")

    def _propose(self, text_file: Path) -> None:
        if not text_file.is_file():
            raise DecisionFormatError(f"{text_file} is not there.")
        points = propose_points(parse_decision(text_file.read_text(encoding="utf-8")))
        lines = ",\n".join(f"    {json.dumps(point, ensure_ascii=False)}" for point in points)
        self.stdout.write(f'  "points": [\n{lines}\n  ]')
