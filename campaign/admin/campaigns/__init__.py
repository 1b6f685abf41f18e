"""The campaigns in the backend, a page per campaign for campaign admins (read only for district
admins):

- `pages`: `CampaignAdmin`, its list, each campaign's page, publishing and closing;
- `forms`: the campaign's fields and scope, its paragraphs and points, its profile;
- `history`: the changes to a campaign's text, points and profile, with who and when.

Starting a campaign from the decision's file (the add page) lives beside them.
"""

from campaign.admin.campaigns import pages

__all__ = ["pages"]
