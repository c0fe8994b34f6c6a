"""The Lanshan live-commerce demo's base (DESIGN.md §2): the industry committee and its park
branches, the bases, enterprises, alliance and positions, and the role accounts
(:mod:`orgs.demo.build`, with its constant lists in :mod:`orgs.demo.data`), plus the toolkit
the other apps' demo builders share (:mod:`orgs.demo.kit`). ``manage.py seed_demo`` composes
the builders: orgs, members, merchants, liaison."""
