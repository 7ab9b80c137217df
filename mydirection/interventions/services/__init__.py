"""Changes to the catalogue (``catalogue``) and to referrals (``referrals``)."""
