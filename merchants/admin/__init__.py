"""Admin pages of the merchants app, by topic. The pages are thin: every write of a plaque goes
through :mod:`merchants.services`.

* :mod:`~merchants.admin.shops` — shops and streamers;
* :mod:`~merchants.admin.plaques` — integrity-shop plaques, their transitions and timeline;
* :mod:`~merchants.admin.complaints` — complaints against shops and their evidence;
* :mod:`~merchants.admin.pledges` — pledge versions and signatures;
* :mod:`~merchants.admin.sales` — sales reports, their import and monthly totals;
* :mod:`~merchants.admin.bookings` — bookings of the shared positions and their calendar;
* :mod:`~merchants.admin.talent` — the ten measures and their talent awards.
"""

from merchants.admin import bookings, complaints, plaques, pledges, sales, shops, talent

__all__ = ["bookings", "complaints", "plaques", "pledges", "sales", "shops", "talent"]
