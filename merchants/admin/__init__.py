"""Admin pages of the merchants app, by topic. The pages are thin: every write of a plaque goes
through :mod:`merchants.services`.

* :mod:`~merchants.admin.shops` — shops and streamers;
* :mod:`~merchants.admin.plaques` — integrity-shop plaques, their transitions and timeline.
"""

from merchants.admin import plaques, shops

__all__ = ["plaques", "shops"]
