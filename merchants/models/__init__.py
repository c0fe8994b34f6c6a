"""The models of the merchants app, one module per topic; every model is importable from here
(``from merchants.models import Shop``), as migrations and ``apps.get_model`` expect.

- :mod:`~merchants.models.shops`: platforms, shops, streamers and their further accounts.
- :mod:`~merchants.models.plaques`: integrity-shop plaques (挂牌) and their timeline.
- :mod:`~merchants.models.complaints`: complaints against shops and their evidence.
- :mod:`~merchants.models.pledges`: pledge texts by version and their signatures.
- :mod:`~merchants.models.sales`: daily sales reports of streamers and shops.
- :mod:`~merchants.models.bookings`: bookings of the shared party-building positions.
- :mod:`~merchants.models.talent`: the ten measures and their talent awards.
"""

from merchants.models.shops import Platform, Shop, Streamer, StreamerAccount

# isort: split
from merchants.models.plaques import Plaque, PlaqueEvent

# isort: split
from merchants.models.complaints import Complaint, ComplaintEvidence

# isort: split
from merchants.models.pledges import PledgeSignature, PledgeText

# isort: split
from merchants.models.sales import SalesReport

# isort: split
from merchants.models.bookings import PositionBooking

# isort: split
from merchants.models.talent import TalentAward, TalentPolicy

__all__ = [
    "Complaint",
    "ComplaintEvidence",
    "Plaque",
    "PlaqueEvent",
    "Platform",
    "PledgeSignature",
    "PledgeText",
    "PositionBooking",
    "SalesReport",
    "Shop",
    "Streamer",
    "StreamerAccount",
    "TalentAward",
    "TalentPolicy",
]
