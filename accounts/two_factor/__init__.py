"""Two factors (allauth.mfa): who must sign in with one (`required`), what the audit trail
records of them (`trail`), a campaign admin's reset of a lost factor (`reset`), and the demo's
authenticator (`demo`)."""
