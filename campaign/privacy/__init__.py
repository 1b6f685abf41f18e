"""What the portal keeps about people, and for how long (个人信息处理规则): the public page that
says so, and a signed-in user's copy of their own data. The anonymisation past the retention
period is a write (`campaign.services.anonymisation`, run by `anonymise_personal_data`)."""
